//! No listed query scans a table from end to end (PostgreSQL's `EXPLAIN`
//! on a campaign of 50,000 pledges, after `Store::refresh_statistics`, so that the planner
//! would choose a sequential scan wherever no index serves).

use pledgebook_store_postgres::PostgresStore;
use pledgebook_store_postgres::testing::{create_database, drop_database};
use pledgebook_store_sql::Dialect;
use pledgebook_store_tests::plan_data::{bulk_statements, full_scans, named_records};
use pledgebook_store_tests::plans::listed_queries;

#[tokio::test]
async fn no_listed_query_scans_a_table() {
    let db = format!("pledgebook_plans_{}", std::process::id());
    let store = PostgresStore::open(&create_database(&db).await).await.unwrap();
    let ids = named_records(&store).await;
    for sql in bulk_statements("generate_series(1, 50000) AS n(i)", ids, |cond| format!("({cond})")) {
        store.execute_for_tests(&sql).await.unwrap();
    }
    use pledgebook_core::store::Store;
    let unknown = "SELECT 1 FROM pg_class WHERE relname = 'facets' AND reltuples >= 50000";
    assert_eq!(store.execute_for_tests(unknown).await.unwrap(), 0, "no statistics before the refresh");
    store.refresh_statistics().await.unwrap();
    assert_eq!(store.execute_for_tests(unknown).await.unwrap(), 1, "the planner knows the facets' size");
    let mut bad = Vec::new();
    for (what, sql) in listed_queries(Dialect::Postgres, ids) {
        let text = sql.text.clone();
        let plan = store.query_plan(sql).await.unwrap();
        if !full_scans(&plan).is_empty() {
            bad.push(format!("{what}:\n  {text}\n  {}", plan.join("\n  ")));
        }
    }
    store.close().await;
    drop_database(&db).await;
    assert!(bad.is_empty(), "queries that scan a table:\n{}", bad.join("\n\n"));
}
