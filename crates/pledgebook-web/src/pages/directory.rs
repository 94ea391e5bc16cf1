//! The public directories: every organisation (by kind) and every
//! initiative, a page at a time by key.

use askama::Template;
use axum::extract::{RawQuery, State};
use axum::response::Html;
use pledgebook_core::paging::Limits;
use pledgebook_core::store::{CATEGORY_FACET, Filter};
use pledgebook_core::{Initiative, Kind, OrgKind, Organisation};

use super::home::{InitiativeRow, OrgRow, initiative_row, org_row};
use crate::AppState;
use crate::api::list::ListParams;
use crate::error::AppError;
use crate::page::Page;

#[derive(Template)]
#[template(path = "organisations.html")]
pub(crate) struct OrganisationsPage {
    page: Page,
    rows: Vec<OrgRow>,
    total: String,
    /// (kind, label, how many, chosen)
    kinds: Vec<(String, String, i64, bool)>,
    next: Option<String>,
}

#[derive(Template)]
#[template(path = "initiatives.html")]
pub(crate) struct InitiativesPage {
    page: Page,
    rows: Vec<InitiativeRow>,
    total: String,
    next: Option<String>,
}

/// `/organisations?kind=ngo`: organisations in the order they were added.
#[tracing::instrument(skip_all)]
pub(crate) async fn organisations(
    State(state): State<AppState>,
    RawQuery(raw): RawQuery,
    page: Page,
) -> Result<Html<String>, AppError> {
    let params = ListParams::parse(raw.as_deref(), &["kind"], Limits::PAGE)?;
    let chosen = params.get("kind").map(str::to_owned);
    if let Some(k) = &chosen
        && OrgKind::parse(k).is_none()
    {
        return Err(AppError::BadRequest(format!("there is no organisation kind {k:?}")));
    }
    let everyone = Filter::of(Kind::Organisation).public();
    let mut filter = everyone.clone();
    filter.category = chosen.clone();
    let mut r = state.store.read().await?;
    let listed = crate::api::list::page::<Organisation>(&mut *r, &filter, &params, "").await?;
    let kinds = r
        .facet_counts(&everyone, &[CATEGORY_FACET])
        .await?
        .into_iter()
        .map(|c| {
            let label = page.t(&format!("org-kind-{}", c.value));
            let on = chosen.as_deref() == Some(c.value.as_str());
            (c.value, label, c.count, on)
        })
        .collect();
    super::render(&OrganisationsPage {
        rows: listed.items.iter().map(|o| org_row(&page, o)).collect(),
        total: page.count("organisations-count", listed.total as usize),
        kinds,
        next: listed.next,
        page,
    })
}

/// `/initiatives`: campaigns, action plans, platforms and projects.
#[tracing::instrument(skip_all)]
pub(crate) async fn initiatives(
    State(state): State<AppState>,
    RawQuery(raw): RawQuery,
    page: Page,
) -> Result<Html<String>, AppError> {
    let params = ListParams::parse(raw.as_deref(), &[], Limits::PAGE)?;
    let mut r = state.store.read().await?;
    let filter = Filter::of(Kind::Initiative).public();
    let listed = crate::api::list::page::<Initiative>(&mut *r, &filter, &params, "").await?;
    let mut rows = Vec::with_capacity(listed.items.len());
    for i in &listed.items {
        rows.push(initiative_row(&mut *r, &page, i).await?);
    }
    let total = page.count("initiatives-count", listed.total as usize);
    super::render(&InitiativesPage { rows, total, next: listed.next, page })
}
