//! The storage interface both backends implement, with identical behaviour
//! proven by the shared suite in `pledgebook-store-tests`.
//!
//! Records are kept as JSON documents beside their links, and every write
//! appends to the revision log in the same transaction. The store knows
//! nothing of the rules; [`crate::ops`] applies them before anything is
//! written.

use std::fmt::Debug;
use std::path::Path;

use async_trait::async_trait;
use chrono::{DateTime, Utc};

use crate::record::{Kind, Link};
use crate::revision::{Action, Revision};
use crate::user::Actor;

mod filter;
pub use filter::{Filter, Keyset};

pub type Result<T, E = StoreError> = std::result::Result<T, E>;

#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("the key {key:?} is already used by another {kind}")]
    DuplicateKey { kind: Kind, key: String },
    #[error(
        "{kind} #{id} was changed by someone else since you opened it (you had version {expected}); reload and try again"
    )]
    VersionConflict { kind: Kind, id: i64, expected: i64 },
    #[error("record #{0} does not exist")]
    Missing(i64),
    #[error("stored record #{id} cannot be read: {message}")]
    Corrupt { id: i64, message: String },
    #[error("{0}")]
    Unsupported(String),
    #[error("database error: {0}")]
    Backend(#[source] Box<dyn std::error::Error + Send + Sync>),
}

/// A record as the store holds it: the document is checked by the typed
/// layer in [`crate::ops`], not here.
#[derive(Debug, Clone, PartialEq)]
pub struct RawRecord {
    pub id: i64,
    pub kind: Kind,
    pub key: String,
    pub version: i64,
    pub doc: serde_json::Value,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

/// How many records of a filtered list have one facet value.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct FacetCount {
    pub name: String,
    pub value: String,
    pub count: i64,
}

/// Whether one organisation answerable for a commitment has reported on it
/// for a period (see [`crate::progress::COUNTS_AS_REPORTED`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Owed {
    pub commitment: i64,
    pub organisation: i64,
    pub reported: bool,
}

/// Facet names [`Reader::facet_counts`] answers besides the record's own
/// facets: its status, its category, and the category of the organisations
/// leading it.
pub const STATUS_FACET: &str = "status";
pub const CATEGORY_FACET: &str = "category";
pub const LEAD_CATEGORY_FACET: &str = "lead_category";

/// One entry of the change log, without its document.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Change {
    pub seq: i64,
    pub kind: Kind,
    pub record_id: i64,
    pub version: i64,
}

/// A record to insert with [`Tx::insert_many`].
#[derive(Debug, Clone, Copy)]
pub struct NewRecord<'a> {
    pub key: &'a str,
    pub doc: &'a serde_json::Value,
    pub links: &'a [Link],
}

/// What the revision log records about a write, besides the document.
#[derive(Debug, Clone, Copy)]
pub struct RevisionMeta<'a> {
    pub action: Action,
    pub actor: &'a Actor,
    pub note: Option<&'a str>,
}

/// A signed-in browser session. The token itself is never stored, only its
/// hash, so a copy of the database does not let anyone sign in.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Session {
    pub token_hash: String,
    pub user_id: i64,
    pub csrf: String,
    pub expires_at: DateTime<Utc>,
}

/// An API token as its owner sees it: never the token, only its hash
/// (which names it for revoking), label and age.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ApiToken {
    pub token_hash: String,
    pub label: String,
    pub created_at: DateTime<Utc>,
}

/// How the outbox stands, for `/metrics`: messages due or waiting for a
/// retry, those of them that failed at least once, and those given up.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct OutboxCounts {
    pub waiting: i64,
    pub retrying: i64,
    pub given_up: i64,
}

/// A connection pool's use, for `/metrics`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PoolStats {
    /// Connections open now, idle or in use.
    pub open: u32,
    pub idle: u32,
    pub max: u32,
}

/// A notification waiting in the outbox, or sent.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Message {
    pub id: i64,
    pub to_email: String,
    pub subject: String,
    pub body: String,
    pub record_id: Option<i64>,
    pub created_at: DateTime<Utc>,
    pub sent_at: Option<DateTime<Utc>>,
    pub error: Option<String>,
    /// Failed deliveries so far.
    pub attempts: i64,
    /// Whether the sender stopped trying (see [`retry_delay`]).
    pub given_up: bool,
}

/// How many failed deliveries a notification gets before the sender stops
/// and leaves it, with its reason, on the outbox page.
pub const MAX_DELIVERY_ATTEMPTS: i64 = 8;

