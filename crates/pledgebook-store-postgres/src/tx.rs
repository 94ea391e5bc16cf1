//! Writes, inside a transaction: records with their links and revision,
//! credentials, sessions, tokens, follows, notifications, attachments and
//! savepoints.

use async_trait::async_trait;
use chrono::{DateTime, Utc};
use pledgebook_core::record::{Kind, Link};
use pledgebook_core::store::{
    Message, NewMessage, NewRecord, RawRecord, Reader, Result, RevisionMeta, Session, StoreError, Tx, retry_delay,
};
use sqlx::{Postgres, Transaction};

use crate::backend;
use crate::conn::{Conn, MessageRow, message, write_error};
use crate::projection;

impl Conn<Transaction<'static, Postgres>> {
    /// Inserts a record with its facets, links and revision, but not its
    /// counts; returns its projection for the caller to count.
    async fn insert_untallied(
        &mut self,
        kind: Kind,
        key: &str,
        doc: &serde_json::Value,
        links: &[Link],
        meta: RevisionMeta<'_>,
    ) -> Result<(RawRecord, pledgebook_core::projection::Projection)> {
        let now = Utc::now();
        let text = sqlx::types::Json(doc);
        let p = projection::of(0, kind, doc)?;
        let id: i64 = sqlx::query_scalar(
            "INSERT INTO records (kind, key, version, doc, created_at, updated_at, \
             initiative_id, parent_id, status, category, public, projected) \
             VALUES ($1, $2, 1, $3, $4, $5, $6, $7, $8, $9, $10, TRUE) RETURNING id",
        )
        .bind(kind.as_str())
        .bind(key)
        .bind(text)
        .bind(now)
        .bind(now)
        .bind(p.initiative)
        .bind(p.parent)
        .bind(p.status.as_deref())
        .bind(p.category.as_deref())
        .bind(p.public)
        .fetch_one(&mut *self.0)
        .await
        .map_err(|e| write_error(kind, key, e))?;
        projection::write_facets(&mut self.0, id, &p.facets, false).await?;
        let rec =
            RawRecord { id, kind, key: key.to_owned(), version: 1, doc: doc.clone(), created_at: now, updated_at: now };
        self.write_links(id, links).await?;
        self.write_revision(&rec, text, meta).await?;
        Ok((rec, p))
    }

    async fn write_links(&mut self, id: i64, links: &[Link]) -> Result<()> {
        sqlx::query("DELETE FROM links WHERE record_id = $1").bind(id).execute(&mut *self.0).await.map_err(backend)?;
        let mut links = links.to_vec();
        links.sort();
        links.dedup_by_key(|l| (l.rel, l.target));
        for link in links {
            sqlx::query("INSERT INTO links (record_id, rel, target_id) VALUES ($1, $2, $3)")
                .bind(id)
                .bind(link.rel.as_str())
                .bind(link.target)
                .execute(&mut *self.0)
                .await
                .map_err(|e| match &e {
                    sqlx::Error::Database(d) if d.is_foreign_key_violation() => StoreError::Missing(link.target),
                    _ => backend(e),
                })?;
        }
        Ok(())
    }

    async fn write_revision(
        &mut self,
        rec: &RawRecord,
        doc: sqlx::types::Json<&serde_json::Value>,
        meta: RevisionMeta<'_>,
    ) -> Result<()> {
        sqlx::query(
            "INSERT INTO revisions (record_id, kind, version, action, actor_id, actor, at, note, doc) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
        )
        .bind(rec.id)
        .bind(rec.kind.as_str())
        .bind(rec.version)
        .bind(meta.action.as_str())
        .bind(meta.actor.user.map(|u| u.get()))
        .bind(&meta.actor.label)
        .bind(rec.updated_at)
        .bind(meta.note)
        .bind(doc)
        .execute(&mut *self.0)
        .await
        .map_err(backend)?;
        Ok(())
    }
}

