//! Opening the store the configuration names: PostgreSQL for a
//! `postgres://` URL, otherwise the embedded SQLite file.

use std::path::PathBuf;
use std::sync::Arc;

use anyhow::{Context, bail};
use pledgebook_core::store::Store;
use pledgebook_store_postgres::PostgresStore;
use pledgebook_store_sqlite::SqliteStore;

use crate::config::{Config, redact};

/// The SQLite file of a `sqlite://` URL.
pub fn sqlite_path(config: &Config) -> anyhow::Result<PathBuf> {
    if config.is_postgres() {
        bail!("this command works on the embedded SQLite database; for PostgreSQL use pg_dump and pg_restore");
    }
    let rest = config
        .database_url
        .strip_prefix("sqlite://")
        .or_else(|| config.database_url.strip_prefix("sqlite:"))
        .unwrap_or(&config.database_url);
    Ok(PathBuf::from(rest.split('?').next().unwrap_or(rest)))
}

/// Creates the directory the SQLite file goes in; returns the file's path.
pub fn prepare_sqlite_dir(config: &Config) -> anyhow::Result<PathBuf> {
    let path = sqlite_path(config)?;
    if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
        std::fs::create_dir_all(dir).with_context(|| format!("cannot create the data directory {}", dir.display()))?;
    }
    Ok(path)
}

pub async fn open(config: &Config) -> anyhow::Result<Arc<dyn Store>> {
    let url = &config.database_url;
    if config.is_postgres() {
        let store = PostgresStore::open(url).await.with_context(|| {
            format!(
                "cannot open the PostgreSQL database {}; check --database-url and that the server is running",
                redact(url)
            )
        })?;
        return Ok(Arc::new(store));
    }
    let path = prepare_sqlite_dir(config)?;
    let store = SqliteStore::open(url).await.with_context(|| {
        format!(
            "cannot open the database {}; check --data-dir and that the file is a pledgebook database",
            path.display()
        )
    })?;
    Ok(Arc::new(store))
}
