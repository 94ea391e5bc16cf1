//! The append-only revision log: every change to every record, with who made
//! it, when, and the whole record as it was afterwards, so any earlier
//! version can be shown and restored.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use crate::record::Kind;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Action {
    Create,
    Update,
    /// A status change (approve, return, withdraw ...).
    Transition,
    /// An earlier version brought back.
    Restore,
    Import,
}

impl Action {
    pub const ALL: [Action; 5] = [Action::Create, Action::Update, Action::Transition, Action::Restore, Action::Import];

    pub fn as_str(self) -> &'static str {
        match self {
            Action::Create => "create",
            Action::Update => "update",
            Action::Transition => "transition",
            Action::Restore => "restore",
            Action::Import => "import",
        }
    }

    pub fn parse(s: &str) -> Option<Action> {
        Action::ALL.into_iter().find(|a| a.as_str() == s)
    }
}

/// One entry of the log. `seq` orders all changes across all records; the
/// search index follows it to stay current.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Revision {
    pub seq: i64,
    pub kind: Kind,
    pub record_id: i64,
    pub version: i64,
    pub action: Action,
    pub actor_id: Option<i64>,
    pub actor: String,
    pub at: DateTime<Utc>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
    pub doc: serde_json::Value,
}

impl Serialize for Kind {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.as_str())
    }
}
