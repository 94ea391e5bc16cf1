//! Photos attached to progress entries. A photo is shown to the public only
//! when its entry is published and a reviewer confirmed consent; redacting
//! an entry keeps its photos private. Insiders (the secretariat, reviewers,
//! the entry's own organisation) see them to review them.

use axum::extract::{Path, State};
use axum::http::header;
use axum::response::{IntoResponse, Response};
use pledgebook_core::{Id, Kind, ProgressEntry, ops};

use crate::AppState;
use crate::error::AppError;
use crate::page::Page;

/// Whether the public may see the photos of an entry.
pub(crate) fn photos_public(e: &ProgressEntry) -> bool {
    e.is_public() && e.safeguarding.consent_confirmed
}

pub(crate) async fn show(State(state): State<AppState>, Path(id): Path<i64>, page: Page) -> Result<Response, AppError> {
    let mut r = state.store.read().await?;
    let (meta, bytes) = r.attachment(id).await?.ok_or(AppError::NotFound)?;
    let raw = r.get(meta.record_id).await?.ok_or(AppError::NotFound)?;
    if raw.kind != Kind::ProgressEntry {
        return Err(AppError::NotFound);
    }
    let entry = ops::get::<ProgressEntry>(&mut *r, Id::new(meta.record_id)).await?;
    let insider = page.reviews() || page.user.as_ref().is_some_and(|u| u.actor().may_edit_for(&entry.reported_by));
    if !photos_public(&entry) && !insider {
        // Not "forbidden": whether a private photo exists is itself private.
        return Err(AppError::NotFound);
    }
    let cache = if photos_public(&entry) { "public, max-age=3600" } else { "private, no-store" };
    Ok(([(header::CONTENT_TYPE, meta.content_type), (header::CACHE_CONTROL, cache.to_owned())], bytes).into_response())
}
