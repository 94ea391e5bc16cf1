//! The public pledge form of a campaign, and the tracking link a submitter
//! keeps: it shows where the pledge stands and, when the secretariat has
//! returned it, lets them edit and send it again.

use askama::Template;
use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Redirect, Response};
use chrono::Utc;
use pledgebook_core::record::slugify;
use pledgebook_core::store::{Filter, Keyset};
use pledgebook_core::{
    Actor, Commitment, CommitmentKind, Error, Id, Initiative, InitiativeKind, Intake, Kind, Localized, OrgKind,
    Organisation, Stored, ops, workflow,
};

use crate::AppState;
use crate::auth::{self, random_token, token_hash};
use crate::client::ClientIp;
use crate::error::AppError;
use crate::forms::{FieldErrors, FormData};
use crate::page::{Page, Txt};

pub(crate) struct Choice {
    pub key: String,
    pub label: Txt,
    pub checked: bool,
}

pub(crate) struct FacetChoices {
    pub key: String,
    pub label: Txt,
    pub values: Vec<Choice>,
}

#[derive(Template)]
#[template(path = "pledge_form.html")]
pub(crate) struct PledgeForm {
    page: Page,
    action: String,
    campaign: Txt,
    deadline: Option<String>,
    closed: bool,
    limits: String,
    organisations: Vec<(String, String)>,
    facets: Vec<FacetChoices>,
    form: FormData,
    errors: FieldErrors,
    /// Editing a returned pledge: no organisation or contact fields.
    resubmit: bool,
}

async fn campaign(state: &AppState, slug: &str) -> Result<Stored<Initiative>, AppError> {
    let mut r = state.store.read().await?;
    let c = ops::find::<Initiative>(&mut *r, slug).await?.ok_or(AppError::NotFound)?;
    if c.kind != InitiativeKind::PledgeCampaign {
        return Err(AppError::NotFound);
    }
    Ok(c)
}

fn is_closed(c: &Initiative) -> bool {
    c.submission_deadline.is_some_and(|d| Utc::now().date_naive() > d)
}

/// The most partners one public pledge may name: each may become a new
/// (pending) organisation.
const MAX_PARTNERS: usize = 10;

/// Organisations the form suggests as the field is typed into.
const SUGGESTED: u32 = 100;

async fn form_view(
    state: &AppState,
    page: Page,
    c: &Initiative,
    form: FormData,
    errors: FieldErrors,
    action: String,
    resubmit: bool,
) -> Result<PledgeForm, AppError> {
    let mut r = state.store.read().await?;
    // Suggestions only: the field takes any organisation's key or name, and
    // a list of every organisation would not fit a page.
    let organisations =
        ops::query::<Organisation>(&mut *r, &Filter::of(Kind::Organisation).public(), Keyset::first(SUGGESTED))
            .await?
            .iter()
            .map(|o| (o.slug.clone(), o.name.show(page.lang).text.to_owned()))
            .collect();
    let facets = c
        .facets
        .iter()
        .map(|f| {
            let picked = form.all(&f.key);
            FacetChoices {
                key: f.key.clone(),
                label: page.txt(&f.label),
                values: f
                    .values
                    .iter()
                    .map(|v| Choice { key: v.key.clone(), label: page.txt(&v.label), checked: picked.contains(&v.key) })
                    .collect(),
            }
        })
        .collect();
    let l = c.word_limits;
    let limits =
        [("title", l.title), ("the-pledge", l.description), ("implementation", l.implementation), ("impact", l.impact)]
            .into_iter()
            .filter_map(|(k, n)| n.map(|n| format!("{}: {n}", page.t(k))))
            .collect::<Vec<_>>()
            .join(" · ");
    Ok(PledgeForm {
        action,
        campaign: page.txt(&c.title),
        deadline: c.submission_deadline.map(|d| d.to_string()),
        closed: is_closed(c),
        limits,
        organisations,
        facets,
        form,
        errors,
        resubmit,
        page,
    })
}

pub(crate) async fn form(
    State(state): State<AppState>,
    Path(slug): Path<String>,
    page: Page,
) -> Result<Response, AppError> {
    let c = campaign(&state, &slug).await?;
    let action = format!("/initiatives/{slug}/pledge");
    Ok(super::render(&form_view(&state, page, &c, FormData::default(), FieldErrors::default(), action, false).await?)?
        .into_response())
}

/// Fills a commitment's text and facets from the form.
fn apply_form(c: &mut Commitment, campaign: &Initiative, form: &FormData) {
    c.title = Localized::en(form.get("title"));
    c.description = Localized::en(form.get("pledge"));
    c.implementation = Localized::en(form.get("implementation"));
    c.impact = Localized::en(form.get("impact"));
    c.facets =
        campaign.facets.iter().map(|f| (f.key.clone(), form.all(&f.key))).filter(|(_, v)| !v.is_empty()).collect();
}

fn required(form: &FormData, page: &Page, errors: &mut FieldErrors, fields: &[&str]) {
    for f in fields {
        if form.get(f).is_empty() {
            errors.add(f, page.t("error-required"));
        }
    }
}

