//! No listed query scans a table from end to end (SQLite's `EXPLAIN QUERY
//! PLAN` on a campaign of 20,000 pledges, after `ANALYZE`).

use pledgebook_store_sql::Dialect;
use pledgebook_store_sqlite::SqliteStore;
use pledgebook_store_tests::plan_data::{bulk_statements, full_scans, named_records};
use pledgebook_store_tests::plans::listed_queries;

#[tokio::test]
async fn no_listed_query_scans_a_table() {
    let dir = tempfile::tempdir().unwrap();
    let store = SqliteStore::open(dir.path().join("plans.db").to_str().unwrap()).await.unwrap();
    let ids = named_records(&store).await;
    let numbers = "(WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 20000) SELECT i FROM n)";
    for sql in bulk_statements(numbers, ids, |cond| format!("({cond})")) {
        store.execute_for_tests(&sql).await.unwrap();
    }
    store.execute_for_tests("ANALYZE").await.unwrap();
    let mut bad = Vec::new();
    for (what, sql) in listed_queries(Dialect::Sqlite, ids) {
        let text = sql.text.clone();
        let plan = store.query_plan(sql).await.unwrap();
        if !full_scans(&plan).is_empty() {
            bad.push(format!("{what}:\n  {text}\n  {}", plan.join("\n  ")));
        }
    }
    assert!(bad.is_empty(), "queries that scan a table:\n{}", bad.join("\n\n"));
}
