//! What every page needs besides its own data: the reader's language, the
//! catalogue, who is signed in, the CSRF token for its forms, and the
//! current path for the language switch.

use std::sync::Arc;

use axum::extract::{FromRequestParts, Request, State};
use axum::http::request::Parts;
use axum::http::{HeaderValue, header};
use axum::middleware::Next;
use axum::response::Response;
use pledgebook_core::text::Shown;
use pledgebook_core::{Lang, Localized};

use crate::auth::{self, CSRF_COOKIE, SignedIn};
use crate::error::AppError;
use crate::i18n::Catalog;
use crate::{AppState, cookies, lang};

/// Set on every request by [`visitor_cookies`].
#[derive(Debug, Clone)]
pub(crate) struct Visitor {
    csrf: String,
    lang: Lang,
}

fn looks_like_token(v: &str) -> bool {
    v.len() == 64 && v.bytes().all(|b| b.is_ascii_hexdigit())
}

/// Gives every visitor a CSRF cookie, and remembers a language chosen with
/// the switch.
pub async fn visitor_cookies(State(state): State<AppState>, mut req: Request, next: Next) -> Response {
    let headers = req.headers();
    let chosen = lang::from_query(req.uri().query());
    let lang = lang::negotiate(req.uri().query(), headers);
    let existing = cookies::get(headers, CSRF_COOKIE).filter(|v| looks_like_token(v)).map(str::to_owned);
    let signed_out = existing.clone().unwrap_or_else(auth::random_token);
    let csrf = match cookies::get(headers, auth::SESSION_COOKIE) {
        Some(_) => auth::expected_csrf(headers).unwrap_or(signed_out.clone()),
        None => signed_out.clone(),
    };
    req.extensions_mut().insert(Visitor { csrf: csrf.clone(), lang });
    let mut res = next.run(req).await;
    let secure = state.config.secure_cookies;
    let mut set = |value: String| {
        if let Ok(v) = HeaderValue::from_str(&value) {
            res.headers_mut().append(header::SET_COOKIE, v);
        }
    };
    if existing.is_none() {
        set(cookies::set(CSRF_COOKIE, &signed_out, 60 * 60 * 24 * 30, secure));
    }
    if let Some(l) = chosen {
        set(cookies::set(lang::COOKIE, l.code(), 60 * 60 * 24 * 365, secure));
    }
    res
}

/// A piece of bilingual content as shown to this reader.
#[derive(Debug, Clone)]
pub struct Txt {
    pub text: String,
    pub lang: &'static str,
    pub fallback: bool,
}

impl Txt {
    pub fn new(shown: Shown<'_>) -> Self {
        Txt { text: shown.text.to_owned(), lang: shown.lang.code(), fallback: shown.fallback }
    }
}

#[derive(Debug, Clone)]
pub struct Page {
    pub lang: Lang,
    pub catalog: Arc<Catalog>,
    pub user: Option<SignedIn>,
    pub csrf: String,
    pub path: String,
}

impl Page {
    pub fn t(&self, key: &str) -> String {
        self.catalog.t(self.lang, key)
    }

    pub fn t_args(&self, key: &str, values: &[(&'static str, i64)]) -> String {
        self.catalog.t_args(self.lang, key, values)
    }

    pub fn count(&self, key: &str, n: usize) -> String {
        self.catalog.t_count(self.lang, key, n)
    }

    pub fn txt(&self, text: &Localized) -> Txt {
        Txt::new(text.show(self.lang))
    }

    pub fn lang_code(&self) -> &'static str {
        self.lang.code()
    }

    /// The current page in the other language.
    pub fn switch_href(&self) -> String {
        format!("{}?lang={}", self.path, self.lang.other().code())
    }

    pub fn other_lang_name(&self) -> &'static str {
        match self.lang.other() {
            Lang::En => "English",
            Lang::Ja => "日本語",
        }
    }

    pub fn role(&self) -> Option<pledgebook_core::Role> {
        self.user.as_ref().map(|u| u.user.role)
    }

    pub fn reviews(&self) -> bool {
        self.role().is_some_and(|r| r.reviews())
    }

    pub fn runs_secretariat(&self) -> bool {
        self.role().is_some_and(|r| r.edits_everything())
    }

    pub fn reports(&self) -> bool {
        self.role().is_some_and(|r| r != pledgebook_core::Role::Reviewer)
    }

    /// An editor's organisation, whose record they may correct.
    pub fn own_organisation(&self) -> Option<i64> {
        let user = &self.user.as_ref()?.user;
        (user.role == pledgebook_core::Role::Editor).then_some(user.organisation?.get())
    }

    pub fn user_label(&self) -> Option<&str> {
        self.user.as_ref().map(|u| u.user.name.as_str())
    }
}

#[cfg(test)]
impl Page {
    /// An English page with no one signed in, for unit tests of view code.
    pub fn for_tests() -> Self {
        Page { lang: Lang::En, catalog: Arc::new(Catalog::load()), user: None, csrf: String::new(), path: "/".into() }
    }
}

impl FromRequestParts<AppState> for Page {
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, Self::Rejection> {
        let visitor = parts.extensions.get::<Visitor>().cloned().unwrap_or_else(|| Visitor {
            csrf: String::new(),
            lang: lang::negotiate(parts.uri.query(), &parts.headers),
        });
        let user = auth::from_session(state, &parts.headers).await?;
        Ok(Page {
            lang: visitor.lang,
            catalog: state.catalog.clone(),
            user,
            csrf: visitor.csrf,
            path: parts.uri.path().to_owned(),
        })
    }
}
