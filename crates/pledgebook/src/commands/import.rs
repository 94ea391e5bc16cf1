//! `pledgebook import ...`: preview or write what a document holds.

use std::path::Path;

use anyhow::{Context, bail};

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

pub async fn run(command: ImportCommand, config: &Config) -> anyhow::Result<()> {
    match command {
        ImportCommand::Report { file, dry_run, json, initiative: _, period: _ } => {
            let text = read_text(&file)?;
            let report = pledgebook_import::parse_report(&file_name(&file), &text);
            if json {
                println!("{}", serde_json::to_string_pretty(&report)?);
            } else {
                let results: usize = report.measures.iter().flat_map(|m| &m.plans).map(|p| p.results.len()).sum();
                println!(
                    "{}: {} pillars, {} measures, {} results, {} warnings",
                    report.source,
                    report.pillars.len(),
                    report.measures.len(),
                    results,
                    report.warnings.len()
                );
                for w in &report.warnings {
                    println!("  line {}: {}", w.line, w.message);
                }
            }
            if !dry_run {
                let _ = config;
                bail!("writing reports is not available yet; use --dry-run");
            }
            Ok(())
        }
    }
}
