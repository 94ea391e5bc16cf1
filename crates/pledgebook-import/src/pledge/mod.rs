//! Single-pledge documents, in the two layouts people have:
//!
//! - the exported pledge (`ORGANIZATION` / name / `pledges to` / the title,
//!   repeated in slightly different forms / `Description:` /
//!   `Implementation plan:` with bullet lists / `Impact:` / links);
//! - the campaign web page (`<Organisation>` / `pledges to` / `<title>` /
//!   `On the pledge:` / `On the implementation:` / `On the impact:`, with
//!   page boilerplate such as "Read full pledge"), in English, French or
//!   Spanish.
//!
//! The title is reported once; its other forms are listed as variants.
//! Lines that fit no section are reported as warnings, never dropped.

pub mod apply;
mod runs;

use serde::Serialize;

use crate::Warning;
use crate::lines::{Vocabulary, join_line};

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Link {
    pub label: String,
    pub url: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Pledge {
    pub kind: &'static str,
    pub source: String,
    pub organisation: String,
    pub title: String,
    /// Other forms of the title the document gives.
    pub title_variants: Vec<String>,
    pub pledge: String,
    pub implementation: String,
    pub implementation_items: Vec<String>,
    pub impact: String,
    pub links: Vec<Link>,
    pub warnings: Vec<Warning>,
}

/// A pledge document's sections, in the order they come.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Section {
    Title,
    Name,
    Pledge,
    Implementation,
    Impact,
}

/// "pledges to" in the campaign's languages (apostrophes are straightened first).
const PLEDGES_TO: [&str; 3] = ["pledges to", "s'engage à", "se compromete a"];
const ORGANISATION_LABELS: [&str; 4] = ["organization", "organisation", "organización", "organisme"];
/// Every label the campaign's pages and exports used, in English, French
/// and Spanish, lower case with straight apostrophes.
const LABELS: [(&str, Section); 27] = [
    ("name", Section::Name),
    ("nom", Section::Name),
    ("nombre", Section::Name),
    ("description", Section::Pledge),
    ("descripción", Section::Pledge),
    ("descripcion", Section::Pledge),
    ("on the pledge", Section::Pledge),
    ("about the pledge", Section::Pledge),
    ("sur l'engagement", Section::Pledge),
    ("à propos de l'engagement", Section::Pledge),
    ("sobre el compromiso", Section::Pledge),
    ("implementation plan", Section::Implementation),
    ("on the implementation", Section::Implementation),
    ("plan de mise en œuvre", Section::Implementation),
    ("plan de mise en oeuvre", Section::Implementation),
    ("sur la mise en œuvre", Section::Implementation),
    ("sur la mise en oeuvre", Section::Implementation),
    ("plan de implementación", Section::Implementation),
    ("plan de implementacion", Section::Implementation),
    ("sobre la implementación", Section::Implementation),
    ("sobre la implementacion", Section::Implementation),
    ("impact", Section::Impact),
    ("on the impact", Section::Impact),
    ("expected impact", Section::Impact),
    ("sur l'impact", Section::Impact),
    ("impacto", Section::Impact),
    ("sobre el impacto", Section::Impact),
];
/// Page furniture of the campaign site.
const BOILERPLATE: [&str; 6] = [
    "read full pledge",
    "share the pledge!",
    "lire l'engagement complet",
    "partagez l'engagement !",
    "leer el compromiso completo",
    "¡comparte el compromiso!",
];

/// Straight apostrophes for curly ones: pages copied from a browser have either.
fn straighten(s: &str) -> String {
    s.replace(['’', '‘', 'ʼ'], "'")
}

fn normalise(s: &str) -> String {
    straighten(s.trim().trim_matches('*').trim()).to_lowercase()
}

fn label(line: &str) -> Option<Section> {
    let l = normalise(line);
    let l = l.strip_suffix(':')?.trim_end();
    LABELS.iter().find(|(name, _)| *name == l).map(|(_, s)| *s)
}

fn is_pledges_to(line: &str) -> bool {
    PLEDGES_TO.contains(&normalise(line).as_str())
}

/// Whether a line holds nothing but Markdown links and separators (the
/// links row of an exported pledge); links inside a sentence stay text.
fn only_links(line: &str, links: &[Link]) -> bool {
    if links.is_empty() {
        return false;
    }
    let mut rest = line.to_owned();
    for l in links {
        rest = rest.replacen(&format!("[{}]({})", l.label, l.url), "", 1);
    }
    rest.chars().all(|c| c.is_whitespace() || matches!(c, ',' | '|' | '·' | '/'))
}

