//! What every stored record has in common: a kind, a natural key unique
//! within its kind (so imports can find what they wrote before), the links
//! that let the store answer "which commitments does this organisation lead",
//! and its own validation.

use std::fmt;
use std::str::FromStr;

use chrono::{DateTime, Utc};
use serde::Serialize;
use serde::de::DeserializeOwned;

use crate::id::Id;
use crate::initiative::Initiative;
use crate::validation::Invalid;

/// The kinds of record the store holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Kind {
    Organisation,
    Initiative,
    Commitment,
    ProgressEntry,
    Indicator,
    Event,
    User,
}

impl Kind {
    pub const ALL: [Kind; 7] = [
        Kind::Organisation,
        Kind::Initiative,
        Kind::Commitment,
        Kind::ProgressEntry,
        Kind::Indicator,
        Kind::Event,
        Kind::User,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Kind::Organisation => "organisation",
            Kind::Initiative => "initiative",
            Kind::Commitment => "commitment",
            Kind::ProgressEntry => "progress_entry",
            Kind::Indicator => "indicator",
            Kind::Event => "event",
            Kind::User => "user",
        }
    }
}

impl fmt::Display for Kind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for Kind {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Kind::ALL.into_iter().find(|k| k.as_str() == s).ok_or_else(|| format!("unknown record kind {s:?}"))
    }
}

/// How one record refers to another. Stored beside the record so the store
/// can answer reverse questions without reading every document.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Rel {
    /// The initiative a commitment, entry, indicator or event belongs to.
    Initiative,
    /// The commitment an entry or indicator reports on, or an event serves.
    Commitment,
    /// An organisation leading a commitment.
    Lead,
    /// An organisation sharing responsibility for a commitment.
    CoResponsible,
    /// An organisation that reported a progress entry or observation.
    ReportedBy,
    /// The commitment a progress entry repeats ("Repeat mention 1 - (ii)").
    RepeatOf,
    /// An initiative's secretariat (or joint secretariat).
    Secretariat,
    /// A member or partner of an initiative, or of a network organisation.
    Member,
    Organiser,
    CoOrganiser,
    Presenter,
    /// The organisation a user edits for.
    Employer,
    /// The organisation responsible for a framework node (plan measure).
    Responsible,
    /// An organisation merged into the one it names.
    MergedInto,
}

impl Rel {
    pub const ALL: [Rel; 14] = [
        Rel::Initiative,
        Rel::Commitment,
        Rel::Lead,
        Rel::CoResponsible,
        Rel::ReportedBy,
        Rel::RepeatOf,
        Rel::Secretariat,
        Rel::Member,
        Rel::Organiser,
        Rel::CoOrganiser,
        Rel::Presenter,
        Rel::Employer,
        Rel::Responsible,
        Rel::MergedInto,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Rel::Initiative => "initiative",
            Rel::Commitment => "commitment",
            Rel::Lead => "lead",
            Rel::CoResponsible => "co_responsible",
            Rel::ReportedBy => "reported_by",
            Rel::RepeatOf => "repeat_of",
            Rel::Secretariat => "secretariat",
            Rel::Member => "member",
            Rel::Organiser => "organiser",
            Rel::CoOrganiser => "co_organiser",
            Rel::Presenter => "presenter",
            Rel::Employer => "employer",
            Rel::Responsible => "responsible",
            Rel::MergedInto => "merged_into",
        }
    }
}

impl FromStr for Rel {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Rel::ALL.into_iter().find(|r| r.as_str() == s).ok_or_else(|| format!("unknown link {s:?}"))
    }
}

/// One outgoing reference of a record.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Link {
    pub rel: Rel,
    pub target_kind: Kind,
    pub target: i64,
}

impl Link {
    pub fn to<T: Record>(rel: Rel, target: Id<T>) -> Self {
        Link { rel, target_kind: T::KIND, target: target.get() }
    }

    pub fn many<T: Record>(rel: Rel, targets: &[Id<T>]) -> impl Iterator<Item = Link> + '_ {
        targets.iter().map(move |t| Link::to(rel, *t))
    }
}

