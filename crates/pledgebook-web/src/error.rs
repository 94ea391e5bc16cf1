//! The web layer's one error type.
//!
//! Policy: errors the user can fix (a missing page, a refused permission, an
//! invalid form, a stale CSRF token) are shown with what to do next, in both
//! languages since the failing request may not have got as far as choosing
//! one. Errors that are ours (the database failed) are logged with their
//! cause and shown only as "try again". API routes get the same
//! classification as JSON.

use axum::Json;
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Response};
use pledgebook_core::validation::Invalid;

#[derive(Debug, thiserror::Error)]
pub enum AppError {
    #[error("not found")]
    NotFound,
    #[error("sign in first")]
    Unauthorized,
    #[error("not allowed: {0}")]
    Forbidden(String),
    #[error("the form has expired")]
    Csrf,
    #[error("too many requests")]
    TooMany,
    #[error("{0}")]
    Invalid(Invalid),
    #[error("{0}")]
    Conflict(String),
    #[error("{0}")]
    BadRequest(String),
    /// Something this server lacks (a font for PDFs); the message says what.
    #[error("unavailable: {0}")]
    Unavailable(String),
    #[error("internal error: {0}")]
    Internal(String),
}

impl From<pledgebook_core::Error> for AppError {
    fn from(e: pledgebook_core::Error) -> Self {
        use pledgebook_core::Error as E;
        use pledgebook_core::store::StoreError as S;
        match e {
            E::Invalid { invalid, .. } => AppError::Invalid(invalid),
            E::NotFound { .. } => AppError::NotFound,
            E::Conflict(m) => AppError::Conflict(m),
            E::Forbidden(m) => AppError::Forbidden(m),
            E::Store(s @ (S::DuplicateKey { .. } | S::VersionConflict { .. })) => AppError::Conflict(s.to_string()),
            E::Store(other) => AppError::Internal(other.to_string()),
        }
    }
}

impl From<pledgebook_publish::Error> for AppError {
    fn from(e: pledgebook_publish::Error) -> Self {
        use pledgebook_publish::Error as E;
        match e {
            E::NoInitiative(_) => AppError::NotFound,
            E::Core(c) => c.into(),
            E::Store(s) => s.into(),
            too_big @ (E::TooLarge { .. } | E::TooManyRows { .. }) => AppError::BadRequest(too_big.to_string()),
            other => AppError::Internal(other.to_string()),
        }
    }
}

impl From<pledgebook_core::store::StoreError> for AppError {
    fn from(e: pledgebook_core::store::StoreError) -> Self {
        pledgebook_core::Error::from(e).into()
    }
}