/// Markdown links `[Label](url)` in a line.
fn links_in(line: &str) -> Vec<Link> {
    let mut out = Vec::new();
    let mut rest = line;
    while let Some(open) = rest.find('[') {
        let after = &rest[open + 1..];
        let Some(close) = after.find("](") else { break };
        let label = &after[..close];
        let url_part = &after[close + 2..];
        let Some(end) = url_part.find(')') else { break };
        out.push(Link { label: label.to_owned(), url: url_part[..end].to_owned() });
        rest = &url_part[end + 1..];
    }
    out
}

/// Words shared by two titles, as a share of the longer: the same title in
/// another form ("Encouraging ..." for "Encourage ...") shares most words.
fn similar(a: &str, b: &str) -> bool {
    let words = |s: &str| -> Vec<String> {
        s.split_whitespace().map(|w| w.trim_matches(|c: char| !c.is_alphanumeric()).to_lowercase()).collect()
    };
    let (wa, wb) = (words(a), words(b));
    let shared = wa.iter().filter(|w| wb.contains(w)).count();
    let longest = wa.len().max(wb.len()).max(1);
    shared * 4 >= longest * 3
}

fn bullet(line: &str) -> Option<&str> {
    line.strip_prefix("- ")
        .or_else(|| line.strip_prefix("• "))
        .or_else(|| line.strip_prefix("* "))
        .or_else(|| line.strip_prefix('\u{F09F}'))
        .map(str::trim)
}

/// "Become a partner of Alliance 8.7;" → "Become a partner of Alliance 8.7".
fn item_text(s: &str) -> String {
    let s = s.trim_end();
    let s = s.strip_suffix("; and").or_else(|| s.strip_suffix(", and")).unwrap_or(s);
    s.trim_end_matches([';', ',']).trim_end().to_owned()
}

/// True when the text looks like a single-pledge document.
pub fn looks_like_pledge(text: &str) -> bool {
    text.lines().any(is_pledges_to)
}

pub fn parse_pledge(source: &str, text: &str) -> Pledge {
    let vocab = Vocabulary::of(text);
    let runs = runs::split_runs(text);
    let lines: Vec<(u32, &str)> = runs.iter().map(|(no, l)| (*no, l.as_str())).collect();
    let mut p = Pledge {
        kind: "pledge",
        source: source.to_owned(),
        organisation: String::new(),
        title: String::new(),
        title_variants: Vec::new(),
        pledge: String::new(),
        implementation: String::new(),
        implementation_items: Vec::new(),
        impact: String::new(),
        links: Vec::new(),
        warnings: Vec::new(),
    };
    let Some(pivot) = lines.iter().position(|(_, l)| is_pledges_to(l)) else {
        p.warnings.push(Warning::notice(1, "no \"pledges to\" line: this does not look like a pledge document"));
        return p;
    };
    // The organisation: the non-blank lines just before "pledges to", after any label.
    let mut org_lines: Vec<&str> = lines[..pivot]
        .iter()
        .rev()
        .map(|(_, l)| *l)
        .skip_while(|l| l.is_empty())
        .take_while(|l| !l.is_empty() && !ORGANISATION_LABELS.contains(&normalise(l).trim_end_matches(':')))
        .collect();
    org_lines.reverse();
    p.organisation = org_lines.join(" ");
    for (no, l) in &lines[..pivot] {
        let known =
            l.is_empty() || org_lines.contains(l) || ORGANISATION_LABELS.contains(&normalise(l).trim_end_matches(':'));
        if !known {
            p.warnings.push(Warning::notice(*no, format!("text before the organisation: {l}")));
        }
    }

    let mut section = Section::Title;
    // The last line of each section read, for where a missing one was expected.
    let mut ends: Vec<(Section, u32)> = Vec::new();
    let mut paragraph_break = false;
    let mut title_block = String::new();
    let mut title_started = false;
    for (no, l) in &lines[pivot + 1..] {
        if l.is_empty() {
            paragraph_break = true;
            if section == Section::Title && title_started {
                finish_title(&mut p, &mut title_block, *no);
            }
            continue;
        }
        let found_links = links_in(l);
        if only_links(l, &found_links) {
            p.links.extend(found_links);
            continue;
        }
        if BOILERPLATE.contains(&normalise(l).as_str()) {
            continue;
        }
        if let Some(s) = label(l) {
            if section == Section::Title {
                finish_title(&mut p, &mut title_block, *no);
            }
            section = s;
            paragraph_break = false;
            continue;
        }
        match ends.iter_mut().find(|(s, _)| *s == section) {
            Some(e) => e.1 = *no,
            None => ends.push((section, *no)),
        }
        let target = match section {
            Section::Title => {
                title_started = true;
                join_line(&mut title_block, l.trim_matches('*').trim(), &vocab);
                continue;
            }
            Section::Name => {
                title_block.push_str(l);
                finish_title(&mut p, &mut title_block, *no);
                continue;
            }
            Section::Pledge => &mut p.pledge,
            Section::Implementation => {
                if let Some(item) = bullet(l) {
                    p.implementation_items.push(item_text(item));
                }
                &mut p.implementation
            }
            Section::Impact => &mut p.impact,
        };
        if target.is_empty() {
            target.push_str(l);
        } else if paragraph_break || bullet(l).is_some() {
            target.push('\n');
            target.push_str(l);
        } else {
            join_line(target, l, &vocab);
        }
        paragraph_break = false;
    }
    if section == Section::Title {
        let last = lines.last().map_or(1, |(no, _)| *no);
        finish_title(&mut p, &mut title_block, last);
    }
    let last = lines.last().map_or(1, |(no, _)| *no);
    missing_sections(&mut p, lines[pivot].0, last, &ends);
    p
}

