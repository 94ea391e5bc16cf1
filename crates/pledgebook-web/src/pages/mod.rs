//! The server-rendered pages. One module per page; each turns store records
//! into a small view model that its template renders.

mod admin;
mod attachments;
mod commitment;
pub(crate) mod coverage;
mod directory;
mod downloads;
mod events;
mod figures;
mod history;
mod home;
mod importing;
mod initiative;
pub(crate) mod intake;
mod login;
mod organisation;
mod photos;
mod platform;
mod report;
pub(crate) mod reporting;
mod review;
pub(crate) mod search;
mod welcome;

use askama::Template;
use axum::Router;
use axum::http::header;
use axum::response::IntoResponse;
use axum::routing::{get, post};

use crate::AppState;
use crate::error::AppError;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/", get(home::show))
        .route("/initiatives", get(directory::initiatives))
        .route("/initiatives/{slug}", get(initiative::show))
        .route("/organisations", get(directory::organisations))
        .route("/organisations/{slug}", get(organisation::show))
        .route("/initiatives/{slug}/pledge", get(intake::form).post(intake::submit))
        .route("/initiatives/{slug}/coverage", get(coverage::coverage))
        .route("/initiatives/{slug}/coverage.csv", get(coverage::missing_csv))
        .route("/initiatives/{slug}/rounds", axum::routing::post(coverage::rounds))
        .route("/initiatives/{slug}/remind", axum::routing::post(coverage::remind))
        .route("/track/{id}/{token}", get(intake::track).post(intake::resubmit))
        .route("/commitments/{id}", get(commitment::show))
        .route("/commitments/{id}/follow", axum::routing::post(commitment::follow))
        .route("/review", get(review::queue))
        .route("/review/commitments/{id}", axum::routing::post(review::decide_pledge))
        .route("/review/entries/{id}", axum::routing::post(review::decide_entry))
        .route("/report", get(reporting::mine))
        .route("/report/{id}", get(reporting::form))
        .route("/attachments/{id}", get(attachments::show))
        .route("/history/{id}", get(history::show))
        .route("/history/{id}/restore", get(history::confirm).post(history::restore))
        .route("/events", get(events::list))
        .route("/events.ics", get(downloads::events_ics))
        .route("/initiatives/{slug}/export.json", get(downloads::initiative_json))
        .route("/initiatives/{slug}/{file}", get(downloads::sheet_file))
        .route("/initiatives/{slug}/figures", get(figures::show))
        .route("/initiatives/{slug}/figures.csv", get(downloads::aggregates_csv))
        .route("/initiatives/{slug}/tables.csv", get(downloads::tables_csv))
        .route("/initiatives/{slug}/iati.xml", get(downloads::iati_xml))
        .route("/initiatives/{slug}/report", get(report::show))
        .route("/search", get(search::show))
        .route("/admin", get(admin::hub))
        .route("/admin/outbox", get(admin::outbox::outbox))
        .route("/admin/organisations", get(admin::organisations::list).post(admin::organisations::create))
        .route("/admin/organisations/new", get(admin::organisations::new_form))
        .route("/admin/organisations/{id}", get(admin::organisations::edit_form).post(admin::organisations::save))
        .route("/admin/organisations/{id}/merge", post(admin::organisations::merge))
        .route("/admin/organisations/{id}/publish", post(admin::organisations::publish))
        .route("/admin/initiatives", get(admin::initiatives::list).post(admin::initiatives::create))
        .route("/admin/initiatives/new", get(admin::initiatives::new_form))
        .route("/admin/initiatives/{id}", get(admin::initiatives::edit_form).post(admin::initiatives::save))
        .route("/admin/initiatives/{id}/framework", get(admin::framework::form).post(admin::framework::save))
        .route("/admin/events", get(admin::events::list).post(admin::events::create))
        .route("/admin/events/new", get(admin::events::new_form))
        .route("/admin/events/{id}", get(admin::events::edit_form).post(admin::events::save))
        .route("/admin/indicators", get(admin::indicators::list).post(admin::indicators::create))
        .route("/admin/indicators/new", get(admin::indicators::new_form))
        .route("/admin/indicators/{id}", get(admin::indicators::edit_form).post(admin::indicators::save))
        .route("/admin/commitments/{id}", get(admin::commitments::edit_form).post(admin::commitments::save))
        .route("/admin/commitments/{id}/withdraw", post(admin::commitments::withdraw))
        .route("/admin/accounts", get(admin::accounts::list).post(admin::accounts::invite))
        .route("/admin/accounts/new", get(admin::accounts::new_form))
        .route("/admin/accounts/{id}", get(admin::accounts::show).post(admin::accounts::save))
        .route("/admin/accounts/{id}/active", post(admin::accounts::set_active))
        .route("/admin/accounts/{id}/reset", post(admin::accounts::reset))
        .route("/admin/accounts/{id}/tokens", post(admin::tokens::new_token))
        .route("/admin/accounts/{id}/tokens/revoke", post(admin::tokens::revoke_token))
        .route("/welcome/{token}", get(welcome::form).post(welcome::set_password))
        .route("/admin/import", get(importing::form))
        .route("/login", get(login::form).post(login::submit))
        .route("/logout", axum::routing::post(login::logout))
        .route("/assets/style.css", get(stylesheet))
}