impl AppError {
    pub fn status(&self) -> StatusCode {
        match self {
            AppError::NotFound => StatusCode::NOT_FOUND,
            AppError::Unauthorized => StatusCode::UNAUTHORIZED,
            AppError::Forbidden(_) | AppError::Csrf => StatusCode::FORBIDDEN,
            AppError::TooMany => StatusCode::TOO_MANY_REQUESTS,
            AppError::Invalid(_) => StatusCode::UNPROCESSABLE_ENTITY,
            AppError::Conflict(_) => StatusCode::CONFLICT,
            AppError::BadRequest(_) => StatusCode::BAD_REQUEST,
            AppError::Unavailable(_) => StatusCode::SERVICE_UNAVAILABLE,
            AppError::Internal(_) => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }

    /// What the user is told, in English and Japanese.
    fn advice(&self) -> (String, &'static str) {
        match self {
            AppError::NotFound => (
                "This page does not exist. Go back to the home page.".into(),
                "このページは存在しません。ホームに戻ってください。",
            ),
            AppError::Unauthorized => ("Please sign in first.".into(), "先にサインインしてください。"),
            AppError::Forbidden(_) => (
                "You are not allowed to do this. Ask your secretariat if you should be.".into(),
                "この操作の権限がありません。必要な場合は事務局にお問い合わせください。",
            ),
            AppError::Csrf => (
                "The form has expired. Reload the page and send it again.".into(),
                "フォームの有効期限が切れました。ページを再読み込みして、もう一度送信してください。",
            ),
            AppError::TooMany => (
                "You have tried too often. Wait a few minutes, then try again.".into(),
                "試行回数が多すぎます。数分待ってからもう一度お試しください。",
            ),
            AppError::Invalid(i) => (format!("Please correct: {i}"), "入力内容を確認してください。"),
            AppError::Conflict(m) => {
                (format!("{m}."), "他の人が先に変更しました。再読み込みしてからやり直してください。")
            }
            AppError::BadRequest(m) => (format!("{m}."), "リクエストが正しくありません。"),
            AppError::Unavailable(m) => (
                format!("This server cannot make this download yet: {m}. Ask its administrator."),
                "このサーバーではまだこのダウンロードを作成できません。管理者にお問い合わせください。",
            ),
            AppError::Internal(_) => (
                "Something went wrong on our side. Please try again in a minute.".into(),
                "サーバー側で問題が発生しました。しばらくしてからもう一度お試しください。",
            ),
        }
    }

    fn log(&self) {
        match self {
            AppError::Internal(cause) => tracing::error!(%cause, "request failed"),
            AppError::Unavailable(cause) => tracing::warn!(%cause, "download unavailable"),
            _ => {}
        }
    }
}

/// What a page's error says, kept on its response so that
/// [`site_error_pages`] can show it inside the site's page, in the
/// reader's language, with the header.
#[derive(Debug, Clone)]
pub(crate) struct Advice {
    pub en: String,
    pub ja: &'static str,
}

impl IntoResponse for AppError {
    fn into_response(self) -> Response {
        self.log();
        let (en, ja) = self.advice();
        let page = crate::pages::ErrorPage { status: self.status().as_u16(), en: en.clone(), ja };
        let mut res = (self.status(), Html(page.render_html())).into_response();
        res.extensions_mut().insert(Advice { en, ja });
        res
    }
}

/// Every error a page answers, ours or axum's own (a path or form it
/// cannot read, a URL no route has), is shown as the site's page: header,
/// the reader's language, and what to do next. API routes answer JSON
/// ([`api_errors_as_json`]); everything else passes unchanged.
pub async fn site_error_pages(
    axum::extract::State(state): axum::extract::State<crate::AppState>,
    req: axum::extract::Request,
    next: axum::middleware::Next,
) -> Response {
    let path = req.uri().path();
    if path.starts_with("/api/") || path == "/healthz" || path == "/metrics" {
        return next.run(req).await;
    }
    let (headers, uri) = (req.headers().clone(), req.uri().clone());
    let visitor = req.extensions().get::<crate::page::Visitor>().cloned();
    let res = next.run(req).await;
    let status = res.status();
    if !(status.is_client_error() || status.is_server_error()) {
        return res;
    }
    let advice = res.extensions().get::<Advice>().cloned();
    let is_html = res
        .headers()
        .get(axum::http::header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("text/html"));
    // A page that rendered its own answer (a form with its errors) keeps it.
    if is_html && advice.is_none() {
        return res;
    }
    let mut parts = axum::http::Request::builder().uri(uri).body(()).map(|r| r.into_parts().0);
    let page = match &mut parts {
        Ok(parts) => {
            parts.headers = headers;
            if let Some(v) = visitor {
                parts.extensions.insert(v);
            }
            <crate::page::Page as axum::extract::FromRequestParts<crate::AppState>>::from_request_parts(parts, &state)
                .await
                .ok()
        }
        Err(_) => None,
    };
    let Some(page) = page else { return res };
    let message = match (&advice, page.lang) {
        (Some(a), pledgebook_core::Lang::Ja) => a.ja.to_owned(),
        (Some(a), _) => a.en.clone(),
        (None, _) => page.t(&format!("error-status-{}", status.as_u16())),
    };
    let view = crate::pages::SiteError { status: status.as_u16(), message, page };
    let (mut parts, _) = res.into_parts();
    parts.headers.remove(axum::http::header::CONTENT_LENGTH);
    parts
        .headers
        .insert(axum::http::header::CONTENT_TYPE, axum::http::HeaderValue::from_static("text/html; charset=utf-8"));
    match crate::pages::render(&view) {
        Ok(html) => Response::from_parts(parts, axum::body::Body::from(html.0)),
        Err(_) => Response::from_parts(parts, axum::body::Body::from(status.to_string())),
    }
}

/// The same errors, as JSON for API clients: an [`ErrorBody`].
#[derive(Debug)]
pub struct ApiError(pub AppError);

/// The body of every error an API route answers.
#[derive(Debug, serde::Serialize, utoipa::ToSchema)]
pub struct ErrorBody {
    /// A short, stable name: `invalid`, `notfound`, `badrequest`, `conflict` ...
    pub error: String,
    /// What is wrong, in English.
    pub message: String,
    /// For `invalid`: each field that broke a rule.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    #[schema(required = false)]
    pub fields: Vec<pledgebook_core::validation::FieldError>,
}

impl<E: Into<AppError>> From<E> for ApiError {
    fn from(e: E) -> Self {
        ApiError(e.into())
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        self.0.log();
        let status = self.0.status();
        let (message, _) = self.0.advice();
        let body = match &self.0 {
            AppError::Invalid(i) => ErrorBody { error: "invalid".into(), message, fields: i.errors.clone() },
            other => ErrorBody {
                error: format!("{other:?}").split('(').next().unwrap_or("error").to_lowercase(),
                message,
                fields: Vec::new(),
            },
        };
        (status, Json(body)).into_response()
    }
}

/// The short names of [`ApiError`]'s `error` field, by status, for answers
/// that did not come from an `AppError` (axum's own rejections of a query,
/// path or body it cannot read, an unknown API route).
fn error_name(status: StatusCode) -> &'static str {
    match status.as_u16() {
        401 => "unauthorized",
        403 => "forbidden",
        404 => "notfound",
        409 => "conflict",
        413 => "toolarge",
        422 => "invalid",
        429 => "toomany",
        503 => "unavailable",
        500..=599 => "internal",
        _ => "badrequest",
    }
}

/// Every error an API route answers has the one JSON shape of
/// [`ApiError`], `{"error": name, "message": text}`: axum's plain-text
/// rejections and empty 404s are rewritten here, their text kept as the message.
pub async fn api_errors_as_json(req: axum::extract::Request, next: axum::middleware::Next) -> Response {
    if !req.uri().path().starts_with("/api/") {
        return next.run(req).await;
    }
    let res = next.run(req).await;
    let status = res.status();
    let is_json = res
        .headers()
        .get(axum::http::header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("application/json"));
    if !(status.is_client_error() || status.is_server_error()) || is_json {
        return res;
    }
    let (parts, body) = res.into_parts();
    let text = axum::body::to_bytes(body, 16 * 1024).await.map(|b| String::from_utf8_lossy(&b).trim().to_owned());
    let message = match text {
        Ok(t) if !t.is_empty() => t,
        _ => status.canonical_reason().unwrap_or("error").to_owned(),
    };
    let mut res =
        (status, Json(ErrorBody { error: error_name(status).into(), message, fields: Vec::new() })).into_response();
    for name in [axum::http::header::RETRY_AFTER, axum::http::header::ALLOW] {
        if let Some(v) = parts.headers.get(&name) {
            res.headers_mut().insert(name, v.clone());
        }
    }
    res
}