/// How long to wait before trying again after `attempts` failures: one
/// minute, doubling, at most a day; `None` once it is time to stop.
pub fn retry_delay(attempts: i64) -> Option<chrono::Duration> {
    (attempts < MAX_DELIVERY_ATTEMPTS)
        .then(|| chrono::Duration::minutes(1 << attempts.clamp(0, 10)).min(chrono::Duration::days(1)))
}

/// A notification to queue.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewMessage {
    pub to_email: String,
    pub subject: String,
    pub body: String,
    pub record_id: Option<i64>,
}

/// A file attached to a record, without its bytes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Attachment {
    pub id: i64,
    pub record_id: i64,
    pub name: String,
    pub content_type: String,
    pub size: i64,
}

/// Reads, either on a pooled connection or inside a transaction.
#[async_trait]
pub trait Reader: Send {
    async fn get(&mut self, id: i64) -> Result<Option<RawRecord>>;
    async fn get_by_key(&mut self, kind: Kind, key: &str) -> Result<Option<RawRecord>>;
    /// One page of a filtered list.
    async fn query(&mut self, filter: &Filter, page: Keyset) -> Result<Vec<RawRecord>>;
    /// How many records the filter matches, counted in SQL.
    async fn count_matching(&mut self, filter: &Filter) -> Result<i64>;
    /// Counts per value of each named facet among the records the filter
    /// matches, largest first (see [`STATUS_FACET`] and its siblings).
    async fn facet_counts(&mut self, filter: &Filter, names: &[&str]) -> Result<Vec<FacetCount>>;
    /// The records with these ids that exist, in id order.
    async fn get_many(&mut self, ids: &[i64]) -> Result<Vec<RawRecord>>;
    /// The records of a kind with these keys that exist.
    async fn get_by_keys(&mut self, kind: Kind, keys: &[String]) -> Result<Vec<RawRecord>>;
    /// Who owes a report for `period`: each lead and co-responsible
    /// organisation of a page of the initiative's public commitments (paged
    /// by commitment), and whether it has reported.
    async fn coverage(&mut self, initiative: i64, period: &str, page: Keyset) -> Result<Vec<Owed>>;
    /// How many reports the initiative's public commitments owe for
    /// `period`, and how many of them were sent: `(owed, reported)`.
    async fn coverage_totals(&mut self, initiative: i64, period: &str) -> Result<(i64, i64)>;
    async fn count(&mut self, kind: Kind) -> Result<i64>;
    /// Every revision of one record, oldest first.
    async fn revisions(&mut self, record_id: i64) -> Result<Vec<Revision>>;
    /// Revisions of all records after `seq`, oldest first: the change log.
    async fn changes_since(&mut self, seq: i64, limit: i64) -> Result<Vec<Revision>>;
    /// The change log without the documents: which record changed, to
    /// which version, after `seq`, oldest first. What a follower reads.
    async fn changed_since(&mut self, seq: i64, limit: i64) -> Result<Vec<Change>>;
    /// The newest revision's `seq` (0 when there is none): the head of the change log.
    async fn last_seq(&mut self) -> Result<i64>;
    async fn password_hash(&mut self, user_id: i64) -> Result<Option<String>>;
    /// The session with this token hash, if it exists and has not expired.
    async fn session(&mut self, token_hash: &str, now: DateTime<Utc>) -> Result<Option<Session>>;
    /// The user an API token belongs to.
    async fn api_token_user(&mut self, token_hash: &str) -> Result<Option<i64>>;
    /// An account's API tokens, newest first.
    async fn api_tokens(&mut self, user_id: i64) -> Result<Vec<ApiToken>>;
    /// The account a password link (invitation or reset) is for, while it is live.
    async fn password_link_user(&mut self, token_hash: &str, now: DateTime<Utc>) -> Result<Option<i64>>;
    /// The users following a record.
    async fn followers(&mut self, record_id: i64) -> Result<Vec<i64>>;
    /// The newest notifications first; `unsent_only` for the sender.
    async fn outbox(&mut self, unsent_only: bool, limit: i64) -> Result<Vec<Message>>;
    /// Counted from the outbox's partial indexes, not by reading it.
    async fn outbox_counts(&mut self) -> Result<OutboxCounts>;
    async fn attachments(&mut self, record_id: i64) -> Result<Vec<Attachment>>;
    async fn attachment(&mut self, id: i64) -> Result<Option<(Attachment, Vec<u8>)>>;
}

