//! The shared store suite on a real PostgreSQL server: a fresh database per
//! story, dropped afterwards. The server is named by
//! `PLEDGEBOOK_TEST_POSTGRES_URL` (or `DATABASE_URL`); without either, the
//! local server of `scripts/test` is assumed.

use std::sync::Arc;
use std::sync::atomic::{AtomicU32, Ordering};

use pledgebook_store_postgres::PostgresStore;
use pledgebook_store_tests::Fixture;
use sqlx::{Connection, PgConnection};

fn admin_url() -> String {
    std::env::var("PLEDGEBOOK_TEST_POSTGRES_URL")
        .or_else(|_| std::env::var("DATABASE_URL"))
        .unwrap_or_else(|_| "postgres://postgres@127.0.0.1:5432/postgres".into())
}

fn with_database(url: &str, db: &str) -> String {
    let (base, query) = url.split_once('?').map_or((url, None), |(b, q)| (b, Some(q)));
    let base = base.rsplit_once('/').map_or(base, |(b, _)| b);
    match query {
        Some(q) => format!("{base}/{db}?{q}"),
        None => format!("{base}/{db}"),
    }
}

async fn admin() -> PgConnection {
    let url = admin_url();
    PgConnection::connect(&url).await.unwrap_or_else(|e| {
        panic!("cannot reach PostgreSQL at {url}: {e}. Start a server (scripts/test does) or set PLEDGEBOOK_TEST_POSTGRES_URL")
    })
}

async fn fixture() -> Fixture {
    static N: AtomicU32 = AtomicU32::new(0);
    let db = format!("pledgebook_test_{}_{}", std::process::id(), N.fetch_add(1, Ordering::SeqCst));
    let mut conn = admin().await;
    sqlx::query(sqlx::AssertSqlSafe(format!("DROP DATABASE IF EXISTS {db}"))).execute(&mut conn).await.unwrap();
    sqlx::query(sqlx::AssertSqlSafe(format!("CREATE DATABASE {db}"))).execute(&mut conn).await.unwrap();
    let store = PostgresStore::open(&with_database(&admin_url(), &db)).await.unwrap();
    let mut f = Fixture::new(Arc::new(store));
    f.cleanup = Some(Box::pin(async move {
        let mut conn = admin().await;
        sqlx::query(sqlx::AssertSqlSafe(format!("DROP DATABASE IF EXISTS {db} WITH (FORCE)")))
            .execute(&mut conn)
            .await
            .unwrap();
    }));
    f
}

pledgebook_store_tests::suite!(fixture);
