//! `/admin/organisations`: the secretariat adds, corrects, approves and
//! merges organisations, and records their memberships of networks and
//! platforms. An editor may correct their own organisation's record.

use askama::Template;
use axum::body::Bytes;
use axum::extract::{Path, RawQuery, State};
use axum::http::HeaderMap;
use axum::response::{Html, IntoResponse, Redirect, Response};
use pledgebook_core::paging::Limits;
use pledgebook_core::store::{CATEGORY_FACET, Filter, Reader};
use pledgebook_core::{
    Id, Kind, Localized, Membership, OrgKind, Organisation, ParticipantRole, PlatformMembership, Role, ops,
};

use super::Write;
use super::rows::{self, MAX_ROWS, Named};
use crate::AppState;
use crate::api::list::ListParams;
use crate::error::AppError;
use crate::forms::{FieldErrors, FormData, REVIEWERS, SECRETARIAT, signed_in, with_role};
use crate::page::Page;

/// One organisation in the back-office list.
pub(crate) struct Row {
    pub id: i64,
    pub name: String,
    pub kind: String,
    pub pending: bool,
    pub merged: bool,
}

#[derive(Template)]
#[template(path = "admin_organisations.html")]
pub(crate) struct List {
    page: Page,
    rows: Vec<Row>,
    total: String,
    /// (kind, label, how many, chosen)
    kinds: Vec<(String, String, i64, bool)>,
    next: Option<String>,
}

/// `/admin/organisations?kind=ngo`: every organisation, pending and merged
/// ones included, a page at a time.
pub(crate) async fn list(
    State(state): State<AppState>,
    RawQuery(raw): RawQuery,
    page: Page,
) -> Result<Html<String>, AppError> {
    with_role(&page, &SECRETARIAT)?;
    let params = ListParams::parse(raw.as_deref(), &["kind"], Limits::PAGE)?;
    let chosen = params.get("kind").map(str::to_owned);
    if let Some(k) = &chosen
        && OrgKind::parse(k).is_none()
    {
        return Err(AppError::BadRequest(format!("there is no organisation kind {k:?}")));
    }
    let everyone = Filter::of(Kind::Organisation);
    let filter = Filter { category: chosen.clone(), ..everyone.clone() };
    let mut r = state.store.read().await?;
    let at = ("/admin/organisations", "organisations-count");
    let super::Listing { rows, total, next } =
        super::listing::<Organisation, _>(&mut *r, &page, &filter, &params, at, |o| Row {
            id: o.id.get(),
            name: o.name.show(page.lang).text.to_owned(),
            kind: page.t(&format!("org-kind-{}", o.kind.as_str())),
            pending: o.pending,
            merged: o.merged_into.is_some(),
        })
        .await?;
    let kinds = r
        .facet_counts(&everyone, &[CATEGORY_FACET])
        .await?
        .into_iter()
        .map(|c| {
            let on = chosen.as_deref() == Some(c.value.as_str());
            (c.value.clone(), page.t(&format!("org-kind-{}", c.value)), c.count, on)
        })
        .collect();
    crate::pages::render(&List { rows, total, kinds, next, page })
}