/// A write transaction. Dropping it without [`Tx::commit`] rolls it back.
#[async_trait]
pub trait Tx: Reader {
    async fn insert(
        &mut self,
        kind: Kind,
        key: &str,
        doc: &serde_json::Value,
        links: &[Link],
        meta: RevisionMeta<'_>,
    ) -> Result<RawRecord>;
    /// Inserts many records of one kind, each with its links and revision,
    /// in the order given. Backends batch the statements; this default
    /// inserts one at a time.
    async fn insert_many(
        &mut self,
        kind: Kind,
        items: &[NewRecord<'_>],
        meta: RevisionMeta<'_>,
    ) -> Result<Vec<RawRecord>> {
        let mut out = Vec::with_capacity(items.len());
        for item in items {
            out.push(self.insert(kind, item.key, item.doc, item.links, meta).await?);
        }
        Ok(out)
    }
    /// Replaces a record's document and links if it is still at `expected_version`.
    async fn update(
        &mut self,
        id: i64,
        expected_version: i64,
        key: &str,
        doc: &serde_json::Value,
        links: &[Link],
        meta: RevisionMeta<'_>,
    ) -> Result<RawRecord>;
    /// Sets the user's password hash and ends every session of the user.
    async fn set_password_hash(&mut self, user_id: i64, hash: &str) -> Result<()>;
    async fn put_session(&mut self, session: &Session) -> Result<()>;
    async fn delete_session(&mut self, token_hash: &str) -> Result<()>;
    async fn put_api_token(&mut self, token_hash: &str, user_id: i64, label: &str) -> Result<()>;
    /// Ends one of the account's API tokens; whether there was one.
    async fn revoke_api_token(&mut self, user_id: i64, token_hash: &str) -> Result<bool>;
    /// Ends every session of the account (it was deactivated).
    async fn end_sessions(&mut self, user_id: i64) -> Result<()>;
    async fn put_password_link(&mut self, token_hash: &str, user_id: i64, expires_at: DateTime<Utc>) -> Result<()>;
    /// Uses a password link: the account it is for, if it is live. Every
    /// link of that account ends, so each works once.
    async fn take_password_link(&mut self, token_hash: &str, now: DateTime<Utc>) -> Result<Option<i64>>;
    async fn follow(&mut self, user_id: i64, record_id: i64) -> Result<()>;
    async fn attach(&mut self, record_id: i64, name: &str, content_type: &str, bytes: &[u8]) -> Result<i64>;
    async fn queue_message(&mut self, message: &NewMessage) -> Result<()>;
    /// Takes up to `limit` notifications that are due for sending and not
    /// claimed by another sender, and claims them until `until`: several
    /// instances each send a message once. A sender that dies leaves its
    /// claims to lapse.
    async fn claim_messages(&mut self, now: DateTime<Utc>, until: DateTime<Utc>, limit: i64) -> Result<Vec<Message>>;
    /// Records a delivery attempt: sent, or failed with `error` (tried
    /// again after [`retry_delay`], or given up).
    async fn mark_sent(&mut self, id: i64, error: Option<&str>) -> Result<()>;
    /// Marks a point to return to: a bulk import keeps the rows that are
    /// valid and undoes, row by row, the ones that are not.
    async fn savepoint(&mut self) -> Result<()>;
    /// Forgets the last savepoint, keeping what was written since.
    async fn release_savepoint(&mut self) -> Result<()>;
    /// Undoes everything since the last savepoint.
    async fn rollback_to_savepoint(&mut self) -> Result<()>;
    async fn commit(self: Box<Self>) -> Result<()>;
}

#[async_trait]
pub trait Store: Send + Sync + Debug {
    /// "sqlite" or "postgres".
    fn backend(&self) -> &'static str;
    async fn read(&self) -> Result<Box<dyn Reader>>;
    async fn write(&self) -> Result<Box<dyn Tx>>;
    /// A consistent copy of the whole database, taken while it is in use.
    async fn backup(&self, to: &Path) -> Result<()>;
    /// Brings the planner's statistics up to date after a bulk load. On
    /// PostgreSQL a fresh import of 20,000 pledges left the planner
    /// estimating one row per facet value, and a filtered page took 170 ms
    /// instead of 4 ms until autovacuum came round. SQLite's plans follow
    /// from the query shape and its indexes alone (the plan tests hold them),
    /// so there it does nothing.
    async fn refresh_statistics(&self) -> Result<()> {
        Ok(())
    }
    /// The connection pool's use now.
    fn pool_stats(&self) -> PoolStats;
    /// Removes expired sessions; returns how many.
    async fn purge_sessions(&self, now: DateTime<Utc>) -> Result<u64>;
    async fn close(&self);
}
