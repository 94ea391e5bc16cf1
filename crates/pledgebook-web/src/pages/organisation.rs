//! An organisation: who it is, the networks and initiatives it belongs to,
//! the commitments it leads or shares, and the events it took part in.

use askama::Template;
use axum::extract::{Path, RawQuery, State};
use axum::response::{IntoResponse, Response};
use pledgebook_core::paging::Limits;
use pledgebook_core::store::{Filter, Keyset};
use pledgebook_core::{Commitment, Event, Initiative, Kind, Organisation, ProgressEntry, Rel, WebLink, ops};

use super::initiative::{CommitmentRow, EventRow, OrgRef, commitment_rows, org_refs};
use crate::AppState;
use crate::api::list::ListParams;
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
    /// A page of the public commitments it leads or shares.
    commitments: Vec<CommitmentRow>,
    commitment_count: String,
    next: Option<String>,
    /// Its published progress reports: (commitment id, period, narrative).
    reports: Vec<(i64, String, Txt)>,
    events: Vec<EventRow>,
}

/// Initiatives, reports and events an organisation's page shows at the most.
const SHOWN: u32 = 50;
/// Its most recent published reports.
const REPORTS_SHOWN: u32 = 20;

#[tracing::instrument(skip_all, fields(slug))]
pub(crate) async fn show(
    State(state): State<AppState>,
    Path(slug): Path<String>,
    RawQuery(raw): RawQuery,
    page: Page,
) -> Result<Response, AppError> {
    let params = ListParams::parse(raw.as_deref(), &[], Limits::PAGE)?;
    let mut r = state.store.read().await?;
    // One named on the public form is not public before review; a merged
    // one's address leads to the organisation it was merged into.
    let org = ops::find::<Organisation>(&mut *r, &slug).await?.filter(|o| !o.pending).ok_or(AppError::NotFound)?;
    if let Some(into) = org.merged_into {
        let into = ops::get::<Organisation>(&mut *r, into).await?;
        let to = format!("/organisations/{}", into.slug);
        return Ok(axum::response::Redirect::permanent(&to).into_response());
    }
    let id = org.id.get();
    let member_of = Filter::of(Kind::Initiative).linked_to(&[Rel::Secretariat, Rel::Member], id);
    let mut initiatives: Vec<Participation> = ops::query::<Initiative>(&mut *r, &member_of, Keyset::first(SHOWN))
        .await?
        .iter()
        .map(|i| {
            let role = i.participants.iter().find(|p| p.organisation == org.id).map_or("member", |p| p.role.as_str());
            Participation { slug: i.slug.clone(), title: page.txt(&i.title), role: page.t(&format!("role-{role}")) }
        })
        .collect();
    // Platforms the organisation records itself as a member of.
    let platforms = ops::get_many::<Initiative>(&mut *r, org.platforms.iter().map(|p| p.platform)).await?;
    for m in &org.platforms {
        if let Some(i) = platforms.get(&m.platform)
            && !initiatives.iter().any(|p| p.slug == i.slug)
        {
            let role = page.t(&format!("role-{}", m.role.as_str()));
            initiatives.push(Participation { slug: i.slug.clone(), title: page.txt(&i.title), role });
        }
    }
    let answerable = Filter::of(Kind::Commitment).linked_to(&[Rel::Lead, Rel::CoResponsible], id).public();
    let listed = crate::api::list::page::<Commitment>(&mut *r, &answerable, &params, "").await?;
    let commitments = commitment_rows(&mut *r, &page, &listed.items).await?;
    let reported = Filter::of(Kind::ProgressEntry).linked_to(&[Rel::ReportedBy], id).public();
    let reports = ops::query::<ProgressEntry>(&mut *r, &reported, Keyset::newest(REPORTS_SHOWN))
        .await?
        .iter()
        .map(|e| (e.commitment.get(), e.period.to_string(), page.txt(&e.narrative)))
        .collect();
    let took_part = Filter::of(Kind::Event).linked_to(&[Rel::Organiser, Rel::CoOrganiser, Rel::Presenter], id).public();
    let events = ops::query::<Event>(&mut *r, &took_part, Keyset::newest(SHOWN))
        .await?
        .iter()
        .map(|e| EventRow { title: page.txt(&e.title), date: e.starts.to_string() })
        .collect();
    let networks = ops::get_many::<Organisation>(&mut *r, org.memberships.iter().map(|m| m.network)).await?;
    let other_name = org.name.get(page.lang.other()).filter(|_| org.name.get(page.lang).is_some()).map(str::to_owned);
    let view = OrganisationPage {
        name: page.txt(&org.name),
        other_name,
        abbreviations: org.abbreviations.join(", "),
        kind: page.t(&format!("org-kind-{}", org.kind.as_str())),
        country: org.country.clone(),
        links: org.links.clone(),
        networks: org_refs(&page, &networks, org.memberships.iter().map(|m| m.network)),
        initiatives,
        commitments,
        commitment_count: page.count("commitments-count", listed.total as usize),
        next: listed.next,
        reports,
        events,
        page,
    };
    Ok(super::render(&view)?.into_response())
}
