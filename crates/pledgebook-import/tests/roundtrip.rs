//! Fuzzing that means it: well-formed reports are generated as structures,
//! written out in each layout (the reference, and each built-in profile's),
//! read back, and must come back as the same structure with nothing to
//! warn about; real PDFs with mutated objects and real XLSX files with
//! mutated bytes must be read or refused, never panic.
//!
//! 2,000 cases a property in CI; `PLEDGEBOOK_FUZZ_CASES=N` for more.

mod common;

use pledgebook_import::Level;
use pledgebook_import::report::{Profile, Report, parse_report_with};
use proptest::prelude::*;

/// Bodies the generated reports name: abbreviation, English name, Japanese name.
const BODIES: [(&str, &str, &str); 5] = [
    ("NPA", "National Police Agency", "警察庁"),
    ("CAO", "Cabinet Office", "内閣府"),
    ("MOJ", "Ministry of Justice", "法務省"),
    ("MEXT", "Ministry of Education, Culture, Sports, Science and Technology", "文部科学省"),
    ("MHLW", "Ministry of Health, Labour and Welfare", "厚生労働省"),
];
const STATUSES: [(&str, &str, &str); 4] = [
    ("completed", "completed", "実施済み"),
    ("ongoing", "ongoing", "実施中"),
    ("delayed", "delayed", "遅延"),
    ("not_started", "not started", "未着手"),
];

#[derive(Debug, Clone)]
struct GenMeasure {
    title: String,
    bodies: Vec<usize>,
    status: usize,
    results: Vec<(String, Vec<usize>)>,
}

#[derive(Debug, Clone)]
struct GenReport {
    pillars: Vec<(String, Vec<GenMeasure>)>,
}

fn title() -> impl Strategy<Value = String> {
    let head =
        prop::sample::select(vec!["Promotion", "Support", "Enhancement", "Implementation", "Strengthening", "Review"]);
    let word = prop::sample::select(vec![
        "awareness",
        "schools",
        "victims",
        "children",
        "consultation",
        "training",
        "guidance",
        "research",
    ]);
    (head, prop::collection::vec(word, 1..5)).prop_map(|(h, ws)| format!("{h} {}", ws.join(" ")))
}

fn sentence() -> impl Strategy<Value = String> {
    let subject = prop::sample::select(vec!["Seminars", "Posters", "Guidance", "Training sessions", "Consultations"]);
    let verb = prop::sample::select(vec!["were held", "were produced", "was given", "were organised"]);
    // Counts past 999 are written with a thousands separator, as reports do
    // (a bare 1900 reads as a year).
    let count = |n: u32| if n < 1000 { n.to_string() } else { format!("{},{:03}", n / 1000, n % 1000) };
    (subject, verb, 1u32..90_000)
        .prop_map(move |(s, v, n)| format!("{s} {v} for {} participants in the regions.", count(n)))
}

fn bodies() -> impl Strategy<Value = Vec<usize>> {
    prop::sample::subsequence((0..BODIES.len()).collect::<Vec<_>>(), 1..=3)
}

fn report() -> impl Strategy<Value = GenReport> {
    let measure = (title(), bodies(), 0..STATUSES.len(), prop::collection::vec((sentence(), bodies()), 1..4))
        .prop_map(|(title, bodies, status, results)| GenMeasure { title, bodies, status, results });
    prop::collection::vec((title(), prop::collection::vec(measure, 1..5)), 1..4)
        .prop_map(|pillars| GenReport { pillars })
}

/// The reference layout: `1. Pillar`, `(i) Measure`, a plan paragraph closed
/// by the bodies' names, results closed by their abbreviations, a legend.
fn reference_text(r: &GenReport) -> String {
    let mut out = String::from("Implementation status of the plan\n\n");
    for (p, (title, measures)) in r.pillars.iter().enumerate() {
        out.push_str(&format!("{}. {title}\n\n", p + 1));
        for (m, g) in measures.iter().enumerate() {
            let names: Vec<&str> = g.bodies.iter().map(|&b| BODIES[b].1).collect();
            out.push_str(&format!("({}) {}\n\n", roman(m as u32 + 1), g.title));
            out.push_str(&format!("Measures for this purpose shall be promoted. ({})\n\n", names.join(", ")));
            for (text, agencies) in &g.results {
                let abbrs: Vec<&str> = agencies.iter().map(|&b| BODIES[b].0).collect();
                out.push_str(&format!("\u{F09F} {text} ({})\n\n", abbrs.join(", ")));
            }
        }
    }
    let legend: Vec<String> = BODIES.iter().map(|(a, n, _)| format!("{a} ({n})")).collect();
    out.push_str(&format!("* {}\n", legend.join(", ")));
    out
}