#[tracing::instrument(skip_all, fields(slug))]
pub(crate) async fn submit(
    State(state): State<AppState>,
    Path(slug): Path<String>,
    ClientIp(client): ClientIp,
    headers: HeaderMap,
    page: Page,
    body: Bytes,
) -> Result<Response, AppError> {
    let form = FormData::posted(&headers, &body)?;
    if !state.limits.pledges.allow(client) {
        return Err(AppError::TooMany);
    }
    let c = campaign(&state, &slug).await?;
    if is_closed(&c) {
        return Err(AppError::Forbidden("the submission deadline has passed".into()));
    }
    let action = format!("/initiatives/{slug}/pledge");
    let mut errors = FieldErrors::default();
    required(&form, &page, &mut errors, &["title", "pledge", "contact_name", "contact_email"]);
    if form.get("organisation").is_empty() && form.get("new_organisation").is_empty() {
        errors.add("organisation", page.t("error-choose-organisation"));
    }
    if !errors.is_empty() {
        let view = form_view(&state, page, &c, form, errors, action, false).await?;
        return Ok((StatusCode::UNPROCESSABLE_ENTITY, super::render(&view)?).into_response());
    }
    let token = random_token();
    let contact = form.get("contact_email").to_owned();
    let public = Actor::public(&contact, None);
    let mut tx = state.store.write().await?;
    let result = async {
        let org = match form.get("organisation") {
            "" => {
                let kind = OrgKind::parse(form.get("organisation_kind")).unwrap_or(OrgKind::Ngo);
                ops::organisation_named(&mut *tx, &public, form.get("new_organisation"), kind).await?.0
            }
            key => match ops::find::<Organisation>(&mut *tx, key).await? {
                Some(o) => o.id,
                None => {
                    ops::find::<Organisation>(&mut *tx, &slugify(key))
                        .await?
                        .ok_or_else(|| Error::not_found(pledgebook_core::Kind::Organisation, key))?
                        .id
                }
            },
        };
        let mut partners = Vec::new();
        let named = pledgebook_import::sheet::columns::list(form.get("partners"));
        if named.len() > MAX_PARTNERS {
            let message = format!("name at most {MAX_PARTNERS} partners; the secretariat can add more");
            return Err(Error::Invalid {
                kind: pledgebook_core::Kind::Commitment,
                invalid: pledgebook_core::Invalid::one("partners", "too-many-partners", message),
            });
        }
        for name in named {
            let (id, _) = ops::organisation_named(&mut *tx, &public, &name, OrgKind::Ngo).await?;
            if id != org && !partners.contains(&id) {
                partners.push(id);
            }
        }
        let org_name =
            ops::get::<Organisation>(&mut *tx, org).await?.name.show(pledgebook_core::Lang::En).text.to_owned();
        let key = format!(
            "{}-{}",
            pledgebook_import::sheet::commitments::derived_key(&c.slug, &org_name, form.get("title")),
            &token[..6]
        );
        let key = pledgebook_core::record::fit_key(&key, pledgebook_core::record::KEY_MAX_BYTES);
        let mut p = Commitment::new(&key, c.id, CommitmentKind::Pledge, Localized::default());
        apply_form(&mut p, &c, &form);
        p.lead = vec![org];
        p.co_responsible = partners;
        p.status = pledgebook_core::Status::Submitted;
        p.period = c.periods.first().copied();
        p.intake = Some(Intake {
            contact_name: form.get("contact_name").to_owned(),
            contact_email: contact.clone(),
            token_hash: token_hash(&token),
            lang: Some(page.lang),
            later_token_hashes: Vec::new(),
        });
        ops::create(&mut *tx, &public, p).await
    }
    .await;
    match result {
        Ok(saved) => {
            // The acknowledgement, in the language the form was filled in,
            // with the link the submitter follows the pledge by.
            let track = format!("/track/{}/{token}", saved.id);
            let title = saved.title.show(page.lang).text.to_owned();
            let body = format!(
                "{}\n\n{title}\n\n{}\n{}{track}\n",
                page.t("mail-received-body"),
                page.t("mail-track-link"),
                state.config.public_url
            );
            let message = pledgebook_core::store::NewMessage {
                to_email: contact.clone(),
                subject: format!("{} {title}", page.t("mail-received-subject")),
                body,
                record_id: Some(saved.id.get()),
            };
            tx.queue_message(&message).await?;
            tx.commit().await?;
            Ok(Redirect::to(&track).into_response())
        }
        Err(Error::Invalid { invalid, .. }) => {
            drop(tx);
            let mut errors = FieldErrors::from_invalid(&page, &invalid);
            // The key is made from the title: a refused key is the title's to fix.
            errors.rename("slug", "title");
            let view = form_view(&state, page, &c, form, errors, action, false).await?;
            Ok((StatusCode::UNPROCESSABLE_ENTITY, super::render(&view)?).into_response())
        }
        Err(e) => Err(e.into()),
    }
}

