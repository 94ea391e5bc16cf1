//! Progress in the API: a commitment's published reports and the indicators
//! of public work, to read; and, with a token, new commitments and new
//! reports, through the same rules as the forms (`ops::create`,
//! `workflow::submit_entry`): an editor writes for its own organisation, a
//! report waits for review, a round must be open.

use axum::Json;
use axum::extract::{Path, RawQuery, State};
use axum::http::{HeaderMap, StatusCode};
use pledgebook_core::{
    Commitment, Figure, Id, Indicator, Initiative, Kind, Localized, Period, ProgressEntry, Stored, ops, workflow,
};
use serde::Deserialize;

use pledgebook_core::store::Filter;

use super::doc::{BadBody, BadParameter, Forbidden, IdInPath, Invalid, KeyTaken, NoToken, NotFound, TooMany};
use super::list::{self, KeyPaging, ListParams, Listed};
use super::{JsonBody, public, read_body};
use crate::AppState;
use crate::auth;
use crate::error::{ApiError, AppError, ErrorBody};

/// A public commitment's published reports, in the order they were written
/// (the document's order, for imported reports).
#[utoipa::path(get, path = "/api/v1/commitments/{id}/reports", tag = "commitments",
    params(IdInPath, KeyPaging, ("period" = Option<Period>, Query, description = "only reports of this period")),
    responses((status = 200, description = "A page of published reports", body = Listed<Stored<ProgressEntry>>),
        BadParameter, NotFound))]
pub(super) async fn list_reports(
    State(state): State<AppState>,
    Path(id): Path<i64>,
    RawQuery(raw): RawQuery,
) -> Result<Json<Listed<Stored<ProgressEntry>>>, ApiError> {
    let params = ListParams::parse_api(raw.as_deref(), &["period"])?;
    params.typed::<Period>("period")?;
    let mut r = state.store.read().await?;
    let c = ops::get::<Commitment>(&mut *r, Id::new(id)).await.map_err(|_| AppError::NotFound)?;
    public(c).ok_or(AppError::NotFound)?;
    let mut filter = Filter::of(Kind::ProgressEntry).under(id).public();
    if let Some(p) = params.get("period") {
        filter = filter.with_facet("period", p);
    }
    let path = format!("/api/v1/commitments/{id}/reports");
    Ok(Json(list::page(&mut *r, &filter, &params, &path).await?))
}

/// Indicators of an initiative (or all), where the work they measure is public.
#[utoipa::path(get, path = "/api/v1/indicators", tag = "indicators",
    params(KeyPaging, ("initiative" = Option<String>, Query, min_length = 1, description = "the key of an initiative")),
    responses((status = 200, description = "A page of indicators with baseline, targets and observations",
        body = Listed<Stored<Indicator>>), BadParameter, (status = 404, description = "No such initiative", body = ErrorBody)))]
pub(super) async fn list_indicators(
    State(state): State<AppState>,
    RawQuery(raw): RawQuery,
) -> Result<Json<Listed<Stored<Indicator>>>, ApiError> {
    let params = ListParams::parse_api(raw.as_deref(), &["initiative"])?;
    let mut r = state.store.read().await?;
    let filter = params.initiative(&mut *r, Filter::of(Kind::Indicator).public()).await?;
    Ok(Json(list::page(&mut *r, &filter, &params, "/api/v1/indicators").await?))
}

/// Creates a commitment. A tracking link belongs to the public form only, so none is taken from here.
/// An editor may add one its organisation leads; a decided status needs a reviewer.
#[utoipa::path(post, path = "/api/v1/commitments", tag = "commitments", security(("token" = [])),
    request_body = Commitment,
    responses((status = 201, description = "Created", body = Stored<Commitment>), BadBody, NoToken, Forbidden,
        (status = 404, description = "The initiative, or an organisation named, does not exist", body = ErrorBody),
        KeyTaken, Invalid, TooMany))]
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

/// A progress report as an API client sends it.
#[derive(Debug, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub(super) struct NewReport {
    /// FY2018, 2021, 2021-H1 ...
    #[schema(value_type = Period)]
    period: String,
    narrative: Localized,
    #[serde(default)]
    figures: Vec<Figure>,
    /// Photos or stories about children: not public before a reviewer confirms consent.
    #[serde(default)]
    involves_children: bool,
}

/// Sends a progress report on a commitment for the period's open round; it is published once reviewed.
#[utoipa::path(post, path = "/api/v1/commitments/{id}/reports", tag = "commitments", security(("token" = [])),
    params(IdInPath), request_body = NewReport,
    responses((status = 201, description = "Received, waiting for review", body = Stored<ProgressEntry>),
        BadBody, NoToken, Forbidden, NotFound, Invalid, TooMany))]
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
            invalid: pledgebook_core::Invalid::one("period", "period", e.to_string()),
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
