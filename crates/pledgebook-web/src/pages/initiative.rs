//! An initiative: its framework tree with the bodies responsible for each
//! measure, its facets, secretariat and members, commitments and events.

use std::collections::HashMap;

use askama::Template;
use axum::extract::{Path, Query, State};
use axum::response::Html;
use pledgebook_core::{
    Commitment, Event, FrameworkNode, Id, Initiative, InitiativeKind, Organisation, Period, ProgressEntry, Rel, Stored,
    ops,
};
use serde::Deserialize;

use crate::AppState;
use crate::error::AppError;
use crate::page::{Page, Txt};

pub(crate) struct OrgRef {
    pub slug: String,
    pub label: String,
}

pub(crate) struct CommitmentRow {
    pub id: i64,
    pub title: Txt,
    pub leads: Vec<OrgRef>,
    pub status: String,
}

pub(crate) struct NodeView {
    pub key: String,
    pub title: Txt,
    pub responsible: Vec<OrgRef>,
    /// "2 of 3 reported" for the current period, when there is one.
    pub coverage: Option<String>,
    pub commitments: Vec<CommitmentRow>,
    pub children: Vec<NodeView>,
}

pub(crate) struct FacetView {
    pub key: String,
    pub label: Txt,
    pub values: Vec<(String, Txt, bool)>,
}

pub(crate) struct EventRow {
    pub title: Txt,
    pub date: String,
}

#[derive(Template)]
#[template(path = "initiative.html")]
pub(crate) struct InitiativePage {
    page: Page,
    slug: String,
    accepts_pledges: bool,
    filtered: bool,
    /// The initiative has a pillar or level facet to filter by.
    filterable: bool,
    has_framework: bool,
    title: Txt,
    kind: String,
    summary: Txt,
    deadline: Option<String>,
    periods: Vec<String>,
    secretariat: Vec<OrgRef>,
    members: Vec<OrgRef>,
    facets: Vec<FacetView>,
    pillars: Vec<NodeView>,
    unplaced: Vec<CommitmentRow>,
    events: Vec<EventRow>,
}

pub(crate) type Orgs = HashMap<Id<Organisation>, Stored<Organisation>>;

pub(crate) async fn all_orgs(r: &mut dyn pledgebook_core::store::Reader) -> Result<Orgs, AppError> {
    Ok(ops::list::<Organisation>(r, None).await?.into_iter().map(|o| (o.id, o)).collect())
}

pub(crate) fn org_refs(page: &Page, orgs: &Orgs, ids: impl IntoIterator<Item = Id<Organisation>>) -> Vec<OrgRef> {
    ids.into_iter()
        .filter_map(|id| orgs.get(&id))
        .map(|o| OrgRef { slug: o.slug.clone(), label: o.short_name(page.lang).to_owned() })
        .collect()
}

pub(crate) fn commitment_row(page: &Page, orgs: &Orgs, c: &Stored<Commitment>) -> CommitmentRow {
    CommitmentRow {
        id: c.id.get(),
        title: page.txt(&c.title),
        leads: org_refs(page, orgs, c.lead.iter().copied()),
        status: page.t(&format!("status-{}", c.status.as_str())),
    }
}

/// What a page needs to draw the framework tree.
struct Tree<'a> {
    page: &'a Page,
    orgs: &'a Orgs,
    ini: &'a Initiative,
    commitments: &'a [Stored<Commitment>],
    entries: &'a [Stored<ProgressEntry>],
    period: Option<Period>,
}

impl Tree<'_> {
    fn node(&self, node: &FrameworkNode) -> NodeView {
        let here: Vec<&Stored<Commitment>> =
            self.commitments.iter().filter(|c| c.node.as_ref() == Some(&node.key)).collect();
        let coverage = self.period.filter(|_| !here.is_empty()).map(|p| {
            let owed: Vec<(Id<Commitment>, Id<Organisation>)> =
                here.iter().flat_map(|c| c.owners().into_iter().map(|o| (c.id, o))).collect();
            let done = owed.iter().filter(|(c, o)| super::reporting::has_reported(self.entries, *c, *o, p)).count();
            format!("{p}: {done}/{}", owed.len())
        });
        NodeView {
            key: node.key.to_string(),
            title: self.page.txt(&node.title),
            responsible: org_refs(self.page, self.orgs, node.responsible.iter().copied()),
            coverage,
            commitments: here.iter().map(|c| commitment_row(self.page, self.orgs, c)).collect(),
            children: self.ini.framework.children(Some(&node.key)).map(|n| self.node(n)).collect(),
        }
    }
}

