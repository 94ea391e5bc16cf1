//! pledgebook's embedded store: one SQLite file in the data directory.
//!
//! The database runs in WAL mode (readers never block the writer), with
//! foreign keys on and `synchronous = FULL`, so a write is on disk before it
//! is acknowledged. Write transactions begin `IMMEDIATE`: they take the write
//! lock up front, so a transaction that reads before it writes never fails
//! on a stale snapshot.
//!
//! This crate owns the SQL only; the rules live in `pledgebook-core`.

mod batch;
mod conn;
mod projection;
mod query;
mod rows;
mod tx;

use std::path::Path;
use std::str::FromStr;
use std::time::Duration;

use async_trait::async_trait;
use chrono::{DateTime, Utc};
use pledgebook_core::store::{Reader, Result, Store, StoreError, Tx};
use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqlitePoolOptions, SqliteSynchronous};
use sqlx::{AssertSqlSafe, SqlitePool};

use sqlx::SqlSafeStr;
use sqlx::migrate::{Migration, MigrationType, Migrator};

use crate::conn::Conn;

/// The migrations, embedded in the binary. Numbered files under
/// `migrations/`; each is applied once, in its own transaction.
const MIGRATIONS: &[(i64, &str, &str)] = &[
    (1, "records", include_str!("../migrations/0001_records.sql")),
    (2, "outbox", include_str!("../migrations/0002_outbox.sql")),
    (3, "attachments", include_str!("../migrations/0003_attachments.sql")),
    (4, "projection", include_str!("../migrations/0004_projection.sql")),
    (5, "outbox_claims", include_str!("../migrations/0005_outbox_claims.sql")),
    (6, "outbox_given_up", include_str!("../migrations/0006_outbox_given_up.sql")),
    (7, "password_links", include_str!("../migrations/0007_password_links.sql")),
];

fn migrator() -> Migrator {
    Migrator::with_migrations(
        MIGRATIONS
            .iter()
            .map(|(version, name, sql)| {
                Migration::new(*version, (*name).into(), MigrationType::Simple, sql.into_sql_str(), false)
            })
            .collect(),
    )
}

/// The SQLite implementation of [`Store`].
#[derive(Debug, Clone)]
pub struct SqliteStore {
    pool: SqlitePool,
}

pub(crate) fn backend(e: sqlx::Error) -> StoreError {
    StoreError::Backend(Box::new(e))
}

impl SqliteStore {
    /// Opens (creating if needed) the database at `url` (`sqlite://path` or
    /// a plain file path) and applies pending migrations.
    #[tracing::instrument(skip_all, fields(url))]
    pub async fn open(url: &str) -> Result<Self> {
        let store = Self::connect(url).await?;
        store.migrate().await?;
        Ok(store)
    }

    /// Opens without migrating, for `pledgebook migrate` to report what it applies.
    pub async fn connect(url: &str) -> Result<Self> {
        let url = if url.starts_with("sqlite:") { url.to_owned() } else { format!("sqlite://{url}") };
        let options = SqliteConnectOptions::from_str(&url)
            .map_err(backend)?
            .create_if_missing(true)
            .journal_mode(SqliteJournalMode::Wal)
            .synchronous(SqliteSynchronous::Full)
            .foreign_keys(true)
            .busy_timeout(Duration::from_secs(10));
        let pool = SqlitePoolOptions::new().max_connections(8).connect_with(options).await.map_err(backend)?;
        Ok(SqliteStore { pool })
    }

    /// Applies pending migrations; returns the versions applied now.
    pub async fn migrate(&self) -> Result<Vec<i64>> {
        let before = applied(&self.pool).await;
        migrator().run(&self.pool).await.map_err(|e| StoreError::Backend(Box::new(e)))?;
        let projected = projection::backfill(&self.pool).await?;
        if projected > 0 {
            tracing::info!(projected, "projected records written before the projection columns existed");
        }
        let after = applied(&self.pool).await;
        Ok(after.into_iter().filter(|v| !before.contains(v)).collect())
    }
}

impl SqliteStore {
    /// The plan the database would run `sql` with, one line per step: for
    /// the plan tests, and for an operator asking why a page is slow.
    pub async fn query_plan(&self, sql: pledgebook_store_sql::Sql) -> Result<Vec<String>> {
        let rows = query::bound(sql.prefixed("EXPLAIN QUERY PLAN ")).fetch_all(&self.pool).await.map_err(backend)?;
        rows.iter().map(|row| sqlx::Row::try_get::<String, _>(row, "detail").map_err(backend)).collect()
    }

    /// Runs a statement of the caller's, for tests that shape data beyond
    /// what the store's own writes make (a large table for the planner).
    #[doc(hidden)]
    pub async fn execute_for_tests(&self, sql: &str) -> Result<u64> {
        let done = sqlx::query(AssertSqlSafe(sql.to_owned())).execute(&self.pool).await.map_err(backend)?;
        Ok(done.rows_affected())
    }
}

async fn applied(pool: &SqlitePool) -> Vec<i64> {
    sqlx::query_scalar("SELECT version FROM _sqlx_migrations WHERE success ORDER BY version")
        .fetch_all(pool)
        .await
        .unwrap_or_default()
}

#[async_trait]
impl Store for SqliteStore {
    fn backend(&self) -> &'static str {
        "sqlite"
    }

    async fn read(&self) -> Result<Box<dyn Reader>> {
        Ok(Box::new(Conn(self.pool.acquire().await.map_err(backend)?)))
    }

    async fn write(&self) -> Result<Box<dyn Tx>> {
        Ok(Box::new(Conn(self.pool.begin_with("BEGIN IMMEDIATE").await.map_err(backend)?)))
    }

    /// `VACUUM INTO` writes a consistent, compacted copy while others keep
    /// reading and writing.
    #[tracing::instrument(skip_all, fields(to = %to.display()))]
    async fn backup(&self, to: &Path) -> Result<()> {
        if to.exists() {
            return Err(StoreError::Unsupported(format!("{} exists already; choose a new file name", to.display())));
        }
        let path = to.to_str().ok_or_else(|| StoreError::Unsupported("the backup path must be valid UTF-8".into()))?;
        let sql = format!("VACUUM INTO '{}'", path.replace('\'', "''"));
        sqlx::query(AssertSqlSafe(sql)).execute(&self.pool).await.map_err(backend)?;
        Ok(())
    }

    fn pool_stats(&self) -> pledgebook_core::store::PoolStats {
        pledgebook_core::store::PoolStats {
            open: self.pool.size(),
            idle: self.pool.num_idle() as u32,
            max: self.pool.options().get_max_connections(),
        }
    }

    async fn purge_sessions(&self, now: DateTime<Utc>) -> Result<u64> {
        let done = sqlx::query("DELETE FROM sessions WHERE expires_at <= ?")
            .bind(now)
            .execute(&self.pool)
            .await
            .map_err(backend)?;
        Ok(done.rows_affected())
    }

    async fn close(&self) {
        self.pool.close().await;
    }
}