fn roman(n: u32) -> String {
    let table = [(10, "x"), (9, "ix"), (5, "v"), (4, "iv"), (1, "i")];
    let mut n = n;
    let mut s = String::new();
    for (v, r) in table {
        while n >= v {
            s.push_str(r);
            n -= v;
        }
    }
    s
}

/// The `decimal` profile's layout.
fn decimal_text(r: &GenReport) -> String {
    let mut out = String::from("Progress report\n\n");
    for (p, (title, measures)) in r.pillars.iter().enumerate() {
        out.push_str(&format!("{}. {title}\n\n", p + 1));
        for (m, g) in measures.iter().enumerate() {
            let names: Vec<&str> = g.bodies.iter().map(|&b| BODIES[b].1).collect();
            out.push_str(&format!(
                "{}.{} {}\nLead: {}\nStatus: {}\n\n",
                p + 1,
                m + 1,
                g.title,
                names.join(", "),
                STATUSES[g.status].1
            ));
            for (text, agencies) in &g.results {
                let abbrs: Vec<&str> = agencies.iter().map(|&b| BODIES[b].0).collect();
                out.push_str(&format!("{text} ({})\n\n", abbrs.join(", ")));
            }
        }
    }
    out
}

fn full_width(n: usize) -> String {
    n.to_string().chars().map(|c| char::from_u32(c as u32 - '0' as u32 + '０' as u32).unwrap()).collect()
}

/// The `ja-jisshi` profile's layout, in Japanese.
fn japanese_text(r: &GenReport) -> String {
    let mut out = String::from("対策の実施状況\n\n");
    for (p, (_, measures)) in r.pillars.iter().enumerate() {
        out.push_str(&format!("{}　第{}の柱\n\n", full_width(p + 1), p + 1));
        for (m, g) in measures.iter().enumerate() {
            let names: Vec<&str> = g.bodies.iter().map(|&b| BODIES[b].2).collect();
            out.push_str(&format!(
                "（{}）施策その{}【{}】\n状況：{}\n",
                full_width(m + 1),
                m + 1,
                names.join("、"),
                STATUSES[g.status].2
            ));
            for (i, (_, agencies)) in g.results.iter().enumerate() {
                let names: Vec<&str> = agencies.iter().map(|&b| BODIES[b].2).collect();
                let circled = char::from_u32('①' as u32 + i as u32).unwrap();
                out.push_str(&format!(
                    "{circled}研修を約{}万人に実施した。【{}】\n",
                    full_width(i + 1),
                    names.join("、")
                ));
            }
            out.push('\n');
        }
    }
    out
}

/// The structure read back must be the one generated, with no warning
/// above a notice.
fn same(r: &Report, g: &GenReport, names_in_plans: bool, japanese: bool) -> Result<(), TestCaseError> {
    let blocking: Vec<_> = r.warnings.iter().filter(|w| w.level > Level::Notice).collect();
    prop_assert!(blocking.is_empty(), "{:?}", blocking);
    let want: usize = g.pillars.iter().map(|(_, ms)| ms.len()).sum();
    prop_assert_eq!(r.pillars.len(), g.pillars.len());
    prop_assert_eq!(r.measures.len(), want);
    let generated =
        g.pillars.iter().enumerate().flat_map(|(p, (_, ms))| ms.iter().enumerate().map(move |(m, x)| (p, m, x)));
    for (read, (p, m, x)) in r.measures.iter().zip(generated) {
        prop_assert_eq!(read.pillar as usize, p + 1);
        if !japanese {
            prop_assert_eq!(&read.title, &x.title);
        }
        let responsible: Vec<&String> = read.plans.iter().flat_map(|pl| &pl.responsible).collect();
        let want: Vec<String> =
            x.bodies.iter().map(|&b| if names_in_plans { BODIES[b].1 } else { BODIES[b].0 }.to_owned()).collect();
        prop_assert_eq!(responsible, want.iter().collect::<Vec<_>>(), "measure {} of pillar {}", m + 1, p + 1);
        let results: Vec<&pledgebook_import::report::Result> = read.plans.iter().flat_map(|pl| &pl.results).collect();
        prop_assert_eq!(results.len(), x.results.len());
        for (got, (text, agencies)) in results.iter().zip(&x.results) {
            let want: Vec<&str> = agencies.iter().map(|&b| BODIES[b].0).collect();
            prop_assert_eq!(&got.agencies, &want);
            if !japanese {
                prop_assert_eq!(&got.text, text);
            }
            prop_assert_eq!(got.figures.len(), 1);
        }
    }
    Ok(())
}

