//! Filtered lists, counts and facet counts: the SQL comes from
//! `pledgebook-store-sql`, shared with the SQLite store; this module
//! binds it and reads the rows.

use pledgebook_core::Kind;
use pledgebook_core::store::{FacetCount, Filter, Keyset, Owed, RawRecord, Result};
use pledgebook_store_sql::{Dialect, Param, Sql};
use sqlx::postgres::PgArguments;
use sqlx::{AssertSqlSafe, PgConnection, Postgres, Row};

use crate::backend;
use crate::rows::record;

/// Facet values a count returns at the most, per facet.
const FACET_VALUES: u32 = 100;

pub(crate) fn bound(sql: Sql) -> sqlx::query::Query<'static, Postgres, PgArguments> {
    let mut q = sqlx::query(AssertSqlSafe(sql.text));
    for p in sql.params {
        q = match p {
            Param::Int(n) => q.bind(n),
            Param::Text(s) => q.bind(s),
        };
    }
    q
}

pub(crate) async fn select(c: &mut PgConnection, f: &Filter, page: Keyset) -> Result<Vec<RawRecord>> {
    let rows = bound(pledgebook_store_sql::select(Dialect::Postgres, f, page)).fetch_all(c).await.map_err(backend)?;
    rows.iter().map(record).collect()
}

/// Counts from the tallies where they can tell, else from the indexes.
pub(crate) async fn count(c: &mut PgConnection, f: &Filter) -> Result<i64> {
    let sql = pledgebook_store_sql::count_any(Dialect::Postgres, f);
    let row = bound(sql).fetch_one(c).await.map_err(backend)?;
    row.try_get(0).map_err(backend)
}

pub(crate) async fn facet_counts(c: &mut PgConnection, f: &Filter, names: &[&str]) -> Result<Vec<FacetCount>> {
    let mut out = Vec::new();
    for name in names {
        let sql = pledgebook_store_sql::facet_count_any(Dialect::Postgres, f, name, FACET_VALUES);
        for row in bound(sql).fetch_all(&mut *c).await.map_err(backend)? {
            let value: String = row.try_get("value").map_err(backend)?;
            let count: i64 = row.try_get("n").map_err(backend)?;
            out.push(FacetCount { name: (*name).to_owned(), value, count });
        }
    }
    Ok(out)
}

pub(crate) async fn get_many(c: &mut PgConnection, ids: &[i64]) -> Result<Vec<RawRecord>> {
    let mut out = Vec::with_capacity(ids.len());
    // PostgreSQL allows 65,535 parameters; stay well below.
    for chunk in ids.chunks(500) {
        let rows = bound(pledgebook_store_sql::get_many(Dialect::Postgres, chunk))
            .fetch_all(&mut *c)
            .await
            .map_err(backend)?;
        for row in &rows {
            out.push(record(row)?);
        }
    }
    out.sort_by_key(|r| r.id);
    out.dedup_by_key(|r| r.id);
    Ok(out)
}

pub(crate) async fn coverage(c: &mut PgConnection, initiative: i64, period: &str, page: Keyset) -> Result<Vec<Owed>> {
    let sql = pledgebook_store_sql::coverage(Dialect::Postgres, initiative, period, page);
    let rows = bound(sql).fetch_all(c).await.map_err(backend)?;
    rows.iter()
        .map(|row| {
            Ok(Owed {
                commitment: row.try_get("commitment").map_err(backend)?,
                organisation: row.try_get("organisation").map_err(backend)?,
                reported: row.try_get("reported").map_err(backend)?,
            })
        })
        .collect()
}

pub(crate) async fn coverage_totals(c: &mut PgConnection, initiative: i64, period: &str) -> Result<(i64, i64)> {
    let sql = pledgebook_store_sql::coverage_totals(Dialect::Postgres, initiative, period);
    let row = bound(sql).fetch_one(c).await.map_err(backend)?;
    Ok((row.try_get("owed").map_err(backend)?, row.try_get("reported").map_err(backend)?))
}

pub(crate) async fn get_by_keys(c: &mut PgConnection, kind: Kind, keys: &[String]) -> Result<Vec<RawRecord>> {
    let mut out = Vec::with_capacity(keys.len());
    for chunk in keys.chunks(500) {
        let sql = pledgebook_store_sql::get_by_keys(Dialect::Postgres, kind, chunk);
        for row in &bound(sql).fetch_all(&mut *c).await.map_err(backend)? {
            out.push(record(row)?);
        }
    }
    Ok(out)
}