#[derive(Deserialize)]
pub(crate) struct Filters {
    #[serde(default)]
    pillar: String,
    #[serde(default)]
    level: String,
}

/// Whether a commitment carries the chosen value of a facet (or none was chosen).
fn has_facet(c: &Commitment, facet: &str, chosen: &str) -> bool {
    chosen.is_empty() || c.facets.get(facet).is_some_and(|v| v.iter().any(|x| x == chosen))
}

#[tracing::instrument(skip_all, fields(slug))]
pub(crate) async fn show(
    State(state): State<AppState>,
    Path(slug): Path<String>,
    Query(filters): Query<Filters>,
    page: Page,
) -> Result<Html<String>, AppError> {
    let mut r = state.store.read().await?;
    let ini = ops::find::<Initiative>(&mut *r, &slug).await?.ok_or(AppError::NotFound)?;
    let orgs = all_orgs(&mut *r).await?;
    let commitments: Vec<_> = ops::list::<Commitment>(&mut *r, Some((Rel::Initiative, ini.id.get())))
        .await?
        .into_iter()
        .filter(|c| {
            c.status.is_public() && has_facet(c, "pillar", &filters.pillar) && has_facet(c, "level", &filters.level)
        })
        .collect();
    let entries = ops::list::<ProgressEntry>(&mut *r, Some((Rel::Initiative, ini.id.get()))).await?;
    let events = ops::list::<Event>(&mut *r, Some((Rel::Initiative, ini.id.get()))).await?;
    let role_orgs = |secretariat: bool| {
        let ids = ini
            .participants
            .iter()
            .filter(|p| (p.role.as_str().contains("secretariat")) == secretariat)
            .map(|p| p.organisation);
        org_refs(&page, &orgs, ids)
    };
    let period = ini.open_rounds().last().or_else(|| ini.periods.last().copied());
    let tree = Tree { page: &page, orgs: &orgs, ini: &ini, commitments: &commitments, entries: &entries, period };
    let pillars = ini.framework.pillars().map(|n| tree.node(n)).collect();
    let chosen = |key: &str| {
        if key == "pillar" {
            filters.pillar.as_str()
        } else if key == "level" {
            filters.level.as_str()
        } else {
            ""
        }
    };
    let facets = ini
        .facets
        .iter()
        .map(|f| FacetView {
            key: f.key.clone(),
            label: page.txt(&f.label),
            values: f.values.iter().map(|v| (v.key.clone(), page.txt(&v.label), chosen(&f.key) == v.key)).collect(),
        })
        .collect();
    let view = InitiativePage {
        slug: ini.slug.clone(),
        accepts_pledges: ini.kind == InitiativeKind::PledgeCampaign
            && ini.submission_deadline.is_none_or(|d| chrono::Utc::now().date_naive() <= d),
        filtered: !filters.pillar.is_empty() || !filters.level.is_empty(),
        filterable: ini.facet("pillar").is_some() || ini.facet("level").is_some(),
        has_framework: !ini.framework.nodes.is_empty(),
        title: page.txt(&ini.title),
        kind: page.t(&format!("initiative-kind-{}", ini.kind.as_str())),
        summary: page.txt(&ini.summary),
        deadline: ini.submission_deadline.map(|d| d.to_string()),
        periods: ini.periods.iter().map(ToString::to_string).collect(),
        secretariat: role_orgs(true),
        members: role_orgs(false),
        facets,
        pillars,
        unplaced: commitments.iter().filter(|c| c.node.is_none()).map(|c| commitment_row(&page, &orgs, c)).collect(),
        events: events.iter().map(|e| EventRow { title: page.txt(&e.title), date: e.starts.to_string() }).collect(),
        page,
    };
    super::render(&view)
}
