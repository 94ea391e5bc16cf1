//! What an import did, or (in a dry run) would do: records created,
//! updated (with the fields that change) or unchanged, and what the
//! database holds that the file no longer contains.

use std::collections::HashMap;

use pledgebook_core::Kind;
use pledgebook_core::ops::Saved;
use serde::Serialize;

/// How many records of each kind were created, updated or left as they were.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Summary {
    pub created: HashMap<&'static str, usize>,
    pub updated: HashMap<&'static str, usize>,
    pub unchanged: HashMap<&'static str, usize>,
    /// Cross references to measures the store does not have.
    pub warnings: Vec<String>,
    /// Each record the import changes, with the fields that change.
    pub changes: Vec<Change>,
    /// Measures and this period's results the store has and the file no
    /// longer contains (left as they are; listed so nothing goes unnoticed).
    pub not_in_file: Vec<String>,
    #[serde(skip)]
    pub(super) written: std::collections::HashSet<String>,
}

/// A record an import updates: its kind, key and the fields that change.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Change {
    pub kind: &'static str,
    pub key: String,
    pub fields: Vec<String>,
}

/// The top-level fields in which two records differ.
pub(super) fn changed_fields(old: &serde_json::Value, new: &serde_json::Value) -> Vec<String> {
    let (Some(old), Some(new)) = (old.as_object(), new.as_object()) else { return Vec::new() };
    let mut fields: Vec<String> =
        old.keys().chain(new.keys()).filter(|k| old.get(*k) != new.get(*k)).cloned().collect();
    fields.sort();
    fields.dedup();
    fields
}

impl Summary {
    pub(super) fn count(&mut self, kind: Kind, how: Saved) {
        let map = match how {
            Saved::Created => &mut self.created,
            Saved::Updated => &mut self.updated,
            Saved::Unchanged => &mut self.unchanged,
        };
        *map.entry(kind.as_str()).or_default() += 1;
    }

    pub fn changed(&self) -> usize {
        self.created.values().sum::<usize>() + self.updated.values().sum::<usize>()
    }
}