#[async_trait]
impl Tx for Conn<Transaction<'static, Postgres>> {
    async fn insert(
        &mut self,
        kind: Kind,
        key: &str,
        doc: &serde_json::Value,
        links: &[Link],
        meta: RevisionMeta<'_>,
    ) -> Result<RawRecord> {
        let (rec, p) = self.insert_untallied(kind, key, doc, links, meta).await?;
        projection::tally(&mut self.0, kind, None, &p).await?;
        Ok(rec)
    }

    /// Many records, with their counts merged into one upsert per 500:
    /// PostgreSQL keeps every version of a row updated in one transaction,
    /// so counting each insert separately makes a long import slow down as
    /// it goes.
    async fn insert_many(
        &mut self,
        kind: Kind,
        items: &[NewRecord<'_>],
        meta: RevisionMeta<'_>,
    ) -> Result<Vec<RawRecord>> {
        let mut out = Vec::with_capacity(items.len());
        for chunk in items.chunks(500) {
            let mut projections = Vec::with_capacity(chunk.len());
            for item in chunk {
                let (rec, p) = self.insert_untallied(kind, item.key, item.doc, item.links, meta).await?;
                out.push(rec);
                projections.push(p);
            }
            let changes: Vec<_> = projections.iter().map(|p| (None, p)).collect();
            if let Some(sql) =
                pledgebook_store_sql::tallies::upsert_batch(pledgebook_store_sql::Dialect::Postgres, kind, &changes)
            {
                crate::query::bound(sql).execute(&mut *self.0).await.map_err(backend)?;
            }
        }
        Ok(out)
    }

    async fn update(
        &mut self,
        id: i64,
        expected_version: i64,
        key: &str,
        doc: &serde_json::Value,
        links: &[Link],
        meta: RevisionMeta<'_>,
    ) -> Result<RawRecord> {
        let now = Utc::now();
        let text = sqlx::types::Json(doc);
        let Some(old) = self.get(id).await? else {
            return Err(StoreError::Missing(id));
        };
        let p = projection::of(id, old.kind, doc)?;
        let (old_kind, old_doc) = (old.kind, old.doc.clone());
        let row: Option<(i64,)> = sqlx::query_as(
            "UPDATE records SET key = $1, version = version + 1, doc = $2, updated_at = $3, \
             initiative_id = $4, parent_id = $5, status = $6, category = $7, public = $8, projected = TRUE \
             WHERE id = $9 AND version = $10 RETURNING version",
        )
        .bind(key)
        .bind(text)
        .bind(now)
        .bind(p.initiative)
        .bind(p.parent)
        .bind(p.status.as_deref())
        .bind(p.category.as_deref())
        .bind(p.public)
        .bind(id)
        .bind(expected_version)
        .fetch_optional(&mut *self.0)
        .await
        .map_err(|e| write_error(old.kind, key, e))?;
        let Some((version,)) = row else {
            return Err(StoreError::VersionConflict { kind: old.kind, id, expected: expected_version });
        };
        let rec = RawRecord { key: key.to_owned(), version, doc: doc.clone(), updated_at: now, ..old };
        projection::write_facets(&mut self.0, id, &p.facets, true).await?;
        let before = projection::of(id, old_kind, &old_doc)?;
        projection::tally(&mut self.0, old_kind, Some(&before), &p).await?;
        self.write_links(id, links).await?;
        self.write_revision(&rec, text, meta).await?;
        Ok(rec)
    }

    async fn set_password_hash(&mut self, user_id: i64, hash: &str) -> Result<()> {
        sqlx::query(
            "INSERT INTO credentials (user_id, password_hash) VALUES ($1, $2) \
             ON CONFLICT (user_id) DO UPDATE SET password_hash = excluded.password_hash",
        )
        .bind(user_id)
        .bind(hash)
        .execute(&mut *self.0)
        .await
        .map_err(backend)?;
        // A new password ends every session: whoever knew the old one is out.
        sqlx::query("DELETE FROM sessions WHERE user_id = $1")
            .bind(user_id)
            .execute(&mut *self.0)
            .await
            .map_err(backend)?;
        Ok(())
    }

    async fn put_session(&mut self, s: &Session) -> Result<()> {
        sqlx::query(
            "INSERT INTO sessions (token_hash, user_id, csrf, created_at, expires_at) VALUES ($1, $2, $3, $4, $5)",
        )
        .bind(&s.token_hash)
        .bind(s.user_id)
        .bind(&s.csrf)
        .bind(Utc::now())
        .bind(s.expires_at)
        .execute(&mut *self.0)
        .await
        .map_err(backend)?;
        Ok(())
    }

    async fn delete_session(&mut self, token_hash: &str) -> Result<()> {
        sqlx::query("DELETE FROM sessions WHERE token_hash = $1")
            .bind(token_hash)
            .execute(&mut *self.0)
            .await
            .map_err(backend)?;
        Ok(())
    }

    async fn put_api_token(&mut self, token_hash: &str, user_id: i64, label: &str) -> Result<()> {
        sqlx::query("INSERT INTO api_tokens (token_hash, user_id, label, created_at) VALUES ($1, $2, $3, $4)")
            .bind(token_hash)
            .bind(user_id)
            .bind(label)
            .bind(Utc::now())
            .execute(&mut *self.0)
            .await
            .map_err(backend)?;
        Ok(())
    }

    async fn revoke_api_token(&mut self, user_id: i64, token_hash: &str) -> Result<bool> {
        let done = sqlx::query("DELETE FROM api_tokens WHERE user_id = $1 AND token_hash = $2")
            .bind(user_id)
            .bind(token_hash)
            .execute(&mut *self.0)
            .await
            .map_err(backend)?;
        Ok(done.rows_affected() > 0)
    }

    async fn end_sessions(&mut self, user_id: i64) -> Result<()> {
        sqlx::query("DELETE FROM sessions WHERE user_id = $1")
            .bind(user_id)
            .execute(&mut *self.0)
            .await
            .map_err(backend)?;
        Ok(())
    }

    async fn put_password_link(&mut self, token_hash: &str, user_id: i64, expires_at: DateTime<Utc>) -> Result<()> {
        sqlx::query("INSERT INTO password_links (token_hash, user_id, created_at, expires_at) VALUES ($1, $2, $3, $4)")
            .bind(token_hash)
            .bind(user_id)
            .bind(Utc::now())
            .bind(expires_at)
            .execute(&mut *self.0)
            .await
            .map_err(backend)?;
        Ok(())
    }

    async fn take_password_link(&mut self, token_hash: &str, now: DateTime<Utc>) -> Result<Option<i64>> {
        let user: Option<i64> =
            sqlx::query_scalar("SELECT user_id FROM password_links WHERE token_hash = $1 AND expires_at > $2")
                .bind(token_hash)
                .bind(now)
                .fetch_optional(&mut *self.0)
                .await
                .map_err(backend)?;
        // Used or expired, a link ends; using one ends the account's others.
        let query = match user {
            Some(id) => sqlx::query("DELETE FROM password_links WHERE user_id = $1").bind(id),
            None => sqlx::query("DELETE FROM password_links WHERE token_hash = $1").bind(token_hash),
        };
        query.execute(&mut *self.0).await.map_err(backend)?;
        Ok(user)
    }

    async fn attach(&mut self, record_id: i64, name: &str, content_type: &str, bytes: &[u8]) -> Result<i64> {
        sqlx::query_scalar(
            "INSERT INTO attachments (record_id, name, content_type, bytes, created_at) VALUES ($1, $2, $3, $4, $5) RETURNING id",
        )
        .bind(record_id)
        .bind(name)
        .bind(content_type)
        .bind(bytes)
        .bind(Utc::now())
        .fetch_one(&mut *self.0)
        .await
        .map_err(backend)
    }

    async fn follow(&mut self, user_id: i64, record_id: i64) -> Result<()> {
        sqlx::query("INSERT INTO follows (user_id, record_id) VALUES ($1, $2) ON CONFLICT DO NOTHING")
            .bind(user_id)
            .bind(record_id)
            .execute(&mut *self.0)
            .await
            .map_err(backend)?;
        Ok(())
    }

    async fn queue_message(&mut self, m: &NewMessage) -> Result<()> {
        sqlx::query("INSERT INTO outbox (to_email, subject, body, record_id, created_at) VALUES ($1, $2, $3, $4, $5)")
            .bind(&m.to_email)
            .bind(&m.subject)
            .bind(&m.body)
            .bind(m.record_id)
            .bind(Utc::now())
            .execute(&mut *self.0)
            .await
            .map_err(backend)?;
        Ok(())
    }

    async fn claim_messages(&mut self, now: DateTime<Utc>, until: DateTime<Utc>, limit: i64) -> Result<Vec<Message>> {
        let rows: Vec<MessageRow> = sqlx::query_as(
            "UPDATE outbox SET claimed_until = $1 WHERE id IN (SELECT id FROM outbox \
             WHERE sent_at IS NULL AND NOT given_up AND (claimed_until IS NULL OR claimed_until < $2) \
             AND (next_attempt_at IS NULL OR next_attempt_at <= $2) ORDER BY id LIMIT $3 FOR UPDATE SKIP LOCKED) \
             RETURNING id, to_email, subject, body, record_id, created_at, sent_at, error, attempts, given_up",
        )
        .bind(until)
        .bind(now)
        .bind(limit)
        .fetch_all(&mut *self.0)
        .await
        .map_err(backend)?;
        let mut claimed: Vec<Message> = rows.into_iter().map(message).collect();
        claimed.sort_by_key(|m| m.id);
        Ok(claimed)
    }

    async fn mark_sent(&mut self, id: i64, error: Option<&str>) -> Result<()> {
        let now = Utc::now();
        let attempts: i64 = sqlx::query_scalar("SELECT attempts FROM outbox WHERE id = $1")
            .bind(id)
            .fetch_optional(&mut *self.0)
            .await
            .map_err(backend)?
            .ok_or(StoreError::Missing(id))?;
        let (sent, failed) = if error.is_some() { (None, 1) } else { (Some(now), 0) };
        let retry = error.and_then(|_| retry_delay(attempts + 1));
        let given_up = error.is_some() && retry.is_none();
        sqlx::query(
            "UPDATE outbox SET sent_at = $1, error = $2, claimed_until = NULL, attempts = attempts + $3, \
             next_attempt_at = $4, given_up = $5 WHERE id = $6",
        )
        .bind(sent)
        .bind(error)
        .bind(failed)
        .bind(retry.map(|d| now + d))
        .bind(given_up)
        .bind(id)
        .execute(&mut *self.0)
        .await
        .map_err(backend)?;
        Ok(())
    }

    async fn savepoint(&mut self) -> Result<()> {
        sqlx::query("SAVEPOINT pledgebook_row").execute(&mut *self.0).await.map_err(backend)?;
        Ok(())
    }

    async fn release_savepoint(&mut self) -> Result<()> {
        sqlx::query("RELEASE SAVEPOINT pledgebook_row").execute(&mut *self.0).await.map_err(backend)?;
        Ok(())
    }

    async fn rollback_to_savepoint(&mut self) -> Result<()> {
        sqlx::query("ROLLBACK TO SAVEPOINT pledgebook_row").execute(&mut *self.0).await.map_err(backend)?;
        sqlx::query("RELEASE SAVEPOINT pledgebook_row").execute(&mut *self.0).await.map_err(backend)?;
        Ok(())
    }

    async fn commit(self: Box<Self>) -> Result<()> {
        self.0.commit().await.map_err(backend)
    }
}
