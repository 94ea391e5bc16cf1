//! The PDF path: a report typeset into a real PDF (with lopdf), read back
//! with pdf-extract and parsed like the reference text.

mod common;

use common::pdf;

const LEGEND: [&str; 2] = ["* NPA (National Police Agency), CAO (Cabinet Office), MOJ (Ministry of", "Justice)"];

#[test]
fn a_report_typeset_as_pdf_reads_like_the_text() {
    let page1: Vec<&str> = [
        "1. Enhancement of public awareness",
        "(i) Convening of a public-private conference for the promotion of",
        "social awareness",
        "A conference shall be convened in order to promote social awareness. (National",
        "Police Agency and Cabinet Office)",
        "The Conference was held on April 23, 2018, with 120 participants. (NPA)",
        "(ii) Promotion of public relations",
        "Public relations shall be promoted. (Cabinet Office)",
    ]
    .into_iter()
    .chain(LEGEND)
    .chain(["1"])
    .collect();
    let page2: Vec<&str> = [
        "Posters were produced and 2,602 campaigns were conducted in commercial awareness-",
        "raising efforts. (CAO)",
        "2. Protection of victims",
        "(i) Consultation counters",
        "Counters shall be set up. (Ministry of Justice)",
        "Repeat mention 1 - (ii): Posters (Ministry of Justice: MOJ)",
    ]
    .into_iter()
    .chain(LEGEND)
    .chain(["2"])
    .collect();
    let bytes = pdf(&[&page1, &page2]);
    assert!(pledgebook_import::pdf::is_pdf(&bytes));
    let text = pledgebook_import::pdf::text(&bytes).unwrap();
    let r = pledgebook_import::parse_report("report.pdf", &text);
    assert!(r.warnings.is_empty(), "{:?}\n{text}", r.warnings);
    let ids: Vec<&str> = r.measures.iter().map(|m| m.id.as_str()).collect();
    assert_eq!(ids, ["1-(i)", "1-(ii)", "2-(i)"]);
    assert_eq!(r.measures[0].title, "Convening of a public-private conference for the promotion of social awareness");
    assert_eq!(r.measures[0].plans[0].responsible, ["National Police Agency", "Cabinet Office"]);
    let held = &r.measures[0].plans[0].results[0];
    assert_eq!(held.agencies, ["NPA"]);
    assert_eq!((held.figures.len(), held.figures[0].value, held.figures[0].unit.as_str()), (1, 120.0, "participants"));
    // A result that runs across the page break, past the legend and the page number.
    let posters = &r.measures[1].plans[0].results[0];
    assert_eq!(posters.agencies, ["CAO"]);
    assert!(
        posters.text.ends_with("2,602 campaigns were conducted in commercial awareness-raising efforts."),
        "{}",
        posters.text
    );
    let repeat = &r.measures[2].plans[0].results[0];
    assert_eq!((repeat.repeat_of.as_deref(), repeat.agencies.as_slice()), (Some("1-(ii)"), &["MOJ".to_owned()][..]));
    assert_eq!(r.organisations.len(), 3);
}

#[test]
fn a_pdf_without_text_says_to_run_ocr() {
    let bytes = pdf(&[&[]]);
    let err = pledgebook_import::pdf::text(&bytes).unwrap_err();
    assert!(err.to_string().contains("OCR"), "{err}");
}

#[test]
fn a_pdf_changed_inside_its_text_is_still_read() {
    let page: &[&str] = &["1. Enhancement of public awareness"];
    let mut bytes = pdf(&[page]);
    let at = bytes.windows(11).position(|w| w == b"Enhancement").expect("the text is in an uncompressed stream");
    bytes[at] = b'X';
    let text = pledgebook_import::pdf::text(&bytes).unwrap();
    assert!(text.contains("1. Xnhancement of public awareness"), "{text}");
}
