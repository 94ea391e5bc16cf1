//! Bringing back an earlier version of a record: its content, as a new
//! revision, never its decisions (status, visibility, an account's role).

use crate::error::Error;
use crate::id::Id;
use crate::ops::{get, write_existing};
use crate::record::{Record, Stored};
use crate::revision::Action;
use crate::store::{Reader, StoreError, Tx};
use crate::user::{Actor, Role};

/// The record `id` as it is, and as a restore of `version` would make it:
/// that version's content with the current decisions
/// ([`Record::keep_decisions_of`]). What a confirmation page shows.
pub async fn restored<R: Record>(
    r: &mut (impl Reader + ?Sized),
    id: Id<R>,
    version: i64,
) -> Result<(Stored<R>, R), Error> {
    let current = get(r, id).await?;
    let revision = r
        .revisions(id.get())
        .await?
        .into_iter()
        .find(|r| r.version == version)
        .ok_or_else(|| Error::not_found(R::KIND, format!("#{id} version {version}")))?;
    let mut value: R = serde_json::from_value(revision.doc)
        .map_err(|e| StoreError::Corrupt { id: id.get(), message: e.to_string() })?;
    value.keep_decisions_of(&current.value);
    Ok((current, value))
}

/// Brings back the content of the record as it was at `version`, as a new
/// revision; its status, visibility and an account's role stay as they are.
pub async fn restore<R: Record>(
    tx: &mut (impl Tx + ?Sized),
    actor: &Actor,
    id: Id<R>,
    version: i64,
) -> Result<Stored<R>, Error> {
    if actor.role != Role::Admin {
        return Err(Error::Forbidden(format!(
            "only an admin may restore earlier versions; {} is {}",
            actor.label,
            actor.role.as_str()
        )));
    }
    let (current, value) = restored(tx, id, version).await?;
    let note = format!("restored version {version}");
    write_existing(tx, actor, Action::Restore, Some(&note), &current, current.version, value).await
}
