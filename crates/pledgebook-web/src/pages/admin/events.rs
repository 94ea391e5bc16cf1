//! `/admin/events`: meetings, forums and campaigns, with their dates,
//! place (or online / hybrid), organisers, co-organisers, presenters,
//! attendance and the commitments and initiative they serve. The public
//! events page and the iCal feed read the same records.

use askama::Template;
use axum::extract::{RawQuery, State};
use axum::response::Html;
use pledgebook_core::paging::Limits;
use pledgebook_core::store::{Filter, Reader};
use pledgebook_core::{Commitment, Event, EventMode, Id, Initiative, Kind, Presenter, ops};

use super::rows::{self, MAX_ROWS};
use crate::AppState;
use crate::api::list::ListParams;
use crate::error::AppError;
use crate::forms::{FieldErrors, FormData, SECRETARIAT, with_role};
use crate::page::Page;

const MODES: [EventMode; 3] = [EventMode::InPerson, EventMode::Online, EventMode::Hybrid];

pub(crate) struct Row {
    pub id: i64,
    pub title: String,
    pub date: String,
    pub mode: String,
}

#[derive(Template)]
#[template(path = "admin_events.html")]
pub(crate) struct List {
    page: Page,
    rows: Vec<Row>,
    total: String,
    next: Option<String>,
}

/// `/admin/events`
pub(crate) async fn list(
    State(state): State<AppState>,
    RawQuery(raw): RawQuery,
    page: Page,
) -> Result<Html<String>, AppError> {
    with_role(&page, &SECRETARIAT)?;
    let params = ListParams::parse(raw.as_deref(), &[], Limits::PAGE)?;
    let mut r = state.store.read().await?;
    let filter = Filter::of(Kind::Event);
    let super::Listing { rows, total, next } =
        super::listing::<Event, _>(&mut *r, &page, &filter, &params, ("/admin/events", "events-count"), |e| Row {
            id: e.id.get(),
            title: e.title.show(page.lang).text.to_owned(),
            date: e.starts.to_string(),
            mode: page.t(&format!("mode-{}", e.mode.as_str())),
        })
        .await?;
    crate::pages::render(&List { rows, total, next, page })
}

#[derive(Template)]
#[template(path = "admin_event.html")]
pub(crate) struct Edit {
    page: Page,
    id: Option<i64>,
    version: i64,
    form: FormData,
    errors: FieldErrors,
    modes: Vec<(&'static str, String)>,
    presenter_rows: usize,
    link_rows: usize,
    saved: bool,
}

impl Edit {
    fn new(page: Page, id: Option<i64>, version: i64, form: FormData, errors: FieldErrors) -> Self {
        let modes = MODES.iter().map(|m| (m.as_str(), page.t(&format!("mode-{}", m.as_str())))).collect();
        Edit {
            presenter_rows: rows::shown(&form, "pr", "org"),
            link_rows: rows::shown(&form, "link", "url"),
            page,
            id,
            version,
            form,
            errors,
            modes,
            saved: false,
        }
    }

