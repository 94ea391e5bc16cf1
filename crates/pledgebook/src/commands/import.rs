//! `pledgebook import ...`: preview or write what a document holds.

use std::path::Path;

use anyhow::{Context, bail};
use pledgebook_core::{Actor, OrgKind, Period};
use pledgebook_import::Level;
use pledgebook_import::pledge::Pledge;
use pledgebook_import::report::{Report, Summary, Target};

use crate::cli::{ImportArgs, ImportCommand, ImportOptions};
use crate::config::Config;

/// Files larger than this are refused: no document of these kinds comes close.
const MAX_BYTES: u64 = 32 * 1024 * 1024;

/// Reads a document as text: the text layer of a PDF (in reading order,
/// without running heads and page numbers), or a text file
/// (converting Shift_JIS and UTF-16). Documents (reports, pledges) are
/// refused past [`MAX_BYTES`]; sheets of rows are not (`limited` false).
fn read_text(path: &Path) -> anyhow::Result<String> {
    read_text_within(path, true)
}

fn read_text_within(path: &Path, limited: bool) -> anyhow::Result<String> {
    let size = std::fs::metadata(path).with_context(|| format!("cannot read {}", path.display()))?.len();
    if limited && size > MAX_BYTES {
        bail!(
            "{} is {} MB; the limit is {} MB. Split the document and import the parts",
            path.display(),
            size / 1_000_000,
            MAX_BYTES / 1_000_000
        );
    }
    let bytes = std::fs::read(path).with_context(|| format!("cannot read {}", path.display()))?;
    if pledgebook_import::pdf::is_pdf(&bytes) {
        return pledgebook_import::pdf::text(&bytes)
            .with_context(|| format!("{}: nothing was imported", path.display()));
    }
    let decoded =
        pledgebook_import::decode(&bytes).with_context(|| format!("{}: nothing was imported", path.display()))?;
    if decoded.encoding != "UTF-8" {
        eprintln!("note: {} is in {}; converted to UTF-8", path.display(), decoded.encoding);
    }
    Ok(decoded.text)
}

fn file_name(path: &Path) -> String {
    path.file_name().map_or_else(|| path.display().to_string(), |n| n.to_string_lossy().into_owned())
}

pub async fn run(args: ImportArgs, config: &Config) -> anyhow::Result<()> {
    let command = match (args.command, args.file) {
        (Some(c), _) => c,
        (None, Some(file)) => {
            let text = read_text(&file)?;
            if pledgebook_import::pledge::looks_like_pledge(&text) {
                eprintln!(
                    "{} looks like a pledge; importing it as one (say `import report` if it is not)",
                    file.display()
                );
                ImportCommand::Pledge { file, options: args.options }
            } else if !pledgebook_import::report::read_report("", &text).measures.is_empty() {
                eprintln!("{} looks like an implementation-status report; importing it as one", file.display());
                ImportCommand::Report { file, options: args.options }
            } else {
                bail!(
                    "cannot tell what kind of document {} is; say `pledgebook import report FILE` or `pledgebook import pledge FILE`",
                    file.display()
                );
            }
        }
        (None, None) => bail!("name the document to import: pledgebook import FILE (see --help)"),
    };
    match command {
        ImportCommand::Report { file, options } => report(&file, &options, config).await,
        ImportCommand::Pledge { file, options } => pledge(&file, &options, config).await,
        ImportCommand::Csv { file, options } => sheet(&file, &options, config, false).await,
        ImportCommand::Xlsx { file, options } => sheet(&file, &options, config, true).await,
    }
}

