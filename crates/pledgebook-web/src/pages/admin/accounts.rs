//! `/admin/accounts`: the secretariat invites people (an e-mail with a
//! one-time link to set a password), changes their role, deactivates them,
//! sends a password reset, and lists, labels and revokes their API tokens.
//! Only an admin may make or change an admin.

use askama::Template;
use axum::body::Bytes;
use axum::extract::{Path, RawQuery, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{Html, IntoResponse, Redirect, Response};
use chrono::Utc;
use pledgebook_core::paging::Limits;
use pledgebook_core::store::{Filter, NewMessage, Tx};
use pledgebook_core::{Id, Kind, Lang, Organisation, Role, User, ops};

use super::rows;
use crate::AppState;
use crate::api::list::ListParams;
use crate::auth::{random_token, token_hash};
use crate::error::AppError;
use crate::forms::{FieldErrors, FormData, SECRETARIAT, with_role};
use crate::page::Page;

/// How long an invitation or reset link works.
pub(crate) const LINK_DAYS: i64 = 7;

pub(crate) struct Row {
    pub id: i64,
    pub name: String,
    pub email: String,
    pub role: String,
    pub disabled: bool,
}

#[derive(Template)]
#[template(path = "admin_accounts.html")]
pub(crate) struct List {
    page: Page,
    rows: Vec<Row>,
    total: String,
    next: Option<String>,
}

/// `/admin/accounts?role=editor`
pub(crate) async fn list(
    State(state): State<AppState>,
    RawQuery(raw): RawQuery,
    page: Page,
) -> Result<Html<String>, AppError> {
    with_role(&page, &SECRETARIAT)?;
    let params = ListParams::parse(raw.as_deref(), &["role"], Limits::PAGE)?;
    let role = params
        .get("role")
        .map(|r| Role::parse(r).ok_or_else(|| AppError::BadRequest(format!("there is no role {r:?}"))))
        .transpose()?;
    let filter = Filter { category: role.map(|r| r.as_str().to_owned()), ..Filter::of(Kind::User) };
    let mut r = state.store.read().await?;
    let at = ("/admin/accounts", "accounts-count");
    let super::Listing { rows, total, next } =
        super::listing::<User, _>(&mut *r, &page, &filter, &params, at, |u| Row {
            id: u.id.get(),
            name: u.name.clone(),
            email: u.email.clone(),
            role: page.t(&format!("role-name-{}", u.role.as_str())),
            disabled: u.disabled,
        })
        .await?;
    crate::pages::render(&List { rows, total, next, page })
}

#[derive(Template)]
#[template(path = "admin_account.html")]
pub(crate) struct Edit {
    page: Page,
    id: Option<i64>,
    version: i64,
    form: FormData,
    errors: FieldErrors,
    roles: Vec<(&'static str, String)>,
    disabled: bool,
    tokens: Vec<(String, String, String)>,
    /// A token just made, shown this once.
    pub(super) new_token: Option<String>,
    notice: Option<String>,
}

impl Edit {
    fn new(page: Page, form: FormData, errors: FieldErrors) -> Self {
        let grantable: Vec<Role> =
            Role::ALL.into_iter().filter(|r| *r != Role::Admin || page.role() == Some(Role::Admin)).collect();
        let roles = grantable.iter().map(|r| (r.as_str(), page.t(&format!("role-name-{}", r.as_str())))).collect();
        Edit {
            page,
            id: None,
            version: 0,
            form,
            errors,
            roles,
            disabled: false,
            tokens: Vec::new(),
            new_token: None,
            notice: None,
        }
    }
}

/// `/admin/accounts/new`
pub(crate) async fn new_form(page: Page) -> Result<Html<String>, AppError> {
    with_role(&page, &SECRETARIAT)?;
    let lang = page.lang.code().to_owned();
    let form = FormData::from_pairs(vec![("role".into(), "editor".into()), ("lang".into(), lang)]);
    crate::pages::render(&Edit::new(page, form, FieldErrors::default()))
}

/// Reads name, role, organisation and language into `user`.
async fn read(
    r: &mut dyn pledgebook_core::store::Reader,
    page: &Page,
    form: &FormData,
    user: &mut User,
) -> Result<FieldErrors, AppError> {
    let mut errors = FieldErrors::default();
    user.name = form.get("name").to_owned();
    match Role::parse(form.get("role")) {
        Some(Role::Admin) if page.role() != Some(Role::Admin) => errors.add("role", page.t("error-only-admin-grants")),
        Some(role) => user.role = role,
        None => errors.add("role", page.t("error-choose-role")),
    }
    user.organisation = match form.get("organisation") {
        "" => None,
        named => match rows::organisation(r, named).await? {
            Some(o) => Some(o.id),
            None => {
                errors.add("organisation", format!("{} {named:?}", page.t("error-no-organisation")));
                None
            }
        },
    };
    if user.role == Role::Editor && user.organisation.is_none() && errors.get("organisation").is_none() {
        errors.add("organisation", page.t("error-editor-needs-organisation"));
    }
    user.lang = Some(if form.get("lang") == "ja" { Lang::Ja } else { Lang::En });
    Ok(errors)
}

/// Queues the e-mail with a one-time link to set a password, in the
/// person's language: an invitation, or a reset.
async fn send_link(
    tx: &mut dyn Tx,
    state: &AppState,
    user_id: i64,
    user: &User,
    purpose: &str,
) -> Result<(), AppError> {
    let token = random_token();
    tx.put_password_link(&token_hash(&token), user_id, Utc::now() + chrono::Duration::days(LINK_DAYS)).await?;
    let lang = user.lang.unwrap_or_default();
    let t = |key: &str| state.catalog.t(lang, key);
    let link = format!("{}/welcome/{token}", state.config.public_url);
    let body = format!(
        "{}\n\n{link}\n\n{}\n",
        t(&format!("mail-{purpose}-body")),
        state.catalog.t_args(lang, "mail-link-expires", &[("days", LINK_DAYS)])
    );
    let message = NewMessage {
        to_email: user.email.clone(),
        subject: t(&format!("mail-{purpose}-subject")),
        body,
        record_id: Some(user_id),
    };
    tx.queue_message(&message).await?;
    Ok(())
}

/// `POST /admin/accounts`: creates the account and sends the invitation.
pub(crate) async fn invite(
    State(state): State<AppState>,
    headers: HeaderMap,
    page: Page,
    body: Bytes,
) -> Result<Response, AppError> {
    let form = FormData::posted(&headers, &body)?;
    let actor = with_role(&page, &SECRETARIAT)?.actor();
    let mut tx = state.store.write().await?;
    let mut user = User::new(form.get("email"), form.get("name"), Role::Editor);
    let mut errors = read(&mut *tx, &page, &form, &mut user).await?;
    if errors.is_empty() {
        match ops::create_noted(&mut *tx, &actor, user, Some("invited in the back office")).await {
            Ok(saved) => {
                send_link(&mut *tx, &state, saved.id.get(), &saved.value, "invite").await?;
                tx.commit().await?;
                return Ok(Redirect::to(&format!("/admin/accounts/{}?sent=invite", saved.id)).into_response());
            }
            Err(e) => match AppError::from(e) {
                AppError::Invalid(invalid) => errors = FieldErrors::from_invalid(&page, &invalid),
                AppError::Conflict(_) => errors.add("email", page.t("error-account-exists")),
                other => return Err(other),
            },
        }
    }
    Ok((StatusCode::UNPROCESSABLE_ENTITY, crate::pages::render(&Edit::new(page, form, errors))?).into_response())
}

#[derive(serde::Deserialize)]
pub(crate) struct Sent {
    sent: Option<String>,
}

/// The account page: its form, state and tokens.
pub(super) async fn account_view(
    state: &AppState,
    page: Page,
    id: i64,
    errors: FieldErrors,
    posted: Option<FormData>,
) -> Result<Edit, AppError> {
    let mut r = state.store.read().await?;
    let u = ops::get::<User>(&mut *r, Id::new(id)).await?;
    let organisation = match u.organisation {
        Some(o) => ops::get::<Organisation>(&mut *r, o).await?.slug.clone(),
        None => String::new(),
    };
    let form = posted.unwrap_or_else(|| {
        FormData::from_pairs(vec![
            ("email".into(), u.email.clone()),
            ("name".into(), u.name.clone()),
            ("role".into(), u.role.as_str().into()),
            ("organisation".into(), organisation),
            ("lang".into(), u.lang.unwrap_or_default().code().into()),
        ])
    });
    let tokens = r
        .api_tokens(id)
        .await?
        .into_iter()
        .map(|t| (t.token_hash, t.label, t.created_at.format("%Y-%m-%d %H:%M").to_string()))
        .collect();
    let mut view = Edit::new(page, form, errors);
    view.id = Some(id);
    view.version = u.version;
    view.disabled = u.disabled;
    view.tokens = tokens;
    Ok(view)
}

/// Who may change account `id`: the secretariat, except an admin's
/// account, which only an admin may.
pub(super) async fn may_manage(
    state: &AppState,
    page: &Page,
    id: i64,
) -> Result<pledgebook_core::Stored<User>, AppError> {
    let me = with_role(page, &SECRETARIAT)?;
    let mut r = state.store.read().await?;
    let u = ops::get::<User>(&mut *r, Id::new(id)).await?;
    if u.role == Role::Admin && me.user.role != Role::Admin {
        return Err(AppError::Forbidden("only an admin may change an admin's account".into()));
    }
    Ok(u)
}

/// `/admin/accounts/{id}`
pub(crate) async fn show(
    State(state): State<AppState>,
    Path(id): Path<i64>,
    axum::extract::Query(q): axum::extract::Query<Sent>,
    page: Page,
) -> Result<Html<String>, AppError> {
    may_manage(&state, &page, id).await?;
    let notice = match q.sent.as_deref() {
        Some("invite") => Some(page.t("invitation-sent")),
        Some("reset") => Some(page.t("reset-sent")),
        Some(_) => Some(page.t("saved")),
        None => None,
    };
    let mut view = account_view(&state, page, id, FieldErrors::default(), None).await?;
    view.notice = notice;
    crate::pages::render(&view)
}

/// `POST /admin/accounts/{id}`: name, role, organisation, language.
pub(crate) async fn save(
    State(state): State<AppState>,
    Path(id): Path<i64>,
    headers: HeaderMap,
    page: Page,
    body: Bytes,
) -> Result<Response, AppError> {
    let form = FormData::posted(&headers, &body)?;
    let current = may_manage(&state, &page, id).await?;
    let actor = with_role(&page, &SECRETARIAT)?.actor();
    let version: i64 = form.get("version").parse().map_err(|_| AppError::BadRequest("which version?".into()))?;
    let mut tx = state.store.write().await?;
    let mut user = current.value.clone();
    let mut errors = read(&mut *tx, &page, &form, &mut user).await?;
    if errors.is_empty() {
        let role_changed = user.role != current.role;
        match ops::update_noted(&mut *tx, &actor, Id::new(id), version, user, Some("edited in the back office")).await {
            Ok(_) => {
                // A new role takes effect at the next sign-in, not in a session opened under the old one.
                if role_changed {
                    tx.end_sessions(id).await?;
                }
                tx.commit().await?;
                return Ok(Redirect::to(&format!("/admin/accounts/{id}?sent=saved")).into_response());
            }
            Err(e) => match AppError::from(e) {
                AppError::Invalid(invalid) => errors = FieldErrors::from_invalid(&page, &invalid),
                AppError::Conflict(_) => errors.add("version", page.t("error-changed-meanwhile")),
                other => return Err(other),
            },
        }
    }
    drop(tx);
    let view = account_view(&state, page, id, errors, Some(form)).await?;
    Ok((StatusCode::UNPROCESSABLE_ENTITY, crate::pages::render(&view)?).into_response())
}

/// `POST /admin/accounts/{id}/active`: `active=no` deactivates (and ends
/// every session and the sign-in), `active=yes` lets the person back in.
pub(crate) async fn set_active(
    State(state): State<AppState>,
    Path(id): Path<i64>,
    headers: HeaderMap,
    page: Page,
    body: Bytes,
) -> Result<Redirect, AppError> {
    let form = FormData::posted(&headers, &body)?;
    let current = may_manage(&state, &page, id).await?;
    let me = with_role(&page, &SECRETARIAT)?;
    if me.id.get() == id {
        return Err(AppError::BadRequest("you cannot deactivate your own account".into()));
    }
    let disabled = match form.get("active") {
        "no" => true,
        "yes" => false,
        _ => return Err(AppError::BadRequest("active is yes or no".into())),
    };
    let mut tx = state.store.write().await?;
    let note = if disabled { "deactivated" } else { "reactivated" };
    let value = User { disabled, ..current.value.clone() };
    ops::update_noted(&mut *tx, &me.actor(), Id::new(id), current.version, value, Some(note)).await?;
    if disabled {
        tx.end_sessions(id).await?;
    }
    tx.commit().await?;
    Ok(Redirect::to(&format!("/admin/accounts/{id}?sent=saved")))
}

/// `POST /admin/accounts/{id}/reset`: e-mails a link to set a new password.
pub(crate) async fn reset(
    State(state): State<AppState>,
    Path(id): Path<i64>,
    headers: HeaderMap,
    page: Page,
    body: Bytes,
) -> Result<Redirect, AppError> {
    FormData::posted(&headers, &body)?;
    let current = may_manage(&state, &page, id).await?;
    let mut tx = state.store.write().await?;
    send_link(&mut *tx, &state, id, &current.value, "reset").await?;
    tx.commit().await?;
    Ok(Redirect::to(&format!("/admin/accounts/{id}?sent=reset")))
}
