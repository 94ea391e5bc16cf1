//! Many records inserted with one statement per table per chunk of rows,
//! for imports: records, facets, links, revisions and the merged counts.

use chrono::Utc;
use pledgebook_core::record::{Kind, Link};
use pledgebook_core::store::{NewRecord, RawRecord, Result, RevisionMeta, StoreError};
use sqlx::{AssertSqlSafe, Sqlite, Transaction};

use crate::backend;
use crate::conn::{Conn, write_error};
use crate::projection;

/// Rows per batched insert: well within SQLite's 32,766 parameters (the
/// records statement takes ten a row, the revisions nine).
pub(crate) const INSERT_CHUNK: usize = 250;

/// `(?, ?, …)` repeated `rows` times, each with `per_row` placeholders and
/// any literal columns after them.
fn values(rows: usize, per_row: usize, literal_tail: &str) -> String {
    let one = format!("({}{literal_tail})", vec!["?"; per_row].join(", "));
    vec![one; rows].join(", ")
}

impl Conn<Transaction<'static, Sqlite>> {
    pub(crate) async fn insert_chunk(
        &mut self,
        kind: Kind,
        chunk: &[NewRecord<'_>],
        meta: RevisionMeta<'_>,
    ) -> Result<Vec<RawRecord>> {
        let now = Utc::now();
        let mut seen = std::collections::HashSet::new();
        if let Some(dup) = chunk.iter().find(|i| !seen.insert(i.key)) {
            return Err(StoreError::DuplicateKey { kind, key: dup.key.to_owned() });
        }
        let projections = chunk.iter().map(|i| projection::of(0, kind, i.doc)).collect::<Result<Vec<_>>>()?;
        let texts: Vec<String> = chunk.iter().map(|i| i.doc.to_string()).collect();
        let sql = format!(
            "INSERT INTO records (kind, key, doc, created_at, updated_at, \
             initiative_id, parent_id, status, category, public, version, projected) VALUES {} RETURNING id, key",
            values(chunk.len(), 10, ", 1, TRUE")
        );
        let mut q = sqlx::query_as::<_, (i64, String)>(AssertSqlSafe(sql));
        for ((item, p), text) in chunk.iter().zip(&projections).zip(&texts) {
            q = q
                .bind(kind.as_str())
                .bind(item.key.to_owned())
                .bind(text.clone())
                .bind(now)
                .bind(now)
                .bind(p.initiative)
                .bind(p.parent)
                .bind(p.status.clone())
                .bind(p.category.clone())
                .bind(p.public);
        }
        let returned = q.fetch_all(&mut *self.0).await.map_err(|e| write_error(kind, chunk[0].key, e))?;
        let ids: std::collections::HashMap<String, i64> = returned.into_iter().map(|(id, key)| (key, id)).collect();
        let id_of = |key: &str| ids.get(key).copied().ok_or_else(|| StoreError::Missing(0));
        // Facets, links and revisions of the chunk, one statement each.
        let facets: Vec<(i64, &(String, String))> = chunk
            .iter()
            .zip(&projections)
            .map(|(i, p)| Ok((id_of(i.key)?, p)))
            .collect::<Result<Vec<_>>>()?
            .into_iter()
            .flat_map(|(id, p)| p.facets.iter().map(move |f| (id, f)))
            .collect();
        for part in facets.chunks(10_000) {
            let mut q = sqlx::query(AssertSqlSafe(format!(
                "INSERT INTO facets (name, value, record_id) VALUES {}",
                values(part.len(), 3, "")
            )));
            for (id, (name, value)) in part {
                q = q.bind(name.clone()).bind(value.clone()).bind(*id);
            }
            q.execute(&mut *self.0).await.map_err(backend)?;
        }
        let mut links: Vec<(i64, Link)> = Vec::new();
        for item in chunk {
            let id = id_of(item.key)?;
            let mut mine = item.links.to_vec();
            mine.sort();
            mine.dedup_by_key(|l| (l.rel, l.target));
            links.extend(mine.into_iter().map(|l| (id, l)));
        }
        for part in links.chunks(10_000) {
            let mut q = sqlx::query(AssertSqlSafe(format!(
                "INSERT INTO links (record_id, rel, target_id) VALUES {}",
                values(part.len(), 3, "")
            )));
            for (id, l) in part {
                q = q.bind(*id).bind(l.rel.as_str()).bind(l.target);
            }
            q.execute(&mut *self.0).await.map_err(|e| match &e {
                sqlx::Error::Database(d) if d.is_foreign_key_violation() => StoreError::Missing(0),
                _ => backend(e),
            })?;
        }
        let mut q = sqlx::query(AssertSqlSafe(
            format!(
                "INSERT INTO revisions (record_id, kind, version, action, actor_id, actor, at, note, doc) VALUES {}",
                values(chunk.len(), 8, "")
            )
            .replace("(?, ?, ?, ?, ?, ?, ?, ?)", "(?, ?, 1, ?, ?, ?, ?, ?, ?)"),
        ));
        for (item, text) in chunk.iter().zip(&texts) {
            q = q
                .bind(id_of(item.key)?)
                .bind(kind.as_str())
                .bind(meta.action.as_str())
                .bind(meta.actor.user.map(|u| u.get()))
                .bind(meta.actor.label.clone())
                .bind(now)
                .bind(meta.note.map(str::to_owned))
                .bind(text.clone());
        }
        q.execute(&mut *self.0).await.map_err(backend)?;
        let changes: Vec<(Option<&pledgebook_core::projection::Projection>, &pledgebook_core::projection::Projection)> =
            projections.iter().map(|p| (None, p)).collect();
        if let Some(sql) =
            pledgebook_store_sql::tallies::upsert_batch(pledgebook_store_sql::Dialect::Sqlite, kind, &changes)
        {
            crate::query::bound(sql).execute(&mut *self.0).await.map_err(backend)?;
        }
        chunk
            .iter()
            .map(|item| {
                Ok(RawRecord {
                    id: id_of(item.key)?,
                    kind,
                    key: item.key.to_owned(),
                    version: 1,
                    doc: item.doc.clone(),
                    created_at: now,
                    updated_at: now,
                })
            })
            .collect()
    }
}
