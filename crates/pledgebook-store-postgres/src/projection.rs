//! Writing each record's projection (its indexed columns and facets) beside
//! the document, and projecting records written before the columns existed.

use pledgebook_core::projection::{Projection, project};
use pledgebook_core::record::Kind;
use pledgebook_core::store::{Result, StoreError};
use sqlx::{AssertSqlSafe, PgConnection, PgPool, Row};

use pledgebook_store_sql::Dialect;

use crate::backend;

/// The projection of a document about to be written; one that does not
/// decode as its kind is refused before anything is written.
pub(crate) fn of(id: i64, kind: Kind, doc: &serde_json::Value) -> Result<Projection> {
    project(kind, doc).map_err(|e| StoreError::Corrupt { id, message: format!("not a valid {kind}: {e}") })
}

/// Writes the facets of record `id`; `replace` removes its earlier ones first.
pub(crate) async fn write_facets(
    c: &mut PgConnection,
    id: i64,
    facets: &[(String, String)],
    replace: bool,
) -> Result<()> {
    if replace {
        sqlx::query("DELETE FROM facets WHERE record_id = $1").bind(id).execute(&mut *c).await.map_err(backend)?;
    }
    if facets.is_empty() {
        return Ok(());
    }
    let mut sql = String::from("INSERT INTO facets (name, value, record_id) VALUES ");
    for i in 0..facets.len() {
        let n = i * 3;
        sql.push_str(&format!("{}(${}, ${}, ${})", if i == 0 { "" } else { ", " }, n + 1, n + 2, n + 3));
    }
    let mut q = sqlx::query(AssertSqlSafe(sql));
    for (name, value) in facets {
        q = q.bind(name.as_str()).bind(value.as_str()).bind(id);
    }
    q.execute(&mut *c).await.map_err(backend)?;
    Ok(())
}

/// Moves the record's counts in `tallies` from its old projection to its new.
pub(crate) async fn tally(c: &mut PgConnection, kind: Kind, old: Option<&Projection>, new: &Projection) -> Result<()> {
    if let Some(sql) = pledgebook_store_sql::tallies::upsert(Dialect::Postgres, kind, old, new) {
        crate::query::bound(sql).execute(&mut *c).await.map_err(backend)?;
    }
    Ok(())
}

/// Writes the whole projection of an existing record.
async fn write(c: &mut PgConnection, id: i64, p: &Projection) -> Result<()> {
    sqlx::query(
        "UPDATE records SET initiative_id = $1, parent_id = $2, status = $3, category = $4, public = $5, \
         projected = TRUE WHERE id = $6",
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
pub(crate) async fn backfill(pool: &PgPool) -> Result<u64> {
    let mut done = 0;
    loop {
        let mut tx = pool.begin().await.map_err(backend)?;
        let rows = sqlx::query(
            "SELECT id, kind, doc FROM records WHERE NOT projected ORDER BY id LIMIT 1000 FOR UPDATE SKIP LOCKED",
        )
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
            let sqlx::types::Json(doc): sqlx::types::Json<serde_json::Value> = row.try_get("doc").map_err(backend)?;
            let kind: Kind = kind.parse().map_err(|e: String| StoreError::Corrupt { id, message: e })?;
            write(&mut tx, id, &of(id, kind, &doc)?).await?;
            done += 1;
        }
        tx.commit().await.map_err(backend)?;
    }
}
