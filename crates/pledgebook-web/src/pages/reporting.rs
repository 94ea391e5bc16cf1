//! Reporting rounds: the secretariat opens a period for an initiative; each
//! responsible organisation sees what it owes a report for and submits
//! progress entries; the secretariat sees who has and has not reported, and
//! downloads the list of missing reports. Closed rounds are locked.

use askama::Template;
use axum::extract::{Multipart, Path, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{Html, IntoResponse, Redirect, Response};
use pledgebook_core::store::{Filter, Keyset};
use pledgebook_core::{
    Actor, Commitment, Figure, Id, Initiative, Kind, Localized, Organisation, Period, ProgressEntry, Rel, ReviewState,
    Role, Safeguarding, Stored, ops, workflow,
};

use super::photos::{self, Held, MAX_PHOTO_BYTES, MAX_PHOTOS, Photo, image_type};
use crate::AppState;
use crate::auth;
use crate::error::AppError;
use crate::forms::{FieldErrors, FormData, signed_in};
use crate::page::{Page, Txt};

pub(crate) struct Owed {
    pub id: i64,
    pub title: Txt,
    pub initiative: Txt,
    pub period: String,
    pub done: bool,
}

#[derive(Template)]
#[template(path = "my_reports.html")]
pub(crate) struct MyReports {
    page: Page,
    owed: Vec<Owed>,
}

/// Commitments the "my reports" page lists at the most, and measures the
/// report form offers to repeat.
const OWED_SHOWN: u32 = 200;
const MEASURES_OFFERED: u32 = 2_000;

/// What the signed-in editor's organisation owes reports for, in every open round.
pub(crate) async fn mine(State(state): State<AppState>, page: Page) -> Result<Html<String>, AppError> {
    let user = signed_in(&page)?;
    let actor = user.actor();
    let mut owed = Vec::new();
    let Some(org) = actor.organisation else {
        return super::render(&MyReports { page, owed });
    };
    let mut r = state.store.read().await?;
    let answerable = Filter::of(Kind::Commitment).linked_to(&[Rel::Lead, Rel::CoResponsible], org.get()).public();
    let commitments = ops::query::<Commitment>(&mut *r, &answerable, Keyset::first(OWED_SHOWN)).await?;
    let initiatives = ops::get_many::<Initiative>(&mut *r, commitments.iter().map(|c| c.initiative)).await?;
    for c in &commitments {
        let Some(ini) = initiatives.get(&c.initiative) else { continue };
        for p in ini.open_rounds() {
            let sent = Filter::of(Kind::ProgressEntry)
                .under(c.id.get())
                .linked_to(&[Rel::ReportedBy], org.get())
                .with_facet("period", &p.to_string());
            let done = ops::query::<ProgressEntry>(&mut *r, &sent, Keyset::first(10))
                .await?
                .iter()
                .any(|e| e.reports(c.id, org, p));
            owed.push(Owed {
                id: c.id.get(),
                title: page.txt(&c.title),
                initiative: page.txt(&ini.title),
                period: p.to_string(),
                done,
            });
        }
    }
    super::render(&MyReports { page, owed })
}

#[derive(Template)]
#[template(path = "report_form.html")]
pub(crate) struct ReportForm {
    page: Page,
    id: i64,
    title: Txt,
    periods: Vec<String>,
    measures: Vec<(i64, String)>,
    form: FormData,
    errors: FieldErrors,
    /// Photos of a refused try, kept for the next (`pages::photos`).
    held: Vec<Held>,
}

async fn owned(state: &AppState, page: &Page, id: i64) -> Result<(Stored<Commitment>, Stored<Initiative>), AppError> {
    let user = signed_in(page)?;
    let mut r = state.store.read().await?;
    super::review::ensure_kind(&mut *r, id, pledgebook_core::Kind::Commitment).await?;
    let c = ops::get::<Commitment>(&mut *r, Id::new(id)).await?;
    if !user.actor().may_edit_for(&c.owners()) || user.user.role == Role::Reviewer {
        return Err(AppError::Forbidden("only the commitment's own organisations report on it".into()));
    }
    let ini = ops::get::<Initiative>(&mut *r, c.initiative).await?;
    Ok((c, ini))
}

async fn form_view(
    state: &AppState,
    page: Page,
    c: &Stored<Commitment>,
    ini: &Initiative,
    form: FormData,
    errors: FieldErrors,
    held: Vec<Held>,
) -> Result<ReportForm, AppError> {
    let mut r = state.store.read().await?;
    // A report may repeat another measure of the framework; a campaign of
    // single pledges has no framework, and no such choice.
    let mut placed = Filter::of(Kind::Commitment).in_initiative(c.initiative.get()).public();
    placed.has_facet = Some("node".into());
    let measures = ops::query::<Commitment>(&mut *r, &placed, Keyset::first(MEASURES_OFFERED))
        .await?
        .iter()
        .filter(|m| m.id != c.id)
        .map(|m| {
            (
                m.id.get(),
                format!(
                    "{} {}",
                    m.node.as_ref().map(ToString::to_string).unwrap_or_default(),
                    m.title.show(page.lang).text
                ),
            )
        })
        .collect();
    Ok(ReportForm {
        id: c.id.get(),
        title: page.txt(&c.title),
        periods: ini.open_rounds().map(|p| p.to_string()).collect(),
        measures,
        form,
        errors,
        held,
        page,
    })
}

pub(crate) async fn form(
    State(state): State<AppState>,
    Path(id): Path<i64>,
    page: Page,
) -> Result<Html<String>, AppError> {
    let (c, ini) = owned(&state, &page, id).await?;
    super::render(&form_view(&state, page, &c, &ini, FormData::default(), FieldErrors::default(), vec![]).await?)
}

/// "2,400 | participants" lines into figures.
fn figures(text: &str) -> Result<Vec<Figure>, String> {
    text.lines()
        .filter(|l| !l.trim().is_empty())
        .map(|l| {
            let (n, unit) = l.split_once('|').unwrap_or((l, ""));
            let value =
                n.trim().replace(',', "").parse::<f64>().map_err(|_| format!("{:?} is not a number", n.trim()))?;
            Ok(Figure { value, text: n.trim().to_owned(), unit: unit.trim().to_owned() })
        })
        .collect()
}

/// Reads a multipart report form: its text fields, and its photos.
/// Reads the report form as it streams in. The form sends its CSRF field
/// first; a body whose first field is not a valid token is refused before
/// anything more of it is read. A photo is read in chunks and no further
/// than [`MAX_PHOTO_BYTES`]: a larger one is an error on the field, not a
/// buffer of the whole upload.
async fn read_multipart(
    mut multipart: Multipart,
    headers: &HeaderMap,
    page: &Page,
    errors: &mut FieldErrors,
) -> Result<(FormData, Vec<Photo>), AppError> {
    let unreadable =
        |e: axum::extract::multipart::MultipartError| AppError::BadRequest(format!("the form could not be read: {e}"));
    let mut pairs = Vec::new();
    let mut photos = Vec::new();
    let first = multipart.next_field().await.map_err(unreadable)?.ok_or(AppError::Csrf)?;
    if first.name() != Some("csrf") {
        return Err(AppError::Csrf);
    }
    auth::check_csrf(headers, first.text().await.map_err(unreadable)?.trim())?;
    while let Some(mut field) = multipart.next_field().await.map_err(unreadable)? {
        let name = field.name().unwrap_or_default().to_owned();
        if name == "photo" {
            let file = field.file_name().unwrap_or("photo").to_owned();
            let mut bytes = Vec::new();
            let mut too_large = false;
            while let Some(chunk) = field.chunk().await.map_err(unreadable)? {
                too_large |= bytes.len() + chunk.len() > MAX_PHOTO_BYTES;
                if !too_large {
                    bytes.extend_from_slice(&chunk);
                }
            }
            if bytes.is_empty() && !too_large {
                continue;
            }
            match image_type(&bytes) {
                _ if too_large => errors.add("photo", page.t("error-photo-too-large")),
                _ if photos.len() >= MAX_PHOTOS => errors.add("photo", page.t("error-too-many-photos")),
                Some(t) => photos.push(Photo { name: file, content_type: t, bytes }),
                None => errors.add("photo", page.t("error-photo-type")),
            }
        } else {
            let value =
                field.text().await.map_err(|e| AppError::BadRequest(format!("the form could not be read: {e}")))?;
            pairs.push((name, value));
        }
    }
    Ok((FormData::from_pairs(pairs), photos))
}

/// A progress report an organisation sends on one of its commitments, from
/// the report form or the API: reported by the sender's organisation when it
/// answers for the commitment (else by the commitment's lead, for the
/// secretariat), pending review, with a key no one else will use.
pub(crate) fn new_entry(
    ini: &Stored<Initiative>,
    c: &Stored<Commitment>,
    actor: &Actor,
    period: Period,
    narrative: Localized,
    figures: Vec<Figure>,
) -> ProgressEntry {
    let reported_by: Vec<Id<Organisation>> = match actor.organisation {
        Some(o) if c.owners().contains(&o) => vec![o],
        _ => c.lead.clone(),
    };
    ProgressEntry {
        key: format!("{}/{}/c{}/{}", ini.slug, period.to_string().to_lowercase(), c.id, &auth::random_token()[..8]),
        initiative: ini.id,
        commitment: c.id,
        period,
        reported_by,
        agencies_as_written: vec![],
        narrative,
        date: None,
        figures,
        repeat_of: None,
        provenance: None,
        review: ReviewState::Pending,
        paragraph: None,
        safeguarding: Safeguarding::default(),
    }
}

pub(crate) async fn submit(
    State(state): State<AppState>,
    Path(id): Path<i64>,
    headers: HeaderMap,
    page: Page,
    multipart: Multipart,
) -> Result<Response, AppError> {
    // Who is sending is known from the headers: no body is read for a stranger.
    let user = signed_in(&page)?.id.get();
    let actor = signed_in(&page)?.actor();
    let mut errors = FieldErrors::default();
    let (form, sent) = read_multipart(multipart, &headers, &page, &mut errors).await?;
    let (c, ini) = owned(&state, &page, id).await?;
    // The photos an earlier, refused try kept (still ticked), then the new ones.
    let root = photos::root();
    let mut photos: Vec<(Option<Held>, Photo)> = form
        .all("held")
        .iter()
        .filter_map(|token| photos::take(&root, user, token))
        .map(|(held, photo)| (Some(held), photo))
        .collect();
    photos.extend(sent.into_iter().map(|p| (None, p)));
    if photos.len() > MAX_PHOTOS {
        errors.add("photo", page.t("error-too-many-photos"));
        photos.truncate(MAX_PHOTOS);
    }
    // A refused form keeps its photos for the next try.
    let keep = |photos: Vec<(Option<Held>, Photo)>| -> Result<Vec<Held>, AppError> {
        photos
            .into_iter()
            .map(|(held, p)| match held {
                Some(h) => Ok(h),
                None => photos::hold(&root, user, &p)
                    .map_err(|e| AppError::Internal(format!("a photo could not be kept for the next try: {e}"))),
            })
            .collect()
    };
    let period = form.get("period").parse::<Period>();
    let figs = figures(form.get("figures"));
    if let Err(e) = &period {
        errors.add("period", e.to_string());
    }
    if let Err(e) = &figs {
        errors.add("figures", e.clone());
    }
    let date = match form.get("date") {
        "" => None,
        d => match chrono::NaiveDate::parse_from_str(d, "%Y-%m-%d") {
            Ok(d) => Some(pledgebook_core::DateRange { from: d, to: None }),
            Err(_) => {
                errors.add("date", page.t("error-date"));
                None
            }
        },
    };
    let (Ok(period), Ok(figures), true) = (period, figs, errors.is_empty()) else {
        let view = form_view(&state, page, &c, &ini, form, errors, keep(photos)?).await?;
        return Ok((StatusCode::UNPROCESSABLE_ENTITY, super::render(&view)?).into_response());
    };
    let narrative = Localized {
        en: Some(form.get("narrative").to_owned()).filter(|s| !s.is_empty()),
        ja: Some(form.get("narrative_ja").to_owned()).filter(|s| !s.is_empty()),
    };
    let mut entry = new_entry(&ini, &c, &actor, period, narrative, figures);
    entry.date = date;
    entry.repeat_of = form.get("repeat_of").parse::<i64>().ok().map(Id::new);
    // A photo may show children: it waits for a reviewer's consent check.
    entry.safeguarding.involves_children = form.checked("children") || !photos.is_empty();
    let mut tx = state.store.write().await?;
    match workflow::submit_entry(&mut *tx, &actor, entry).await {
        Ok(saved) => {
            for (_, p) in &photos {
                tx.attach(saved.id.get(), &p.name, p.content_type, &p.bytes).await?;
            }
            tx.commit().await?;
            for held in photos.iter().filter_map(|(h, _)| h.as_ref()) {
                photos::forget(&root, user, &held.token);
            }
            Ok(Redirect::to("/report?sent=1").into_response())
        }
        Err(pledgebook_core::Error::Invalid { invalid, .. }) => {
            drop(tx);
            let errors = FieldErrors::from_invalid(&page, &invalid);
            let view = form_view(&state, page, &c, &ini, form, errors, keep(photos)?).await?;
            Ok((StatusCode::UNPROCESSABLE_ENTITY, super::render(&view)?).into_response())
        }
        Err(e) => Err(e.into()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn figures_are_read_one_per_line() {
        let f = figures("2,400 | participants\n\n12 | sessions").unwrap();
        assert_eq!((f[0].value, f[0].text.as_str(), f[0].unit.as_str()), (2400.0, "2,400", "participants"));
        assert_eq!(f.len(), 2);
        assert!(figures("many | people").is_err());
    }
}
