//! Open data from the site: an initiative's commitments as CSV and XLSX
//! (re-importable as is), the whole initiative as JSON, its activities as
//! IATI XML; every event as iCalendar.

use axum::extract::{Path, State};
use axum::http::{HeaderMap, header};
use axum::response::{IntoResponse, Response};
use pledgebook_publish::stream::{Export, Format};

use super::initiative_data;
use crate::AppState;
use crate::error::AppError;

/// What CSV downloads start with: the UTF-8 byte-order mark, without which
/// Excel (the tool most secretariats open them in) reads UTF-8 as the
/// system's legacy code page and shows Japanese as mojibake. The importers
/// skip it, so a download imports back unchanged.
pub(crate) const CSV_BOM: &[u8] = b"\xEF\xBB\xBF";

/// A CSV download: the byte-order mark, then the text.
pub(super) fn csv_attachment(filename: String, csv: String) -> Response {
    let mut bytes = CSV_BOM.to_vec();
    bytes.extend_from_slice(csv.as_bytes());
    attachment("text/csv; charset=utf-8", filename, bytes)
}

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

/// The most rows of an XLSX download from the site: a workbook is zipped
/// before it is sent, and 200,000 rows take about ten seconds, well inside
/// a request's time. Larger sheets come as CSV, or from `pledgebook export xlsx`.
const WEB_XLSX_ROWS: u64 = 200_000;

/// Downloads read from the store at the same time. Each holds a database
/// connection while its client reads, so a crowd of slow downloads must not
/// take every connection the pages need.
static DOWNLOADS: tokio::sync::Semaphore = tokio::sync::Semaphore::const_new(4);

fn download_slot() -> Result<tokio::sync::SemaphorePermit<'static>, AppError> {
    DOWNLOADS
        .try_acquire()
        .map_err(|_| AppError::Unavailable("several downloads are being prepared; try again in a minute".into()))
}

/// An export sent as it is read: the first piece is read before the
/// answer starts, so a missing initiative is a 404, not a broken download;
/// a failure later ends the download early (and is logged).
async fn streamed(
    state: &AppState,
    key: &str,
    format: Format,
    content_type: &str,
    filename: String,
) -> Result<Response, AppError> {
    let slot = download_slot()?;
    let mut r = state.store.read().await?;
    let mut export = Export::open(&mut *r, key, format).await?;
    let mut first = export.next(&mut *r).await?;
    if content_type.starts_with("text/csv")
        && let Some(piece) = &mut first
    {
        piece.splice(0..0, CSV_BOM.iter().copied());
    }
    let pieces =
        futures_util::stream::try_unfold((export, r, first, slot), |(mut export, mut r, pending, slot)| async move {
            let piece = match pending {
                Some(p) => Some(p),
                None => export.next(&mut *r).await.map_err(|e| {
                    tracing::error!(error = %e, "a download failed part way");
                    std::io::Error::other(e.to_string())
                })?,
            };
            Ok::<_, std::io::Error>(piece.map(|p| (axum::body::Bytes::from(p), (export, r, None, slot))))
        });
    Ok(attachment(content_type, filename, axum::body::Body::from_stream(pieces)))
}

/// `commitments.csv`, `observations.xlsx`, `reports.csv`, ...: one entity of
/// the initiative as CSV (streamed) or XLSX (built in a temporary file in
/// constant memory, then sent).
pub(crate) async fn sheet_file(
    State(state): State<AppState>,
    Path((slug, file)): Path<(String, String)>,
) -> Result<Response, AppError> {
    use pledgebook_publish::export::Entity;
    let (name, ext) = file.rsplit_once('.').ok_or(AppError::NotFound)?;
    let entity = Entity::ALL.into_iter().find(|e| e.name() == name).ok_or(AppError::NotFound)?;
    let filename = format!("{slug}-{file}");
    match ext {
        "csv" => streamed(&state, &slug, Format::Csv(entity), "text/csv; charset=utf-8", filename).await,
        "xlsx" => {
            let slot = download_slot()?;
            let mut file = tempfile::tempfile().map_err(|e| AppError::Internal(e.to_string()))?;
            let mut r = state.store.read().await?;
            pledgebook_publish::stream::xlsx(&mut *r, &slug, entity, &mut file, WEB_XLSX_ROWS).await?;
            drop(r);
            use std::io::{Read, Seek};
            file.rewind().map_err(|e| AppError::Internal(e.to_string()))?;
            let pieces = futures_util::stream::try_unfold((file, slot), |(mut file, slot)| async move {
                let mut buf = vec![0; 64 * 1024];
                let n = file.read(&mut buf)?;
                buf.truncate(n);
                Ok::<_, std::io::Error>((n > 0).then(|| (axum::body::Bytes::from(buf), (file, slot))))
            });
            Ok(attachment(
                "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                filename,
                axum::body::Body::from_stream(pieces),
            ))
        }
        _ => Err(AppError::NotFound),
    }
}

/// The whole initiative as JSON, streamed.
pub(crate) async fn initiative_json(
    State(state): State<AppState>,
    Path(slug): Path<String>,
) -> Result<Response, AppError> {
    streamed(&state, &slug, Format::Json, "application/json", format!("{slug}.json")).await
}

/// Every public event as iCalendar, streamed.
pub(crate) async fn events_ics(State(state): State<AppState>, headers: HeaderMap) -> Result<Response, AppError> {
    let host = headers
        .get(header::HOST)
        .and_then(|h| h.to_str().ok())
        .unwrap_or("pledgebook")
        .split(':')
        .next()
        .unwrap_or("pledgebook")
        .to_owned();
    let format = Format::Ical { host };
    streamed(&state, "", format, "text/calendar; charset=utf-8", "pledgebook-events.ics".into()).await
}

/// The initiative's public commitments as IATI 2.03 activity XML, streamed.
pub(crate) async fn iati_xml(State(state): State<AppState>, Path(slug): Path<String>) -> Result<Response, AppError> {
    let options = pledgebook_publish::iati::IatiOptions {
        publisher_ref: state.config.iati_publisher_ref.clone(),
        generated: chrono::Utc::now(),
    };
    streamed(&state, &slug, Format::Iati(options), "application/xml; charset=utf-8", format!("{slug}-iati.xml")).await
}

/// Figures summed by unit across the initiative, as CSV.
pub(crate) async fn aggregates_csv(
    State(state): State<AppState>,
    Path(slug): Path<String>,
) -> Result<Response, AppError> {
    let d = initiative_data(&state, &slug).await?;
    let csv = pledgebook_publish::aggregate::aggregate(&d, None).by_unit_csv();
    Ok(csv_attachment(format!("{slug}-figures.csv"), csv))
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
    Ok(csv_attachment(name, csv))
}
