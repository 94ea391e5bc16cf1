//! An account's API tokens on its back-office page: made (and shown once)
//! with a label saying what uses them, listed, revoked.

use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::HeaderMap;
use axum::response::{IntoResponse, Redirect, Response};

use super::accounts::{account_view, may_manage};
use crate::AppState;
use crate::error::AppError;
use crate::forms::{FieldErrors, FormData};
use crate::page::Page;

/// Longest label an API token takes.
const LABEL_CHARS: usize = 80;

/// `POST /admin/accounts/{id}/tokens`: a new API token, shown once.
pub(crate) async fn new_token(
    State(state): State<AppState>,
    Path(id): Path<i64>,
    headers: HeaderMap,
    page: Page,
    body: Bytes,
) -> Result<Response, AppError> {
    let form = FormData::posted(&headers, &body)?;
    may_manage(&state, &page, id).await?;
    let label = form.get("label");
    if label.is_empty() || label.chars().count() > LABEL_CHARS {
        let mut errors = FieldErrors::default();
        errors.add("label", page.t("error-token-label"));
        let view = account_view(&state, page, id, errors, None).await?;
        return super::refused(&view);
    }
    let token = crate::auth::new_api_token(&*state.store, id, label).await?;
    let mut view = account_view(&state, page, id, FieldErrors::default(), None).await?;
    view.new_token = Some(token);
    Ok(crate::pages::render(&view)?.into_response())
}

/// `POST /admin/accounts/{id}/tokens/revoke`: `token` is the token's hash.
pub(crate) async fn revoke_token(
    State(state): State<AppState>,
    Path(id): Path<i64>,
    headers: HeaderMap,
    page: Page,
    body: Bytes,
) -> Result<Redirect, AppError> {
    let form = FormData::posted(&headers, &body)?;
    may_manage(&state, &page, id).await?;
    let mut tx = state.store.write().await?;
    if !tx.revoke_api_token(id, form.get("token")).await? {
        return Err(AppError::NotFound);
    }
    tx.commit().await?;
    Ok(Redirect::to(&format!("/admin/accounts/{id}?sent=saved")))
}
