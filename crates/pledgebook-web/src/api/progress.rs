//! Progress in the API: a commitment's published reports and the indicators
//! of public work, to read; and, with a token, new commitments and new
//! reports, through the same rules as the forms (`ops::create`,
//! `workflow::submit_entry`): an editor writes for its own organisation, a
//! report waits for review, a round must be open.

use axum::Json;
use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, StatusCode};
use pledgebook_core::{
    Commitment, Figure, Id, Indicator, Initiative, Invalid, Kind, Localized, ProgressEntry, Rel, Stored, ops, workflow,
};
use serde::Deserialize;

use super::{JsonBody, PageQuery, Paged, paged, public, read_body};
use crate::AppState;
use crate::auth;
use crate::error::{ApiError, AppError};

/// A public commitment's published reports, by period and as the document had them.
pub(super) async fn list_reports(
    State(state): State<AppState>,
    Path(id): Path<i64>,
    Query(q): Query<PageQuery>,
) -> Result<Json<Paged<Stored<ProgressEntry>>>, ApiError> {
    let mut r = state.store.read().await?;
    let c = ops::get::<Commitment>(&mut *r, Id::new(id)).await.map_err(|_| AppError::NotFound)?;
    public(c).ok_or(AppError::NotFound)?;
    let mut entries: Vec<_> = ops::list::<ProgressEntry>(&mut *r, Some((Rel::Commitment, id)))
        .await?
        .into_iter()
        .filter(|e| e.is_public())
        .collect();
    entries.sort_by_key(|e| (e.period, e.provenance.as_ref().map(|p| p.lines.0), e.id));
    Ok(Json(paged(entries, &q)?))
}

/// Indicators of an initiative (or all), where the work they measure is public.
pub(super) async fn list_indicators(
    State(state): State<AppState>,
    Query(q): Query<PageQuery>,
) -> Result<Json<Paged<Stored<Indicator>>>, ApiError> {
    let mut r = state.store.read().await?;
    let within = match q.initiative.as_deref() {
        Some(key) => {
            Some((Rel::Initiative, ops::find::<Initiative>(&mut *r, key).await?.ok_or(AppError::NotFound)?.id.get()))
        }
        None => None,
    };
    let mut shown = Vec::new();
    for ind in ops::list::<Indicator>(&mut *r, within).await? {
        let visible = match ind.commitment {
            Some(c) => ops::get::<Commitment>(&mut *r, c).await.is_ok_and(|c| c.status.is_public()),
            None => true,
        };
        if visible {
            shown.push(ind);
        }
    }
    Ok(Json(paged(shown, &q)?))
}

/// Creates a commitment. A tracking link belongs to the public form only, so none is taken from here.
#[tracing::instrument(skip_all)]
pub(super) async fn create_commitment(
    State(state): State<AppState>,
    headers: HeaderMap,
    body: JsonBody<Commitment>,
) -> Result<(StatusCode, Json<Stored<Commitment>>), ApiError> {
    let who = auth::from_bearer(&state, &headers).await?;
    let commitment = Commitment { intake: None, ..read_body(body)? };
    let mut tx = state.store.write().await?;
    let saved = ops::create(&mut *tx, &who.actor(), commitment).await?;
    tx.commit().await?;
    Ok((StatusCode::CREATED, Json(saved)))
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct NewReport {
    /// FY2018, 2021, 2021-H1 ...
    period: String,
    narrative: Localized,
    #[serde(default)]
    figures: Vec<Figure>,
    /// Photos or stories about children: not public before a reviewer confirms consent.
    #[serde(default)]
    involves_children: bool,
}

/// Sends a progress report on a commitment; it is published once reviewed.
#[tracing::instrument(skip_all, fields(commitment = id))]
pub(super) async fn create_report(
    State(state): State<AppState>,
    Path(id): Path<i64>,
    headers: HeaderMap,
    body: JsonBody<NewReport>,
) -> Result<(StatusCode, Json<Stored<ProgressEntry>>), ApiError> {
    let who = auth::from_bearer(&state, &headers).await?;
    let new = read_body(body)?;
    let period = new.period.parse().map_err(|e: pledgebook_core::period::BadPeriod| {
        AppError::from(pledgebook_core::Error::Invalid {
            kind: Kind::ProgressEntry,
            invalid: Invalid::one("period", "period", e.to_string()),
        })
    })?;
    let actor = who.actor();
    let mut tx = state.store.write().await?;
    let c = ops::get::<Commitment>(&mut *tx, Id::new(id)).await.map_err(|_| AppError::NotFound)?;
    let ini = ops::get::<Initiative>(&mut *tx, c.initiative).await?;
    let mut entry = crate::pages::reporting::new_entry(&ini, &c, &actor, period, new.narrative, new.figures);
    entry.safeguarding.involves_children = new.involves_children;
    let saved = workflow::submit_entry(&mut *tx, &actor, entry).await?;
    tx.commit().await?;
    Ok((StatusCode::CREATED, Json(saved)))
}
