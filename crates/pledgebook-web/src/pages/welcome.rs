//! `/welcome/{token}`: the one-time link of an invitation or a password
//! reset, where the person sets their password and can then sign in.

use askama::Template;
use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Redirect, Response};
use chrono::Utc;
use pledgebook_core::user::MIN_PASSWORD_CHARS;

use crate::AppState;
use crate::auth::token_hash;
use crate::error::AppError;
use crate::forms::{FieldErrors, FormData};
use crate::page::Page;

#[derive(Template)]
#[template(path = "welcome.html")]
pub(crate) struct Welcome {
    page: Page,
    token: String,
    /// The link has been used or has expired.
    gone: bool,
    errors: FieldErrors,
}

fn looks_like_token(t: &str) -> bool {
    t.len() == 64 && t.bytes().all(|b| b.is_ascii_hexdigit())
}

pub(crate) async fn form(
    State(state): State<AppState>,
    Path(token): Path<String>,
    page: Page,
) -> Result<Response, AppError> {
    let live = looks_like_token(&token)
        && state.store.read().await?.password_link_user(&token_hash(&token), Utc::now()).await?.is_some();
    let view = Welcome { page, token, gone: !live, errors: FieldErrors::default() };
    let status = if live { StatusCode::OK } else { StatusCode::GONE };
    Ok((status, super::render(&view)?).into_response())
}

pub(crate) async fn set_password(
    State(state): State<AppState>,
    Path(token): Path<String>,
    headers: HeaderMap,
    page: Page,
    body: Bytes,
) -> Result<Response, AppError> {
    let form = FormData::posted(&headers, &body)?;
    let (password, again) = (form.get("password"), form.get("password_again"));
    let mut errors = FieldErrors::default();
    if password.chars().count() < MIN_PASSWORD_CHARS {
        errors.add("password", page.t_args("error-password-short", &[("count", MIN_PASSWORD_CHARS as i64)]));
    } else if password != again {
        errors.add("password_again", page.t("error-passwords-differ"));
    }
    if !looks_like_token(&token) {
        return Err(AppError::NotFound);
    }
    if errors.is_empty() {
        let hash = crate::auth::hash_password(password).map_err(AppError::Internal)?;
        let mut tx = state.store.write().await?;
        if let Some(user) = tx.take_password_link(&token_hash(&token), Utc::now()).await? {
            tx.set_password_hash(user, &hash).await?;
            tx.commit().await?;
            return Ok(Redirect::to("/login?welcome=1").into_response());
        }
        tx.commit().await?;
        let view = Welcome { page, token, gone: true, errors };
        return Ok((StatusCode::GONE, super::render(&view)?).into_response());
    }
    let view = Welcome { page, token, gone: false, errors };
    Ok((StatusCode::UNPROCESSABLE_ENTITY, super::render(&view)?).into_response())
}
