//! pledgebook's store for larger deployments: PostgreSQL, chosen by a
//! `postgres://` URL. Several server instances may share one database:
//! everything they must agree on (records, revisions, sessions) lives in it.
//!
//! Write transactions run at the default READ COMMITTED level; lost updates
//! are prevented by the version check on every update, and unique keys by the
//! database's constraints, exactly as in the SQLite backend.

mod conn;
mod projection;
mod query;
mod rows;
mod tx;

pub mod testing;

use std::path::Path;

use async_trait::async_trait;
use chrono::{DateTime, Utc};
use pledgebook_core::store::{Reader, Result, Store, StoreError, Tx};
use sqlx::postgres::PgPoolOptions;
use sqlx::{AssertSqlSafe, PgPool};

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

/// The advisory lock every write transaction holds until it ends (see
/// [`PostgresStore`]'s `write`). Any constant works, as long as it is one.
const CHANGE_LOG_LOCK: i64 = 0x706c_6564_6765; // "pledge"

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

/// The PostgreSQL implementation of [`Store`].
#[derive(Debug, Clone)]
pub struct PostgresStore {
    pool: PgPool,
}

/// How long a request waits for a connection of the pool.
pub const ACQUIRE_TIMEOUT: std::time::Duration = std::time::Duration::from_secs(2);
/// The longest a statement may run: a bulk import's batches take well under
/// a second each; anything longer is a query gone wrong.
pub const STATEMENT_TIMEOUT: std::time::Duration = std::time::Duration::from_secs(60);

pub(crate) fn backend(e: sqlx::Error) -> StoreError {
    StoreError::Backend(Box::new(e))
}

impl PostgresStore {
    /// Connects to `url` and applies pending migrations.
    #[tracing::instrument(skip_all)]
    pub async fn open(url: &str) -> Result<Self> {
        let store = Self::connect(url).await?;
        store.migrate().await?;
        Ok(store)
    }

    /// Connects with the limits that make a lost database an error within
    /// seconds, not a hang: a connection is waited for at most
    /// [`ACQUIRE_TIMEOUT`], a statement runs at most [`STATEMENT_TIMEOUT`].
    pub async fn connect(url: &str) -> Result<Self> {
        let options: sqlx::postgres::PgConnectOptions = url.parse().map_err(backend)?;
        let options = options.options([("statement_timeout", format!("{}s", STATEMENT_TIMEOUT.as_secs()))]);
        let pool = PgPoolOptions::new()
            .max_connections(16)
            .acquire_timeout(ACQUIRE_TIMEOUT)
            .connect_with(options)
            .await
            .map_err(backend)?;
        Ok(PostgresStore { pool })
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

impl PostgresStore {
    /// The plan the database would run `sql` with, one line per step: for
    /// the plan tests, and for an operator asking why a page is slow.
    pub async fn query_plan(&self, sql: pledgebook_store_sql::Sql) -> Result<Vec<String>> {
        let rows = query::bound(sql.prefixed("EXPLAIN ")).fetch_all(&self.pool).await.map_err(backend)?;
        rows.iter().map(|row| sqlx::Row::try_get::<String, _>(row, "QUERY PLAN").map_err(backend)).collect()
    }

    /// Runs a statement of the caller's, for tests that shape data beyond
    /// what the store's own writes make (a large table for the planner).
    #[doc(hidden)]
    pub async fn execute_for_tests(&self, sql: &str) -> Result<u64> {
        let done = sqlx::query(AssertSqlSafe(sql.to_owned())).execute(&self.pool).await.map_err(backend)?;
        Ok(done.rows_affected())
    }
}

async fn applied(pool: &PgPool) -> Vec<i64> {
    sqlx::query_scalar("SELECT version FROM _sqlx_migrations WHERE success ORDER BY version")
        .fetch_all(pool)
        .await
        .unwrap_or_default()
}

#[async_trait]
impl Store for PostgresStore {
    fn backend(&self) -> &'static str {
        "postgres"
    }

    async fn read(&self) -> Result<Box<dyn Reader>> {
        Ok(Box::new(Conn(self.pool.acquire().await.map_err(backend)?)))
    }

    /// A write transaction holding the change-log lock until it commits or
    /// rolls back. Revisions take their `seq` from an identity column, and
    /// under READ COMMITTED a transaction that took seq 11 could otherwise
    /// commit after one that took seq 12; a follower that had applied 12
    /// would never see 11. Holding one lock per writer makes seq order the
    /// commit order, as SQLite's single writer does: a follower reading
    /// `seq > last` never skips a revision.
    async fn write(&self) -> Result<Box<dyn Tx>> {
        let mut tx = self.pool.begin().await.map_err(backend)?;
        sqlx::query("SELECT pg_advisory_xact_lock($1)")
            .bind(CHANGE_LOG_LOCK)
            .execute(&mut *tx)
            .await
            .map_err(backend)?;
        Ok(Box::new(Conn(tx)))
    }

    async fn backup(&self, _to: &Path) -> Result<()> {
        Err(StoreError::Unsupported(
            "backups of a PostgreSQL database are taken with its own tools: run pg_dump --format=custom on the database URL".into(),
        ))
    }

    async fn refresh_statistics(&self) -> Result<()> {
        // VACUUM also sets the visibility map, so the index-only scans of
        // the facet lists need not visit the heap; it runs outside a transaction.
        sqlx::query("VACUUM (ANALYZE) records, facets, links, tallies").execute(&self.pool).await.map_err(backend)?;
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
        let done = sqlx::query("DELETE FROM sessions WHERE expires_at <= $1")
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
