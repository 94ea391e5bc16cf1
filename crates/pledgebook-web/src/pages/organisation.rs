//! An organisation: who it is, the networks and initiatives it belongs to,
//! the commitments it leads or shares, and the events it took part in.

use askama::Template;
use axum::extract::{Path, State};
use axum::response::Html;
use pledgebook_core::{Commitment, Event, Initiative, Organisation, Rel, WebLink, ops};

use super::initiative::{CommitmentRow, EventRow, OrgRef, all_orgs, commitment_row, org_refs};
use crate::AppState;
use crate::error::AppError;
use crate::page::{Page, Txt};

pub(crate) struct Participation {
    pub slug: String,
    pub title: Txt,
    pub role: String,
}

#[derive(Template)]
#[template(path = "organisation.html")]
pub(crate) struct OrganisationPage {
    page: Page,
    name: Txt,
    other_name: Option<String>,
    abbreviations: String,
    kind: String,
    country: Option<String>,
    links: Vec<WebLink>,
    networks: Vec<OrgRef>,
    initiatives: Vec<Participation>,
    commitments: Vec<CommitmentRow>,
    /// Its published progress reports: (commitment id, period, narrative).
    reports: Vec<(i64, String, Txt)>,
    events: Vec<EventRow>,
}

#[tracing::instrument(skip_all, fields(slug))]
pub(crate) async fn show(
    State(state): State<AppState>,
    Path(slug): Path<String>,
    page: Page,
) -> Result<Html<String>, AppError> {
    let mut r = state.store.read().await?;
    let org = ops::find::<Organisation>(&mut *r, &slug).await?.ok_or(AppError::NotFound)?;
    let orgs = all_orgs(&mut *r).await?;
    let id = org.id.get();
    let mut initiatives = Vec::new();
    for rel in [Rel::Secretariat, Rel::Member] {
        for i in ops::list::<Initiative>(&mut *r, Some((rel, id))).await? {
            let role = i.participants.iter().find(|p| p.organisation == org.id).map_or("member", |p| p.role.as_str());
            initiatives.push(Participation {
                slug: i.slug.clone(),
                title: page.txt(&i.title),
                role: page.t(&format!("role-{role}")),
            });
        }
    }
    let mut commitments = Vec::new();
    for rel in [Rel::Lead, Rel::CoResponsible] {
        let found = ops::list::<Commitment>(&mut *r, Some((rel, id))).await?;
        commitments.extend(found.iter().filter(|c| c.status.is_public()).map(|c| commitment_row(&page, &orgs, c)));
    }
    let reports = ops::list::<pledgebook_core::ProgressEntry>(&mut *r, Some((Rel::ReportedBy, id)))
        .await?
        .iter()
        .filter(|e| e.is_public())
        .rev()
        .take(20)
        .map(|e| (e.commitment.get(), e.period.to_string(), page.txt(&e.narrative)))
        .collect();
    let mut events: Vec<EventRow> = Vec::new();
    let mut seen = std::collections::HashSet::new();
    for rel in [Rel::Organiser, Rel::CoOrganiser, Rel::Presenter] {
        for e in ops::list::<Event>(&mut *r, Some((rel, id))).await? {
            if seen.insert(e.id) {
                events.push(EventRow { title: page.txt(&e.title), date: e.starts.to_string() });
            }
        }
    }
    let other_name = org.name.get(page.lang.other()).filter(|_| org.name.get(page.lang).is_some()).map(str::to_owned);
    let view = OrganisationPage {
        name: page.txt(&org.name),
        other_name,
        abbreviations: org.abbreviations.join(", "),
        kind: page.t(&format!("org-kind-{}", org.kind.as_str())),
        country: org.country.clone(),
        links: org.links.clone(),
        networks: org_refs(&page, &orgs, org.memberships.iter().map(|m| m.network)),
        initiatives,
        commitments,
        reports,
        events,
        page,
    };
    super::render(&view)
}
