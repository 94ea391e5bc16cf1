//! An initiative: its framework tree with the bodies responsible for each
//! measure, its facets, secretariat and members, commitments and events.

use std::collections::HashMap;

use askama::Template;
use axum::extract::{Path, State};
use axum::response::Html;
use pledgebook_core::{Commitment, Event, FrameworkNode, Id, Initiative, Organisation, Rel, Stored, ops};

use crate::AppState;
use crate::error::AppError;
use crate::page::{Page, Txt};

pub(crate) struct OrgRef {
    pub slug: String,
    pub label: String,
}

pub(crate) struct CommitmentRow {
    pub title: Txt,
    pub leads: Vec<OrgRef>,
    pub status: String,
}

pub(crate) struct NodeView {
    pub key: String,
    pub title: Txt,
    pub responsible: Vec<OrgRef>,
    pub commitments: Vec<CommitmentRow>,
    pub children: Vec<NodeView>,
}

pub(crate) struct FacetView {
    pub label: Txt,
    pub values: Vec<Txt>,
}

pub(crate) struct EventRow {
    pub title: Txt,
    pub date: String,
}

#[derive(Template)]
#[template(path = "initiative.html")]
pub(crate) struct InitiativePage {
    page: Page,
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

pub(crate) fn commitment_row(page: &Page, orgs: &Orgs, c: &Commitment) -> CommitmentRow {
    CommitmentRow {
        title: page.txt(&c.title),
        leads: org_refs(page, orgs, c.lead.iter().copied()),
        status: page.t(&format!("status-{}", c.status.as_str())),
    }
}

fn node_view(
    page: &Page,
    orgs: &Orgs,
    ini: &Initiative,
    node: &FrameworkNode,
    commitments: &[Stored<Commitment>],
) -> NodeView {
    NodeView {
        key: node.key.to_string(),
        title: page.txt(&node.title),
        responsible: org_refs(page, orgs, node.responsible.iter().copied()),
        commitments: commitments
            .iter()
            .filter(|c| c.node.as_ref() == Some(&node.key))
            .map(|c| commitment_row(page, orgs, c))
            .collect(),
        children: ini.framework.children(Some(&node.key)).map(|n| node_view(page, orgs, ini, n, commitments)).collect(),
    }
}

#[tracing::instrument(skip_all, fields(slug))]
pub(crate) async fn show(
    State(state): State<AppState>,
    Path(slug): Path<String>,
    page: Page,
) -> Result<Html<String>, AppError> {
    let mut r = state.store.read().await?;
    let ini = ops::find::<Initiative>(&mut *r, &slug).await?.ok_or(AppError::NotFound)?;
    let orgs = all_orgs(&mut *r).await?;
    let commitments: Vec<_> = ops::list::<Commitment>(&mut *r, Some((Rel::Initiative, ini.id.get())))
        .await?
        .into_iter()
        .filter(|c| c.status.is_public())
        .collect();
    let events = ops::list::<Event>(&mut *r, Some((Rel::Initiative, ini.id.get()))).await?;
    let role_orgs = |secretariat: bool| {
        let ids = ini
            .participants
            .iter()
            .filter(|p| (p.role.as_str().contains("secretariat")) == secretariat)
            .map(|p| p.organisation);
        org_refs(&page, &orgs, ids)
    };
    let view = InitiativePage {
        title: page.txt(&ini.title),
        kind: page.t(&format!("initiative-kind-{}", ini.kind.as_str())),
        summary: page.txt(&ini.summary),
        deadline: ini.submission_deadline.map(|d| d.to_string()),
        periods: ini.periods.iter().map(ToString::to_string).collect(),
        secretariat: role_orgs(true),
        members: role_orgs(false),
        facets: ini
            .facets
            .iter()
            .map(|f| FacetView {
                label: page.txt(&f.label),
                values: f.values.iter().map(|v| page.txt(&v.label)).collect(),
            })
            .collect(),
        pillars: ini.framework.pillars().map(|n| node_view(&page, &orgs, &ini, n, &commitments)).collect(),
        unplaced: commitments.iter().filter(|c| c.node.is_none()).map(|c| commitment_row(&page, &orgs, c)).collect(),
        events: events.iter().map(|e| EventRow { title: page.txt(&e.title), date: e.starts.to_string() }).collect(),
        page,
    };
    super::render(&view)
}