/// Routes that take uploads: a larger body limit than the rest.
pub fn upload_router() -> Router<AppState> {
    let max = photos::MAX_PHOTOS * photos::MAX_PHOTO_BYTES + 1024 * 1024;
    let photos = Router::new()
        .route("/report/{id}/entries", axum::routing::post(reporting::submit))
        .layer(axum::extract::DefaultBodyLimit::max(max))
        .layer(tower_http::limit::RequestBodyLimitLayer::new(max));
    // The preview sends the document's text back with the confirmation.
    let documents = importing::MAX_UPLOAD_BYTES + 1024 * 1024;
    let imports = Router::new()
        .route("/admin/import", axum::routing::post(importing::preview))
        .route("/admin/import/confirm", axum::routing::post(importing::confirm))
        .layer(axum::extract::DefaultBodyLimit::max(documents))
        .layer(tower_http::limit::RequestBodyLimitLayer::new(documents));
    photos.merge(imports)
}

async fn stylesheet() -> impl IntoResponse {
    (
        [(header::CONTENT_TYPE, "text/css; charset=utf-8"), (header::CACHE_CONTROL, "public, max-age=3600")],
        include_str!("../../assets/style.css"),
    )
}

/// Everything public about an initiative, for the report, figures and downloads.
pub(crate) async fn initiative_data(
    state: &AppState,
    slug: &str,
) -> Result<pledgebook_publish::InitiativeData, AppError> {
    let mut r = state.store.read().await?;
    Ok(pledgebook_publish::load(&mut *r, slug).await?)
}

/// `?period=FY2018`, for pages and downloads that show one period or all.
#[derive(serde::Deserialize)]
pub(crate) struct PeriodQuery {
    pub period: Option<String>,
}

/// `?period=FY2018` read; `None` when not given.
pub(crate) fn parse_period(asked: Option<&str>) -> Result<Option<pledgebook_core::Period>, AppError> {
    let parse =
        |p: &str| p.parse().map_err(|e: pledgebook_core::period::BadPeriod| AppError::BadRequest(e.to_string()));
    asked.filter(|p| !p.is_empty()).map(parse).transpose()
}

/// Renders a template into a response, or a logged error.
pub(crate) fn render(t: &impl Template) -> Result<axum::response::Html<String>, AppError> {
    t.render().map(axum::response::Html).map_err(|e| AppError::Internal(format!("template: {e}")))
}

/// An error inside the site's page: header, the reader's language, and
/// where to go next.
#[derive(Template)]
#[template(path = "site_error.html")]
pub(crate) struct SiteError {
    pub page: crate::page::Page,
    pub status: u16,
    pub message: String,
}

/// Shown for every error: the message in both languages.
#[derive(Template)]
#[template(path = "error.html")]
pub struct ErrorPage {
    pub status: u16,
    pub en: String,
    pub ja: &'static str,
}

impl ErrorPage {
    pub fn render_html(&self) -> String {
        self.render().unwrap_or_else(|_| format!("{} / {}", self.en, self.ja))
    }
}
