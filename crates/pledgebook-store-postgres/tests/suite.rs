//! The shared store suite on a real PostgreSQL server: a fresh database per
//! story, dropped afterwards. The server is named by
//! `PLEDGEBOOK_TEST_POSTGRES_URL` (or `DATABASE_URL`); without either, the
//! local server of `scripts/test` is assumed.

use std::sync::Arc;
use std::sync::atomic::{AtomicU32, Ordering};

use pledgebook_store_postgres::PostgresStore;
use pledgebook_store_postgres::testing::{create_database, drop_database};
use pledgebook_store_tests::Fixture;

async fn fixture() -> Fixture {
    static N: AtomicU32 = AtomicU32::new(0);
    let db = format!("pledgebook_test_{}_{}", std::process::id(), N.fetch_add(1, Ordering::SeqCst));
    let store = PostgresStore::open(&create_database(&db).await).await.unwrap();
    let mut f = Fixture::new(Arc::new(store));
    f.cleanup = Some(Box::pin(async move { drop_database(&db).await }));
    f
}

pledgebook_store_tests::suite!(fixture);
