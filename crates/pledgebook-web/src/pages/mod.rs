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
    let html = t.render().map_err(|e| AppError::Internal(format!("template: {e}")))?;
    Ok(axum::response::Html(fallback_once_per_section(html)))
}

/// The notice that a text is not in the reader's language (`m::txt`), once
/// per `<section>` (and once outside them) rather than after every line:
/// the first stays, the others of the same section go.
fn fallback_once_per_section(html: String) -> String {
    const MARK: &str = " <small class=\"fallback\">";
    if html.matches(MARK).nth(1).is_none() {
        return html;
    }
    let mut out = String::with_capacity(html.len());
    // Whether the section being read has shown its notice; the first is the page outside sections.
    let mut shown = vec![false];
    let mut rest = html.as_str();
    loop {
        let next = [MARK, "<section", "</section>"]
            .iter()
            .filter_map(|t| rest.find(t).map(|at| (at, *t)))
            .min_by_key(|(at, _)| *at);
        let Some((at, token)) = next else { break };
        out.push_str(&rest[..at]);
        rest = &rest[at..];
        match token {
            MARK => {
                let end = rest.find("</small>").map_or(rest.len(), |e| e + "</small>".len());
                let here = shown.last_mut().expect("the page's own level is never left");
                if !*here {
                    out.push_str(&rest[..end]);
                    *here = true;
                }
                rest = &rest[end..];
            }
            "<section" => {
                shown.push(false);
                out.push_str(token);
                rest = &rest[token.len()..];
            }
            _ => {
                if shown.len() > 1 {
                    shown.pop();
                }
                out.push_str(token);
                rest = &rest[token.len()..];
            }
        }
    }
    out.push_str(rest);
    out
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_no_translation_notice_is_shown_once_per_section() {
        let mark = |t: &str| format!("<span lang=\"en\">{t}</span> <small class=\"fallback\">(英語)</small>");
        let html = format!(
            "<h1>{}</h1><section><p>{}</p><p>{}</p><section>{}</section><p>{}</p></section><section>{}</section>",
            mark("Title"),
            mark("a"),
            mark("b"),
            mark("nested"),
            mark("c"),
            mark("d")
        );
        let out = fallback_once_per_section(html);
        assert_eq!(out.matches("(英語)").count(), 4, "page, first section, nested section, last section: {out}");
        assert!(out.contains("<p><span lang=\"en\">b</span></p>"), "later lines lose it: {out}");
        assert!(out.contains("<span lang=\"en\">c</span></p>"), "{out}");
        assert!(out.contains("<section><span lang=\"en\">d</span> <small"), "{out}");
    }
}
