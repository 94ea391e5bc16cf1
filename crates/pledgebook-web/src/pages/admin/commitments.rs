//! `/admin/commitments/{id}`: every text of a pledge, measure or project
//! in English and Japanese, its facets, its organisations and links; and
//! its withdrawal. The status changes only through its transitions (review
//! decides, a withdrawal is one): this form never sets it. The secretariat
//! edits any commitment, an editor those of their organisation.

use askama::Template;
use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{Html, IntoResponse, Redirect, Response};
use pledgebook_core::store::Reader;
use pledgebook_core::{Commitment, Id, Initiative, Status, Stored, ops};

use super::rows::{self, MAX_ROWS};
use crate::AppState;
use crate::error::AppError;
use crate::forms::{FieldErrors, FormData, signed_in};
use crate::page::{Page, Txt};

/// The texts a commitment has, as (field, label key).
const TEXTS: [(&str, &str); 4] =
    [("title", "title"), ("description", "the-pledge"), ("implementation", "implementation"), ("impact", "impact")];

/// A facet of the commitment's initiative, with each value and whether it is chosen.
pub(crate) struct FacetChoice {
    pub key: String,
    pub label: Txt,
    pub values: Vec<(String, Txt, bool)>,
}

#[derive(Template)]
#[template(path = "admin_commitment.html")]
pub(crate) struct Edit {
    page: Page,
    id: i64,
    version: i64,
    status: String,
    withdrawable: bool,
    form: FormData,
    errors: FieldErrors,
    facets: Vec<FacetChoice>,
    link_rows: usize,
    saved: bool,
}

impl Edit {
    fn texts(&self) -> &'static [(&'static str, &'static str)] {
        &TEXTS
    }
}

/// May the signed-in person edit `c`: the secretariat, or an editor of an
/// organisation answerable for it. `ops` checks the same on the write.
fn may_edit(page: &Page, c: &Commitment) -> Result<pledgebook_core::Actor, AppError> {
    let user = signed_in(page)?;
    let actor = user.actor();
    if user.user.role.edits_everything()
        || (user.user.role == pledgebook_core::Role::Editor && actor.may_edit_for(&c.owners()))
    {
        Ok(actor)
    } else {
        Err(AppError::Forbidden("editors change only their own organisation's commitments".into()))
    }
}

async fn as_form(r: &mut dyn Reader, c: &Commitment) -> Result<FormData, AppError> {
    let mut pairs: Vec<(String, String)> = Vec::new();
    for (field, _) in TEXTS {
        let text = match field {
            "title" => &c.title,
            "description" => &c.description,
            "implementation" => &c.implementation,
            _ => &c.impact,
        };
        pairs.push((format!("{field}_en"), text.en.clone().unwrap_or_default()));
        pairs.push((format!("{field}_ja"), text.ja.clone().unwrap_or_default()));
    }
    pairs.push(("lead".into(), rows::organisation_keys(r, &c.lead).await?));
    pairs.push(("co_responsible".into(), rows::organisation_keys(r, &c.co_responsible).await?));
    pairs.push(("tags".into(), c.tags.join(", ")));
    for (key, values) in &c.facets {
        for v in values {
            pairs.push((format!("facet_{key}"), v.clone()));
        }
    }
    pairs.extend(rows::link_pairs(&c.links));
    Ok(FormData::from_pairs(pairs))
}

fn view(page: Page, c: &Stored<Commitment>, ini: &Initiative, form: FormData, errors: FieldErrors) -> Edit {
    let facets = ini
        .facets
        .iter()
        .map(|f| {
            let chosen = form.all(&format!("facet_{}", f.key));
            FacetChoice {
                key: f.key.clone(),
                label: page.txt(&f.label),
                values: f.values.iter().map(|v| (v.key.clone(), page.txt(&v.label), chosen.contains(&v.key))).collect(),
            }
        })
        .collect();
    Edit {
        id: c.id.get(),
        version: c.version,
        status: page.t(&format!("status-{}", c.status.as_str())),
        withdrawable: !matches!(c.status, Status::Withdrawn | Status::Rejected),
        link_rows: rows::shown(&form, "link", "url"),
        form,
        errors,
        facets,
        saved: false,
        page,
    }
}

