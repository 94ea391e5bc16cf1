//! Coverage: which organisations answerable for an initiative's public
//! commitments have reported for a period, a page at a time and in total,
//! computed by aggregation in SQL.

use pledgebook_core::progress::COUNTS_AS_REPORTED;
use pledgebook_core::store::Keyset;

use crate::{Dialect, Sql};

/// The public commitments of an initiative on one page of coverage.
fn coverage_commitments(sql: &mut Sql, initiative: i64, page: Option<Keyset>) {
    sql.push("SELECT c.id FROM records c WHERE c.kind = 'commitment' AND c.public = TRUE AND c.initiative_id = ")
        .int(initiative);
    if let Some(page) = page {
        if let Some(after) = page.after {
            sql.push(" AND c.id > ").int(after);
        }
        sql.push(" ORDER BY c.id LIMIT ").int(i64::from(page.limit));
    }
}

/// `reported` for one (commitment `c`, organisation `l.target_id`) pair.
fn reported(sql: &mut Sql, period: &str) {
    sql.push(
        "EXISTS (SELECT 1 FROM records e \
         JOIN links lr ON lr.record_id = e.id AND lr.rel = 'reported_by' AND lr.target_id = l.target_id \
         JOIN facets fp ON fp.record_id = e.id AND fp.name = 'period' AND fp.value = ",
    )
    .text(period)
    .push(" WHERE e.parent_id = l.record_id AND e.kind = 'progress_entry' AND e.status IN ")
    .list(COUNTS_AS_REPORTED.iter().map(|s| s.as_str().to_owned()))
    .push(")");
}

/// Each answerable organisation of a page of public commitments, and
/// whether it reported for `period`: `(commitment, organisation, reported)`.
pub fn coverage(dialect: Dialect, initiative: i64, period: &str, page: Keyset) -> Sql {
    let mut sql = Sql::new(dialect);
    sql.push("SELECT l.record_id AS commitment, l.target_id AS organisation, ");
    reported(&mut sql, period);
    sql.push(" AS reported FROM links l WHERE l.rel IN ('lead', 'co_responsible') AND l.record_id IN (");
    coverage_commitments(&mut sql, initiative, Some(page));
    sql.push(") ORDER BY l.record_id, l.target_id");
    sql
}

/// `(owed, reported)` over all public commitments of the initiative.
pub fn coverage_totals(dialect: Dialect, initiative: i64, period: &str) -> Sql {
    let mut sql = Sql::new(dialect);
    sql.push("SELECT COUNT(*) AS owed, COALESCE(SUM(CASE WHEN ");
    reported(&mut sql, period);
    sql.push(" THEN 1 ELSE 0 END), 0) AS reported FROM links l WHERE l.rel IN ('lead', 'co_responsible') AND l.record_id IN (");
    coverage_commitments(&mut sql, initiative, None);
    sql.push(")");
    sql
}
