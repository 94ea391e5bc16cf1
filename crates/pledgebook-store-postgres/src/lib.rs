//! pledgebook's store for larger deployments: PostgreSQL, chosen by a
//! `postgres://` URL. Several server instances may share one database:
//! everything they must agree on (records, revisions, sessions) lives in it.
//!
//! Write transactions run at the default READ COMMITTED level; lost updates
//! are prevented by the version check on every update, and unique keys by the
//! database's constraints, exactly as in the SQLite backend.

mod conn;
mod rows;
mod tx;

pub mod testing;

use std::path::Path;

use async_trait::async_trait;
use chrono::{DateTime, Utc};
use pledgebook_core::store::{Reader, Result, Store, StoreError, Tx};
use sqlx::PgPool;
use sqlx::postgres::PgPoolOptions;

use sqlx::SqlSafeStr;
use sqlx::migrate::{Migration, MigrationType, Migrator};

use crate::conn::Conn;

/// The migrations, embedded in the binary. Numbered files under
/// `migrations/`; each is applied once, in its own transaction.
const MIGRATIONS: &[(i64, &str, &str)] = &[
    (1, "records", include_str!("../migrations/0001_records.sql")),
    (2, "outbox", include_str!("../migrations/0002_outbox.sql")),
    (3, "attachments", include_str!("../migrations/0003_attachments.sql")),
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

/// The PostgreSQL implementation of [`Store`].
#[derive(Debug, Clone)]
pub struct PostgresStore {
    pool: PgPool,
}

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

    pub async fn connect(url: &str) -> Result<Self> {
        let pool = PgPoolOptions::new().max_connections(16).connect(url).await.map_err(backend)?;
        Ok(PostgresStore { pool })
    }

    /// Applies pending migrations; returns the versions applied now.
    pub async fn migrate(&self) -> Result<Vec<i64>> {
        let before = applied(&self.pool).await;
        migrator().run(&self.pool).await.map_err(|e| StoreError::Backend(Box::new(e)))?;
        let after = applied(&self.pool).await;
        Ok(after.into_iter().filter(|v| !before.contains(v)).collect())
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

    async fn write(&self) -> Result<Box<dyn Tx>> {
        Ok(Box::new(Conn(self.pool.begin().await.map_err(backend)?)))
    }

    async fn backup(&self, _to: &Path) -> Result<()> {
        Err(StoreError::Unsupported(
            "backups of a PostgreSQL database are taken with its own tools: run pg_dump --format=custom on the database URL".into(),
        ))
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
