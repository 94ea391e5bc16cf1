//! One module per command group.

mod backup;
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
        Command::Export(c) => export(c, &config).await,
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

async fn export(command: crate::cli::ExportCommand, config: &Config) -> anyhow::Result<()> {
    use crate::cli::ExportCommand;
    let store = crate::store::open(config).await?;
    let mut r = store.read().await?;
    let (text, out) = match command {
        ExportCommand::Csv { initiative, entity, out } => {
            let data = pledgebook_publish::load(&mut *r, &initiative).await?;
            (pledgebook_publish::export::sheet(&data, entity.entity()).to_csv()?, out)
        }
        ExportCommand::Xlsx { initiative, entity, out } => {
            let data = pledgebook_publish::load(&mut *r, &initiative).await?;
            std::fs::write(&out, pledgebook_publish::export::sheet(&data, entity.entity()).to_xlsx()?)
                .with_context(|| format!("cannot write {}", out.display()))?;
            eprintln!("wrote {}", out.display());
            return Ok(());
        }
        ExportCommand::Json { initiative, out } => {
            let data = pledgebook_publish::load(&mut *r, &initiative).await?;
            (serde_json::to_string_pretty(&pledgebook_publish::export::initiative_json(&data))?, out)
        }
        ExportCommand::Iati { initiative, publisher_ref, out } => {
            let data = pledgebook_publish::load(&mut *r, &initiative).await?;
            let options = pledgebook_publish::iati::IatiOptions {
                publisher_ref: publisher_ref.or_else(|| config.iati_publisher_ref.clone()),
                generated: chrono::Utc::now(),
            };
            (pledgebook_publish::iati::activities_xml(&data, &options)?, out)
        }
        ExportCommand::Pdf { initiative, period, out } => {
            let data = pledgebook_publish::load(&mut *r, &initiative).await?;
            let period =
                match period {
                    Some(p) => p.parse()?,
                    None => *data.initiative.periods.last().with_context(|| {
                        format!("{initiative} has no reporting period: name one with --period FY2018")
                    })?,
                };
            let report = pledgebook_publish::report::Report::build(&data, period);
            let fonts = pledgebook_publish::pdf::Fonts::locate(config.pdf_font.as_deref())?;
            let pdf = pledgebook_publish::pdf::report_pdf(&report, &fonts, chrono::Utc::now().date_naive())?;
            std::fs::write(&out, pdf).with_context(|| format!("cannot write {}", out.display()))?;
            eprintln!("wrote {} ({period})", out.display());
            return Ok(());
        }
        ExportCommand::Ical { out } => {
            let mut scan = pledgebook_core::ops::Scan::new(
                pledgebook_core::store::Filter::of(pledgebook_core::Kind::Event).public(),
                1_000,
            );
            let mut events = Vec::new();
            while let Some(page) = scan.next::<pledgebook_core::Event>(&mut *r).await? {
                events.extend(page);
            }
            (pledgebook_publish::ical::calendar(&events, "pledgebook"), out)
        }
    };
    match out {
        Some(path) => {
            std::fs::write(&path, text).with_context(|| format!("cannot write {}", path.display()))?;
            eprintln!("wrote {}", path.display());
        }
        None => print!("{text}"),
    }
    Ok(())
}
