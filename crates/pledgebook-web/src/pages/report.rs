//! The consolidated report on the site: the whole implementation-status
//! report for a period, the who-does-what matrix, the measures nobody
//! reported on, and the report as Markdown or as text in the original layout.

use askama::Template;

use axum::extract::{Path, Query, State};
use axum::response::{IntoResponse, Response};
use pledgebook_publish::report::{Report, ReportPillar};
use serde::Deserialize;

use super::downloads::attachment;
use crate::AppState;
use crate::client::ClientIp;
use crate::error::AppError;
use crate::page::Page;

#[derive(Deserialize)]
pub(crate) struct ReportQuery {
    period: Option<String>,
    format: Option<String>,
}

#[derive(Template)]
#[template(path = "report.html")]
pub(crate) struct ReportPage {
    page: Page,
    slug: String,
    title: String,
    period: String,
    pillars: Vec<ReportPillar>,
    uncovered: Vec<(String, String)>,
    measure_ids: Vec<String>,
    /// agency → counts per measure, in `measure_ids` order.
    matrix: Vec<(String, Vec<usize>)>,
    legend: Vec<(String, String)>,
    /// Japanese titles first, and a notice per pillar that its texts are English.
    japanese: bool,
}

impl ReportPage {
    /// Whether a pillar has texts of its own (plan paragraphs) to say are English.
    fn has_texts(&self, p: &ReportPillar) -> bool {
        p.measures.iter().any(|m| !m.plans.is_empty())
    }
}

pub(crate) async fn show(
    State(state): State<AppState>,
    Path(slug): Path<String>,
    ClientIp(client): ClientIp,
    Query(q): Query<ReportQuery>,
    page: Page,
) -> Result<Response, AppError> {
    let data = super::initiative_data(&state, &slug).await?;
    let period = super::parse_period(q.period.as_deref())?
        .or_else(|| data.initiative.periods.last().copied())
        .ok_or_else(|| AppError::BadRequest("this initiative has no reporting period".into()))?;
    let report = Report::build(&data, period);
    match q.format.as_deref() {
        Some("md") => {
            return Ok(attachment("text/markdown; charset=utf-8", format!("{slug}-{period}.md"), report.to_markdown()));
        }
        Some("txt") => {
            return Ok(attachment("text/plain; charset=utf-8", format!("{slug}-{period}.txt"), report.to_text()));
        }
        Some("pdf") => {
            if !state.limits.pdf.allow(client) {
                return Err(AppError::TooMany);
            }
            let pdf = pdf(&state, report, page.lang).await?;
            return Ok(attachment("application/pdf", format!("{slug}-{period}.pdf"), pdf));
        }
        _ => {}
    }
    let measure_ids: Vec<String> =
        report.pillars.iter().flat_map(|p| p.measures.iter().map(|m| m.id.clone())).collect();
    let matrix = report
        .matrix()
        .into_iter()
        .map(|(agency, counts)| (agency, measure_ids.iter().map(|m| counts.get(m).copied().unwrap_or(0)).collect()))
        .collect();
    let uncovered = report.uncovered().iter().map(|m| (m.id.clone(), m.title.clone())).collect();
    let view = ReportPage {
        japanese: page.lang == pledgebook_core::Lang::Ja,
        slug,
        title: report.title.clone(),
        period: period.to_string(),
        uncovered,
        measure_ids,
        matrix,
        legend: report.legend.clone(),
        pillars: report.pillars,
        page,
    };
    Ok(super::render(&view)?.into_response())
}

/// Typesets the report off the async threads: a long report takes a while.
async fn pdf(state: &AppState, report: Report, lang: pledgebook_core::Lang) -> Result<Vec<u8>, AppError> {
    let configured = state.config.pdf_font.clone();
    let fonts = state.pdf_fonts.clone();
    let today = chrono::Utc::now().date_naive();
    let _turn = state.limits.pdf_typesetting.acquire().await.map_err(|e| AppError::Internal(e.to_string()))?;
    tokio::task::spawn_blocking(move || {
        let fonts = fonts
            .get_or_init(|| pledgebook_publish::pdf::Fonts::locate(configured.as_deref()).map_err(|e| e.to_string()))
            .as_ref()
            .map_err(|e| AppError::Unavailable(e.clone()))?;
        pledgebook_publish::pdf::report_pdf(&report, fonts, today, lang).map_err(|e| AppError::Internal(e.to_string()))
    })
    .await
    .map_err(|e| AppError::Internal(e.to_string()))?
}
