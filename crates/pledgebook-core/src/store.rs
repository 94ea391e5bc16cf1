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

use crate::record::{Kind, Link, Rel};
use crate::revision::{Action, Revision};
use crate::user::Actor;

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

/// Which records to list: all of a kind, or those linking to one record.
/// Results come in id order (the order they were created in).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ListQuery {
    pub kind: Kind,
    pub linked_to: Option<(Rel, i64)>,
    pub limit: Option<i64>,
    pub offset: i64,
}

impl ListQuery {
    pub fn all(kind: Kind) -> Self {
        ListQuery { kind, linked_to: None, limit: None, offset: 0 }
    }

    pub fn linked(kind: Kind, rel: Rel, target: i64) -> Self {
        ListQuery { kind, linked_to: Some((rel, target)), limit: None, offset: 0 }
    }
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
    async fn list(&mut self, query: &ListQuery) -> Result<Vec<RawRecord>>;
    async fn count(&mut self, kind: Kind) -> Result<i64>;
    /// Every revision of one record, oldest first.
    async fn revisions(&mut self, record_id: i64) -> Result<Vec<Revision>>;
    /// Revisions of all records after `seq`, oldest first: the change log.
    async fn changes_since(&mut self, seq: i64, limit: i64) -> Result<Vec<Revision>>;
    async fn password_hash(&mut self, user_id: i64) -> Result<Option<String>>;
    /// The session with this token hash, if it exists and has not expired.
    async fn session(&mut self, token_hash: &str, now: DateTime<Utc>) -> Result<Option<Session>>;
    /// The user an API token belongs to.
    async fn api_token_user(&mut self, token_hash: &str) -> Result<Option<i64>>;
    /// The users following a record.
    async fn followers(&mut self, record_id: i64) -> Result<Vec<i64>>;
    /// The newest notifications first; `unsent_only` for the sender.
    async fn outbox(&mut self, unsent_only: bool, limit: i64) -> Result<Vec<Message>>;
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
    async fn set_password_hash(&mut self, user_id: i64, hash: &str) -> Result<()>;
    async fn put_session(&mut self, session: &Session) -> Result<()>;
    async fn delete_session(&mut self, token_hash: &str) -> Result<()>;
    async fn put_api_token(&mut self, token_hash: &str, user_id: i64, label: &str) -> Result<()>;
    async fn follow(&mut self, user_id: i64, record_id: i64) -> Result<()>;
    async fn attach(&mut self, record_id: i64, name: &str, content_type: &str, bytes: &[u8]) -> Result<i64>;
    async fn queue_message(&mut self, message: &NewMessage) -> Result<()>;
    /// Records a delivery attempt: sent, or failed with `error`.
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
    /// Removes expired sessions; returns how many.
    async fn purge_sessions(&self, now: DateTime<Utc>) -> Result<u64>;
    async fn close(&self);
}
