//! The JSON API. Reads are public; writes need an API token
//! (`Authorization: Bearer ...`, made with `pledgebook user token`) and obey
//! the same permissions as the web forms, because they go through the same
//! `ops` functions.

use axum::extract::{Path, RawQuery, State};
use axum::http::{HeaderMap, StatusCode};
use axum::routing::get;
use axum::{Json, Router};
use pledgebook_core::store::{Filter, Reader};
use pledgebook_core::{
    Commitment, CommitmentKind, Event, Id, Initiative, Kind, OrgKind, Organisation, Rel, Status, Stored, ops,
};

mod doc;
pub(crate) mod list;
mod progress;

pub(crate) use doc::document;
use doc::{BadBody, BadParameter, Forbidden, IdInPath, Invalid, KeyTaken, NoToken, NotFound, TooMany};
use list::{KeyPaging, ListParams, Listed};

use crate::AppState;
use crate::auth;
use crate::error::{ApiError, AppError, ErrorBody};

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
#[utoipa::path(get, path = "/api/v1/organisations", tag = "organisations",
    params(KeyPaging, ("kind" = Option<OrgKind>, Query, description = "only organisations of this kind")),
    responses((status = 200, description = "A page of organisations", body = Listed<Stored<Organisation>>), BadParameter))]
async fn list_organisations(
    State(state): State<AppState>,
    RawQuery(raw): RawQuery,
) -> Result<Json<Listed<Stored<Organisation>>>, ApiError> {
    let params = ListParams::parse_api(raw.as_deref(), &["kind"])?;
    params.typed::<OrgKind>("kind")?;
    let mut filter = Filter::of(Kind::Organisation).public();
    filter.category = params.get("kind").map(str::to_owned);
    let mut r = state.store.read().await?;
    Ok(Json(list::page(&mut *r, &filter, &params, "/api/v1/organisations").await?))
}

/// One organisation.
#[utoipa::path(get, path = "/api/v1/organisations/{id}", tag = "organisations", params(IdInPath),
    responses((status = 200, description = "The organisation", body = Stored<Organisation>), BadParameter, NotFound))]
async fn get_organisation(
    State(state): State<AppState>,
    Path(id): Path<i64>,
) -> Result<Json<Stored<Organisation>>, ApiError> {
    let mut r = state.store.read().await?;
    let org = ops::get::<Organisation>(&mut *r, Id::new(id)).await?;
    // One named on the public form is not public before review.
    Ok(Json(Some(org).filter(|o| o.is_public()).ok_or(AppError::NotFound)?))
}

/// A JSON body, or the reason it is not one the route takes.
type JsonBody<T> = Result<Json<T>, axum::extract::rejection::JsonRejection>;

/// The body, or what is wrong with it: well-formed JSON whose values do not
/// fit the type (a date that is not a date, a field of the wrong type) is a
/// 422 naming the field, as HTTP and axum mean it; JSON that cannot be read
/// at all, or a body that is not JSON, is a 400.
fn read_body<T>(body: JsonBody<T>) -> Result<T, AppError> {
    use axum::extract::rejection::JsonRejection;
    body.map(|Json(v)| v).map_err(|e| match e {
        JsonRejection::JsonDataError(data) => {
            let text = data.body_text();
            let detail = text.split_once("target type: ").map_or(text.as_str(), |(_, d)| d).to_owned();
            let field = detail.split_once(": ").map_or("body", |(f, _)| f).to_owned();
            AppError::Invalid(pledgebook_core::Invalid::one(field, "type", detail))
        }
        other => AppError::BadRequest(other.body_text()),
    })
}

/// Creates an organisation. The response is sent only after the commit, so
/// a 201 means the record is on disk. A `merged_into` in the body is
/// ignored: merging goes through the back office's merge, which moves links.
#[utoipa::path(post, path = "/api/v1/organisations", tag = "organisations", security(("token" = [])),
    request_body = Organisation,
    responses((status = 201, description = "Created", body = Stored<Organisation>),
        BadBody, NoToken, Forbidden, (status = 404, description = "A network it is a member of does not exist", body = ErrorBody),
        KeyTaken, Invalid, TooMany))]
#[tracing::instrument(skip_all)]
async fn create_organisation(
    State(state): State<AppState>,
    headers: HeaderMap,
    body: JsonBody<Organisation>,
) -> Result<(StatusCode, Json<Stored<Organisation>>), ApiError> {
    let who = auth::from_bearer(&state, &headers).await?;
    // An organisation is merged into another only by the merge, which moves its links.
    let org = Organisation { merged_into: None, ..read_body(body)? };
    let mut tx = state.store.write().await?;
    let saved = ops::create(&mut *tx, &who.actor(), org).await?;
    tx.commit().await?;
    Ok((StatusCode::CREATED, Json(saved)))
}