proptest! {
    #![proptest_config(common::fuzz_config())]

    #[test]
    fn a_generated_reference_report_reads_back_the_same(g in report()) {
        let r = pledgebook_import::parse_report("generated.txt", &reference_text(&g));
        same(&r, &g, true, false)?;
    }

    #[test]
    fn a_generated_decimal_report_reads_back_the_same(g in report()) {
        let text = decimal_text(&g);
        let r = parse_report_with("generated.txt", &text, &Profile::named("decimal").unwrap());
        same(&r, &g, false, false)?;
        if r.measures.len() >= 2 {
            prop_assert_eq!(pledgebook_import::report::read_report("generated.txt", &text).profile, "decimal");
        }
    }

    #[test]
    fn a_generated_japanese_report_reads_back_the_same(g in report()) {
        let text = japanese_text(&g);
        let r = parse_report_with("generated.txt", &text, &Profile::named("ja-jisshi").unwrap());
        same(&r, &g, false, true)?;
        let statuses: Vec<&str> = r.measures.iter().map(|m| m.status.unwrap_or("-")).collect();
        let want: Vec<&str> = g.pillars.iter().flat_map(|(_, ms)| ms.iter().map(|m| STATUSES[m.status].0)).collect();
        prop_assert_eq!(statuses, want);
    }

    /// Lines shaped like each profile's, shuffled: read or warned about, never a panic,
    /// and every warning points at a line that exists.
    #[test]
    fn profile_shaped_text_never_panics(lines in prop::collection::vec(prop_oneof![
        Just("1. Prevention".to_owned()), Just("1.2 Awareness".to_owned()), Just("Lead: Cabinet Office,".to_owned()),
        Just("Status: paused".to_owned()), Just("Action 3: Train (MHLW) [ongoing]".to_owned()),
        Just("Commitment 2: Support".to_owned()), Just("Action 1 | Expand | Cabinet Office | delayed".to_owned()),
        Just("１　柱".to_owned()), Just("（２）施策【警察庁】【未着手】".to_owned()), Just("①約３６万人に配布した。【総務省、内閣府】".to_owned()),
        Just("状況：実施中".to_owned()), Just("- an item".to_owned()), Just(String::new()), "\\PC{0,30}",
    ], 0..40)) {
        let text = lines.join("\n");
        let last = text.lines().count().max(1) as u32;
        for p in Profile::built_in() {
            let r = parse_report_with("fuzz.txt", &text, &p);
            for w in &r.warnings {
                prop_assert!(w.line >= 1 && w.line <= last, "{} {:?}", p.name, w);
            }
        }
    }

    /// A real PDF with bytes of its objects changed, cut or repeated.
    #[test]
    fn a_mutated_real_pdf_is_read_or_refused(edits in prop::collection::vec((0usize..100_000, any::<u8>(), 0u8..3), 1..8)) {
        let page: &[&str] = &["1. Enhancement of public awareness", "(i) Convening of a conference", "A conference shall be convened. (Cabinet Office)", "\u{2022} It was held. (CAO)"];
        let mut bytes = common::pdf(&[page, page]);
        for (at, byte, how) in edits {
            let at = 9 + at % (bytes.len() - 9); // past the header: the objects
            match how {
                0 => bytes[at] = byte,
                1 => bytes.truncate(at.max(10)),
                _ => {
                    let chunk: Vec<u8> = bytes[at..(at + 16).min(bytes.len())].to_vec();
                    bytes.splice(at..at, chunk);
                }
            }
        }
        if let Ok(text) = pledgebook_import::pdf::text(&bytes) {
            let _ = pledgebook_import::parse_report("mutated.pdf", &text);
        }
    }
}

/// A real XLSX file of a few commitments.
fn workbook() -> Vec<u8> {
    let mut book = rust_xlsxwriter::Workbook::new();
    let sheet = book.add_worksheet();
    for (r, row) in
        [["title", "organisation", "pillar"], ["Teach", "ACE", "act"], ["Train", "JTUC", "inspire"]].iter().enumerate()
    {
        for (c, cell) in row.iter().enumerate() {
            sheet.write_string(r as u32, c as u16, *cell).unwrap();
        }
    }
    book.save_to_buffer().unwrap()
}

proptest! {
    #![proptest_config(common::fuzz_config())]

    /// A real XLSX (a zip of XML) with bytes changed or cut: a table or an error.
    #[test]
    fn a_mutated_real_xlsx_is_read_or_refused(edits in prop::collection::vec((0usize..100_000, any::<u8>(), any::<bool>()), 1..6)) {
        let mut bytes = workbook();
        for (at, byte, cut) in edits {
            let at = at % bytes.len();
            if cut { bytes.truncate(at.max(1)) } else { bytes[at] = byte }
        }
        if let Ok(table) = pledgebook_import::sheet::read_xlsx(&bytes) {
            prop_assert!(table.rows.iter().all(|(no, _)| *no >= 2));
        }
    }
}
