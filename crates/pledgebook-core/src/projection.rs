//! What the store keeps of each record in indexed form, so that lists are
//! filtered, paged and counted in SQL instead of in memory.
//!
//! A projection is derived from the record alone, here in core, by one
//! function per kind; the store writes it in the same transaction as the
//! document and its revision and never decides anything itself. It holds
//! the record's own half of the visibility rule ([`Projection::public`]);
//! the other half, "and its parent commitment is public", is applied by the
//! store's queries through [`Projection::parent`], so withdrawing a
//! commitment hides its reports and indicators at once without rewriting
//! them.

use crate::record::{Kind, Record};
use crate::{Commitment, Event, Indicator, Initiative, Organisation, ProgressEntry, User};

/// The indexed columns of one record.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Projection {
    /// The initiative the record belongs to.
    pub initiative: Option<i64>,
    /// The commitment whose visibility the record's depends on.
    pub parent: Option<i64>,
    /// A commitment's status, or a progress entry's review state.
    pub status: Option<String>,
    /// A commitment's kind (pledge, measure, project), an organisation's
    /// kind, an initiative's kind, an event's mode.
    pub category: Option<String>,
    /// Whether the public may see the record, as far as the record itself
    /// decides (see the module's overview for the parent's part).
    pub public: bool,
    /// Multi-valued facets: ("pillar", "act"), ("level", "national"),
    /// ("node", "1-(ii)"), ("period", "FY2018").
    pub facets: Vec<(String, String)>,
}

impl Projection {
    fn facet(&mut self, name: &str, value: impl Into<String>) {
        self.facets.push((name.to_owned(), value.into()));
    }

    fn finish(mut self) -> Self {
        self.facets.sort();
        self.facets.dedup();
        self
    }
}

/// Whether records of a kind depend on a parent commitment for their
/// visibility.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ParentRule {
    /// Public by their own rule alone.
    None,
    /// Always under a commitment (progress entries).
    Always,
    /// Under a commitment when they name one (indicators).
    Optional,
}

/// The parent rule of each kind, matching the projections below.
pub fn parent_rule(kind: Kind) -> ParentRule {
    match kind {
        Kind::ProgressEntry => ParentRule::Always,
        Kind::Indicator => ParentRule::Optional,
        _ => ParentRule::None,
    }
}

/// The projection of a stored document of `kind`. A document that does not
/// decode is reported to the caller, which refuses the write.
pub fn project(kind: Kind, doc: &serde_json::Value) -> Result<Projection, serde_json::Error> {
    fn of<R: Record>(doc: &serde_json::Value, rule: fn(&R) -> Projection) -> Result<Projection, serde_json::Error> {
        Ok(rule(&serde::Deserialize::deserialize(doc)?))
    }
    match kind {
        Kind::Organisation => of(doc, organisation),
        Kind::Initiative => of(doc, initiative),
        Kind::Commitment => of(doc, commitment),
        Kind::ProgressEntry => of(doc, progress_entry),
        Kind::Indicator => of(doc, indicator),
        Kind::Event => of(doc, event),
        Kind::User => of(doc, user),
    }
}

/// The one visibility rule per kind, as far as the record decides it.
/// Organisations are public unless pending review (named on the public
/// form); their abbreviations ("NPA") and country are facets, so importers
/// find them by abbreviation without reading them all.
fn organisation(o: &Organisation) -> Projection {
    let mut p =
        Projection { category: Some(o.kind.as_str().to_owned()), public: o.is_public(), ..Projection::default() };
    for a in &o.abbreviations {
        p.facet(ABBREVIATION, a.as_str());
    }
    if let Some(c) = &o.country {
        p.facet("country", c.as_str());
    }
    p.finish()
}

/// The facet an organisation's abbreviations are kept under.
pub const ABBREVIATION: &str = "abbreviation";

fn initiative(i: &Initiative) -> Projection {
    Projection { category: Some(i.kind.as_str().to_owned()), public: true, ..Projection::default() }
}

/// A commitment is public once approved, while in progress and when
/// completed; never as a draft, under review, returned, rejected or withdrawn.
fn commitment(c: &Commitment) -> Projection {
    let mut p = Projection {
        initiative: Some(c.initiative.get()),
        status: Some(c.status.as_str().to_owned()),
        category: Some(c.kind.as_str().to_owned()),
        public: c.status.is_public(),
        ..Projection::default()
    };
    for (name, values) in &c.facets {
        for v in values {
            p.facet(name, v.as_str());
        }
    }
    if let Some(node) = &c.node {
        p.facet("node", node.as_str());
    }
    if let Some(period) = c.period {
        p.facet("period", period.to_string());
    }
    p.finish()
}

/// A progress entry is public once approved and cleared for safeguarding,
/// and only while its commitment is.
fn progress_entry(e: &ProgressEntry) -> Projection {
    let status = e.review.as_str();
    let mut p = Projection {
        initiative: Some(e.initiative.get()),
        parent: Some(e.commitment.get()),
        status: Some(status.to_owned()),
        public: e.is_public(),
        ..Projection::default()
    };
    p.facet("period", e.period.to_string());
    p.finish()
}

/// An indicator is public with the work it measures; one of the initiative
/// as a whole (context figures) is always public.
fn indicator(i: &Indicator) -> Projection {
    Projection {
        initiative: Some(i.initiative.get()),
        parent: i.commitment.map(|c| c.get()),
        public: true,
        ..Projection::default()
    }
}

fn event(e: &Event) -> Projection {
    Projection {
        initiative: e.initiative.map(|i| i.get()),
        category: Some(e.mode.as_str().to_owned()),
        public: true,
        ..Projection::default()
    }
}

/// Accounts are never public.
fn user(u: &User) -> Projection {
    Projection { category: Some(u.role.as_str().to_owned()), ..Projection::default() }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{CommitmentKind, Id, Localized, Status};

    #[test]
    fn a_commitment_projects_its_status_facets_node_and_visibility() {
        let mut c = Commitment::new("a/b", Id::new(3), CommitmentKind::Pledge, Localized::en("T"));
        c.facets.insert("pillar".into(), vec!["act".into(), "inspire".into()]);
        c.node = Some(crate::NodeKey("1-(ii)".into()));
        let draft = project(Kind::Commitment, &serde_json::to_value(&c).unwrap()).unwrap();
        assert_eq!(draft.initiative, Some(3));
        assert_eq!(draft.status.as_deref(), Some("draft"));
        assert!(!draft.public);
        assert_eq!(
            draft.facets,
            [("node".into(), "1-(ii)".into()), ("pillar".into(), "act".into()), ("pillar".into(), "inspire".into())]
        );
        c.status = Status::Approved;
        assert!(project(Kind::Commitment, &serde_json::to_value(&c).unwrap()).unwrap().public);
    }

    #[test]
    fn a_document_of_another_kind_is_an_error() {
        assert!(project(Kind::Commitment, &serde_json::json!({"slug": "x"})).is_err());
    }
}