/// `/admin/commitments/{id}`
pub(crate) async fn edit_form(
    State(state): State<AppState>,
    Path(id): Path<i64>,
    axum::extract::Query(q): axum::extract::Query<super::Saved>,
    page: Page,
) -> Result<Html<String>, AppError> {
    let mut r = state.store.read().await?;
    let c = ops::get::<Commitment>(&mut *r, Id::new(id)).await?;
    may_edit(&page, &c)?;
    let ini = ops::get::<Initiative>(&mut *r, c.initiative).await?;
    let form = as_form(&mut *r, &c).await?;
    let mut edit = view(page, &c, &ini, form, FieldErrors::default());
    edit.saved = q.is_saved();
    crate::pages::render(&edit)
}

/// `POST /admin/commitments/{id}`
pub(crate) async fn save(
    State(state): State<AppState>,
    Path(id): Path<i64>,
    headers: HeaderMap,
    page: Page,
    body: Bytes,
) -> Result<Response, AppError> {
    let form = FormData::posted(&headers, &body)?;
    let mut tx = state.store.write().await?;
    let current = ops::get::<Commitment>(&mut *tx, Id::new(id)).await?;
    let actor = may_edit(&page, &current)?;
    let version: i64 = form.get("version").parse().map_err(|_| AppError::BadRequest("which version?".into()))?;
    let ini = ops::get::<Initiative>(&mut *tx, current.initiative).await?;
    let mut errors = FieldErrors::default();
    let mut c = current.value.clone();
    let text = |field: &str| rows::both(&form, field);
    c.title = text("title");
    c.description = text("description");
    c.implementation = text("implementation");
    c.impact = text("impact");
    let missing = page.t("error-no-organisation");
    c.lead = rows::organisations(&mut *tx, &form, "lead", &missing, &mut errors).await?;
    c.co_responsible = rows::organisations(&mut *tx, &form, "co_responsible", &missing, &mut errors).await?;
    c.tags = form
        .get("tags")
        .split([',', '、'])
        .map(str::trim)
        .filter(|t| !t.is_empty())
        .take(MAX_ROWS)
        .map(str::to_owned)
        .collect();
    c.facets = ini
        .facets
        .iter()
        .map(|f| (f.key.clone(), form.all(&format!("facet_{}", f.key))))
        .filter(|(_, v)| !v.is_empty())
        .collect();
    c.links = rows::links(&form);
    if c.lead.is_empty() && errors.get("lead").is_none() {
        errors.add("lead", page.t("error-lead-needed"));
    }
    if errors.is_empty() {
        let note = super::note(&form, "edited in the back office");
        match ops::update_noted(&mut *tx, &actor, Id::new(id), version, c, Some(&note)).await {
            Ok(_) => {
                tx.commit().await?;
                return Ok(Redirect::to(&format!("/admin/commitments/{id}?saved=1")).into_response());
            }
            Err(e) => match AppError::from(e) {
                AppError::Invalid(invalid) => {
                    errors = FieldErrors::from_invalid(&page, &invalid);
                    for (field, _) in TEXTS {
                        errors.rename(field, &format!("{field}_en"));
                    }
                    errors.rename("facets", "facets");
                }
                AppError::Conflict(_) => errors.add("version", page.t("error-changed-meanwhile")),
                other => return Err(other),
            },
        }
    }
    let edit = view(page, &current, &ini, form, errors);
    Ok((StatusCode::UNPROCESSABLE_ENTITY, crate::pages::render(&edit)?).into_response())
}

/// `POST /admin/commitments/{id}/withdraw`: through the transition, with
/// its note and the notifications it sends.
pub(crate) async fn withdraw(
    State(state): State<AppState>,
    Path(id): Path<i64>,
    headers: HeaderMap,
    page: Page,
    body: Bytes,
) -> Result<Redirect, AppError> {
    let form = FormData::posted(&headers, &body)?;
    let mut tx = state.store.write().await?;
    let current = ops::get::<Commitment>(&mut *tx, Id::new(id)).await?;
    let actor = may_edit(&page, &current)?;
    let note = Some(form.get("note")).filter(|n| !n.is_empty());
    let link = Some(crate::pages::intake::fresh_link(&state, id));
    pledgebook_core::workflow::transition_with_link(&mut *tx, &actor, Id::new(id), Status::Withdrawn, note, link)
        .await?;
    tx.commit().await?;
    Ok(Redirect::to(&format!("/admin/commitments/{id}?saved=1")))
}
