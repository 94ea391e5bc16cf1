//! Signing in and out.

use askama::Template;
use axum::Form;

use axum::extract::State;
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};
use serde::Deserialize;

use crate::AppState;
use crate::auth::{self, SESSION_COOKIE};
use crate::client::ClientIp;
use crate::cookies;
use crate::error::AppError;
use crate::page::Page;

#[derive(Template)]
#[template(path = "login.html")]
pub(crate) struct Login {
    page: Page,
    email: String,
    failed: bool,
    /// Arrived from setting a password (`?welcome=1`).
    welcome: bool,
}

#[derive(Deserialize)]
pub(crate) struct Arrived {
    welcome: Option<String>,
}

pub(crate) async fn form(
    page: Page,
    axum::extract::Query(q): axum::extract::Query<Arrived>,
) -> Result<impl IntoResponse, AppError> {
    super::render(&Login { page, email: String::new(), failed: false, welcome: q.welcome.is_some() })
}

#[derive(Deserialize)]
pub(crate) struct Credentials {
    email: String,
    password: String,
    csrf: String,
}

#[tracing::instrument(skip_all)]
pub(crate) async fn submit(
    State(state): State<AppState>,
    ClientIp(client): ClientIp,
    headers: HeaderMap,
    page: Page,
    Form(f): Form<Credentials>,
) -> Result<Response, AppError> {
    auth::check_csrf(&headers, &f.csrf)?;
    if !state.limits.login.allow(client) {
        return Err(AppError::TooMany);
    }
    match auth::sign_in(&state, &f.email, &f.password).await? {
        Some(token) => {
            let max_age = state.config.session_hours * 3600;
            let cookie = cookies::set(SESSION_COOKIE, &token, max_age, state.config.secure_cookies);
            let mut res = Redirect::to("/").into_response();
            res.headers_mut().append(
                header::SET_COOKIE,
                HeaderValue::from_str(&cookie).map_err(|e| AppError::Internal(e.to_string()))?,
            );
            renew_signed_out_csrf(&mut res, &state)?;
            Ok(res)
        }
        None => {
            tracing::info!("sign-in refused");
            let html = super::render(&Login { page, email: f.email, failed: true, welcome: false })?;
            Ok((StatusCode::UNAUTHORIZED, html).into_response())
        }
    }
}

pub(crate) async fn logout(
    State(state): State<AppState>,
    headers: HeaderMap,
    body: axum::body::Bytes,
) -> Result<Response, AppError> {
    let _form = crate::forms::FormData::posted(&headers, &body)?;
    auth::sign_out(&state, &headers).await?;
    let mut res = Redirect::to("/").into_response();
    let gone = cookies::set(SESSION_COOKIE, "", 0, state.config.secure_cookies);
    res.headers_mut()
        .append(header::SET_COOKIE, HeaderValue::from_str(&gone).map_err(|e| AppError::Internal(e.to_string()))?);
    renew_signed_out_csrf(&mut res, &state)?;
    Ok(res)
}

/// A new signed-out CSRF cookie at sign-in and sign-out (see
/// [`auth::expected_csrf`]): a token from before does not carry over.
fn renew_signed_out_csrf(res: &mut Response, state: &AppState) -> Result<(), AppError> {
    let cookie = cookies::set(auth::CSRF_COOKIE, &auth::random_token(), 60 * 60 * 24 * 30, state.config.secure_cookies);
    res.headers_mut()
        .append(header::SET_COOKIE, HeaderValue::from_str(&cookie).map_err(|e| AppError::Internal(e.to_string()))?);
    Ok(())
}
