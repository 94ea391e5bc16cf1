//! Open data from the site: an initiative's commitments as CSV and XLSX
//! (re-importable as is), the whole initiative as JSON, its activities as
//! IATI XML; every event as iCalendar.

use axum::extract::{Path, State};
use axum::http::{HeaderMap, header};
use axum::response::{IntoResponse, Response};
use pledgebook_core::ops::Scan;
use pledgebook_core::store::Filter;
use pledgebook_core::{Event, Kind};

use super::initiative_data;
use crate::AppState;
use crate::error::AppError;

pub(super) fn attachment(content_type: &str, filename: String, body: impl IntoResponse) -> Response {
    (
        [
            (header::CONTENT_TYPE, content_type.to_owned()),
            (header::CONTENT_DISPOSITION, format!("attachment; filename=\"{filename}\"")),
        ],
        body,
    )
        .into_response()
}

/// `commitments.csv`, `observations.xlsx`, `reports.csv`, ...: one entity of
/// the initiative as CSV or XLSX.
pub(crate) async fn sheet_file(
    State(state): State<AppState>,
    Path((slug, file)): Path<(String, String)>,
) -> Result<Response, AppError> {
    use pledgebook_publish::export::{Entity, sheet};
    let (name, ext) = file.rsplit_once('.').ok_or(AppError::NotFound)?;
    let entity = Entity::ALL.into_iter().find(|e| e.name() == name).ok_or(AppError::NotFound)?;
    if !matches!(ext, "csv" | "xlsx") {
        return Err(AppError::NotFound);
    }
    let sheet = sheet(&initiative_data(&state, &slug).await?, entity);
    let internal = |e: pledgebook_publish::Error| AppError::Internal(e.to_string());
    Ok(match ext {
        "csv" => attachment("text/csv; charset=utf-8", format!("{slug}-{file}"), sheet.to_csv().map_err(internal)?),
        _ => attachment(
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            format!("{slug}-{file}"),
            sheet.to_xlsx().map_err(internal)?,
        ),
    })
}

pub(crate) async fn initiative_json(
    State(state): State<AppState>,
    Path(slug): Path<String>,
) -> Result<Response, AppError> {
    let d = initiative_data(&state, &slug).await?;
    let json = serde_json::to_string_pretty(&pledgebook_publish::export::initiative_json(&d))
        .map_err(|e| AppError::Internal(e.to_string()))?;
    Ok(attachment("application/json", format!("{slug}.json"), json))
}

pub(crate) async fn events_ics(State(state): State<AppState>, headers: HeaderMap) -> Result<Response, AppError> {
    let mut r = state.store.read().await?;
    let mut scan = Scan::new(Filter::of(Kind::Event).public(), 1_000);
    let mut events = Vec::new();
    while let Some(page) = scan.next::<Event>(&mut *r).await? {
        events.extend(page);
    }
    let host = headers
        .get(header::HOST)
        .and_then(|h| h.to_str().ok())
        .unwrap_or("pledgebook")
        .split(':')
        .next()
        .unwrap_or("pledgebook")
        .to_owned();
    Ok(attachment(
        "text/calendar; charset=utf-8",
        "pledgebook-events.ics".into(),
        pledgebook_publish::ical::calendar(&events, &host),
    ))
}

/// The initiative's public commitments as IATI 2.03 activity XML.
pub(crate) async fn iati_xml(State(state): State<AppState>, Path(slug): Path<String>) -> Result<Response, AppError> {
    let d = initiative_data(&state, &slug).await?;
    let options = pledgebook_publish::iati::IatiOptions {
        publisher_ref: state.config.iati_publisher_ref.clone(),
        generated: chrono::Utc::now(),
    };
    let xml = pledgebook_publish::iati::activities_xml(&d, &options).map_err(|e| AppError::Internal(e.to_string()))?;
    Ok(attachment("application/xml; charset=utf-8", format!("{slug}-iati.xml"), xml))
}

/// Figures summed by unit across the initiative, as CSV.
pub(crate) async fn aggregates_csv(
    State(state): State<AppState>,
    Path(slug): Path<String>,
) -> Result<Response, AppError> {
    let d = initiative_data(&state, &slug).await?;
    let csv = pledgebook_publish::aggregate::aggregate(&d, None).by_unit_csv();
    Ok(attachment("text/csv; charset=utf-8", format!("{slug}-figures.csv"), csv))
}

/// Every aggregate table of the figures page, for one period or all, as one long CSV.
pub(crate) async fn tables_csv(
    State(state): State<AppState>,
    Path(slug): Path<String>,
    axum::extract::Query(q): axum::extract::Query<super::PeriodQuery>,
) -> Result<Response, AppError> {
    let d = initiative_data(&state, &slug).await?;
    let period = super::parse_period(q.period.as_deref())?;
    let csv = pledgebook_publish::aggregate::aggregate(&d, period).tables_csv();
    let name = period.map_or_else(|| format!("{slug}-tables.csv"), |p| format!("{slug}-{p}-tables.csv"));
    Ok(attachment("text/csv; charset=utf-8", name, csv))
}
