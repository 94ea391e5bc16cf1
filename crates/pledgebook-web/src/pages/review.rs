//! The secretariat's queue: pledges waiting for a decision (approve, return
//! with a comment, reject) and progress entries waiting for review (approve
//! after confirming consent, publish a redacted text, or return).

use askama::Template;
use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::HeaderMap;
use axum::response::{Html, Redirect};
use pledgebook_core::store::{Filter, Keyset};
use pledgebook_core::workflow::{self, EntryDecision};
use pledgebook_core::{Commitment, Id, Kind, Organisation, ProgressEntry, ReviewState, Status, ops};

use super::initiative::{OrgRef, org_refs};
use crate::AppState;
use crate::error::AppError;
use crate::forms::{FormData, REVIEWERS, with_role};
use crate::page::{Page, Txt};

pub(crate) struct PendingPledge {
    pub id: i64,
    pub title: Txt,
    pub orgs: Vec<OrgRef>,
    pub description: Txt,
    pub implementation: Txt,
    pub impact: Txt,
    /// The facet values chosen: ("pillar", "act, inspire").
    pub facets: Vec<(String, String)>,
    /// Organisations the public form created for it: public once approved.
    pub new_orgs: Vec<(i64, String)>,
    pub contact: Option<String>,
}

pub(crate) struct PendingEntry {
    pub id: i64,
    pub commitment_id: i64,
    pub commitment: Txt,
    pub period: String,
    pub narrative: Txt,
    pub orgs: Vec<OrgRef>,
    pub children: bool,
    pub photos: Vec<i64>,
}

#[derive(Template)]
#[template(path = "review.html")]
pub(crate) struct Queue {
    page: Page,
    pledges: Vec<PendingPledge>,
    entries: Vec<PendingEntry>,
    /// "12 pledges and 3 reports wait for review".
    counts: String,
}

/// Items of each queue shown at once, oldest first: deciding them brings
/// up the next.
const QUEUE_SHOWN: u32 = 50;

pub(crate) async fn queue(State(state): State<AppState>, page: Page) -> Result<Html<String>, AppError> {
    with_role(&page, &REVIEWERS)?;
    let mut r = state.store.read().await?;
    let submitted = Filter::of(Kind::Commitment).with_status(Status::Submitted.as_str());
    let waiting = ops::query::<Commitment>(&mut *r, &submitted, Keyset::first(QUEUE_SHOWN)).await?;
    let pending = Filter::of(Kind::ProgressEntry).with_status(ReviewState::Pending.as_str());
    let reports = ops::query::<ProgressEntry>(&mut *r, &pending, Keyset::first(QUEUE_SHOWN)).await?;
    let pledge_count = r.count_matching(&submitted).await?;
    let entry_count = r.count_matching(&pending).await?;
    let reported_on = ops::get_many::<Commitment>(&mut *r, reports.iter().map(|e| e.commitment)).await?;
    let named =
        waiting.iter().flat_map(|c| c.owners()).chain(reports.iter().flat_map(|e| e.reported_by.iter().copied()));
    let orgs = ops::get_many::<Organisation>(&mut *r, named).await?;
    let pledges = waiting
        .iter()
        .map(|c| PendingPledge {
            id: c.id.get(),
            title: page.txt(&c.title),
            orgs: org_refs(&page, &orgs, c.owners()),
            description: page.txt(&c.description),
            implementation: page.txt(&c.implementation),
            impact: page.txt(&c.impact),
            facets: c.facets.iter().map(|(k, v)| (k.clone(), v.join(", "))).collect(),
            new_orgs: c
                .owners()
                .iter()
                .filter_map(|id| orgs.get(id))
                .filter(|o| o.pending)
                .map(|o| (o.id.get(), o.name.show(page.lang).text.to_owned()))
                .collect(),
            contact: c.intake.as_ref().map(|i| format!("{} <{}>", i.contact_name, i.contact_email)),
        })
        .collect();
    let mut entries = Vec::new();
    for e in &reports {
        let Some(c) = reported_on.get(&e.commitment) else { continue };
        let photos = r.attachments(e.id.get()).await?.iter().map(|a| a.id).collect();
        entries.push(PendingEntry {
            id: e.id.get(),
            commitment_id: c.id.get(),
            commitment: page.txt(&c.title),
            period: e.period.to_string(),
            narrative: page.txt(&e.narrative),
            orgs: org_refs(&page, &orgs, e.reported_by.iter().copied()),
            children: e.safeguarding.involves_children,
            photos,
        });
    }
    let counts = page.t_args("queue-counts", &[("pledges", pledge_count), ("reports", entry_count)]);
    super::render(&Queue { page, pledges, entries, counts })
}

pub(crate) async fn decide_pledge(
    State(state): State<AppState>,
    Path(id): Path<i64>,
    headers: HeaderMap,
    page: Page,
    body: Bytes,
) -> Result<Redirect, AppError> {
    let form = FormData::posted(&headers, &body)?;
    let user = with_role(&page, &REVIEWERS)?;
    let to = match form.get("decision") {
        "approve" => Status::Approved,
        "return" => Status::Returned,
        "reject" => Status::Rejected,
        other => return Err(AppError::BadRequest(format!("unknown decision {other:?}"))),
    };
    let comment = form.get("comment");
    if to == Status::Returned && comment.is_empty() {
        return Err(AppError::BadRequest("say what should change: a returned pledge needs a comment".into()));
    }
    let mut tx = state.store.write().await?;
    ensure_kind(&mut *tx, id, Kind::Commitment).await?;
    let link = Some(super::intake::fresh_link(&state, id));
    let note = (!comment.is_empty()).then_some(comment);
    workflow::transition_with_link(&mut *tx, &user.actor(), Id::new(id), to, note, link).await?;
    tx.commit().await?;
    Ok(Redirect::to("/review"))
}

pub(crate) async fn decide_entry(
    State(state): State<AppState>,
    Path(id): Path<i64>,
    headers: HeaderMap,
    page: Page,
    body: Bytes,
) -> Result<Redirect, AppError> {
    let form = FormData::posted(&headers, &body)?;
    let user = with_role(&page, &REVIEWERS)?;
    let decision = match form.get("decision") {
        "approve" => EntryDecision::Approve { consent_confirmed: form.checked("consent") },
        "redact" => EntryDecision::Redact { narrative: form.get("redacted").to_owned() },
        "return" => EntryDecision::Return,
        other => return Err(AppError::BadRequest(format!("unknown decision {other:?}"))),
    };
    let comment = form.get("comment");
    let mut tx = state.store.write().await?;
    ensure_kind(&mut *tx, id, Kind::ProgressEntry).await?;
    workflow::review_entry(&mut *tx, &user.actor(), Id::new(id), decision, (!comment.is_empty()).then_some(comment))
        .await?;
    tx.commit().await?;
    Ok(Redirect::to("/review"))
}

/// A wrong id in a URL is "not found", whatever record it happens to name.
pub(crate) async fn ensure_kind(
    r: &mut dyn pledgebook_core::store::Reader,
    id: i64,
    kind: Kind,
) -> Result<(), AppError> {
    match r.get(id).await? {
        Some(raw) if raw.kind == kind => Ok(()),
        _ => Err(AppError::NotFound),
    }
}
