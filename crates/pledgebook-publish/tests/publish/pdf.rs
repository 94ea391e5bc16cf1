//! The consolidated report as PDF, checked the way a reader would see it:
//! poppler (Debian's poppler-utils) counts its pages, renders each to PNG
//! and reads its text and fonts back. Needs Debian's fonts-ipaexfont.

use std::path::Path;
use std::process::Command;

use chrono::NaiveDate;
use pledgebook_core::store::Store;
use pledgebook_core::{Actor, Commitment, Initiative, Lang, Localized, Period, ops};
use pledgebook_publish::pdf::{Fonts, report_pdf};
use pledgebook_publish::report::Report;

use crate::support::{load, with_reference_report};

/// Runs a poppler tool on `file`, with `after` following the file name.
fn poppler(tool: &str, args: &[&str], file: &Path, after: &[&str]) -> String {
    let out = Command::new(tool)
        .args(args)
        .arg(file)
        .args(after)
        .output()
        .unwrap_or_else(|e| panic!("{tool} runs ({e}): install Debian's poppler-utils (scripts/test does)"));
    assert!(out.status.success(), "{tool}: {}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// The share of a PNG page's pixels that are not (near) white.
fn ink(png_file: &Path) -> f64 {
    let decoder = png::Decoder::new(std::io::BufReader::new(std::fs::File::open(png_file).unwrap()));
    let mut reader = decoder.read_info().unwrap();
    let mut buf = vec![0; reader.output_buffer_size().unwrap()];
    let info = reader.next_frame(&mut buf).unwrap();
    let channels = info.color_type.samples();
    let pixels = &buf[..info.buffer_size()];
    let dark = pixels.chunks(channels).filter(|p| p.iter().take(3).any(|&v| v < 200)).count();
    dark as f64 / (pixels.len() / channels) as f64
}

/// Japanese titles on the plan and two of its measures, as a secretariat would add them.
async fn add_japanese_titles(store: &dyn Store) {
    let actor = Actor::system("t");
    let mut tx = store.write().await.unwrap();
    let plan = ops::find::<Initiative>(&mut *tx, "basic-plan-csec").await.unwrap().unwrap();
    let mut p = plan.value.clone();
    p.title = Localized::both("Basic Plan", "子供の性被害防止プラン");
    ops::update(&mut *tx, &actor, plan.id, plan.version, p).await.unwrap();
    for (key, ja) in [("basic-plan-csec/1-(i)", "国民意識の向上"), ("basic-plan-csec/1-(ii)", "広報啓発活動の推進")]
    {
        let c = ops::find::<Commitment>(&mut *tx, key).await.unwrap().unwrap();
        let title = Localized::both(c.title.get(pledgebook_core::Lang::En).unwrap(), ja);
        ops::update(&mut *tx, &actor, c.id, c.version, Commitment { title, ..c.value.clone() }).await.unwrap();
    }
    tx.commit().await.unwrap();
}

#[tokio::test]
async fn the_reference_report_as_pdf_renders_every_page_with_japanese_text() {
    let (dir, store) = with_reference_report().await;
    add_japanese_titles(&store).await;
    let report = Report::build(&load(&store, "basic-plan-csec").await, Period::FiscalYear(2018));
    let fonts = Fonts::locate(None).expect("Debian's fonts-ipaexfont is installed (scripts/test installs it)");
    let pdf = report_pdf(&report, &fonts, NaiveDate::from_ymd_opt(2026, 11, 23).unwrap(), Lang::En).unwrap();
    let file = dir.path().join("report.pdf");
    std::fs::write(&file, &pdf).unwrap();

    let info = poppler("pdfinfo", &[], &file, &[]);
    let pages: usize = info.lines().find_map(|l| l.strip_prefix("Pages:")).unwrap().trim().parse().unwrap();
    // 88 measures with 177 results make a report of a few dozen pages, not one page nor hundreds.
    assert!((20..=80).contains(&pages), "{pages} pages");
    assert!(info.contains("Title:           Basic Plan — implementation status, FY2018"), "{info}");

    // Only the glyphs used are embedded: a few hundred kilobytes, not the 8 MB of the two fonts.
    assert!(pdf.len() < 1_500_000, "{} bytes", pdf.len());
    let fonts_used = poppler("pdffonts", &[], &file, &[]);
    assert!(fonts_used.contains("IPAexMincho") && fonts_used.contains("IPAexGothic"), "{fonts_used}");
    for line in fonts_used.lines().filter(|l| l.contains("IPAex")) {
        assert!(line.contains(" yes yes "), "embedded as a subset: {line}");
    }

    let text = poppler("pdftotext", &["-layout"], &file, &["-"]);
    for expected in [
        "子供の性被害防止プラン",
        "広報啓発活動の推進",
        "(ii) Promotion of public relations and public awareness-raising activities",
        "Responsible:",
        "Repeat mention 1 - (ii): Organization of",
        "Who does what",
        "NPA: 72 results under",
    ] {
        assert!(text.contains(expected), "the PDF's text lacks {expected:?}");
    }
    let legend = &text[text.rfind("Abbreviations").expect("a legend")..];
    assert!(
        legend.lines().any(|l| l.trim_start().starts_with("MEXT") && l.contains("Ministry of Education, Culture")),
        "the legend pairs abbreviation and name on one line:\n{legend}"
    );
    assert_eq!(text.matches('\u{c}').count(), pages, "pdftotext sees every page");

    let png_dir = dir.path().join("pages");
    std::fs::create_dir(&png_dir).unwrap();
    let rendered = Command::new("pdftoppm").args(["-png", "-r", "40"]).arg(&file).arg(png_dir.join("page")).status();
    assert!(rendered.unwrap().success(), "pdftoppm renders the PDF");
    let mut pngs: Vec<_> = std::fs::read_dir(&png_dir).unwrap().map(|e| e.unwrap().path()).collect();
    pngs.sort();
    assert_eq!(pngs.len(), pages, "one PNG per page");
    for png_file in &pngs {
        let ink = ink(png_file);
        // A page of text at 40 dpi inks a few percent of its pixels; a blank page none.
        assert!(ink > 0.01, "{} is blank ({ink:.4})", png_file.display());
        assert!(ink < 0.5, "{} is mostly dark ({ink:.4})", png_file.display());
    }
}

#[tokio::test]
async fn asked_for_in_japanese_the_report_s_own_words_are_japanese() {
    let (dir, store) = with_reference_report().await;
    add_japanese_titles(&store).await;
    let report = Report::build(&load(&store, "basic-plan-csec").await, Period::FiscalYear(2018));
    let fonts = Fonts::locate(None).expect("Debian's fonts-ipaexfont is installed (scripts/test installs it)");
    let pdf = report_pdf(&report, &fonts, NaiveDate::from_ymd_opt(2026, 11, 23).unwrap(), Lang::Ja).unwrap();
    let file = dir.path().join("report-ja.pdf");
    std::fs::write(&file, &pdf).unwrap();
    let info = poppler("pdfinfo", &[], &file, &[]);
    assert!(info.contains("Title:           子供の性被害防止プラン — 実施状況（2018年度）"), "{info}");
    let text = poppler("pdftotext", &["-layout"], &file, &["-"]);
    for expected in ["実施状況 · 2018年度", "担当:", "機関別の取組", "略語", "NPA: ", "(ii) 広報啓発活動の推進"]
    {
        assert!(text.contains(expected), "the Japanese PDF lacks {expected:?}");
    }
    // The running head on every page, in Japanese.
    let pages: usize = info.lines().find_map(|l| l.strip_prefix("Pages:")).unwrap().trim().parse().unwrap();
    let heads = text.matches("子供の性被害防止プラン · 2018年度").count();
    assert!(heads + 1 >= pages, "a running head on every page after the first: {heads} of {pages}");
    for english in ["Responsible:", "Who does what", "Abbreviations", "Implementation status", "No result reported"] {
        assert!(!text.contains(english), "{english:?} left in English");
    }
    // The English texts are said once per pillar to have no Japanese version, not after each line.
    let notices = text.matches("日本語版がないため").count();
    assert_eq!(notices, report.pillars.len(), "once per pillar");
}

#[test]
fn a_missing_font_file_says_what_to_install() {
    let err = Fonts::locate(Some(Path::new("/nonexistent/font.ttf"))).unwrap_err();
    assert!(err.to_string().contains("cannot read the font /nonexistent/font.ttf"), "{err}");
    let not_cjk = std::env::current_exe().unwrap();
    let err = Fonts::locate(Some(&not_cjk)).unwrap_err();
    assert!(err.to_string().contains("not a TrueType or OpenType font"), "{err}");
}
