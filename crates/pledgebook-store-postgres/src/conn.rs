//! Reads on any PostgreSQL connection, pooled or in a transaction.

use std::ops::DerefMut;

use async_trait::async_trait;
use chrono::{DateTime, Utc};
use pledgebook_core::record::Kind;
use pledgebook_core::revision::Revision;
use pledgebook_core::store::{
    ApiToken, Attachment, Change, FacetCount, Filter, Keyset, Message, Owed, RawRecord, Reader, Result, Session,
    StoreError,
};
use sqlx::PgConnection;

use crate::backend;
use crate::rows::{record, revision};

/// An outbox row as selected: id, address, subject, body, record, created,
/// sent, error, attempts, given up.
pub(crate) type MessageRow =
    (i64, String, String, String, Option<i64>, DateTime<Utc>, Option<DateTime<Utc>>, Option<String>, i64, bool);

pub(crate) fn message(row: MessageRow) -> Message {
    let (id, to_email, subject, body, record_id, created_at, sent_at, error, attempts, given_up) = row;
    Message { id, to_email, subject, body, record_id, created_at, sent_at, error, attempts, given_up }
}

/// A connection: `PoolConnection` for reads, `Transaction` for writes.
pub(crate) struct Conn<C>(pub C);

pub(crate) fn write_error(kind: Kind, key: &str, e: sqlx::Error) -> StoreError {
    match &e {
        sqlx::Error::Database(d) if d.is_unique_violation() => StoreError::DuplicateKey { kind, key: key.to_owned() },
        _ => backend(e),
    }
}

