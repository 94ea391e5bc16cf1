//! Turning PostgreSQL rows into the store's values.

use pledgebook_core::Kind;
use pledgebook_core::revision::{Action, Revision};
use pledgebook_core::store::{RawRecord, Result, StoreError};
use sqlx::Row;
use sqlx::postgres::PgRow;

use crate::backend;

fn corrupt(id: i64, message: impl ToString) -> StoreError {
    StoreError::Corrupt { id, message: message.to_string() }
}

pub(crate) fn record(row: &PgRow) -> Result<RawRecord> {
    let id: i64 = row.try_get("id").map_err(backend)?;
    let kind: String = row.try_get("kind").map_err(backend)?;
    let sqlx::types::Json(doc): sqlx::types::Json<serde_json::Value> = row.try_get("doc").map_err(backend)?;
    Ok(RawRecord {
        id,
        kind: kind.parse().map_err(|e| corrupt(id, e))?,
        key: row.try_get("key").map_err(backend)?,
        version: row.try_get("version").map_err(backend)?,
        doc,
        created_at: row.try_get("created_at").map_err(backend)?,
        updated_at: row.try_get("updated_at").map_err(backend)?,
    })
}

pub(crate) fn revision(row: &PgRow) -> Result<Revision> {
    let id: i64 = row.try_get("record_id").map_err(backend)?;
    let kind: String = row.try_get("kind").map_err(backend)?;
    let action: String = row.try_get("action").map_err(backend)?;
    let sqlx::types::Json(doc): sqlx::types::Json<serde_json::Value> = row.try_get("doc").map_err(backend)?;
    Ok(Revision {
        seq: row.try_get("seq").map_err(backend)?,
        kind: kind.parse::<Kind>().map_err(|e| corrupt(id, e))?,
        record_id: id,
        version: row.try_get("version").map_err(backend)?,
        action: Action::parse(&action).ok_or_else(|| corrupt(id, format!("unknown action {action:?}")))?,
        actor_id: row.try_get("actor_id").map_err(backend)?,
        actor: row.try_get("actor").map_err(backend)?,
        at: row.try_get("at").map_err(backend)?,
        note: row.try_get("note").map_err(backend)?,
        doc,
    })
}
