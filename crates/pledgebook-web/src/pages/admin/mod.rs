//! The secretariat's back office under `/admin`: set-up and correction of
//! everything the public site shows, in the browser. Every write goes
//! through `pledgebook_core::ops` (so it is checked, authorised and has its
//! revision with a note); lists are paged and counted in SQL.

pub(crate) mod accounts;
pub(crate) mod commitments;
pub(crate) mod events;
pub(crate) mod framework;
pub(crate) mod indicators;
pub(crate) mod initiatives;
pub(crate) mod organisations;
pub(crate) mod outbox;
mod rows;
pub(crate) mod tokens;

use askama::Template;
use axum::extract::State;
use axum::response::Html;
use pledgebook_core::Kind;

use crate::AppState;
use crate::error::AppError;
use crate::forms::{SECRETARIAT, with_role};
use crate::page::Page;

/// One page of a back-office list: its rows, how many the whole list
/// holds in the reader's words, and the next page's address.
pub(crate) struct Listing<Row> {
    pub rows: Vec<Row>,
    pub total: String,
    pub next: Option<String>,
}

/// Reads one page of `filter` (paged by key and counted in SQL, as the
/// public lists), each record made a row by `row`; `count_key` is the
/// catalogue's sentence for the total ("12 events").
pub(crate) async fn listing<R: pledgebook_core::Record, Row>(
    r: &mut dyn pledgebook_core::store::Reader,
    page: &Page,
    filter: &pledgebook_core::store::Filter,
    params: &crate::api::list::ListParams,
    (path, count_key): (&str, &str),
    row: impl Fn(&pledgebook_core::Stored<R>) -> Row,
) -> Result<Listing<Row>, AppError> {
    let listed = crate::api::list::page::<R>(r, filter, params, path).await?;
    Ok(Listing {
        rows: listed.items.iter().map(row).collect(),
        total: page.count(count_key, listed.total as usize),
        next: listed.next,
    })
}

/// A back-office write: a new record, or a change to one the form was
/// filled from at `version`.
pub(crate) enum Write<R> {
    New(R),
    Change { id: pledgebook_core::Id<R>, version: i64, value: R },
}

/// Writes through `ops` with `note` and commits. What the rules refuse
/// comes back as field errors for the form (placed at their inputs by
/// `place`); a key already taken by a new record is said at `taken.0` with
/// message `taken.1`; a record changed since the form was filled, at
/// `version`.
pub(crate) async fn commit<R: pledgebook_core::Record>(
    mut tx: Box<dyn pledgebook_core::store::Tx>,
    actor: &pledgebook_core::Actor,
    write: Write<R>,
    note: &str,
    page: &Page,
    place: impl Fn(&pledgebook_core::Invalid) -> crate::forms::FieldErrors,
    taken: (&str, &str),
) -> Result<Result<pledgebook_core::Id<R>, crate::forms::FieldErrors>, AppError> {
    use pledgebook_core::ops;
    let new = matches!(write, Write::New(_));
    let written = match write {
        Write::New(value) => ops::create_noted(&mut *tx, actor, value, Some(note)).await.map(|s| s.id),
        Write::Change { id, version, value } => {
            ops::update_noted(&mut *tx, actor, id, version, value, Some(note)).await.map(|s| s.id)
        }
    };
    match written.map_err(AppError::from) {
        Ok(id) => {
            tx.commit().await?;
            Ok(Ok(id))
        }
        Err(AppError::Invalid(invalid)) => Ok(Err(place(&invalid))),
        Err(AppError::Conflict(_)) => {
            let mut errors = crate::forms::FieldErrors::default();
            match new {
                true => errors.add(taken.0, page.t(taken.1)),
                false => errors.add("version", page.t("error-changed-meanwhile")),
            }
            Ok(Err(errors))
        }
        Err(other) => Err(other),
    }
}

/// The answer to a form whose errors are shown with it.
pub(crate) fn refused(view: &impl Template) -> Result<axum::response::Response, AppError> {
    use axum::response::IntoResponse;
    Ok((axum::http::StatusCode::UNPROCESSABLE_ENTITY, crate::pages::render(view)?).into_response())
}

/// After a write, the record's page in the back office.
pub(crate) fn saved_at(path: &str, id: impl std::fmt::Display) -> axum::response::Response {
    use axum::response::IntoResponse;
    axum::response::Redirect::to(&format!("{path}/{id}?saved=1")).into_response()
}

/// `?saved=1` after a write: the page says so.
#[derive(serde::Deserialize)]
pub(crate) struct Saved {
    saved: Option<String>,
}

