//! `pledgebook backup` and `pledgebook restore` for the embedded database.

use std::path::Path;

use anyhow::{Context, bail};
use pledgebook_core::Kind;
use pledgebook_core::store::Store;
use pledgebook_store_sqlite::SqliteStore;

use crate::config::Config;

pub async fn backup(config: &Config, file: &Path) -> anyhow::Result<()> {
    crate::store::sqlite_path(config)?;
    let store = crate::store::open(config).await?;
    store.backup(file).await.with_context(|| format!("backup to {} failed", file.display()))?;
    store.close().await;
    println!("backed up to {}", file.display());
    Ok(())
}

/// Checks the backup by opening a copy, then moves the copy into place, so
/// a bad file never replaces a good database.
pub async fn restore(config: &Config, file: &Path, force: bool) -> anyhow::Result<()> {
    let target = crate::store::prepare_sqlite_dir(config)?;
    if !file.is_file() {
        bail!("{} is not a file; give the path of a file made by `pledgebook backup`", file.display());
    }
    if target.exists() && !force {
        bail!("{} exists; stop the server and add --force to replace it", target.display());
    }
    let staging = target.with_extension("restoring");
    let _ = std::fs::remove_file(&staging);
    std::fs::copy(file, &staging).with_context(|| format!("cannot copy {}", file.display()))?;
    let check = SqliteStore::open(staging.to_str().context("the data directory path must be UTF-8")?)
        .await
        .with_context(|| format!("{} is not a pledgebook backup", file.display()))?;
    let records: i64 = {
        let mut r = check.read().await?;
        let mut n = 0;
        for k in Kind::ALL {
            n += r.count(k).await?;
        }
        n
    };
    check.close().await;
    for suffix in ["-wal", "-shm"] {
        let _ = std::fs::remove_file(format!("{}{suffix}", target.display()));
        let _ = std::fs::remove_file(format!("{}{suffix}", staging.display()));
    }
    std::fs::rename(&staging, &target)
        .with_context(|| format!("cannot move the restored database to {}", target.display()))?;
    println!("restored {records} records from {} into {}", file.display(), target.display());
    Ok(())
}