/// A sheet of commitments or observations. A dry run does the whole import
/// in a transaction and rolls it back, so it reports exactly what would happen.
async fn sheet(file: &Path, options: &ImportOptions, config: &Config, xlsx: bool) -> anyhow::Result<()> {
    use pledgebook_import::sheet::{self, Mapping, SheetKind};
    let Some(into) = &options.into else {
        bail!("say which initiative the rows belong to: --into KEY");
    };
    let table = if xlsx {
        let size = std::fs::metadata(file).with_context(|| format!("cannot read {}", file.display()))?.len();
        if size > MAX_BYTES {
            bail!("{} is {} MB; the limit is {} MB", file.display(), size / 1_000_000, MAX_BYTES / 1_000_000);
        }
        sheet::read_xlsx(&std::fs::read(file)?)
    } else {
        sheet::read_csv(&read_text_within(file, false)?)
    }
    .with_context(|| format!("{}: nothing was imported", file.display()))?;
    let mapping = match &options.mapping {
        Some(m) => Mapping::with_file(
            &table.headers,
            &std::fs::read_to_string(m).with_context(|| format!("cannot read {}", m.display()))?,
        )?,
        None => Mapping::from_headers(&table.headers),
    };
    let kind = sheet::guess_kind(&table).with_context(|| {
        format!("{}: the headers {:?} name neither commitments (a title column) nor observations (indicator, value, date columns)", file.display(), table.headers)
    })?;
    let store = crate::store::open(config).await?;
    let mut tx = store.write().await?;
    let actor = Actor::system("import");
    let bar = indicatif::ProgressBar::new(table.rows.len() as u64);
    let mut progress = |done: usize, _total: usize| bar.set_position(done as u64);
    let result = match kind {
        SheetKind::Commitments => {
            sheet::commitments::apply(&mut *tx, &actor, &table, &mapping, into, options.skip_invalid, &mut progress)
                .await
        }
        SheetKind::Observations => {
            sheet::observations::apply(&mut *tx, &actor, &table, &mapping, into, options.skip_invalid, &mut progress)
                .await
        }
    };
    bar.finish_and_clear();
    let outcome = result.with_context(|| format!("{}: nothing was imported", file.display()))?;
    let what = if kind == SheetKind::Commitments { "commitments" } else { "observations" };
    if options.dry_run {
        drop(tx);
        println!("dry run, nothing written: {} rows of {what} would give", table.rows.len());
    } else {
        tx.commit().await?;
        if outcome.created + outcome.updated >= 1_000 {
            store
                .refresh_statistics()
                .await
                .context("the import is saved, but the database statistics could not be refreshed")?;
        }
        println!("imported {} rows of {what} into {into}:", table.rows.len());
    }
    println!(
        "  {} created, {} updated, {} unchanged, {} skipped",
        outcome.created,
        outcome.updated,
        outcome.unchanged,
        outcome.skipped.len()
    );
    if !outcome.skipped.is_empty() {
        println!("{}", sheet::describe(&outcome.skipped));
    }
    if options.json {
        println!("{}", serde_json::to_string_pretty(&outcome)?);
    }
    store.close().await;
    Ok(())
}