#[derive(Template)]
#[template(path = "admin_organisation.html")]
pub(crate) struct Edit {
    page: Page,
    id: Option<i64>,
    version: i64,
    form: FormData,
    errors: FieldErrors,
    kinds: Vec<(&'static str, String)>,
    roles: Vec<(&'static str, String)>,
    link_rows: usize,
    member_rows: usize,
    pending: bool,
    /// The organisation this one was merged into: (name, admin link).
    merged_into: Option<(String, String)>,
    public_href: Option<String>,
    /// Whether the reader may approve and merge (the secretariat).
    secretariat: bool,
    saved: bool,
}

const ROLES: [ParticipantRole; 4] = [
    ParticipantRole::Member,
    ParticipantRole::Secretariat,
    ParticipantRole::JointSecretariat,
    ParticipantRole::Partner,
];

impl Edit {
    fn new(page: Page, id: Option<i64>, version: i64, form: FormData, errors: FieldErrors) -> Self {
        let kinds = OrgKind::ALL.iter().map(|k| (k.as_str(), page.t(&format!("org-kind-{}", k.as_str())))).collect();
        let roles = ROLES.iter().map(|r| (r.as_str(), page.t(&format!("role-{}", r.as_str())))).collect();
        Edit {
            link_rows: rows::shown(&form, "link", "url"),
            member_rows: rows::shown(&form, "m", "target"),
            secretariat: page.runs_secretariat(),
            page,
            id,
            version,
            form,
            errors,
            kinds,
            roles,
            pending: false,
            merged_into: None,
            public_href: None,
            saved: false,
        }
    }

    fn cell(&self, prefix: &str, i: &usize, field: &str) -> &str {
        rows::cell(&self.form, prefix, *i, field)
    }

    fn unprocessable(self) -> Result<Response, AppError> {
        super::refused(&self)
    }
}

/// `/admin/organisations/new`
pub(crate) async fn new_form(page: Page) -> Result<Html<String>, AppError> {
    with_role(&page, &SECRETARIAT)?;
    let form = FormData::from_pairs(vec![("kind".into(), OrgKind::Ngo.as_str().into())]);
    crate::pages::render(&Edit::new(page, None, 0, form, FieldErrors::default()))
}

/// The record as the form shows it.
async fn as_form(r: &mut dyn Reader, o: &Organisation) -> Result<FormData, AppError> {
    let mut pairs = vec![
        ("name_en".to_owned(), o.name.en.clone().unwrap_or_default()),
        ("name_ja".to_owned(), o.name.ja.clone().unwrap_or_default()),
        ("slug".to_owned(), o.slug.clone()),
        ("abbreviations".to_owned(), o.abbreviations.join(", ")),
        ("kind".to_owned(), o.kind.as_str().to_owned()),
        ("country".to_owned(), o.country.clone().unwrap_or_default()),
    ];
    pairs.extend(rows::link_pairs(&o.links));
    let ids: Vec<i64> =
        o.memberships.iter().map(|m| m.network.get()).chain(o.platforms.iter().map(|p| p.platform.get())).collect();
    let keys: std::collections::HashMap<i64, String> = if ids.is_empty() {
        Default::default()
    } else {
        r.get_many(&ids).await?.into_iter().map(|raw| (raw.id, raw.key)).collect()
    };
    let memberships = o.memberships.iter().map(|m| (m.network.get(), m.role, m.since, m.until));
    let platforms = o.platforms.iter().map(|p| (p.platform.get(), p.role, p.since, p.until));
    for (i, (target, role, since, until)) in memberships.chain(platforms).enumerate().take(MAX_ROWS) {
        let day = |d: Option<chrono::NaiveDate>| d.map(|d| d.to_string()).unwrap_or_default();
        pairs.push((format!("m{i}_target"), keys.get(&target).cloned().unwrap_or_default()));
        pairs.push((format!("m{i}_role"), role.as_str().to_owned()));
        pairs.push((format!("m{i}_since"), day(since)));
        pairs.push((format!("m{i}_until"), day(until)));
    }
    Ok(FormData::from_pairs(pairs))
}

/// May the signed-in person edit organisation `id`: the secretariat any,
/// an editor their own.
fn may_edit(page: &Page, id: i64) -> Result<(), AppError> {
    let user = signed_in(page)?;
    match user.user.role {
        Role::Admin | Role::Secretariat => Ok(()),
        Role::Editor if user.user.organisation.map(|o| o.get()) == Some(id) => Ok(()),
        _ => Err(AppError::Forbidden("editors may correct only their own organisation".into())),
    }
}

/// `/admin/organisations/{id}`
pub(crate) async fn edit_form(
    State(state): State<AppState>,
    Path(id): Path<i64>,
    axum::extract::Query(q): axum::extract::Query<super::Saved>,
    page: Page,
) -> Result<Html<String>, AppError> {
    may_edit(&page, id)?;
    let mut r = state.store.read().await?;
    let o = ops::get::<Organisation>(&mut *r, Id::new(id)).await?;
    let form = as_form(&mut *r, &o).await?;
    let mut view = Edit::new(page, Some(id), o.version, form, FieldErrors::default());
    view.pending = o.pending;
    view.saved = q.is_saved();
    if let Some(into) = o.merged_into {
        let target = ops::get::<Organisation>(&mut *r, into).await?;
        view.merged_into =
            Some((target.name.show(view.page.lang).text.to_owned(), format!("/admin/organisations/{into}")));
    } else if !o.pending {
        view.public_href = Some(format!("/organisations/{}", o.slug));
    }
    crate::pages::render(&view)
}

/// Reads the form into `base` (a new organisation, or the stored one, whose
/// key, pending mark and merge stay as they are).
async fn read(r: &mut dyn Reader, page: &Page, form: &FormData, mut o: Organisation) -> (Organisation, FieldErrors) {
    let mut errors = FieldErrors::default();
    o.name = Localized {
        en: Some(form.get("name_en").to_owned()).filter(|s| !s.is_empty()),
        ja: Some(form.get("name_ja").to_owned()).filter(|s| !s.is_empty()),
    };
    o.abbreviations = form
        .get("abbreviations")
        .split([',', '、', ';'])
        .map(str::trim)
        .filter(|a| !a.is_empty())
        .map(str::to_owned)
        .collect();
    match OrgKind::parse(form.get("kind")) {
        Some(k) => o.kind = k,
        None => errors.add("kind", page.t("error-choose-kind")),
    }
    let country = form.get("country").to_uppercase();
    o.country = (!country.is_empty()).then_some(country);
    o.links = rows::links(form);
    o.memberships.clear();
    o.platforms.clear();
    for i in 0..MAX_ROWS {
        let target = rows::cell(form, "m", i, "target");
        if target.is_empty() {
            continue;
        }
        let role = ROLES
            .into_iter()
            .find(|r| r.as_str() == rows::cell(form, "m", i, "role"))
            .unwrap_or(ParticipantRole::Member);
        let bad_date = page.t("error-date");
        let since = rows::date(form, &format!("m{i}_since"), &mut errors, &bad_date);
        let until = rows::date(form, &format!("m{i}_until"), &mut errors, &bad_date);
        if let (Some(a), Some(b)) = (since, until)
            && b < a
        {
            errors.add(&format!("m{i}_until"), page.t("error-before-start"));
        }
        match rows::network_or_platform(r, target).await {
            Ok(Some(Named::Organisation(n))) => o.memberships.push(Membership { network: n.id, role, since, until }),
            Ok(Some(Named::Platform(p))) => o.platforms.push(PlatformMembership { platform: p.id, role, since, until }),
            Ok(None) => errors.add(&format!("m{i}_target"), format!("{} {target:?}", page.t("error-no-network"))),
            Err(e) => errors.add(&format!("m{i}_target"), e.to_string()),
        }
    }
    (o, errors)
}

/// The rules' errors shown at the inputs they concern.
fn placed(page: &Page, invalid: &pledgebook_core::Invalid) -> FieldErrors {
    let mut errors = FieldErrors::from_invalid(page, invalid);
    errors.rename("name", "name_en");
    rows::place_links(&mut errors);
    for i in 0..MAX_ROWS {
        errors.rename(&format!("abbreviations[{i}]"), "abbreviations");
    }
    errors
}

/// `POST /admin/organisations`
pub(crate) async fn create(
    State(state): State<AppState>,
    headers: HeaderMap,
    page: Page,
    body: Bytes,
) -> Result<Response, AppError> {
    let form = FormData::posted(&headers, &body)?;
    let actor = with_role(&page, &SECRETARIAT)?.actor();
    let mut tx = state.store.write().await?;
    let name = form.get("name_en");
    let slug =
        if form.get("slug").is_empty() { pledgebook_core::record::slugify(name) } else { form.get("slug").to_owned() };
    let base = Organisation { slug, ..Organisation::new(name, OrgKind::Ngo) };
    let (o, mut errors) = read(&mut *tx, &page, &form, base).await;
    if errors.is_empty() {
        let note = super::note(&form, "added in the back office");
        let taken = ("name_en", "error-organisation-exists");
        match super::commit(tx, &actor, Write::New(o), &note, &page, |i| placed(&page, i), taken).await? {
            Ok(id) => return Ok(super::saved_at("/admin/organisations", id)),
            Err(e) => errors = e,
        }
    }
    super::refused(&Edit::new(page, None, 0, form, errors))
}

/// `POST /admin/organisations/{id}`
pub(crate) async fn save(
    State(state): State<AppState>,
    Path(id): Path<i64>,
    headers: HeaderMap,
    page: Page,
    body: Bytes,
) -> Result<Response, AppError> {
    let form = FormData::posted(&headers, &body)?;
    may_edit(&page, id)?;
    let actor = signed_in(&page)?.actor();
    let version = super::version(&form)?;
    let mut tx = state.store.write().await?;
    let current = ops::get::<Organisation>(&mut *tx, Id::new(id)).await?;
    let (value, mut errors) = read(&mut *tx, &page, &form, current.value.clone()).await;
    if errors.is_empty() {
        let note = super::note(&form, "edited in the back office");
        let write = Write::Change { id: Id::new(id), version, value };
        match super::commit(tx, &actor, write, &note, &page, |i| placed(&page, i), ("", "")).await? {
            Ok(id) => return Ok(super::saved_at("/admin/organisations", id)),
            Err(e) => errors = e,
        }
    }
    let mut view = Edit::new(page, Some(id), version, form, errors);
    view.pending = current.pending;
    view.unprocessable()
}

/// `POST /admin/organisations/{id}/merge`: `into` names the organisation
/// that stays; `confirm` must be ticked.
pub(crate) async fn merge(
    State(state): State<AppState>,
    Path(id): Path<i64>,
    headers: HeaderMap,
    page: Page,
    body: Bytes,
) -> Result<Response, AppError> {
    let form = FormData::posted(&headers, &body)?;
    let actor = with_role(&page, &SECRETARIAT)?.actor();
    let mut tx = state.store.write().await?;
    let mut errors = FieldErrors::default();
    if !form.checked("confirm") {
        errors.add("confirm", page.t("error-confirm-merge"));
    }
    let into = rows::organisation(&mut *tx, form.get("into")).await?;
    if into.is_none() {
        errors.add("into", format!("{} {:?}", page.t("error-no-organisation"), form.get("into")));
    }
    if let (true, Some(into)) = (errors.is_empty(), &into) {
        match pledgebook_core::merge::merge_organisations(&mut *tx, &actor, Id::new(id), into.id).await {
            Ok(_) => {
                tx.commit().await?;
                // Merged from the review queue, the reviewer goes back to it.
                let to = match form.get("return") {
                    "/review" => "/review".to_owned(),
                    _ => format!("/admin/organisations/{}?saved=1", into.id),
                };
                return Ok(Redirect::to(&to).into_response());
            }
            Err(e) => match AppError::from(e) {
                AppError::Invalid(invalid) => errors = FieldErrors::from_invalid(&page, &invalid),
                other => return Err(other),
            },
        }
    }
    let current = ops::get::<Organisation>(&mut *tx, Id::new(id)).await?;
    let asked = ["into", "confirm"].map(|name| (name.to_owned(), form.get(name).to_owned()));
    let shown = as_form(&mut *tx, &current).await?;
    let shown = FormData::from_pairs(shown.pairs().iter().cloned().chain(asked).collect());
    let mut view = Edit::new(page, Some(id), current.version, shown, errors);
    view.pending = current.pending;
    view.unprocessable()
}

/// `POST /admin/organisations/{id}/publish`: approves an organisation
/// named on the public form, so it is listed before any pledge is.
pub(crate) async fn publish(
    State(state): State<AppState>,
    Path(id): Path<i64>,
    headers: HeaderMap,
    page: Page,
    body: Bytes,
) -> Result<Redirect, AppError> {
    FormData::posted(&headers, &body)?;
    let actor = with_role(&page, &REVIEWERS)?.actor();
    let mut tx = state.store.write().await?;
    pledgebook_core::workflow::publish_organisation(&mut *tx, &actor, Id::new(id)).await?;
    tx.commit().await?;
    Ok(Redirect::to(&format!("/admin/organisations/{id}?saved=1")))
}
