//! The JSON API. Reads are public; writes need an API token
//! (`Authorization: Bearer ...`, made with `pledgebook user token`) and obey
//! the same permissions as the web forms, because they go through the same
//! `ops` functions.

use axum::extract::{Path, RawQuery, State};
use axum::http::{HeaderMap, StatusCode};
use axum::routing::get;
use axum::{Json, Router};
use pledgebook_core::paging::Limits;
use pledgebook_core::store::{Filter, Reader};
use pledgebook_core::{Commitment, Event, Id, Initiative, Kind, Organisation, Rel, Stored, ops};

pub(crate) mod list;
mod progress;

use list::{ListParams, Listed};

use crate::AppState;
use crate::auth;
use crate::error::{ApiError, AppError};

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/organisations", get(list_organisations).post(create_organisation))
        .route("/organisations/{id}", get(get_organisation))
        .route("/search", get(search))
        .route("/initiatives", get(list_initiatives))
        .route("/initiatives/{key}", get(get_initiative))
        .route("/commitments", get(list_commitments).post(progress::create_commitment))
        .route("/commitments/{id}", get(get_commitment))
        .route("/commitments/{id}/reports", get(progress::list_reports).post(progress::create_report))
        .route("/indicators", get(progress::list_indicators))
        .route("/events", get(list_events))
}

/// Organisations, optionally of one kind (`kind=ngo`).
async fn list_organisations(
    State(state): State<AppState>,
    RawQuery(raw): RawQuery,
) -> Result<Json<Listed<Stored<Organisation>>>, ApiError> {
    let params = ListParams::parse(raw.as_deref(), &["kind"], Limits::API)?;
    let mut filter = Filter::of(Kind::Organisation).public();
    filter.category = params.get("kind").map(str::to_owned);
    let mut r = state.store.read().await?;
    Ok(Json(list::page(&mut *r, &filter, &params, "/api/v1/organisations").await?))
}

async fn get_organisation(
    State(state): State<AppState>,
    Path(id): Path<i64>,
) -> Result<Json<Stored<Organisation>>, ApiError> {
    let mut r = state.store.read().await?;
    Ok(Json(ops::get::<Organisation>(&mut *r, Id::new(id)).await?))
}

/// A JSON body, or the reason it is not one the route takes.
type JsonBody<T> = Result<Json<T>, axum::extract::rejection::JsonRejection>;

/// The body, or a 400 saying what is wrong with it.
fn read_body<T>(body: JsonBody<T>) -> Result<T, AppError> {
    body.map(|Json(v)| v).map_err(|e| AppError::BadRequest(e.body_text()))
}

/// Creates an organisation. The response is sent only after the commit, so
/// a 201 means the record is on disk.
#[tracing::instrument(skip_all)]
async fn create_organisation(
    State(state): State<AppState>,
    headers: HeaderMap,
    body: JsonBody<Organisation>,
) -> Result<(StatusCode, Json<Stored<Organisation>>), ApiError> {
    let who = auth::from_bearer(&state, &headers).await?;
    let org = read_body(body)?;
    let mut tx = state.store.write().await?;
    let saved = ops::create(&mut *tx, &who.actor(), org).await?;
    tx.commit().await?;
    Ok((StatusCode::CREATED, Json(saved)))
}

/// The search page's query as JSON: `?q=子供&pillar=act&page=2`.
async fn search(
    State(state): State<AppState>,
    RawQuery(raw): RawQuery,
) -> Result<Json<pledgebook_search::Results>, ApiError> {
    let q = crate::pages::search::parse_query(raw.as_deref())?;
    match crate::pages::search::run(&state, &q)? {
        Some(r) => Ok(Json(r)),
        None => Err(ApiError(AppError::Internal("search is not available on this server".into()))),
    }
}

async fn list_initiatives(
    State(state): State<AppState>,
    RawQuery(raw): RawQuery,
) -> Result<Json<Listed<Stored<Initiative>>>, ApiError> {
    let params = ListParams::parse(raw.as_deref(), &[], Limits::API)?;
    let mut r = state.store.read().await?;
    Ok(Json(list::page(&mut *r, &Filter::of(Kind::Initiative).public(), &params, "/api/v1/initiatives").await?))
}

async fn get_initiative(
    State(state): State<AppState>,
    Path(key): Path<String>,
) -> Result<Json<Stored<Initiative>>, ApiError> {
    let mut r = state.store.read().await?;
    Ok(Json(ops::find::<Initiative>(&mut *r, &key).await?.ok_or(AppError::NotFound)?))
}

/// Public commitments only, and never a pledge's contact details.
fn public(mut c: Stored<Commitment>) -> Option<Stored<Commitment>> {
    c.value.intake = None;
    c.status.is_public().then_some(c)
}

/// The filters a commitment list takes besides paging.
pub(crate) const COMMITMENT_FILTERS: [&str; 9] =
    ["initiative", "kind", "status", "organisation", "org_kind", "pillar", "level", "sdg", "node"];

/// The public commitments a list's parameters ask for, as a store filter.
pub(crate) async fn commitment_filter(r: &mut dyn Reader, params: &ListParams) -> Result<Filter, AppError> {
    let mut f = params.initiative(&mut *r, Filter::of(Kind::Commitment).public()).await?;
    f.category = params.get("kind").map(str::to_owned);
    f.status = params.all("status").map(str::to_owned).collect();
    if let Some(org) = params.organisation(&mut *r).await? {
        f = f.linked_to(&[Rel::Lead, Rel::CoResponsible], org.id.get());
    }
    if let Some(kind) = params.get("org_kind") {
        f.linked_category = Some((vec![Rel::Lead, Rel::CoResponsible], kind.to_owned()));
    }
    for facet in ["pillar", "level", "sdg", "node"] {
        for v in params.all(facet) {
            f = f.with_facet(facet, v);
        }
    }
    Ok(f)
}

async fn list_commitments(
    State(state): State<AppState>,
    RawQuery(raw): RawQuery,
) -> Result<Json<Listed<Stored<Commitment>>>, ApiError> {
    let params = ListParams::parse(raw.as_deref(), &COMMITMENT_FILTERS, Limits::API)?;
    let mut r = state.store.read().await?;
    let filter = commitment_filter(&mut *r, &params).await?;
    let mut listed = list::page::<Commitment>(&mut *r, &filter, &params, "/api/v1/commitments").await?;
    listed.items = listed.items.into_iter().filter_map(public).collect();
    Ok(Json(listed))
}

async fn get_commitment(
    State(state): State<AppState>,
    Path(id): Path<i64>,
) -> Result<Json<Stored<Commitment>>, ApiError> {
    let mut r = state.store.read().await?;
    let c = ops::get::<Commitment>(&mut *r, Id::new(id)).await.map_err(|_| AppError::NotFound)?;
    Ok(Json(public(c).ok_or(AppError::NotFound)?))
}

async fn list_events(
    State(state): State<AppState>,
    RawQuery(raw): RawQuery,
) -> Result<Json<Listed<Stored<Event>>>, ApiError> {
    let params = ListParams::parse(raw.as_deref(), &["initiative"], Limits::API)?;
    let mut r = state.store.read().await?;
    let filter = params.initiative(&mut *r, Filter::of(Kind::Event).public()).await?;
    Ok(Json(list::page(&mut *r, &filter, &params, "/api/v1/events").await?))
}
