//! The JSON API. Reads are public; writes need an API token
//! (`Authorization: Bearer ...`, made with `pledgebook user token`) and obey
//! the same permissions as the web forms, because they go through the same
//! `ops` functions.

use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, StatusCode};
use axum::routing::get;
use axum::{Json, Router};
use pledgebook_core::paging::{Limits, Paging};
use pledgebook_core::{Commitment, Event, Id, Initiative, Organisation, Rel, Stored, ops};

mod progress;

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

async fn list_organisations(State(state): State<AppState>) -> Result<Json<Vec<Stored<Organisation>>>, ApiError> {
    let mut r = state.store.read().await?;
    Ok(Json(ops::list::<Organisation>(&mut *r, None).await?))
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
    axum::extract::RawQuery(raw): axum::extract::RawQuery,
) -> Result<Json<pledgebook_search::Results>, ApiError> {
    let q = crate::pages::search::parse_query(raw.as_deref())?;
    match crate::pages::search::run(&state, &q)? {
        Some(r) => Ok(Json(r)),
        None => Err(ApiError(AppError::Internal("search is not available on this server".into()))),
    }
}

/// `?page=1&per_page=50`: pages count from 1; at most 200 items a page
/// (see [`Limits::API`]). Kept as text so that an out-of-range number is
/// refused by [`Paging::parse`] with the limit named.
#[derive(Debug, serde::Deserialize)]
pub(crate) struct PageQuery {
    #[serde(default)]
    page: Option<String>,
    #[serde(default)]
    per_page: Option<String>,
    /// Commitments of one initiative, by its key.
    #[serde(default)]
    initiative: Option<String>,
}

#[derive(Debug, serde::Serialize)]
pub(crate) struct Paged<T> {
    items: Vec<T>,
    page: usize,
    per_page: usize,
    total: usize,
}

impl PageQuery {
    fn paging(&self) -> Result<Paging, AppError> {
        Paging::parse(self.page.as_deref(), self.per_page.as_deref(), Limits::API)
            .map_err(|e| AppError::BadRequest(e.to_string()))
    }
}

fn paged<T>(all: Vec<T>, q: &PageQuery) -> Result<Paged<T>, AppError> {
    let paging = q.paging()?;
    let total = all.len();
    let items = all.into_iter().skip(paging.offset()).take(paging.size() as usize).collect();
    Ok(Paged { items, page: paging.number() as usize, per_page: paging.size() as usize, total })
}

async fn list_initiatives(
    State(state): State<AppState>,
    Query(q): Query<PageQuery>,
) -> Result<Json<Paged<Stored<Initiative>>>, ApiError> {
    let mut r = state.store.read().await?;
    Ok(Json(paged(ops::list::<Initiative>(&mut *r, None).await?, &q)?))
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

async fn list_commitments(
    State(state): State<AppState>,
    Query(q): Query<PageQuery>,
) -> Result<Json<Paged<Stored<Commitment>>>, ApiError> {
    let mut r = state.store.read().await?;
    let linked = match &q.initiative {
        Some(key) => {
            Some((Rel::Initiative, ops::find::<Initiative>(&mut *r, key).await?.ok_or(AppError::NotFound)?.id.get()))
        }
        None => None,
    };
    let all = ops::list::<Commitment>(&mut *r, linked).await?.into_iter().filter_map(public).collect();
    Ok(Json(paged(all, &q)?))
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
    Query(q): Query<PageQuery>,
) -> Result<Json<Paged<Stored<Event>>>, ApiError> {
    let mut r = state.store.read().await?;
    Ok(Json(paged(ops::list::<Event>(&mut *r, None).await?, &q)?))
}
