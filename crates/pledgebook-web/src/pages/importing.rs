//! Importing an implementation-status report in the browser, for the
//! secretariat: upload the text or the PDF, see what it holds and what it
//! would change in the database (the whole import runs in a transaction
//! that is rolled back), then confirm, accepting the departures from the
//! expected structure if there are any. Conflicts (a measure numbered
//! twice) cannot be accepted.

use askama::Template;
use axum::extract::{Multipart, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{Html, IntoResponse, Redirect, Response};
use pledgebook_core::{Actor, Period};
use pledgebook_import::report::{self, Report, Summary, Target};
use pledgebook_import::{Level, Warning};

use crate::AppState;
use crate::auth;
use crate::error::AppError;
use crate::forms::{FieldErrors, FormData, SECRETARIAT, with_role};
use crate::page::Page;

/// The largest document the page takes: no report comes close.
pub const MAX_UPLOAD_BYTES: usize = 16 * 1024 * 1024;

/// The layouts the form offers; "" detects one.
const PROFILES: [&str; 5] = ["", "reference", "decimal", "actions", "ja-jisshi"];

#[derive(Template)]
#[template(path = "import.html")]
pub(crate) struct ImportForm {
    page: Page,
    form: FormData,
    errors: FieldErrors,
    profiles: [&'static str; 5],
}

/// One warning as the preview lists it.
pub(crate) struct Shown {
    pub line: u32,
    pub level: &'static str,
    pub message: String,
}

#[derive(Template)]
#[template(path = "import_preview.html")]
pub(crate) struct Preview {
    page: Page,
    form: FormData,
    /// The text read from the file, sent back with the confirmation.
    text: String,
    source: String,
    reason: String,
    counts: (usize, usize, usize),
    warnings: Vec<Shown>,
    /// What the import would do, when the structure allows it.
    summary: Option<Summary>,
    /// Per kind of record: new, changed, unchanged.
    rows: Vec<(&'static str, usize, usize, usize)>,
    /// Why it would be refused, if it would.
    refusal: Option<String>,
    /// Departures the user may accept (and no conflict).
    acceptable: bool,
    /// Something that would merge two records: the file must be corrected.
    conflicts: bool,
}

pub(crate) async fn form(page: Page) -> Result<Html<String>, AppError> {
    with_role(&page, &SECRETARIAT)?;
    super::render(&ImportForm { page, form: FormData::default(), errors: FieldErrors::default(), profiles: PROFILES })
}

/// The form's fields and the uploaded file, the CSRF token checked first,
/// so nothing of a stranger's upload is read.
async fn read_upload(
    mut multipart: Multipart,
    headers: &HeaderMap,
) -> Result<(FormData, Option<(String, Vec<u8>)>), AppError> {
    let unreadable =
        |e: axum::extract::multipart::MultipartError| AppError::BadRequest(format!("the form could not be read: {e}"));
    let first = multipart.next_field().await.map_err(unreadable)?.ok_or(AppError::Csrf)?;
    if first.name() != Some("csrf") {
        return Err(AppError::Csrf);
    }
    auth::check_csrf(headers, first.text().await.map_err(unreadable)?.trim())?;
    let (mut pairs, mut file) = (Vec::new(), None);
    while let Some(mut field) = multipart.next_field().await.map_err(unreadable)? {
        let name = field.name().unwrap_or_default().to_owned();
        if name == "file" {
            let file_name = field.file_name().unwrap_or("report.txt").to_owned();
            let mut bytes = Vec::new();
            while let Some(chunk) = field.chunk().await.map_err(unreadable)? {
                if bytes.len() + chunk.len() > MAX_UPLOAD_BYTES {
                    return Err(AppError::BadRequest(format!(
                        "the file is larger than {} MB; split the report and import the parts",
                        MAX_UPLOAD_BYTES / 1024 / 1024
                    )));
                }
                bytes.extend_from_slice(&chunk);
            }
            file = Some((file_name, bytes));
        } else {
            pairs.push((name, field.text().await.map_err(unreadable)?));
        }
    }
    Ok((FormData::from_pairs(pairs), file))
}

/// The document's text: the text layer of a PDF, or a text file in any of
/// the encodings the importer reads.
fn document_text(bytes: &[u8]) -> Result<String, String> {
    if pledgebook_import::pdf::is_pdf(bytes) {
        return pledgebook_import::pdf::text(bytes).map_err(|e| e.to_string());
    }
    pledgebook_import::decode(bytes).map(|d| d.text).map_err(|e| e.to_string())
}

fn parse(source: &str, text: &str, profile: &str) -> Result<Report, String> {
    report::read_report_as(source, text, Some(profile)).map_err(|e| e.to_string())
}

/// What the form asks for, checked: the initiative's key and the period.
fn target_fields(page: &Page, form: &FormData, errors: &mut FieldErrors) -> Option<Period> {
    if form.get("initiative").trim().is_empty() {
        errors.add("initiative", page.t("error-required"));
    }
    match form.get("period").trim().parse::<Period>() {
        Ok(p) => Some(p),
        Err(e) => {
            errors.add("period", e.to_string());
            None
        }
    }
}

/// Where the form says the report goes: the plan's key, its title if it is
/// new, and the period.
fn target(form: &FormData, period: Period, accept_departures: bool) -> Target<'_> {
    let title = Some(form.get("title").trim()).filter(|t| !t.is_empty());
    Target { initiative: form.get("initiative").trim(), period, title, accept_departures }
}

/// Runs the import; with `commit` false it is rolled back, for the preview.
async fn run(
    state: &AppState,
    actor: &Actor,
    report: &Report,
    target: &Target<'_>,
    commit: bool,
) -> Result<Result<Summary, String>, AppError> {
    let mut tx = state.store.write().await?;
    match report::apply(&mut *tx, actor, report, target, &mut |_, _| {}).await {
        Ok(summary) => {
            if commit {
                tx.commit().await?;
            }
            Ok(Ok(summary))
        }
        Err(e) => Ok(Err(e.to_string())),
    }
}

fn shown(w: &Warning) -> Shown {
    let level = match w.level {
        Level::Notice => "notice",
        Level::Departure => "departure",
        Level::Conflict => "conflict",
    };
    Shown { line: w.line, level, message: w.message.clone() }
}

/// The preview: what the file holds and what importing it would change.
pub(crate) async fn preview(
    State(state): State<AppState>,
    headers: HeaderMap,
    page: Page,
    multipart: Multipart,
) -> Result<Response, AppError> {
    let actor = with_role(&page, &SECRETARIAT)?.actor();
    let (form, file) = read_upload(multipart, &headers).await?;
    let mut errors = FieldErrors::default();
    let period = target_fields(&page, &form, &mut errors);
    let read = match &file {
        Some((name, bytes)) if !bytes.is_empty() => document_text(bytes).map(|t| (name.clone(), t)),
        _ => Err(page.t("error-required")),
    };
    let (source, text) = match read {
        Ok(r) => r,
        Err(e) => {
            errors.add("file", e);
            (String::new(), String::new())
        }
    };
    let parsed = parse(&source, &text, form.get("profile"));
    if let Err(e) = &parsed {
        errors.add("profile", e.clone());
    }
    let (Ok(report), Some(period), true) = (parsed, period, errors.is_empty()) else {
        let view = ImportForm { page, form, errors, profiles: PROFILES };
        return Ok((StatusCode::UNPROCESSABLE_ENTITY, super::render(&view)?).into_response());
    };
    let view = preview_of(&state, &actor, page, form, text, report, period, false).await?;
    Ok(super::render(&view)?.into_response())
}

#[allow(clippy::too_many_arguments)]
async fn preview_of(
    state: &AppState,
    actor: &Actor,
    page: Page,
    form: FormData,
    text: String,
    report: Report,
    period: Period,
    accept: bool,
) -> Result<Preview, AppError> {
    // The preview runs with departures accepted, so it shows what would change either way.
    let target = target(&form, period, true);
    let conflicts = pledgebook_import::blocking(&report.warnings, true);
    let departures = pledgebook_import::blocking(&report.warnings, false);
    let acceptable = conflicts.is_empty() && !departures.is_empty();
    let (summary, failed) = match run(state, actor, &report, &target, false).await? {
        Ok(s) => (Some(s), None),
        Err(e) => (None, Some(e)),
    };
    let refusal = if !conflicts.is_empty() {
        Some(pledgebook_import::refusal(&conflicts, true))
    } else if acceptable && !accept {
        Some(pledgebook_import::refusal(&departures, false))
    } else {
        failed
    };
    let results = report.measures.iter().flat_map(|m| &m.plans).map(|p| p.results.len()).sum();
    let rows = summary.as_ref().map_or_else(Vec::new, |s| {
        let n = |m: &std::collections::HashMap<&str, usize>, k: &str| m.get(k).copied().unwrap_or(0);
        ["initiative", "commitment", "progress_entry", "organisation"]
            .into_iter()
            .map(|k| (k, n(&s.created, k), n(&s.updated, k), n(&s.unchanged, k)))
            .collect()
    });
    Ok(Preview {
        page,
        form,
        text,
        source: report.source.clone(),
        reason: report.reason.clone(),
        counts: (report.pillars.len(), report.measures.len(), results),
        warnings: report.warnings.iter().map(shown).collect(),
        summary,
        rows,
        refusal,
        acceptable,
        conflicts: !conflicts.is_empty(),
    })
}

/// Imports the previewed text, once the user confirms (and, where the file
/// departs from the expected structure, accepts that).
pub(crate) async fn confirm(
    State(state): State<AppState>,
    headers: HeaderMap,
    page: Page,
    multipart: Multipart,
) -> Result<Response, AppError> {
    let actor = with_role(&page, &SECRETARIAT)?.actor();
    let (form, _) = read_upload(multipart, &headers).await?;
    let mut errors = FieldErrors::default();
    let period = target_fields(&page, &form, &mut errors).ok_or_else(|| AppError::BadRequest("no period".into()))?;
    let report = parse(form.get("source"), form.get("text"), form.get("profile")).map_err(AppError::BadRequest)?;
    let accept = form.checked("accept");
    let into = target(&form, period, accept);
    match run(&state, &actor, &report, &into, true).await? {
        Ok(_) => Ok(Redirect::to(&format!("/initiatives/{}", into.initiative)).into_response()),
        Err(_) => {
            let text = form.get("text").to_owned();
            let view = preview_of(&state, &actor, page, form, text, report, period, accept).await?;
            Ok((StatusCode::UNPROCESSABLE_ENTITY, super::render(&view)?).into_response())
        }
    }
}
