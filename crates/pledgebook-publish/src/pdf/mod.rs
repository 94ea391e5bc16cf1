//! The consolidated report as PDF: A4, typeset with krilla in a Japanese
//! font from Debian's packages (embedded as a subset), bookmarked by pillar
//! and measure. The same [`Report`] the web page and the text layout come
//! from: pillars, measures with their Japanese titles where the data has
//! them, plan paragraphs with responsible bodies, results with their
//! agencies and cross references; then the measures without results, who
//! did what, and the abbreviations. Its own words, running head and title
//! follow the language asked for (`words`); a Japanese report shows the
//! Japanese titles first and says once per pillar when its texts are in
//! English only.

mod compose;
pub mod fonts;
pub mod words;
pub mod wrap;

use chrono::{Datelike, NaiveDate};
use krilla::metadata::{DateTime, Metadata};
use krilla::{Document, SerializeSettings};

use pledgebook_core::Lang;

use crate::Error;
use crate::report::{Report, ReportMeasure};
use compose::{ACCENT, Composer, INK, MUTED, Style};
pub use fonts::{FontError, Fonts};
use words::Words;

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

/// The title to show first, and the other language's under it.
fn titles<'t>(lang: Lang, en: &'t str, ja: Option<&'t str>) -> (&'t str, Option<&'t str>) {
    match (lang, ja) {
        (Lang::Ja, Some(ja)) => (ja, Some(en)),
        (_, ja) => (en, ja),
    }
}

/// The report as a PDF document in `lang`'s words; `generated` is printed
/// on the first page.
pub fn report_pdf(report: &Report, fonts: &Fonts, generated: NaiveDate, lang: Lang) -> Result<Vec<u8>, Error> {
    let st = Styles::new(fonts);
    let w = Words::of(lang);
    let period = words::period(report.period, lang);
    let mut c = Composer::default();
    title_page(&mut c, &st, &w, report, &period, generated);
    for p in &report.pillars {
        let (first, other) = titles(lang, &p.title, p.title_ja.as_deref());
        c.heading(&st.pillar, &format!("{}. {first}", p.number), 0);
        if let Some(other) = other {
            c.text(&st.japanese, other, None);
        }
        if let Some(notice) = w.no_japanese_version().filter(|_| p.measures.iter().any(|m| !m.plans.is_empty())) {
            c.text(&st.meta, &notice, None);
        }
        for m in &p.measures {
            measure(&mut c, &st, &w, m, &period);
        }
    }
    closing_sections(&mut c, &st, &w, report, &period);

    let (title, _) = titles(lang, &report.title, report.title_ja.as_deref());
    let mut document = Document::new_with(SerializeSettings::default());
    document.set_metadata(
        Metadata::new()
            .title(w.document_title(title, &period))
            .language(lang.code().into())
            .creator("pledgebook".into())
            .creation_date(
                DateTime::new(generated.year().clamp(0, 9999) as u16)
                    .month(generated.month() as u8)
                    .day(generated.day() as u8),
            ),
    );
    let head = format!("{title} · {period}");
    let document = c.finish(document, &head, &st.footer);
    document.finish().map_err(|e| Error::Pdf(format!("{e:?}")))
}

fn title_page(c: &mut Composer, st: &Styles, w: &Words, report: &Report, period: &str, generated: NaiveDate) {
    let (first, other) = titles(w.lang, &report.title, report.title_ja.as_deref());
    c.text(&st.title, first, None);
    if let Some(other) = other {
        c.text(&Style { size: 13.0, before: 4.0, ..st.title.clone() }, other, None);
    }
    c.text(&st.subtitle, &format!("{} · {period}", w.implementation_status()), None);
    let measures = report.pillars.iter().map(|p| p.measures.len()).sum::<usize>();
    let summary = w.summary(
        report.pillars.len(),
        measures,
        report.result_count(),
        report.matrix().len(),
        report.uncovered().len(),
    );
    c.text(&st.meta, &summary, None);
    c.text(&st.meta, &w.regenerated(&generated.to_string()), None);
    c.rule(10.0);
}

fn measure(c: &mut Composer, st: &Styles, w: &Words, m: &ReportMeasure, period: &str) {
    let (first, other) = titles(w.lang, &m.title, m.title_ja.as_deref());
    c.heading(&st.measure, &format!("({}) {first}", m.number), 1);
    if let Some(other) = other {
        c.text(&st.japanese, other, None);
    }
    for plan in &m.plans {
        c.text(&st.body, &plan.text, None);
        if !plan.responsible.is_empty() {
            c.text(&st.meta, &w.responsible(&plan.responsible.join(", ")), None);
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
        c.text(&Style { color: MUTED, ..st.result.clone() }, &w.no_result(period), None);
    }
}

fn closing_sections(c: &mut Composer, st: &Styles, w: &Words, report: &Report, period: &str) {
    c.heading(&st.pillar, &w.without_results(period), 0);
    let uncovered = report.uncovered();
    if uncovered.is_empty() {
        c.text(&st.body, &w.every_measure_reported(), None);
    }
    for m in uncovered {
        let (title, _) = titles(w.lang, &m.title, m.title_ja.as_deref());
        c.text(&st.result, &format!("{} {title}", m.id), Some("•"));
    }

    c.heading(&st.pillar, &w.who_does_what(), 0);
    c.text(&st.meta, &w.who_does_what_intro(), None);
    for (agency, measures) in report.matrix() {
        let total: usize = measures.values().sum();
        let list: Vec<String> =
            measures.iter().map(|(m, n)| if *n > 1 { format!("{m} ({n})") } else { m.clone() }).collect();
        c.text(&st.result, &w.body_results(&agency, total, measures.len(), &list.join(", ")), Some("•"));
    }

    c.heading(&st.pillar, &w.abbreviations(), 0);
    // Two columns: the abbreviation set flush right against the name.
    let legend = Style { before: 1.0, indent: 48.0, ..st.body.clone() };
    for (abbr, name) in &report.legend {
        c.text(&legend, name, Some(abbr));
    }
}
