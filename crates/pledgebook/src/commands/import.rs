//! `pledgebook import ...`: preview or write what a document holds.

use std::path::Path;

use anyhow::{Context, bail};
use pledgebook_core::{Actor, Period};
use pledgebook_import::report::{Report, Summary, Target};

use crate::cli::ImportCommand;
use crate::config::Config;

/// Files larger than this are refused: no report of this kind comes close.
const MAX_BYTES: u64 = 32 * 1024 * 1024;

fn read_text(path: &Path) -> anyhow::Result<String> {
    let size = std::fs::metadata(path).with_context(|| format!("cannot read {}", path.display()))?.len();
    if size > MAX_BYTES {
        bail!(
            "{} is {} MB; the limit is {} MB. Split the document and import the parts",
            path.display(),
            size / 1_000_000,
            MAX_BYTES / 1_000_000
        );
    }
    let bytes = std::fs::read(path).with_context(|| format!("cannot read {}", path.display()))?;
    String::from_utf8(bytes).map_err(|e| {
        anyhow::anyhow!(
            "{}: not UTF-8 text (byte {}); save it as UTF-8 and try again",
            path.display(),
            e.utf8_error().valid_up_to()
        )
    })
}

fn file_name(path: &Path) -> String {
    path.file_name().map_or_else(|| path.display().to_string(), |n| n.to_string_lossy().into_owned())
}

fn print_preview(report: &Report) {
    let results: usize = report.measures.iter().flat_map(|m| &m.plans).map(|p| p.results.len()).sum();
    println!(
        "{}: {} pillars, {} measures, {} results, {} organisations, {} warnings",
        report.source,
        report.pillars.len(),
        report.measures.len(),
        results,
        report.organisations.len(),
        report.warnings.len()
    );
    for w in &report.warnings {
        println!("  line {}: {}", w.line, w.message);
    }
}

fn print_summary(s: &Summary) {
    let mut kinds: Vec<&&str> = s.created.keys().chain(s.updated.keys()).chain(s.unchanged.keys()).collect();
    kinds.sort();
    kinds.dedup();
    for k in kinds {
        let n = |m: &std::collections::HashMap<&str, usize>| m.get(*k).copied().unwrap_or(0);
        println!("  {k}: {} created, {} updated, {} unchanged", n(&s.created), n(&s.updated), n(&s.unchanged));
    }
    for w in &s.warnings {
        println!("  warning: {w}");
    }
}

pub async fn run(command: ImportCommand, config: &Config) -> anyhow::Result<()> {
    match command {
        ImportCommand::Report { file, dry_run, json, initiative, period, title } => {
            let text = read_text(&file)?;
            let report = pledgebook_import::parse_report(&file_name(&file), &text);
            if json {
                println!("{}", serde_json::to_string_pretty(&report)?);
            } else {
                print_preview(&report);
            }
            if dry_run {
                return Ok(());
            }
            let (Some(initiative), Some(period)) = (initiative, period) else {
                bail!("say where the report goes: --initiative KEY --period FY2018 (or preview with --dry-run)");
            };
            let period: Period = period.parse()?;
            let target = Target { initiative: &initiative, period, title: title.as_deref() };
            let store = crate::store::open(config).await?;
            let bar = indicatif::ProgressBar::new(0);
            let mut tx = store.write().await?;
            let summary = pledgebook_import::report::apply(
                &mut *tx,
                &Actor::system("import"),
                &report,
                &target,
                &mut |done, total| {
                    bar.set_length(total as u64);
                    bar.set_position(done as u64);
                },
            )
            .await
            .with_context(|| format!("{}: nothing was imported", file.display()))?;
            tx.commit().await?;
            bar.finish_and_clear();
            println!("imported {} into {initiative} ({period}):", report.source);
            print_summary(&summary);
            store.close().await;
            Ok(())
        }
    }
}
