//! Writing each record's projection (its indexed columns and facets) beside
//! the document, and projecting records written before the columns existed.

use pledgebook_core::projection::{Projection, project};
use pledgebook_core::record::Kind;
use pledgebook_core::store::{Result, StoreError};
use sqlx::{AssertSqlSafe, Row, SqliteConnection, SqlitePool};

use pledgebook_store_sql::Dialect;

use crate::backend;

/// The projection of a document about to be written; one that does not
/// decode as its kind is refused before anything is written.
pub(crate) fn of(id: i64, kind: Kind, doc: &serde_json::Value) -> Result<Projection> {
    project(kind, doc).map_err(|e| StoreError::Corrupt { id, message: format!("not a valid {kind}: {e}") })
}

/// Writes the facets of record `id`; `replace` removes its earlier ones first.
pub(crate) async fn write_facets(
    c: &mut SqliteConnection,
    id: i64,
    facets: &[(String, String)],
    replace: bool,
) -> Result<()> {
    if replace {
        sqlx::query("DELETE FROM facets WHERE record_id = ?").bind(id).execute(&mut *c).await.map_err(backend)?;
    }
    if facets.is_empty() {
        return Ok(());
    }
    let mut sql = String::from("INSERT INTO facets (name, value, record_id) VALUES ");
    for i in 0..facets.len() {
        sql.push_str(if i == 0 { "(?, ?, ?)" } else { ", (?, ?, ?)" });
    }
    let mut q = sqlx::query(AssertSqlSafe(sql));
    for (name, value) in facets {
        q = q.bind(name.as_str()).bind(value.as_str()).bind(id);
    }
    q.execute(&mut *c).await.map_err(backend)?;
    Ok(())
}

/// Moves the record's counts in `tallies` from its old projection to its new.
pub(crate) async fn tally(
    c: &mut SqliteConnection,
    kind: Kind,
    old: Option<&Projection>,
    new: &Projection,
) -> Result<()> {
    if let Some(sql) = pledgebook_store_sql::tallies::upsert(Dialect::Sqlite, kind, old, new) {
        crate::query::bound(sql).execute(&mut *c).await.map_err(backend)?;
    }
    Ok(())
}

/// Writes the whole projection of an existing record.
async fn write(c: &mut SqliteConnection, id: i64, p: &Projection) -> Result<()> {
    sqlx::query(
        "UPDATE records SET initiative_id = ?, parent_id = ?, status = ?, category = ?, public = ?, projected = TRUE \
         WHERE id = ?",
    )
    .bind(p.initiative)
    .bind(p.parent)
    .bind(p.status.as_deref())
    .bind(p.category.as_deref())
    .bind(p.public)
    .bind(id)
    .execute(&mut *c)
    .await
    .map_err(backend)?;
    write_facets(c, id, &p.facets, true).await
}

/// Projects every record that has no projection yet (written before the
/// projection columns existed), a thousand at a time; returns how many.
pub(crate) async fn backfill(pool: &SqlitePool) -> Result<u64> {
    let mut done = 0;
    loop {
        let mut tx = pool.begin_with("BEGIN IMMEDIATE").await.map_err(backend)?;
        let rows = sqlx::query("SELECT id, kind, doc FROM records WHERE NOT projected ORDER BY id LIMIT 1000")
            .fetch_all(&mut *tx)
            .await
            .map_err(backend)?;
        if rows.is_empty() {
            if done > 0 {
                for statement in pledgebook_store_sql::tallies::rebuild() {
                    sqlx::query(AssertSqlSafe(statement)).execute(pool).await.map_err(backend)?;
                }
            }
            return Ok(done);
        }
        for row in &rows {
            let id: i64 = row.try_get("id").map_err(backend)?;
            let kind: String = row.try_get("kind").map_err(backend)?;
            let doc: String = row.try_get("doc").map_err(backend)?;
            let kind: Kind = kind.parse().map_err(|e: String| StoreError::Corrupt { id, message: e })?;
            let doc = serde_json::from_str(&doc).map_err(|e| StoreError::Corrupt { id, message: e.to_string() })?;
            write(&mut tx, id, &of(id, kind, &doc)?).await?;
            done += 1;
        }
        tx.commit().await.map_err(backend)?;
    }
}
