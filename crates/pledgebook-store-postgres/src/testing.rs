//! Throwaway databases for tests that need a real PostgreSQL server: the
//! store suite, and the end-to-end tests that run several `serve` processes
//! on one database. The server is `PLEDGEBOOK_TEST_POSTGRES_URL` (or
//! `DATABASE_URL`); without either, the local one `scripts/test` starts.

use sqlx::{Connection, PgConnection};

/// The server's URL, naming a database that exists (such as `postgres`).
pub fn server_url() -> String {
    std::env::var("PLEDGEBOOK_TEST_POSTGRES_URL")
        .or_else(|_| std::env::var("DATABASE_URL"))
        .unwrap_or_else(|_| "postgres://postgres@127.0.0.1:5432/postgres".into())
}

/// `url` with its database replaced by `db`, keeping any `?options`.
pub fn with_database(url: &str, db: &str) -> String {
    let (base, query) = url.split_once('?').map_or((url, None), |(b, q)| (b, Some(q)));
    let base = base.rsplit_once('/').map_or(base, |(b, _)| b);
    query.map_or_else(|| format!("{base}/{db}"), |q| format!("{base}/{db}?{q}"))
}

async fn execute(sql: String) {
    let url = server_url();
    let mut conn = PgConnection::connect(&url).await.unwrap_or_else(|e| {
        panic!("cannot reach PostgreSQL at {url}: {e}. Start a server (scripts/test does) or set PLEDGEBOOK_TEST_POSTGRES_URL")
    });
    sqlx::query(sqlx::AssertSqlSafe(sql)).execute(&mut conn).await.unwrap_or_else(|e| panic!("{e}"));
}

/// A new empty database named `name` (dropped first if a failed run left it); returns its URL.
pub async fn create_database(name: &str) -> String {
    execute(format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)")).await;
    execute(format!("CREATE DATABASE {name}")).await;
    with_database(&server_url(), name)
}

/// Drops `name`, closing whatever connections are still open to it.
pub async fn drop_database(name: &str) {
    execute(format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)")).await;
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_database_is_replaced_and_options_kept() {
        assert_eq!(with_database("postgres://u@h:5432/postgres", "t1"), "postgres://u@h:5432/t1");
        assert_eq!(with_database("postgres://u@h/postgres?sslmode=disable", "t1"), "postgres://u@h/t1?sslmode=disable");
    }
}
