//! Bounded fuzzing of the parsers with proptest: arbitrary text, and text
//! made of the pieces real reports are made of, must never panic, and what
//! comes out must point at lines that exist.
//!
//! Each property runs 2,000 cases in CI; `PLEDGEBOOK_FUZZ_CASES=N` runs N
//! (`scripts/fuzz` runs them all in release mode and prints the totals).

mod common;

use proptest::prelude::*;

fn check_report(text: &str) {
    let r = pledgebook_import::parse_report("fuzz.txt", text);
    let last = text.lines().count() as u32;
    for m in &r.measures {
        assert!(m.lines[0] >= 1 && m.lines[0] <= m.lines[1] && m.lines[1] <= last, "{:?}", m.lines);
        for p in &m.plans {
            for x in &p.results {
                assert!(x.lines[0] <= x.lines[1] && x.lines[1] <= last);
            }
        }
    }
    for w in &r.warnings {
        assert!(w.line >= 1 && w.line <= last);
    }
}

/// Lines in the shape of a report's, shuffled by proptest.
fn report_line() -> impl Strategy<Value = String> {
    prop_oneof![
        Just("1. Enhancement of public awareness".to_owned()),
        Just("2. Support for children".to_owned()),
        "\\((i|ii|iii|iv|v|x|xi)\\) [A-Z][a-z ]{0,30}".prop_map(|s| s),
        Just("A conference shall be convened. (National Police Agency, Cabinet Office)".to_owned()),
        Just("\u{F09F} It was held with 2,602 campaigns (NPA)".to_owned()),
        Just("\u{F09F} Repeat mention 1 - (ii): Internet Safety Classes (METI)".to_owned()),
        Just("* NPA (National Police Agency), CAO (Cabinet Office)".to_owned()),
        Just("awareness-".to_owned()),
        Just(" 27 ".to_owned()),
        Just("(Ministry of".to_owned()),
        Just("Health, Labour and Welfare: MHLW)".to_owned()),
        "[a-zA-Z0-9 ,.()“”\u{F09F}:;*-]{0,60}",
        "\\PC{0,20}",
    ]
}

proptest! {
    #![proptest_config(common::fuzz_config())]

    #[test]
    fn arbitrary_text_never_panics(text in "\\PC{0,400}") {
        check_report(&text);
    }

    #[test]
    fn report_shaped_text_never_panics(lines in proptest::collection::vec(report_line(), 0..60)) {
        check_report(&lines.join("\n"));
    }
}

fn pledge_line() -> impl Strategy<Value = String> {
    prop_oneof![
        Just("pledges to".to_owned()),
        Just("s'engage à".to_owned()),
        Just("Description:".to_owned()),
        Just("Implementation plan:".to_owned()),
        Just("On the impact:".to_owned()),
        Just("Name:".to_owned()),
        Just("- an item;".to_owned()),
        Just("**Bold title".to_owned()),
        Just("[Website](#), [Facebook](https://x.example".to_owned()),
        Just(String::new()),
        "\\PC{0,40}",
    ]
}

proptest! {
    #![proptest_config(common::fuzz_config())]

    #[test]
    fn pledge_shaped_text_never_panics(lines in proptest::collection::vec(pledge_line(), 0..40)) {
        let text = lines.join("\n");
        let p = pledgebook_import::parse_pledge("fuzz.txt", &text);
        let last = text.lines().count().max(1) as u32;
        for w in &p.warnings {
            prop_assert!(w.line >= 1 && w.line <= last);
        }
    }
}

proptest! {
    #![proptest_config(common::fuzz_config())]

    /// Any bytes: decoded, or refused with an error; never a panic.
    #[test]
    fn decoding_any_bytes_never_panics(bytes in proptest::collection::vec(any::<u8>(), 0..300)) {
        if let Ok(d) = pledgebook_import::decode(&bytes) {
            prop_assert!(!d.text.trim().is_empty());
        }
    }

    /// Any CSV-ish text: a table or an error naming the row; the mapping copes with any headers.
    #[test]
    fn sheets_never_panic(text in "[a-z,\"\\n 団体名タイトル]{0,200}") {
        if let Ok(table) = pledgebook_import::sheet::read_csv(&text) {
            let m = pledgebook_import::sheet::Mapping::from_headers(&table.headers);
            for (no, row) in &table.rows {
                prop_assert!(*no >= 2);
                let _ = m.get(row, pledgebook_import::sheet::Field::Title);
            }
            let _ = pledgebook_import::sheet::guess_kind(&table);
        }
    }

    #[test]
    fn any_bytes_as_a_pdf_never_panic(tail in proptest::collection::vec(any::<u8>(), 0..200)) {
        let bytes = [b"%PDF-1.4\n".as_slice(), &tail].concat();
        let _ = pledgebook_import::pdf::text(&bytes);
    }
}
