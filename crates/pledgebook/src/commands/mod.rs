//! One module per command group.

mod backup;
mod export;
mod import;
mod records;
mod serve;
mod users;

use anyhow::Context;

use crate::cli::Command;
use crate::config::Config;

pub use serve::run as serve;

pub async fn run(command: Command, config: Config, global: &crate::cli::Global) -> anyhow::Result<()> {
    match command {
        Command::Config => {
            print!("{}", config.to_toml());
            Ok(())
        }
        Command::Init => {
            let store = crate::store::open(&config).await?;
            println!(
                "pledgebook database ready ({}, {})",
                store.backend(),
                crate::config::redact(&config.database_url)
            );
            println!("next: pledgebook user add --email you@example.org --name \"Your Name\" --role admin");
            Ok(())
        }
        Command::Migrate => migrate(&config).await,
        Command::Export(c) => export::run(c, &config).await,
        Command::Reindex => {
            let store = crate::store::open(&config).await?;
            let index = pledgebook_search::SearchIndex::open(&config.search_dir())?;
            let bar = indicatif::ProgressBar::new(0);
            let n = index
                .rebuild(&*store, &mut |done, total| {
                    bar.set_length(total as u64);
                    bar.set_position(done as u64);
                })
                .await?;
            bar.finish_and_clear();
            println!("indexed {n} records into {}", config.search_dir().display());
            Ok(())
        }
        Command::Serve => {
            let store = crate::store::open(&config).await?;
            serve::run(&config, store).await
        }
        Command::Demo(args) => crate::demo::run(config, args, global).await,
        Command::User(c) => users::run(c, &config).await,
        Command::Org(c) => records::org(c, &config).await,
        Command::Initiative(c) => records::initiative(c, &config).await,
        Command::Backup { file } => backup::backup(&config, &file).await,
        Command::Restore { file, force } => backup::restore(&config, &file, force).await,
        Command::Import(c) => import::run(*c, &config).await,
    }
}

async fn migrate(config: &Config) -> anyhow::Result<()> {
    let applied = if config.is_postgres() {
        let s = pledgebook_store_postgres::PostgresStore::connect(&config.database_url)
            .await
            .context("cannot connect to PostgreSQL")?;
        s.migrate().await?
    } else {
        crate::store::prepare_sqlite_dir(config)?;
        let s = pledgebook_store_sqlite::SqliteStore::connect(&config.database_url).await?;
        s.migrate().await?
    };
    if applied.is_empty() {
        println!("the database is up to date");
    } else {
        println!("applied migrations: {applied:?}");
    }
    Ok(())
}