/// The search page's query as JSON: `?q=子供&pillar=act&page=2`.
#[utoipa::path(get, path = "/api/v1/search", tag = "search",
    params(
        ("q" = Option<String>, Query, description = "words to find, in English or Japanese", example = "child labour"),
        ("page" = Option<u32>, Query, minimum = 1, maximum = 500, description = "which page of 20 hits"),
        ("kind" = Option<String>, Query, description = "a kind of record: commitment, initiative, organisation, report, event"),
        ("initiative" = Option<String>, Query, description = "the key of an initiative"),
        ("pillar" = Option<String>, Query), ("level" = Option<String>, Query), ("sdg" = Option<String>, Query),
        ("period" = Option<String>, Query), ("status" = Option<String>, Query),
        ("organisation" = Option<String>, Query, description = "the key of an organisation"),
        ("org_kind" = Option<String>, Query, description = "the kind of an organisation, e.g. ngo"),
    ),
    responses((status = 200, description = "Hits with highlighted snippets, and facet counts", body = pledgebook_search::Results),
        BadParameter, (status = 500, description = "This server has no search index", body = ErrorBody)))]
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

/// Initiatives: campaigns, action plans, platforms, projects.
#[utoipa::path(get, path = "/api/v1/initiatives", tag = "initiatives", params(KeyPaging),
    responses((status = 200, description = "A page of initiatives", body = Listed<Stored<Initiative>>), BadParameter))]
async fn list_initiatives(
    State(state): State<AppState>,
    RawQuery(raw): RawQuery,
) -> Result<Json<Listed<Stored<Initiative>>>, ApiError> {
    let params = ListParams::parse_api(raw.as_deref(), &[])?;
    let mut r = state.store.read().await?;
    Ok(Json(list::page(&mut *r, &Filter::of(Kind::Initiative).public(), &params, "/api/v1/initiatives").await?))
}

/// One initiative, with its framework.
#[utoipa::path(get, path = "/api/v1/initiatives/{key}", tag = "initiatives",
    params(("key" = String, Path, description = "the initiative's key", example = "basic-plan-csec")),
    responses((status = 200, description = "The initiative", body = Stored<Initiative>), NotFound))]
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

/// Public commitments: pledges, plan measures, projects.
#[utoipa::path(get, path = "/api/v1/commitments", tag = "commitments",
    params(KeyPaging,
        ("initiative" = Option<String>, Query, min_length = 1, description = "the key of an initiative", example = "basic-plan-csec"),
        ("kind" = Option<CommitmentKind>, Query),
        ("status" = Option<Status>, Query, description = "only approved, in_progress and completed are public; may be given more than once"),
        ("organisation" = Option<String>, Query, min_length = 1, description = "the key of a lead or co-responsible organisation"),
        ("org_kind" = Option<OrgKind>, Query, description = "the kind of a lead or co-responsible organisation"),
        ("pillar" = Option<String>, Query, min_length = 1, example = "act"), ("level" = Option<String>, Query, min_length = 1, example = "national"),
        ("sdg" = Option<String>, Query, min_length = 1, example = "8.7"), ("node" = Option<String>, Query, min_length = 1, example = "1-(ii)"),
    ),
    responses((status = 200, description = "A page of commitments", body = Listed<Stored<Commitment>>),
        BadParameter, (status = 404, description = "No such initiative or organisation", body = ErrorBody)))]
async fn list_commitments(
    State(state): State<AppState>,
    RawQuery(raw): RawQuery,
) -> Result<Json<Listed<Stored<Commitment>>>, ApiError> {
    let params = ListParams::parse_api(raw.as_deref(), &COMMITMENT_FILTERS)?;
    params.typed::<CommitmentKind>("kind")?;
    params.typed::<Status>("status")?;
    params.typed::<OrgKind>("org_kind")?;
    let mut r = state.store.read().await?;
    let filter = commitment_filter(&mut *r, &params).await?;
    let mut listed = list::page::<Commitment>(&mut *r, &filter, &params, "/api/v1/commitments").await?;
    listed.items = listed.items.into_iter().filter_map(public).collect();
    Ok(Json(listed))
}

/// One public commitment.
#[utoipa::path(get, path = "/api/v1/commitments/{id}", tag = "commitments", params(IdInPath),
    responses((status = 200, description = "The commitment", body = Stored<Commitment>), BadParameter, NotFound))]
async fn get_commitment(
    State(state): State<AppState>,
    Path(id): Path<i64>,
) -> Result<Json<Stored<Commitment>>, ApiError> {
    let mut r = state.store.read().await?;
    let c = ops::get::<Commitment>(&mut *r, Id::new(id)).await.map_err(|_| AppError::NotFound)?;
    Ok(Json(public(c).ok_or(AppError::NotFound)?))
}

/// Events, optionally of one initiative.
#[utoipa::path(get, path = "/api/v1/events", tag = "events",
    params(KeyPaging, ("initiative" = Option<String>, Query, min_length = 1, description = "the key of an initiative")),
    responses((status = 200, description = "A page of events", body = Listed<Stored<Event>>),
        BadParameter, (status = 404, description = "No such initiative", body = ErrorBody)))]
async fn list_events(
    State(state): State<AppState>,
    RawQuery(raw): RawQuery,
) -> Result<Json<Listed<Stored<Event>>>, ApiError> {
    let params = ListParams::parse_api(raw.as_deref(), &["initiative"])?;
    let mut r = state.store.read().await?;
    let filter = params.initiative(&mut *r, Filter::of(Kind::Event).public()).await?;
    Ok(Json(list::page(&mut *r, &filter, &params, "/api/v1/events").await?))
}