/// A domain value the store can hold.
pub trait Record: Serialize + DeserializeOwned + Clone + Send + Sync + 'static {
    const KIND: Kind;

    /// The natural key, unique within the kind: a slug for organisations
    /// and initiatives, `initiative/measure` for plan measures, and so on.
    fn key(&self) -> &str;

    /// Every record this one refers to. The store keeps them as rows and
    /// refuses ids that do not exist.
    fn links(&self) -> Vec<Link>;

    /// The initiative whose rules (word limits, periods, framework) apply.
    fn initiative(&self) -> Option<Id<Initiative>> {
        None
    }

    /// The review status, for records that have one. Creating a record in a
    /// status is allowed only to roles that may decide it; changing it is
    /// allowed only through [`crate::ops::transition`].
    fn status(&self) -> Option<crate::Status> {
        None
    }

    /// Rules that need nothing but the record and its initiative.
    fn validate(&self, initiative: Option<&Initiative>) -> Result<(), Invalid>;

    /// Takes from `current` what only a decision changes: review status,
    /// whether the record is pending or disabled, an account's role. A
    /// restore of an earlier version brings back its content and keeps
    /// these, so it never unpublishes, publishes or grants anything on the side.
    fn keep_decisions_of(&mut self, current: &Self) {
        let _ = current;
    }

    /// Names organisation `to` wherever this record names `from`: how a
    /// merge of two organisations that are the same moves every link.
    fn replace_organisation(&mut self, from: Id<crate::Organisation>, to: Id<crate::Organisation>) {
        let _ = (from, to);
    }
}

/// A record as stored: its id, version and timestamps around the value.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct Stored<T> {
    #[schema(value_type = crate::id::IdSchema)]
    pub id: Id<T>,
    pub version: i64,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    #[serde(flatten)]
    pub value: T,
}

impl<T> std::ops::Deref for Stored<T> {
    type Target = T;
    fn deref(&self) -> &T {
        &self.value
    }
}

/// The most bytes a key may have.
pub const KEY_MAX_BYTES: usize = 120;

/// `key` made to fit in `max` bytes. A key that is too long (a Japanese
/// name takes three bytes a character) keeps its beginning, cut at a
/// character, and ends in `-` and eight hex digits of a hash of the whole:
/// the same name always gives the same key, and names that share a long
/// beginning still differ.
pub fn fit_key(key: &str, max: usize) -> String {
    if key.len() <= max {
        return key.to_owned();
    }
    // FNV-1a: stable across builds and platforms, unlike std's hasher.
    let hash = key.bytes().fold(0xcbf2_9ce4_8422_2325_u64, |h, b| (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3));
    let suffix = format!("-{:08x}", hash as u32);
    let mut cut = max.saturating_sub(suffix.len());
    while !key.is_char_boundary(cut) {
        cut -= 1;
    }
    format!("{}{suffix}", key[..cut].trim_end_matches(['-', '/', '_', '.', '(']))
}

/// Turns a display name into a key: lowercase ASCII letters, digits and
/// dashes. Non-ASCII names (Japanese) keep their characters, since a key must
/// stay readable for the people who use it.
pub fn slugify(name: &str) -> String {
    let mut out = String::with_capacity(name.len());
    for c in name.chars() {
        if c.is_alphanumeric() {
            out.extend(c.to_lowercase());
        } else if !out.ends_with('-') && !out.is_empty() {
            out.push('-');
        }
    }
    while out.ends_with('-') {
        out.pop();
    }
    if out.len() > KEY_MAX_BYTES {
        out = fit_key(&out, KEY_MAX_BYTES);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slugs_are_readable() {
        assert_eq!(slugify("Stop Child Labour Network, Japan"), "stop-child-labour-network-japan");
        assert_eq!(slugify("  JP-MIRAI  "), "jp-mirai");
        assert_eq!(slugify("子供の未来アクション"), "子供の未来アクション");
    }

    #[test]
    fn a_long_name_gives_a_key_that_fits_and_stays_the_same() {
        let name = "特定非営利活動法人".repeat(8);
        let key = slugify(&name);
        assert!(key.len() <= KEY_MAX_BYTES, "{} bytes", key.len());
        assert_eq!(key, slugify(&name), "the same name, the same key");
        assert!(key.starts_with("特定非営利活動法人") && key.is_char_boundary(key.len() - 9));
        let other = slugify(&format!("{name}の別の団体"));
        assert_ne!(key, other, "names sharing a beginning differ");
        assert_eq!(fit_key("short", 120), "short");
        let long = format!("campaign/{}/{}", "a".repeat(80), "b".repeat(80));
        let fitted = fit_key(&long, 120);
        assert_eq!(fitted.len(), 120);
        assert!(fitted.starts_with("campaign/aaaa"));
    }

    #[test]
    fn kinds_and_rels_round_trip_through_their_names() {
        for k in Kind::ALL {
            assert_eq!(k.as_str().parse::<Kind>().unwrap(), k);
        }
        for r in Rel::ALL {
            assert_eq!(r.as_str().parse::<Rel>().unwrap(), r);
        }
    }
}