#[async_trait]
impl<C> Reader for Conn<C>
where
    C: DerefMut<Target = PgConnection> + Send,
{
    async fn get(&mut self, id: i64) -> Result<Option<RawRecord>> {
        let row = sqlx::query(
            "SELECT r.id, r.kind, r.key, r.version, r.doc, r.created_at, r.updated_at FROM records r WHERE r.id = $1",
        )
        .bind(id)
        .fetch_optional(&mut *self.0)
        .await
        .map_err(backend)?;
        row.as_ref().map(record).transpose()
    }

    async fn get_by_key(&mut self, kind: Kind, key: &str) -> Result<Option<RawRecord>> {
        let row = sqlx::query("SELECT r.id, r.kind, r.key, r.version, r.doc, r.created_at, r.updated_at FROM records r WHERE r.kind = $1 AND r.key = $2")
            .bind(kind.as_str())
            .bind(key)
            .fetch_optional(&mut *self.0)
            .await
            .map_err(backend)?;
        row.as_ref().map(record).transpose()
    }

    async fn query(&mut self, filter: &Filter, page: Keyset) -> Result<Vec<RawRecord>> {
        crate::query::select(&mut self.0, filter, page).await
    }

    async fn count_matching(&mut self, filter: &Filter) -> Result<i64> {
        crate::query::count(&mut self.0, filter).await
    }

    async fn facet_counts(&mut self, filter: &Filter, names: &[&str]) -> Result<Vec<FacetCount>> {
        crate::query::facet_counts(&mut self.0, filter, names).await
    }

    async fn get_many(&mut self, ids: &[i64]) -> Result<Vec<RawRecord>> {
        crate::query::get_many(&mut self.0, ids).await
    }

    async fn get_by_keys(&mut self, kind: Kind, keys: &[String]) -> Result<Vec<RawRecord>> {
        crate::query::get_by_keys(&mut self.0, kind, keys).await
    }

    async fn coverage(&mut self, initiative: i64, period: &str, page: Keyset) -> Result<Vec<Owed>> {
        crate::query::coverage(&mut self.0, initiative, period, page).await
    }

    async fn coverage_totals(&mut self, initiative: i64, period: &str) -> Result<(i64, i64)> {
        crate::query::coverage_totals(&mut self.0, initiative, period).await
    }

    async fn count(&mut self, kind: Kind) -> Result<i64> {
        sqlx::query_scalar("SELECT COUNT(*) FROM records WHERE kind = $1")
            .bind(kind.as_str())
            .fetch_one(&mut *self.0)
            .await
            .map_err(backend)
    }

    async fn revisions(&mut self, record_id: i64) -> Result<Vec<Revision>> {
        let rows = sqlx::query("SELECT seq, record_id, kind, version, action, actor_id, actor, at, note, doc FROM revisions WHERE record_id = $1 ORDER BY version")
            .bind(record_id)
            .fetch_all(&mut *self.0)
            .await
            .map_err(backend)?;
        rows.iter().map(revision).collect()
    }

    async fn changes_since(&mut self, seq: i64, limit: i64) -> Result<Vec<Revision>> {
        let rows = sqlx::query("SELECT seq, record_id, kind, version, action, actor_id, actor, at, note, doc FROM revisions WHERE seq > $1 ORDER BY seq LIMIT $2")
            .bind(seq)
            .bind(limit)
            .fetch_all(&mut *self.0)
            .await
            .map_err(backend)?;
        rows.iter().map(revision).collect()
    }

    async fn changed_since(&mut self, seq: i64, limit: i64) -> Result<Vec<Change>> {
        let rows: Vec<(i64, String, i64, i64)> =
            sqlx::query_as("SELECT seq, kind, record_id, version FROM revisions WHERE seq > $1 ORDER BY seq LIMIT $2")
                .bind(seq)
                .bind(limit)
                .fetch_all(&mut *self.0)
                .await
                .map_err(backend)?;
        rows.into_iter()
            .map(|(seq, kind, record_id, version)| {
                let kind = kind.parse().map_err(|e: String| StoreError::Corrupt { id: record_id, message: e })?;
                Ok(Change { seq, kind, record_id, version })
            })
            .collect()
    }

    async fn last_seq(&mut self) -> Result<i64> {
        let seq: Option<i64> =
            sqlx::query_scalar("SELECT MAX(seq) FROM revisions").fetch_one(&mut *self.0).await.map_err(backend)?;
        Ok(seq.unwrap_or(0))
    }

    async fn password_hash(&mut self, user_id: i64) -> Result<Option<String>> {
        sqlx::query_scalar("SELECT password_hash FROM credentials WHERE user_id = $1")
            .bind(user_id)
            .fetch_optional(&mut *self.0)
            .await
            .map_err(backend)
    }

    async fn session(&mut self, token_hash: &str, now: DateTime<Utc>) -> Result<Option<Session>> {
        let row: Option<(String, i64, String, DateTime<Utc>)> =
            sqlx::query_as("SELECT token_hash, user_id, csrf, expires_at FROM sessions WHERE token_hash = $1")
                .bind(token_hash)
                .fetch_optional(&mut *self.0)
                .await
                .map_err(backend)?;
        Ok(row
            .map(|(token_hash, user_id, csrf, expires_at)| Session { token_hash, user_id, csrf, expires_at })
            .filter(|s| s.expires_at > now))
    }

    async fn api_token_user(&mut self, token_hash: &str) -> Result<Option<i64>> {
        sqlx::query_scalar("SELECT user_id FROM api_tokens WHERE token_hash = $1")
            .bind(token_hash)
            .fetch_optional(&mut *self.0)
            .await
            .map_err(backend)
    }

    async fn api_tokens(&mut self, user_id: i64) -> Result<Vec<ApiToken>> {
        let rows: Vec<(String, String, DateTime<Utc>)> = sqlx::query_as(
            "SELECT token_hash, label, created_at FROM api_tokens WHERE user_id = $1 ORDER BY created_at DESC LIMIT 100",
        )
        .bind(user_id)
        .fetch_all(&mut *self.0)
        .await
        .map_err(backend)?;
        Ok(rows.into_iter().map(|(token_hash, label, created_at)| ApiToken { token_hash, label, created_at }).collect())
    }

    async fn password_link_user(&mut self, token_hash: &str, now: DateTime<Utc>) -> Result<Option<i64>> {
        sqlx::query_scalar("SELECT user_id FROM password_links WHERE token_hash = $1 AND expires_at > $2")
            .bind(token_hash)
            .bind(now)
            .fetch_optional(&mut *self.0)
            .await
            .map_err(backend)
    }

    async fn followers(&mut self, record_id: i64) -> Result<Vec<i64>> {
        sqlx::query_scalar("SELECT user_id FROM follows WHERE record_id = $1 ORDER BY user_id")
            .bind(record_id)
            .fetch_all(&mut *self.0)
            .await
            .map_err(backend)
    }

    async fn outbox_counts(&mut self) -> Result<pledgebook_core::store::OutboxCounts> {
        let (waiting, retrying, given_up): (i64, i64, i64) =
            sqlx::query_as(pledgebook_store_sql::OUTBOX_COUNTS).fetch_one(&mut *self.0).await.map_err(backend)?;
        Ok(pledgebook_core::store::OutboxCounts { waiting, retrying, given_up })
    }

    async fn outbox(&mut self, unsent_only: bool, limit: i64) -> Result<Vec<Message>> {
        let rows: Vec<MessageRow> = sqlx::query_as(
            "SELECT id, to_email, subject, body, record_id, created_at, sent_at, error, attempts, given_up FROM outbox \
             WHERE NOT $1 OR sent_at IS NULL ORDER BY id DESC LIMIT $2",
        )
        .bind(unsent_only)
        .bind(limit)
        .fetch_all(&mut *self.0)
        .await
        .map_err(backend)?;
        Ok(rows.into_iter().map(message).collect())
    }

    async fn attachments(&mut self, record_id: i64) -> Result<Vec<Attachment>> {
        let rows: Vec<(i64, i64, String, String, i64)> = sqlx::query_as(
            "SELECT id, record_id, name, content_type, CAST(length(bytes) AS BIGINT) FROM attachments WHERE record_id = $1 ORDER BY id",
        )
        .bind(record_id)
        .fetch_all(&mut *self.0)
        .await
        .map_err(backend)?;
        Ok(rows
            .into_iter()
            .map(|(id, record_id, name, content_type, size)| Attachment { id, record_id, name, content_type, size })
            .collect())
    }

    async fn attachment(&mut self, id: i64) -> Result<Option<(Attachment, Vec<u8>)>> {
        let row: Option<(i64, i64, String, String, Vec<u8>)> =
            sqlx::query_as("SELECT id, record_id, name, content_type, bytes FROM attachments WHERE id = $1")
                .bind(id)
                .fetch_optional(&mut *self.0)
                .await
                .map_err(backend)?;
        Ok(row.map(|(id, record_id, name, content_type, bytes)| {
            (Attachment { id, record_id, name, content_type, size: bytes.len() as i64 }, bytes)
        }))
    }
}