#[derive(Template)]
#[template(path = "track.html")]
pub(crate) struct Track {
    page: Page,
    id: i64,
    title: Txt,
    status: String,
    returned: bool,
    note: Option<String>,
    public: bool,
    // The edit form of a returned pledge (empty otherwise).
    action: String,
    limits: String,
    organisations: Vec<(String, String)>,
    facets: Vec<FacetChoices>,
    form: FormData,
    errors: FieldErrors,
    resubmit: bool,
}

/// A tracking link of its own for a message about pledge `id`: the first
/// link keeps working, and only the new one's hash is stored.
pub(crate) fn fresh_link(state: &AppState, id: i64) -> workflow::NewLink {
    let token = auth::random_token();
    workflow::NewLink { url: format!("{}/track/{id}/{token}", state.config.public_url), token_hash: token_hash(&token) }
}

/// The pledge behind a tracking link, if the token is the right one.
async fn tracked(state: &AppState, id: i64, token: &str) -> Result<Stored<Commitment>, AppError> {
    let mut r = state.store.read().await?;
    let c = ops::get::<Commitment>(&mut *r, Id::new(id)).await.map_err(|_| AppError::NotFound)?;
    match &c.intake {
        Some(i) if i.knows(&token_hash(token), auth::same) => Ok(c),
        _ => Err(AppError::NotFound),
    }
}

async fn track_view(
    state: &AppState,
    page: Page,
    c: &Stored<Commitment>,
    token: &str,
    form: Option<FormData>,
    errors: FieldErrors,
) -> Result<Track, AppError> {
    let mut r = state.store.read().await?;
    let note = r.revisions(c.id.get()).await?.into_iter().rev().find(|rev| rev.note.is_some()).and_then(|rev| rev.note);
    let campaign = ops::get::<Initiative>(&mut *r, c.initiative).await?;
    drop(r);
    let returned = c.status == pledgebook_core::Status::Returned;
    let edit = if returned {
        let data = form.unwrap_or_else(|| {
            let mut pairs = vec![
                ("title".to_owned(), c.title.en.clone().unwrap_or_default()),
                ("pledge".to_owned(), c.description.en.clone().unwrap_or_default()),
                ("implementation".to_owned(), c.implementation.en.clone().unwrap_or_default()),
                ("impact".to_owned(), c.impact.en.clone().unwrap_or_default()),
            ];
            for (k, vs) in &c.facets {
                pairs.extend(vs.iter().map(|v| (k.clone(), v.clone())));
            }
            FormData::from_pairs(pairs)
        });
        let action = format!("/track/{}/{token}", c.id);
        Some(form_view(state, page.clone(), &campaign, data, errors, action, true).await?)
    } else {
        None
    };
    let (action, limits, organisations, facets, form, errors) = match edit {
        Some(f) => (f.action, f.limits, f.organisations, f.facets, f.form, f.errors),
        None => Default::default(),
    };
    Ok(Track {
        id: c.id.get(),
        title: page.txt(&c.title),
        status: page.t(&format!("status-{}", c.status.as_str())),
        returned,
        note,
        public: c.status.is_public(),
        action,
        limits,
        organisations,
        facets,
        form,
        errors,
        resubmit: true,
        page,
    })
}

pub(crate) async fn track(
    State(state): State<AppState>,
    Path((id, token)): Path<(i64, String)>,
    page: Page,
) -> Result<Response, AppError> {
    let c = tracked(&state, id, &token).await?;
    Ok(super::render(&track_view(&state, page, &c, &token, None, FieldErrors::default()).await?)?.into_response())
}

/// The submitter edits a returned pledge and sends it again.
pub(crate) async fn resubmit(
    State(state): State<AppState>,
    Path((id, token)): Path<(i64, String)>,
    headers: HeaderMap,
    page: Page,
    body: Bytes,
) -> Result<Response, AppError> {
    let form = FormData::posted(&headers, &body)?;
    let c = tracked(&state, id, &token).await?;
    if c.status != pledgebook_core::Status::Returned {
        return Err(AppError::Conflict("this pledge is not waiting for changes".into()));
    }
    let mut r = state.store.read().await?;
    let campaign = ops::get::<Initiative>(&mut *r, c.initiative).await?;
    drop(r);
    let actor =
        Actor::public(&c.intake.as_ref().map(|i| i.contact_email.clone()).unwrap_or_default(), c.lead.first().copied());
    let mut value = c.value.clone();
    apply_form(&mut value, &campaign, &form);
    let mut tx = state.store.write().await?;
    let result = async {
        ops::update(&mut *tx, &actor, c.id, c.version, value).await?;
        let link = Some(fresh_link(&state, id));
        workflow::transition_with_link(&mut *tx, &actor, c.id, pledgebook_core::Status::Submitted, None, link).await
    }
    .await;
    match result {
        Ok(_) => {
            tx.commit().await?;
            Ok(Redirect::to(&format!("/track/{id}/{token}")).into_response())
        }
        Err(Error::Invalid { invalid, .. }) => {
            drop(tx);
            let errors = FieldErrors::from_invalid(&page, &invalid);
            let view = track_view(&state, page, &c, &token, Some(form), errors).await?;
            Ok((StatusCode::UNPROCESSABLE_ENTITY, super::render(&view)?).into_response())
        }
        Err(e) => Err(e.into()),
    }
}
