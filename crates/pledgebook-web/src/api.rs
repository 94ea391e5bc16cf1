//! The JSON API. Reads are public; writes need an API token
//! (`Authorization: Bearer ...`, made with `pledgebook user token`) and obey
//! the same permissions as the web forms, because they go through the same
//! `ops` functions.

use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode};
use axum::routing::get;
use axum::{Json, Router};
use pledgebook_core::{Id, Organisation, Stored, ops};

use crate::AppState;
use crate::auth;
use crate::error::{ApiError, AppError};

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/organisations", get(list_organisations).post(create_organisation))
        .route("/organisations/{id}", get(get_organisation))
        .route("/search", get(search))
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

/// Creates an organisation. The response is sent only after the commit, so
/// a 201 means the record is on disk.
#[tracing::instrument(skip_all)]
async fn create_organisation(
    State(state): State<AppState>,
    headers: HeaderMap,
    body: Result<Json<Organisation>, axum::extract::rejection::JsonRejection>,
) -> Result<(StatusCode, Json<Stored<Organisation>>), ApiError> {
    let who = auth::from_bearer(&state, &headers).await?;
    let Json(org) = body.map_err(|e| AppError::BadRequest(e.body_text()))?;
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
    let q = crate::pages::search::parse_query(raw.as_deref());
    match crate::pages::search::run(&state, &q)? {
        Some(r) => Ok(Json(r)),
        None => Err(ApiError(AppError::Internal("search is not available on this server".into()))),
    }
}
