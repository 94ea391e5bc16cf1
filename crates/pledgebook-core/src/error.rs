//! The errors of the domain layer.
//!
//! Policy: `Invalid` and `NotFound`, `Conflict` and `Forbidden` are the
//! user's to fix and carry a message that says how; `Store` is ours, is
//! logged with its cause, and is shown to users only as "try again".

use crate::record::Kind;
use crate::validation::Invalid;

#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error("invalid {kind}: {invalid}")]
    Invalid { kind: Kind, invalid: Invalid },
    #[error("no {kind} {key}")]
    NotFound { kind: Kind, key: String },
    /// Someone else changed the record, or the key is taken.
    #[error("{0}")]
    Conflict(String),
    #[error("not allowed: {0}")]
    Forbidden(String),
    #[error(transparent)]
    Store(#[from] crate::store::StoreError),
}

impl Error {
    pub fn not_found(kind: Kind, key: impl ToString) -> Self {
        Error::NotFound { kind, key: key.to_string() }
    }
}
