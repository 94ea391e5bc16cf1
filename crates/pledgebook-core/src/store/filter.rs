//! What a list asks the store for: which records ([`Filter`]) and which
//! page of them ([`Keyset`]). Both backends turn these into SQL over
//! indexed columns only.

use crate::record::{Kind, Rel};

/// Which records a list asks for. Every condition is answered from the
/// indexed columns of [`crate::projection`] and the `links` table; none
/// reads a document, so a list costs the same at a million records as at a
/// hundred.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Filter {
    pub kind: Kind,
    pub initiative: Option<i64>,
    /// Records whose visibility follows one of these commitments (their
    /// reports and indicators); empty for any parent.
    pub parents: Vec<i64>,
    /// Records linking to the target by one of the relations, for each entry.
    pub linked: Vec<(Vec<Rel>, i64)>,
    /// Any of these statuses (a commitment's status, an entry's review state).
    pub status: Vec<String>,
    pub category: Option<String>,
    /// Each of these facet values: ("pillar", "act").
    pub facets: Vec<(String, String)>,
    /// Records with some value of this facet (commitments placed under a
    /// framework node have a "node").
    pub has_facet: Option<String>,
    /// Records with no value of this facet.
    pub lacks_facet: Option<String>,
    /// Records linking by one of the relations to a record of this category:
    /// commitments led by an NGO are `([Lead, CoResponsible], "ngo")`.
    pub linked_category: Option<(Vec<Rel>, String)>,
    /// Only what the public may see: the record's own rule, and its parent
    /// commitment's (see [`crate::projection`]).
    pub public_only: bool,
}

impl Filter {
    /// Every record of `kind`; narrow it with the builder methods.
    pub fn of(kind: Kind) -> Self {
        Filter {
            kind,
            initiative: None,
            parents: Vec::new(),
            linked: Vec::new(),
            status: Vec::new(),
            category: None,
            facets: Vec::new(),
            has_facet: None,
            lacks_facet: None,
            linked_category: None,
            public_only: false,
        }
    }

    pub fn in_initiative(mut self, id: i64) -> Self {
        self.initiative = Some(id);
        self
    }

    pub fn under(mut self, parent: i64) -> Self {
        self.parents.push(parent);
        self
    }

    /// Records under any of these commitments: the reports of a page of
    /// commitments in one query.
    pub fn under_any(mut self, parents: impl IntoIterator<Item = i64>) -> Self {
        self.parents.extend(parents);
        self
    }

    pub fn linked_to(mut self, rels: &[Rel], target: i64) -> Self {
        self.linked.push((rels.to_vec(), target));
        self
    }

    pub fn with_status(mut self, status: &str) -> Self {
        self.status.push(status.to_owned());
        self
    }

    pub fn with_facet(mut self, name: &str, value: &str) -> Self {
        self.facets.push((name.to_owned(), value.to_owned()));
        self
    }

    pub fn public(mut self) -> Self {
        self.public_only = true;
        self
    }
}

/// Where a page of a list starts and how long it is: records in id order
/// (the order they were created in) after `after`, or before it with
/// `newest_first`. Keyset paging: page 10,000 costs what page 1 costs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Keyset {
    pub after: Option<i64>,
    pub limit: u32,
    pub newest_first: bool,
}

impl Keyset {
    pub fn first(limit: u32) -> Self {
        Keyset { after: None, limit, newest_first: false }
    }

    pub fn after(after: Option<i64>, limit: u32) -> Self {
        Keyset { after, limit, newest_first: false }
    }

    pub fn newest(limit: u32) -> Self {
        Keyset { after: None, limit, newest_first: true }
    }
}
