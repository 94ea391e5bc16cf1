//! The parser for action-plan implementation-status reports, as text
//! extracted from their PDF: pillars (`1. ...`), measures (`(ii) ...`), and
//! under each measure its plan paragraphs (closed by the responsible bodies
//! in full) each followed by its results (closed by agency abbreviations).
//!
//! The document has no markup, so structure comes from three rules that hold
//! across the reference report:
//! - a measure header is `(numeral)` with the *next* numeral of the current
//!   pillar, so numbered sub-lists inside results (`(i) In FY2017, ...`)
//!   are not taken for measures;
//! - a measure title runs on while the next line starts in lower case or the
//!   title so far ends on a joining word;
//! - a paragraph ends at a line closing with a parenthesis that reads as a
//!   list of bodies; full names make it a plan, abbreviations a result.
//!
//! Text that fits nowhere is kept and reported as a warning with its line.

pub mod apply;
mod attribution;
mod figures;
mod figures_ja;
mod furniture;
mod model;
pub mod numbering;
pub mod profile;
mod profiled;
mod roman;
mod structure;
mod summary;

pub use apply::{ApplyError, Summary, Target, apply};
pub use model::{Figure, Measure, Organisation, Pillar, Plan, Report, Result};

use crate::lines::{Vocabulary, content_lines};

pub use profile::Profile;

/// Parses a report laid out as `profile` says.
pub fn parse_report_with(source: &str, text: &str, profile: &Profile) -> Report {
    let mut r = profiled::parse(source, text, profile);
    r.reason = format!("the {} profile, as asked", profile.name);
    r
}

/// Parses a report in whichever layout reads it: the reference layout when
/// it finds measures, else the built-in profile that finds the most
/// headings. The report says which, and why.
pub fn read_report(source: &str, text: &str) -> Report {
    let reference = parse_report(source, text);
    if reference.measures.len() >= 2 {
        return Report {
            reason: format!("the reference layout finds {} measures", reference.measures.len()),
            ..reference
        };
    }
    match profile::detect(text) {
        Some((p, why)) => {
            let mut r = profiled::parse(source, text, &p);
            r.reason = format!("{why}; the reference layout finds {}", reference.measures.len());
            r
        }
        None => Report {
            reason: "no built-in profile finds a pillar and two measures; read with the reference layout".into(),
            ..reference
        },
    }
}

/// Reads a report with the layout named: none (or "") detects it,
/// `reference` is the reference layout, any other name a built-in profile.
pub fn read_report_as(
    source: &str,
    text: &str,
    layout: Option<&str>,
) -> std::result::Result<Report, profile::ProfileError> {
    match layout.unwrap_or("") {
        "" => Ok(read_report(source, text)),
        "reference" => Ok(Report { reason: "the reference layout, as asked".into(), ..parse_report(source, text) }),
        name => Ok(parse_report_with(source, text, &Profile::named(name)?)),
    }
}

/// Parses a report in the reference layout; `source` names it in the result (a file name).
pub fn parse_report(source: &str, text: &str) -> Report {
    let lines = content_lines(text);
    let vocab = Vocabulary::of_lines(text, &lines);
    let stripped = furniture::strip(&lines);
    let known = attribution::Known::new(&stripped.legend);
    let mut parser = structure::Parser::new(&vocab, &known);
    for line in &stripped.lines {
        parser.feed(*line);
    }
    let (pillars, measures, mut warnings) = parser.finish();
    warnings.extend(stripped.warnings);
    warnings.sort_by_key(|w| w.line);
    let mut organisations: Vec<Organisation> =
        stripped.legend.iter().map(|(a, n)| Organisation { abbreviation: a.clone(), name: n.clone() }).collect();
    add_named_abbreviations(&measures, &mut organisations);
    Report {
        kind: "report",
        source: source.to_owned(),
        profile: "reference".into(),
        reason: String::new(),
        lang: "en",
        pillars,
        measures,
        organisations,
        warnings,
    }
}

/// Agencies written "Name: ABBR" that the legend lacks become organisations too.
fn add_named_abbreviations(measures: &[Measure], orgs: &mut Vec<Organisation>) {
    for pair in measures.iter().flat_map(|m| &m.plans).flat_map(|p| &p.results).flat_map(|r| &r.named) {
        if !orgs.iter().any(|o| o.abbreviation == pair.0) {
            orgs.push(Organisation { abbreviation: pair.0.clone(), name: pair.1.clone() });
        }
    }
}
