//! Every record's revision history: who changed what and when, and for an
//! admin, the way back to any earlier version.

use askama::Template;
use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::HeaderMap;
use axum::response::{Html, Redirect};
use pledgebook_core::{
    Commitment, Event, Id, Indicator, Initiative, Kind, Organisation, ProgressEntry, Role, User, ops,
};

use crate::AppState;
use crate::error::AppError;
use crate::forms::{FormData, REVIEWERS, with_role};
use crate::page::Page;

pub(crate) struct Version {
    pub version: i64,
    pub at: String,
    pub actor: String,
    pub action: String,
    pub note: Option<String>,
    pub changed: Vec<String>,
}

#[derive(Template)]
#[template(path = "history.html")]
pub(crate) struct History {
    page: Page,
    id: i64,
    kind: String,
    key: String,
    versions: Vec<Version>,
    can_restore: bool,
}

/// The top-level fields whose value differs between two versions.
fn changed_fields(before: Option<&serde_json::Value>, after: &serde_json::Value) -> Vec<String> {
    let (Some(serde_json::Value::Object(a)), serde_json::Value::Object(b)) = (before, after) else { return Vec::new() };
    let mut keys: Vec<String> = a.keys().chain(b.keys()).filter(|k| a.get(*k) != b.get(*k)).cloned().collect();
    keys.sort();
    keys.dedup();
    keys
}

pub(crate) async fn show(
    State(state): State<AppState>,
    Path(id): Path<i64>,
    page: Page,
) -> Result<Html<String>, AppError> {
    let user = with_role(&page, &[Role::Admin, Role::Secretariat, Role::Reviewer, Role::Editor])?;
    let mut r = state.store.read().await?;
    let raw = r.get(id).await?.ok_or(AppError::NotFound)?;
    if raw.kind == Kind::User && user.user.role != Role::Admin {
        return Err(AppError::Forbidden("only an admin sees account histories".into()));
    }
    if user.user.role == Role::Editor && !editor_may_see(&mut *r, &user.actor(), raw.kind, id).await? {
        return Err(AppError::Forbidden("editors see the history of their own organisation's records".into()));
    }
    let revisions = r.revisions(id).await?;
    let versions = revisions
        .iter()
        .enumerate()
        .rev()
        .map(|(i, rev)| Version {
            version: rev.version,
            at: rev.at.format("%Y-%m-%d %H:%M UTC").to_string(),
            actor: rev.actor.clone(),
            action: page.t(&format!("action-{}", rev.action.as_str())),
            note: rev.note.clone(),
            changed: changed_fields(i.checked_sub(1).map(|p| &revisions[p].doc), &rev.doc),
        })
        .collect();
    let view = History {
        id,
        kind: page.t(&format!("kind-{}", raw.kind.as_str())),
        key: raw.key,
        versions,
        can_restore: user.user.role == Role::Admin,
        page,
    };
    super::render(&view)
}

async fn editor_may_see(
    r: &mut dyn pledgebook_core::store::Reader,
    actor: &pledgebook_core::Actor,
    kind: Kind,
    id: i64,
) -> Result<bool, AppError> {
    Ok(match kind {
        Kind::Commitment => actor.may_edit_for(&ops::get::<Commitment>(r, Id::new(id)).await?.owners()),
        Kind::ProgressEntry => actor.may_edit_for(&ops::get::<ProgressEntry>(r, Id::new(id)).await?.reported_by),
        Kind::Organisation => actor.organisation.map(|o| o.get()) == Some(id),
        _ => false,
    })
}

/// Brings back an earlier version (admins only), as a new revision.
pub(crate) async fn restore(
    State(state): State<AppState>,
    Path(id): Path<i64>,
    headers: HeaderMap,
    page: Page,
    body: Bytes,
) -> Result<Redirect, AppError> {
    let form = FormData::posted(&headers, &body)?;
    let user = with_role(&page, &REVIEWERS)?;
    let actor = user.actor();
    let version: i64 = form.get("version").parse().map_err(|_| AppError::BadRequest("which version?".into()))?;
    let mut tx = state.store.write().await?;
    let kind = tx.get(id).await?.ok_or(AppError::NotFound)?.kind;
    match kind {
        Kind::Organisation => ops::restore::<Organisation>(&mut *tx, &actor, Id::new(id), version).await.map(|_| ()),
        Kind::Initiative => ops::restore::<Initiative>(&mut *tx, &actor, Id::new(id), version).await.map(|_| ()),
        Kind::Commitment => ops::restore::<Commitment>(&mut *tx, &actor, Id::new(id), version).await.map(|_| ()),
        Kind::ProgressEntry => ops::restore::<ProgressEntry>(&mut *tx, &actor, Id::new(id), version).await.map(|_| ()),
        Kind::Indicator => ops::restore::<Indicator>(&mut *tx, &actor, Id::new(id), version).await.map(|_| ()),
        Kind::Event => ops::restore::<Event>(&mut *tx, &actor, Id::new(id), version).await.map(|_| ()),
        Kind::User => ops::restore::<User>(&mut *tx, &actor, Id::new(id), version).await.map(|_| ()),
    }?;
    tx.commit().await?;
    Ok(Redirect::to(&format!("/history/{id}")))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_the_fields_a_version_changed() {
        let a = serde_json::json!({"title": {"en": "A"}, "status": "draft", "tags": []});
        let b = serde_json::json!({"title": {"en": "B"}, "status": "draft", "lead": [1]});
        assert_eq!(changed_fields(Some(&a), &b), ["lead", "tags", "title"]);
        assert!(changed_fields(None, &b).is_empty());
    }
}