/// A section the document lacks is an error naming it and the line where
/// it was expected (after the section before it), never an empty field:
/// without an organisation, a title or the pledge's text nothing can be
/// imported; without the implementation or the impact, only when accepted.
fn missing_sections(p: &mut Pledge, pivot: u32, last: u32, ends: &[(Section, u32)]) {
    // Where a section was expected: the line after the sections before it.
    let after = |s: Section| ends.iter().filter(|(e, _)| *e <= s).map(|(_, l)| l + 1).max().unwrap_or(pivot + 1);
    // Past the last line, the warning points at the last and says so.
    let place = |line: u32| {
        if line > last {
            (last, format!("after line {last}, where the document ends"))
        } else {
            (line, format!("at line {line}"))
        }
    };
    if p.organisation.is_empty() {
        p.warnings.push(Warning::conflict(
            pivot,
            "no organisation: its name was expected on the lines before \"pledges to\"",
        ));
    }
    if p.title.is_empty() {
        let line = (pivot + 1).min(last);
        p.warnings
            .push(Warning::conflict(line, format!("no title: it was expected at line {line}, after \"pledges to\"")));
    }
    let sections = [
        (p.pledge.is_empty(), Section::Name, "\"On the pledge:\" (or \"Description:\") section", true),
        (
            p.implementation.is_empty(),
            Section::Pledge,
            "\"On the implementation:\" (or \"Implementation plan:\") section",
            false,
        ),
        (p.impact.is_empty(), Section::Implementation, "\"On the impact:\" (or \"Impact:\") section", false),
    ];
    for (empty, before, name, required) in sections {
        if !empty {
            continue;
        }
        let (line, place) = place(after(before));
        let message = format!("no {name}: it was expected {place}");
        p.warnings.push(if required { Warning::conflict(line, message) } else { Warning::departure(line, message) });
    }
}

/// A block in the title position: the title itself the first time, then
/// its other forms.
fn finish_title(p: &mut Pledge, block: &mut String, line: u32) {
    let t = std::mem::take(block);
    if t.is_empty() || t == p.title || p.title_variants.contains(&t) {
        return;
    }
    if p.title.is_empty() {
        p.title = t;
    } else if similar(&t, &p.title) {
        p.title_variants.push(t);
    } else {
        p.warnings.push(Warning::notice(line, format!("text after the title that is not a form of it: {t}")));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn titles_in_other_forms_are_recognised() {
        assert!(similar(
            "Encourage major stakeholders in Japan to take action toward the elimination of child labour",
            "Encouraging major stakeholders in Japan to take action toward the elimination of child labour"
        ));
        assert!(!similar("Encourage stakeholders", "Organize a seminar on the International Year"));
    }

    #[test]
    fn reads_markdown_links_and_list_items() {
        assert_eq!(
            links_in("[Website](https://example.org), [Facebook](#)"),
            [
                Link { label: "Website".into(), url: "https://example.org".into() },
                Link { label: "Facebook".into(), url: "#".into() }
            ]
        );
        assert_eq!(item_text("Formulate an action plan; and"), "Formulate an action plan");
        assert_eq!(item_text("Become a partner of Alliance 8.7;"), "Become a partner of Alliance 8.7");
    }
}