    fn cell(&self, prefix: &str, i: &usize, field: &str) -> &str {
        rows::cell(&self.form, prefix, *i, field)
    }
}

/// `/admin/events/new`
pub(crate) async fn new_form(page: Page) -> Result<Html<String>, AppError> {
    with_role(&page, &SECRETARIAT)?;
    let form = FormData::from_pairs(vec![("mode".into(), EventMode::InPerson.as_str().into())]);
    crate::pages::render(&Edit::new(page, None, 0, form, FieldErrors::default()))
}

async fn as_form(r: &mut dyn Reader, e: &Event) -> Result<FormData, AppError> {
    let initiative = match e.initiative {
        Some(i) => ops::get::<Initiative>(r, i).await?.slug.clone(),
        None => String::new(),
    };
    let mut pairs: Vec<(String, String)> = vec![
        ("title_en".into(), e.title.en.clone().unwrap_or_default()),
        ("title_ja".into(), e.title.ja.clone().unwrap_or_default()),
        ("summary_en".into(), e.summary.en.clone().unwrap_or_default()),
        ("summary_ja".into(), e.summary.ja.clone().unwrap_or_default()),
        ("starts".into(), e.starts.to_string()),
        ("ends".into(), e.ends.map(|d| d.to_string()).unwrap_or_default()),
        ("place".into(), e.place.clone().unwrap_or_default()),
        ("mode".into(), e.mode.as_str().into()),
        ("initiative".into(), initiative),
        ("organisers".into(), rows::organisation_keys(r, &e.organisers).await?),
        ("co_organisers".into(), rows::organisation_keys(r, &e.co_organisers).await?),
        ("attendance".into(), e.attendance.map(|n| n.to_string()).unwrap_or_default()),
        ("commitments".into(), e.commitments.iter().map(ToString::to_string).collect::<Vec<_>>().join(", ")),
    ];
    let presenters =
        ops::get_many::<pledgebook_core::Organisation>(r, e.presenters.iter().map(|p| p.organisation)).await?;
    for (i, p) in e.presenters.iter().enumerate().take(MAX_ROWS) {
        let key = presenters.get(&p.organisation).map(|o| o.slug.clone()).unwrap_or_default();
        pairs.push((format!("pr{i}_org"), key));
        pairs.push((format!("pr{i}_topic"), p.topic.clone().unwrap_or_default()));
    }
    pairs.extend(rows::link_pairs(&e.links));
    Ok(FormData::from_pairs(pairs))
}

/// Reads the form into an event with key `key`.
async fn read(
    r: &mut dyn Reader,
    page: &Page,
    form: &FormData,
    key: String,
) -> Result<(Option<Event>, FieldErrors), AppError> {
    let mut errors = FieldErrors::default();
    let bad_date = page.t("error-date");
    let starts = rows::date(form, "starts", &mut errors, &bad_date);
    if starts.is_none() && errors.get("starts").is_none() {
        errors.add("starts", page.t("error-event-starts"));
    }
    let ends = rows::date(form, "ends", &mut errors, &bad_date);
    let mode = MODES.into_iter().find(|m| m.as_str() == form.get("mode")).unwrap_or_default();
    let initiative = match form.get("initiative") {
        "" => None,
        key => match ops::find::<Initiative>(r, key).await? {
            Some(i) => Some(i.id),
            None => {
                errors.add("initiative", format!("{} {key:?}", page.t("error-no-initiative")));
                None
            }
        },
    };
    let missing = page.t("error-no-organisation");
    let organisers = rows::organisations(r, form, "organisers", &missing, &mut errors).await?;
    let co_organisers = rows::organisations(r, form, "co_organisers", &missing, &mut errors).await?;
    let mut presenters = Vec::new();
    for i in 0..MAX_ROWS {
        let named = rows::cell(form, "pr", i, "org");
        if named.is_empty() {
            continue;
        }
        let topic = Some(rows::cell(form, "pr", i, "topic").to_owned()).filter(|t| !t.is_empty());
        match rows::organisation(r, named).await? {
            Some(o) => presenters.push(Presenter { organisation: o.id, topic }),
            None => errors.add(&format!("pr{i}_org"), format!("{missing} {named:?}")),
        }
    }
    let attendance = match form.get("attendance") {
        "" => None,
        n => match n.replace([',', ' '], "").parse::<u32>() {
            Ok(n) => Some(n),
            Err(_) => {
                errors.add("attendance", page.t("error-attendance"));
                None
            }
        },
    };
    let mut commitments = Vec::new();
    for id in form.get("commitments").split([',', ' ']).filter(|s| !s.is_empty()).take(MAX_ROWS) {
        match id.trim_start_matches('#').parse::<i64>() {
            Ok(n) if ops::get::<Commitment>(r, Id::new(n)).await.is_ok() => commitments.push(Id::new(n)),
            _ => errors.add("commitments", format!("{} {id:?}", page.t("error-no-commitment"))),
        }
    }
    let Some(starts) = starts else { return Ok((None, errors)) };
    let event = Event {
        key,
        title: rows::both(form, "title"),
        summary: rows::both(form, "summary"),
        starts,
        ends,
        place: Some(form.get("place").to_owned()).filter(|p| !p.is_empty()),
        mode,
        initiative,
        organisers,
        co_organisers,
        presenters,
        attendance,
        commitments,
        links: rows::links(form),
    };
    Ok((Some(event), errors))
}

fn placed(page: &Page, invalid: &pledgebook_core::Invalid) -> FieldErrors {
    let mut errors = FieldErrors::from_invalid(page, invalid);
    errors.rename("title", "title_en");
    errors.rename("key", "title_en");
    rows::place_links(&mut errors);
    errors
}

/// The key of a new event: its title and first day, as the demo's are.
fn new_key(form: &FormData) -> String {
    let title = rows::either(form, "title");
    let key = format!("{}-{}", pledgebook_core::record::slugify(title), form.get("starts"));
    pledgebook_core::record::fit_key(&key, pledgebook_core::record::KEY_MAX_BYTES)
}

/// The form read over the stored event, or into a new one.
async fn fill(
    r: &mut dyn Reader,
    page: &Page,
    form: &FormData,
    current: Option<&Event>,
) -> Result<(Option<Event>, FieldErrors), AppError> {
    let key = current.map_or_else(|| new_key(form), |e| e.key.clone());
    read(r, page, form, key).await
}

super::form_handlers!(Event, "/admin/events", ("title_en", "error-event-exists"));
