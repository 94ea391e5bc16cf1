//! `pledgebook export`: open data written as it is read, a page of records
//! at a time, so a campaign of a million pledges exports in bounded memory.
//! A file is written under a temporary name and renamed when complete: a
//! failed export leaves no half file behind.

use std::io::Write;
use std::path::Path;

use anyhow::Context;
use pledgebook_publish::stream::{Export, Format};

use crate::cli::ExportCommand;
use crate::config::Config;

pub async fn run(command: ExportCommand, config: &Config) -> anyhow::Result<()> {
    let store = crate::store::open(config).await?;
    let mut r = store.read().await?;
    let (initiative, format, out) = match command {
        ExportCommand::Csv { initiative, entity, out } => (initiative, Format::Csv(entity.entity()), out),
        ExportCommand::Json { initiative, out } => (initiative, Format::Json, out),
        ExportCommand::Iati { initiative, publisher_ref, out } => {
            let options = pledgebook_publish::iati::IatiOptions {
                publisher_ref: publisher_ref.or_else(|| config.iati_publisher_ref.clone()),
                generated: chrono::Utc::now(),
            };
            (initiative, Format::Iati(options), out)
        }
        ExportCommand::Ical { out } => (String::new(), Format::Ical { host: "pledgebook".into() }, out),
        ExportCommand::Xlsx { initiative, entity, out } => {
            let rows = write_file(&out, async |file| {
                Ok(pledgebook_publish::stream::xlsx(&mut *r, &initiative, entity.entity(), file, u64::MAX).await?)
            })
            .await?;
            eprintln!("wrote {} ({rows} rows)", out.display());
            return Ok(());
        }
        ExportCommand::Pdf { initiative, period, lang, out } => {
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
            let lang = if lang == "ja" { pledgebook_core::Lang::Ja } else { pledgebook_core::Lang::En };
            let pdf = pledgebook_publish::pdf::report_pdf(&report, &fonts, chrono::Utc::now().date_naive(), lang)?;
            write_file(&out, async |file| Ok(file.write_all(&pdf)?)).await?;
            eprintln!("wrote {} ({period})", out.display());
            return Ok(());
        }
    };
    let export = Export::open(&mut *r, &initiative, format).await?;
    match out {
        Some(path) => {
            let bytes = write_file(&path, async |file| pieces(export, &mut *r, file).await).await?;
            eprintln!("wrote {} ({})", path.display(), indicatif::HumanBytes(bytes));
        }
        None => {
            pieces(export, &mut *r, &mut std::io::stdout().lock()).await?;
        }
    }
    Ok(())
}

/// Writes the export piece by piece, with the bytes so far on a spinner.
async fn pieces(
    export: Export,
    r: &mut dyn pledgebook_core::store::Reader,
    out: &mut impl Write,
) -> anyhow::Result<u64> {
    let bar = indicatif::ProgressBar::new_spinner();
    let bytes = export
        .write_to(r, out, &mut |bytes| {
            bar.set_message(format!("{} written", indicatif::HumanBytes(bytes)));
            bar.tick();
        })
        .await?;
    out.flush()?;
    bar.finish_and_clear();
    Ok(bytes)
}

/// Runs `write` on `path.partial`, renamed to `path` once it succeeds.
async fn write_file<T>(
    path: &Path,
    write: impl AsyncFnOnce(&mut std::io::BufWriter<std::fs::File>) -> anyhow::Result<T>,
) -> anyhow::Result<T> {
    let partial = path.with_extension(match path.extension() {
        Some(ext) => format!("{}.partial", ext.to_string_lossy()),
        None => "partial".into(),
    });
    let file = std::fs::File::create(&partial).with_context(|| format!("cannot write {}", partial.display()))?;
    let mut file = std::io::BufWriter::new(file);
    let result = write(&mut file).await.and_then(|t| Ok((t, file.into_inner()?.sync_all()?)));
    match result {
        Ok((t, ())) => {
            std::fs::rename(&partial, path).with_context(|| format!("cannot write {}", path.display()))?;
            Ok(t)
        }
        Err(e) => {
            let _ = std::fs::remove_file(&partial);
            Err(e)
        }
    }
}