/// The create, edit and save handlers of a back-office form for records of
/// type `$R` under `$path`, for the secretariat. The module provides
/// `fill` (the form read over the stored record, or a new one), `as_form`
/// (the record as the form shows it), `placed` (the rules' errors at their
/// inputs) and `Edit::new` (the page); `$taken` is where and how a key
/// already in use is said.
macro_rules! form_handlers {
    ($R:ty, $path:literal, $taken:expr) => {
        /// `POST` to the list: a new record.
        pub(crate) async fn create(
            axum::extract::State(state): axum::extract::State<crate::AppState>,
            headers: axum::http::HeaderMap,
            page: crate::page::Page,
            body: axum::body::Bytes,
        ) -> Result<axum::response::Response, crate::error::AppError> {
            let form = crate::forms::FormData::posted(&headers, &body)?;
            let actor = crate::forms::with_role(&page, &crate::forms::SECRETARIAT)?.actor();
            let mut tx = state.store.write().await?;
            let (value, mut errors) = fill(&mut *tx, &page, &form, None).await?;
            if let (true, Some(value)) = (errors.is_empty(), value) {
                let note = super::note(&form, "added in the back office");
                let write = super::Write::New(value);
                match super::commit(tx, &actor, write, &note, &page, |i| placed(&page, i), $taken).await? {
                    Ok(id) => return Ok(super::saved_at($path, id)),
                    Err(e) => errors = e,
                }
            }
            super::refused(&Edit::new(page, None, 0, form, errors))
        }

        /// The form of one record.
        pub(crate) async fn edit_form(
            axum::extract::State(state): axum::extract::State<crate::AppState>,
            axum::extract::Path(id): axum::extract::Path<i64>,
            axum::extract::Query(q): axum::extract::Query<super::Saved>,
            page: crate::page::Page,
        ) -> Result<axum::response::Html<String>, crate::error::AppError> {
            crate::forms::with_role(&page, &crate::forms::SECRETARIAT)?;
            let mut r = state.store.read().await?;
            let current = pledgebook_core::ops::get::<$R>(&mut *r, pledgebook_core::Id::new(id)).await?;
            let form = as_form(&mut *r, &current).await?;
            let mut view = Edit::new(page, Some(id), current.version, form, Default::default());
            view.saved = q.is_saved();
            crate::pages::render(&view)
        }

        /// `POST` to one record: its new version.
        pub(crate) async fn save(
            axum::extract::State(state): axum::extract::State<crate::AppState>,
            axum::extract::Path(id): axum::extract::Path<i64>,
            headers: axum::http::HeaderMap,
            page: crate::page::Page,
            body: axum::body::Bytes,
        ) -> Result<axum::response::Response, crate::error::AppError> {
            let form = crate::forms::FormData::posted(&headers, &body)?;
            let actor = crate::forms::with_role(&page, &crate::forms::SECRETARIAT)?.actor();
            let version = super::version(&form)?;
            let mut tx = state.store.write().await?;
            let current = pledgebook_core::ops::get::<$R>(&mut *tx, pledgebook_core::Id::new(id)).await?;
            let (value, mut errors) = fill(&mut *tx, &page, &form, Some(&current.value)).await?;
            if let (true, Some(value)) = (errors.is_empty(), value) {
                let note = super::note(&form, "edited in the back office");
                let write = super::Write::Change { id: pledgebook_core::Id::new(id), version, value };
                match super::commit(tx, &actor, write, &note, &page, |i| placed(&page, i), ("", "")).await? {
                    Ok(id) => return Ok(super::saved_at($path, id)),
                    Err(e) => errors = e,
                }
            }
            super::refused(&Edit::new(page, Some(id), version, form, errors))
        }
    };
}
pub(crate) use form_handlers;

impl Saved {
    pub(crate) fn is_saved(&self) -> bool {
        self.saved.is_some()
    }
}

/// The version of the record the form was filled from.
pub(crate) fn version(form: &crate::forms::FormData) -> Result<i64, AppError> {
    form.get("version").parse().map_err(|_| AppError::BadRequest("the form does not say which version it edits".into()))
}

/// Longest note a change takes into the revision log.
const NOTE_CHARS: usize = 500;

/// The note the form gives for the revision log, or what the page did.
pub(crate) fn note(form: &crate::forms::FormData, default: &str) -> String {
    match form.get("note") {
        "" => default.to_owned(),
        n => n.chars().take(NOTE_CHARS).collect(),
    }
}

/// One section of the back office, with how many records it holds.
pub(crate) struct Section {
    pub href: &'static str,
    pub title: String,
    pub hint: String,
    pub count: Option<i64>,
}

#[derive(Template)]
#[template(path = "admin.html")]
pub(crate) struct Hub {
    page: Page,
    sections: Vec<Section>,
}

/// `/admin`: what the secretariat can set up and correct, and where.
pub(crate) async fn hub(State(state): State<AppState>, page: Page) -> Result<Html<String>, AppError> {
    with_role(&page, &SECRETARIAT)?;
    let mut r = state.store.read().await?;
    let mut sections = Vec::new();
    for (href, key, kind) in [
        ("/admin/initiatives", "admin-initiatives", Some(Kind::Initiative)),
        ("/admin/organisations", "admin-organisations", Some(Kind::Organisation)),
        ("/admin/events", "admin-events", Some(Kind::Event)),
        ("/admin/indicators", "admin-indicators", Some(Kind::Indicator)),
        ("/admin/accounts", "admin-accounts", Some(Kind::User)),
        ("/admin/import", "import-report", None),
        ("/admin/outbox", "outbox", None),
    ] {
        let count = match kind {
            // From the tallies, as every list's total: the same cost at a million records.
            Some(k) => Some(r.count_matching(&pledgebook_core::store::Filter::of(k)).await?),
            None => None,
        };
        sections.push(Section { href, title: page.t(key), hint: page.t(&format!("{key}-hint")), count });
    }
    super::render(&Hub { page, sections })
}
