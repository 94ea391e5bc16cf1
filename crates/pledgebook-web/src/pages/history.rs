//! Every record's revision history: who changed what and when, and for an
//! admin, the way back to any earlier version.

use askama::Template;
use axum::body::Bytes;
use axum::extract::{Path, Query, State};
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
    pub changed: Vec<FieldChange>,
}

/// One field's value before and after a version (or a restore).
pub(crate) struct FieldChange {
    pub field: String,
    /// The field's name in the reader's language.
    pub label: String,
    pub before: String,
    pub after: String,
}

/// Longest value shown in a change; the record page has the rest.
const SHOWN_CHARS: usize = 300;

/// A field's value as a reader would write it: text as text, both
/// languages of a bilingual text, lists joined; "—" when there is none.
fn shown(value: Option<&serde_json::Value>) -> String {
    use serde_json::Value;
    let text = match value {
        None | Some(Value::Null) => return "—".into(),
        Some(Value::String(s)) => s.clone(),
        Some(Value::Object(o)) if !o.is_empty() && o.keys().all(|k| k == "en" || k == "ja") => {
            o.values().filter_map(Value::as_str).collect::<Vec<_>>().join(" / ")
        }
        // Framework nodes, facets, targets: each by its key and title.
        Some(Value::Array(items)) if !items.is_empty() && items.iter().all(|i| i.get("key").is_some()) => items
            .iter()
            .map(|i| {
                let key = i["key"].as_str().unwrap_or_default();
                let title = i.get("title").or_else(|| i.get("label")).map(|t| shown(Some(t))).unwrap_or_default();
                format!("{key} {title}").trim().to_owned()
            })
            .collect::<Vec<_>>()
            .join("; "),
        Some(Value::Array(items)) if items.iter().all(|i| !i.is_object() && !i.is_array()) => {
            if items.is_empty() {
                return "—".into();
            }
            items.iter().map(|i| i.as_str().map_or_else(|| i.to_string(), str::to_owned)).collect::<Vec<_>>().join(", ")
        }
        Some(other) => other.to_string(),
    };
    match text.char_indices().nth(SHOWN_CHARS) {
        Some((cut, _)) => format!("{}…", &text[..cut]),
        None => text,
    }
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

/// The top-level fields whose value differs between two versions, with
/// both values. The first version has nothing to compare with.
fn changed_fields(before: Option<&serde_json::Value>, after: &serde_json::Value) -> Vec<FieldChange> {
    let (Some(serde_json::Value::Object(a)), serde_json::Value::Object(b)) = (before, after) else { return Vec::new() };
    let mut keys: Vec<&String> = a.keys().chain(b.keys()).filter(|k| a.get(*k) != b.get(*k)).collect();
    keys.sort();
    keys.dedup();
    keys.into_iter()
        .map(|k| FieldChange { field: k.clone(), label: k.clone(), before: shown(a.get(k)), after: shown(b.get(k)) })
        .collect()
}

/// Names each changed field in the reader's language, where the catalogue
/// has a name for it (`record-field-title`); else by its key.
fn labelled(page: &Page, mut changes: Vec<FieldChange>) -> Vec<FieldChange> {
    for c in &mut changes {
        let key = format!("record-field-{}", c.field);
        let label = page.t(&key);
        if label != key {
            c.label = label;
        }
    }
    changes
}

/// Runs `$body` with `$R` the record type of `$kind`.
macro_rules! by_kind {
    ($kind:expr, $R:ident => $body:expr) => {
        match $kind {
            Kind::Organisation => {
                type $R = Organisation;
                $body
            }
            Kind::Initiative => {
                type $R = Initiative;
                $body
            }
            Kind::Commitment => {
                type $R = Commitment;
                $body
            }
            Kind::ProgressEntry => {
                type $R = ProgressEntry;
                $body
            }
            Kind::Indicator => {
                type $R = Indicator;
                $body
            }
            Kind::Event => {
                type $R = Event;
                $body
            }
            Kind::User => {
                type $R = User;
                $body
            }
        }
    };
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
            changed: labelled(&page, changed_fields(i.checked_sub(1).map(|p| &revisions[p].doc), &rev.doc)),
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

#[derive(serde::Deserialize)]
pub(crate) struct VersionQuery {
    version: i64,
}

#[derive(Template)]
#[template(path = "restore.html")]
pub(crate) struct ConfirmRestore {
    page: Page,
    id: i64,
    kind: String,
    key: String,
    version: i64,
    changes: Vec<FieldChange>,
}

/// What a restore of `version` would change, field by field, and the
/// button that does it. Status and visibility are not among the changes:
/// a restore keeps them ([`Record::keep_decisions_of`]).
///
/// [`Record::keep_decisions_of`]: pledgebook_core::Record::keep_decisions_of
pub(crate) async fn confirm(
    State(state): State<AppState>,
    Path(id): Path<i64>,
    Query(q): Query<VersionQuery>,
    page: Page,
) -> Result<Html<String>, AppError> {
    with_role(&page, &[Role::Admin])?;
    let mut r = state.store.read().await?;
    let raw = r.get(id).await?.ok_or(AppError::NotFound)?;
    let (now, then) = by_kind!(raw.kind, R => {
        let (current, after) = ops::restored::<R>(&mut *r, Id::new(id), q.version).await?;
        (serde_json::to_value(&current.value), serde_json::to_value(&after))
    });
    let (now, then) = (now.map_err(internal)?, then.map_err(internal)?);
    let view = ConfirmRestore {
        id,
        kind: page.t(&format!("kind-{}", raw.kind.as_str())),
        key: raw.key,
        version: q.version,
        changes: labelled(&page, changed_fields(Some(&now), &then)),
        page,
    };
    super::render(&view)
}

fn internal(e: serde_json::Error) -> AppError {
    AppError::Internal(e.to_string())
}

/// Brings back an earlier version's content (admins only), as a new
/// revision; sent from the confirmation page.
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
    by_kind!(kind, R => ops::restore::<R>(&mut *tx, &actor, Id::new(id), version).await.map(|_| ()))?;
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
        let changed = changed_fields(Some(&a), &b);
        let fields: Vec<_> = changed.iter().map(|c| c.field.as_str()).collect();
        assert_eq!(fields, ["lead", "tags", "title"]);
        assert_eq!((changed[0].before.as_str(), changed[0].after.as_str()), ("—", "1"));
        assert_eq!((changed[2].before.as_str(), changed[2].after.as_str()), ("A", "B"));
        assert!(changed_fields(None, &b).is_empty());
    }

    #[test]
    fn values_are_shown_as_written_and_cut_when_long() {
        let both = serde_json::json!({"en": "Act", "ja": "行動"});
        assert_eq!(shown(Some(&both)), "Act / 行動");
        assert_eq!(shown(Some(&serde_json::json!(["a", 2]))), "a, 2");
        let nodes = serde_json::json!([{"key": "1", "title": {"en": "Prevention"}}, {"key": "1-(i)", "title": {"en": "Awareness"}}]);
        assert_eq!(shown(Some(&nodes)), "1 Prevention; 1-(i) Awareness");
        let long = serde_json::Value::String("字".repeat(SHOWN_CHARS + 5));
        assert_eq!(shown(Some(&long)).chars().count(), SHOWN_CHARS + 1);
    }
}