/// The report, read with the profile asked for (a built-in one by name, or
/// a profile file), or with the layout detected.
fn read_report(name: &str, text: &str, profile: Option<&str>) -> anyhow::Result<Report> {
    use pledgebook_import::report::{self, Profile};
    match profile {
        Some(p) if Path::new(p).is_file() => {
            let toml = std::fs::read_to_string(p).with_context(|| format!("cannot read {p}"))?;
            Ok(report::parse_report_with(name, text, &Profile::from_toml(p, &toml)?))
        }
        layout => Ok(report::read_report_as(name, text, layout)?),
    }
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
    println!("  read as: {}", report.reason);
    for w in &report.warnings {
        let level = match w.level {
            Level::Notice => "note",
            Level::Departure => "departure",
            Level::Conflict => "conflict",
        };
        println!("  line {} ({level}): {}", w.line, w.message);
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
    // A result read from another file changes its provenance only: one line for all of those.
    let (moved, changed): (Vec<_>, Vec<_>) = s.changes.iter().partition(|c| c.fields == ["provenance"]);
    for c in changed {
        println!("  updated {} {}: {}", c.kind, c.key, c.fields.join(", "));
    }
    if !moved.is_empty() {
        println!("  {} more only change where they were read (file name and lines)", moved.len());
    }
    if !s.not_in_file.is_empty() {
        println!("  in the database but no longer in the file (left as they are):");
        for key in &s.not_in_file {
            println!("    {key}");
        }
    }
    for w in &s.warnings {
        println!("  warning: {w}");
    }
}

async fn report(file: &Path, options: &ImportOptions, config: &Config) -> anyhow::Result<()> {
    let text = read_text(file)?;
    let report = read_report(&file_name(file), &text, options.profile.as_deref())?;
    if options.json {
        println!("{}", serde_json::to_string_pretty(&report)?);
    } else {
        print_preview(&report);
    }
    let target = options.initiative.as_ref().zip(options.period.as_ref());
    if options.dry_run && (target.is_none() || options.json) {
        let stop = pledgebook_import::blocking(&report.warnings, options.accept_warnings);
        if !stop.is_empty() && !options.json {
            println!("dry run: this import would be refused ({} departures or conflicts above)", stop.len());
        }
        if !options.json {
            println!("add --initiative KEY --period PERIOD to compare it with what the database holds");
        }
        return Ok(());
    }
    let Some((initiative, period)) = target else {
        bail!("say where the report goes: --initiative KEY --period FY2018 (or preview it with --dry-run)");
    };
    let period: Period = period.parse()?;
    let target =
        Target { initiative, period, title: options.title.as_deref(), accept_departures: options.accept_warnings };
    let store = crate::store::open(config).await?;
    let bar = indicatif::ProgressBar::new(0);
    let mut tx = store.write().await?;
    let summary =
        pledgebook_import::report::apply(&mut *tx, &Actor::system("import"), &report, &target, &mut |done, total| {
            bar.set_length(total as u64);
            bar.set_position(done as u64);
        })
        .await
        .with_context(|| format!("{}: nothing was imported", file.display()))?;
    bar.finish_and_clear();
    if options.dry_run {
        // The whole import ran in the transaction; dropping it writes nothing.
        drop(tx);
        println!("dry run, nothing written: importing {} into {initiative} ({period}) would give", report.source);
    } else {
        tx.commit().await?;
        println!("imported {} into {initiative} ({period}):", report.source);
    }
    print_summary(&summary);
    store.close().await;
    Ok(())
}

fn print_pledge(p: &Pledge) {
    println!("{}: {} pledges to \"{}\"", p.source, p.organisation, p.title);
    println!(
        "  {} implementation items, {} links, {} warnings",
        p.implementation_items.len(),
        p.links.len(),
        p.warnings.len()
    );
    for w in &p.warnings {
        println!("  line {}: {}", w.line, w.message);
    }
}

async fn pledge(file: &Path, options: &ImportOptions, config: &Config) -> anyhow::Result<()> {
    let text = read_text(file)?;
    let pledge = pledgebook_import::parse_pledge(&file_name(file), &text);
    if options.json {
        println!("{}", serde_json::to_string_pretty(&pledge)?);
    } else {
        print_pledge(&pledge);
    }
    if options.dry_run {
        return Ok(());
    }
    let Some(campaign) = &options.campaign else {
        bail!("say which campaign the pledge belongs to: --campaign KEY (or preview it with --dry-run)");
    };
    let status = pledgebook_core::Status::ALL
        .into_iter()
        .find(|s| s.as_str() == options.status)
        .with_context(|| format!("unknown status {:?}: use approved or submitted", options.status))?;
    let organisation_kind = OrgKind::parse(&options.organisation_kind)
        .with_context(|| format!("unknown organisation kind {:?}", options.organisation_kind))?;
    let target = pledgebook_import::pledge::apply::Target {
        campaign,
        status,
        organisation_kind,
        accept_departures: options.accept_warnings,
    };
    let store = crate::store::open(config).await?;
    let mut tx = store.write().await?;
    let outcome = pledgebook_import::pledge::apply::apply(&mut *tx, &Actor::system("import"), &pledge, &target)
        .await
        .with_context(|| format!("{}: nothing was imported", file.display()))?;
    tx.commit().await?;
    println!("pledge {} ({:?}); organisation {:?}", outcome.key, outcome.pledge, outcome.organisation);
    for l in &outcome.skipped_links {
        println!("  left out the link {l}: it is no web address");
    }
    store.close().await;
    Ok(())
}
