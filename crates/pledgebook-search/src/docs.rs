//! What of each record is searchable, and under which facets. Only what the
//! public may see is indexed: unapproved pledges and unreviewed reports are
//! left out, as are the contact details of a pledge.

use std::collections::HashMap;

use pledgebook_core::store::{RawRecord, Reader};
use pledgebook_core::{
    Commitment, Event, Id, Initiative, Kind, Lang, Link, Localized, Organisation, ProgressEntry, Record, Rel, Stored,
    ops,
};

/// A record as the index sees it.
#[derive(Debug, Clone, PartialEq)]
pub struct IndexDoc {
    pub id: i64,
    pub kind: Kind,
    pub title: String,
    pub body: String,
    pub url: String,
    /// Facet paths: `/initiative/basic-plan-csec`, `/pillar/act`, ...
    pub facets: Vec<String>,
}

/// The organisations and initiatives a batch refers to, by id.
#[derive(Debug, Default)]
pub struct Lookups {
    pub orgs: HashMap<i64, Stored<Organisation>>,
    pub initiatives: HashMap<i64, Stored<Initiative>>,
    pub commitments: HashMap<i64, Stored<Commitment>>,
}

fn both(t: &Localized) -> String {
    [Lang::En, Lang::Ja].iter().filter_map(|l| t.get(*l)).collect::<Vec<_>>().join("\n")
}

fn by_number<T>(m: HashMap<Id<T>, Stored<T>>) -> HashMap<i64, Stored<T>> {
    m.into_iter().map(|(id, v)| (id.get(), v)).collect()
}

/// The links of an indexed record, read from its document.
fn links_of(raw: &RawRecord) -> Vec<Link> {
    fn of<R: Record>(raw: &RawRecord) -> Vec<Link> {
        R::deserialize(&raw.doc).map(|r| r.links()).unwrap_or_default()
    }
    match raw.kind {
        Kind::Commitment => of::<Commitment>(raw),
        Kind::ProgressEntry => of::<ProgressEntry>(raw),
        Kind::Event => of::<Event>(raw),
        _ => Vec::new(),
    }
}

/// Facet path segments may not contain '/'.
fn seg(s: &str) -> String {
    s.replace('/', "-")
}

impl Lookups {
    /// The organisations, initiatives and commitments these records name,
    /// read by id: a batch reads what it shows, never every organisation.
    pub async fn for_records(r: &mut dyn Reader, records: &[RawRecord]) -> Result<Lookups, pledgebook_core::Error> {
        let (mut orgs, mut initiatives, mut commitments) = (Vec::new(), Vec::new(), Vec::new());
        for link in records.iter().flat_map(links_of) {
            match link.target_kind {
                Kind::Organisation => orgs.push(Id::new(link.target)),
                Kind::Initiative => initiatives.push(Id::new(link.target)),
                Kind::Commitment if link.rel == Rel::Commitment => commitments.push(Id::new(link.target)),
                _ => {}
            }
        }
        Ok(Lookups {
            orgs: by_number(ops::get_many::<Organisation>(r, orgs).await?),
            initiatives: by_number(ops::get_many::<Initiative>(r, initiatives).await?),
            commitments: by_number(ops::get_many::<Commitment>(r, commitments).await?),
        })
    }

    fn org_facets(&self, ids: &[Id<Organisation>], out: &mut Vec<String>) {
        for id in ids {
            if let Some(o) = self.orgs.get(&id.get()) {
                out.push(format!("/organisation/{}", seg(&o.slug)));
                out.push(format!("/org_kind/{}", o.kind.as_str()));
            }
        }
    }

    fn initiative_facet(&self, id: Id<Initiative>, out: &mut Vec<String>) {
        if let Some(i) = self.initiatives.get(&id.get()) {
            out.push(format!("/initiative/{}", seg(&i.slug)));
        }
    }
}

/// The document for a record, or `None` when it must not be searchable.
pub fn document(raw: &RawRecord, lookups: &Lookups) -> Option<IndexDoc> {
    let mut facets = vec![format!("/kind/{}", raw.kind.as_str())];
    let (title, body, url) = match raw.kind {
        Kind::Commitment => {
            let c: Commitment = serde_json::from_value(raw.doc.clone()).ok()?;
            if !c.status.is_public() {
                return None;
            }
            lookups.initiative_facet(c.initiative, &mut facets);
            lookups.org_facets(&c.owners(), &mut facets);
            facets.push(format!("/status/{}", c.status.as_str()));
            for (facet, values) in &c.facets {
                facets.extend(values.iter().map(|v| format!("/{}/{}", seg(facet), seg(v))));
            }
            facets.extend(c.period.map(|p| format!("/period/{p}")));
            let mut body =
                vec![both(&c.description), both(&c.implementation), c.implementation_items.join("\n"), both(&c.impact)];
            body.extend(c.plan.iter().map(|p| both(&p.text)));
            body.extend(c.tags.iter().cloned());
            (both(&c.title), body.join("\n"), format!("/commitments/{}", raw.id))
        }
        Kind::ProgressEntry => {
            let e: ProgressEntry = serde_json::from_value(raw.doc.clone()).ok()?;
            let commitment = lookups.commitments.get(&e.commitment.get())?;
            if !e.is_public_under(commitment) {
                return None;
            }
            lookups.initiative_facet(e.initiative, &mut facets);
            lookups.org_facets(&e.reported_by, &mut facets);
            facets.push(format!("/period/{}", e.period));
            let title = both(&commitment.title);
            let figures: Vec<String> = e.figures.iter().map(|f| format!("{} {}", f.text, f.unit)).collect();
            (title, format!("{}\n{}", both(&e.narrative), figures.join("\n")), format!("/commitments/{}", e.commitment))
        }
        Kind::Organisation => {
            let o: Organisation = serde_json::from_value(raw.doc.clone()).ok()?;
            if !o.is_public() {
                return None; // named on the public form and not yet reviewed, or merged
            }
            facets.push(format!("/org_kind/{}", o.kind.as_str()));
            (both(&o.name), o.abbreviations.join(" "), format!("/organisations/{}", o.slug))
        }
        Kind::Event => {
            let e: Event = serde_json::from_value(raw.doc.clone()).ok()?;
            if let Some(i) = e.initiative {
                lookups.initiative_facet(i, &mut facets);
            }
            lookups.org_facets(&e.organisers, &mut facets);
            (both(&e.title), format!("{}\n{}", both(&e.summary), e.place.unwrap_or_default()), "/events".to_owned())
        }
        Kind::Initiative | Kind::Indicator | Kind::User => return None,
    };
    facets.sort();
    facets.dedup();
    Some(IndexDoc { id: raw.id, kind: raw.kind, title, body, url, facets })
}
