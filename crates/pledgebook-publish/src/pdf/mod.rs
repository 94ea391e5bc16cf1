//! The consolidated report as PDF: A4, typeset with krilla in a Japanese
//! font from Debian's packages (embedded as a subset), bookmarked by pillar
//! and measure. The same [`Report`] the web page and the text layout come
//! from: pillars, measures with their Japanese titles where the data has
//! them, plan paragraphs with responsible bodies, results with their
//! agencies and cross references; then the measures without results, who
//! did what, and the abbreviations.

mod compose;
pub mod fonts;
pub mod wrap;

use chrono::{Datelike, NaiveDate};
use krilla::metadata::{DateTime, Metadata};
use krilla::{Document, SerializeSettings};

use crate::Error;
use crate::report::{Report, ReportMeasure};
use compose::{ACCENT, Composer, INK, MUTED, Style};
pub use fonts::{FontError, Fonts};

struct Styles {
    title: Style,
    subtitle: Style,
    pillar: Style,
    measure: Style,
    japanese: Style,
    body: Style,
    meta: Style,
    result: Style,
    footer: Style,
}

impl Styles {
    fn new(f: &Fonts) -> Styles {
        let s = |face: &fonts::Face, size, color, leading, indent, before| Style {
            face: face.clone(),
            size,
            color,
            leading,
            indent,
            before,
        };
        Styles {
            title: s(&f.heading, 19.0, ACCENT, 1.3, 0.0, 0.0),
            subtitle: s(&f.heading, 12.0, MUTED, 1.5, 0.0, 6.0),
            pillar: s(&f.heading, 13.0, ACCENT, 1.35, 0.0, 22.0),
            measure: s(&f.heading, 10.5, INK, 1.4, 0.0, 14.0),
            japanese: s(&f.heading, 9.0, MUTED, 1.4, 0.0, 1.0),
            body: s(&f.text, 9.5, INK, 1.55, 0.0, 5.0),
            meta: s(&f.heading, 8.0, MUTED, 1.4, 0.0, 2.0),
            result: s(&f.text, 9.2, INK, 1.5, 14.0, 4.0),
            footer: s(&f.heading, 7.5, MUTED, 1.2, 0.0, 0.0),
        }
    }
}

/// The report as a PDF document; `generated` is printed on the first page.
pub fn report_pdf(report: &Report, fonts: &Fonts, generated: NaiveDate) -> Result<Vec<u8>, Error> {
    let st = Styles::new(fonts);
    let mut c = Composer::default();
    title_page(&mut c, &st, report, generated);
    for p in &report.pillars {
        c.heading(&st.pillar, &format!("{}. {}", p.number, p.title), 0);
        if let Some(ja) = &p.title_ja {
            c.text(&st.japanese, ja, None);
        }
        for m in &p.measures {
            measure(&mut c, &st, m, report);
        }
    }
    closing_sections(&mut c, &st, report);

    let mut document = Document::new_with(SerializeSettings::default());
    document.set_metadata(
        Metadata::new()
            .title(format!("{} — implementation status, {}", report.title, report.period))
            .language("en".into())
            .creator("pledgebook".into())
            .creation_date(
                DateTime::new(generated.year().clamp(0, 9999) as u16)
                    .month(generated.month() as u8)
                    .day(generated.day() as u8),
            ),
    );
    let head = format!("{} · {}", report.title, report.period);
    let document = c.finish(document, &head, &st.footer);
    document.finish().map_err(|e| Error::Pdf(format!("{e:?}")))
}

fn title_page(c: &mut Composer, st: &Styles, report: &Report, generated: NaiveDate) {
    c.text(&st.title, &report.title, None);
    if let Some(ja) = &report.title_ja {
        c.text(&Style { size: 13.0, before: 4.0, ..st.title.clone() }, ja, None);
    }
    c.text(&st.subtitle, &format!("Implementation status · {}", report.period), None);
    let measures = report.pillars.iter().map(|p| p.measures.len()).sum::<usize>();
    let summary = format!(
        "{} pillars · {measures} measures · {} results reported by {} bodies · {} measures without results",
        report.pillars.len(),
        report.result_count(),
        report.matrix().len(),
        report.uncovered().len(),
    );
    c.text(&st.meta, &summary, None);
    c.text(&st.meta, &format!("Regenerated from the data by pledgebook on {generated}."), None);
    c.rule(10.0);
}

fn measure(c: &mut Composer, st: &Styles, m: &ReportMeasure, report: &Report) {
    c.heading(&st.measure, &format!("({}) {}", m.number, m.title), 1);
    if let Some(ja) = &m.title_ja {
        c.text(&st.japanese, ja, None);
    }
    for plan in &m.plans {
        c.text(&st.body, &plan.text, None);
        if !plan.responsible.is_empty() {
            c.text(&st.meta, &format!("Responsible: {}", plan.responsible.join(", ")), None);
        }
        for r in &plan.results {
            // A cross reference is in the text as the report wrote it ("Repeat mention 1 - (ii): ...").
            let mut text = r.text.clone();
            if !r.agencies.is_empty() {
                text.push_str(&format!(" ({})", r.agencies.join(", ")));
            }
            c.text(&st.result, &text, Some("•"));
        }
    }
    if m.plans.iter().all(|p| p.results.is_empty()) {
        c.text(
            &Style { color: MUTED, ..st.result.clone() },
            &format!("No result reported for {}.", report.period),
            None,
        );
    }
}

fn closing_sections(c: &mut Composer, st: &Styles, report: &Report) {
    c.heading(&st.pillar, &format!("Measures without results in {}", report.period), 0);
    let uncovered = report.uncovered();
    if uncovered.is_empty() {
        c.text(&st.body, "Every measure has at least one result.", None);
    }
    for m in uncovered {
        c.text(&st.result, &format!("{} {}", m.id, m.title), Some("•"));
    }

    c.heading(&st.pillar, "Who does what", 0);
    c.text(
        &st.meta,
        "Each body, with the measures it reported results under (and how many, where more than one).",
        None,
    );
    for (agency, measures) in report.matrix() {
        let total: usize = measures.values().sum();
        let list: Vec<String> =
            measures.iter().map(|(m, n)| if *n > 1 { format!("{m} ({n})") } else { m.clone() }).collect();
        let text = format!("{agency}: {total} results under {} measures — {}", measures.len(), list.join(", "));
        c.text(&st.result, &text, Some("•"));
    }

    c.heading(&st.pillar, "Abbreviations", 0);
    // Two columns: the abbreviation set flush right against the name.
    let legend = Style { before: 1.0, indent: 48.0, ..st.body.clone() };
    for (abbr, name) in &report.legend {
        c.text(&legend, name, Some(abbr));
    }
}
