//! The consolidated implementation-status report, regenerated from the
//! data: pillars, measures, plan paragraphs with their responsible bodies,
//! results per agency with their cross references, and the abbreviation
//! legend. Written as text in the layout of the reports people already have
//! (so the importer reads it back to the same data), as Markdown, and as
//! the model the web page renders; with the who-does-what matrix and the
//! measures nobody reported on.

use std::collections::BTreeMap;

use pledgebook_core::{Commitment, Id, Lang, NodeLevel, Organisation, Period, ProgressEntry, Stored};
use serde::Serialize;

use crate::InitiativeData;

/// The bullet glyph of the reference reports' PDF text.
const BULLET: char = '\u{F09F}';

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ReportResult {
    pub text: String,
    pub agencies: Vec<String>,
    /// "1-(ii)" when the result repeats another measure's.
    pub repeat_of: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ReportPlan {
    pub text: String,
    pub responsible: Vec<String>,
    pub results: Vec<ReportResult>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ReportMeasure {
    pub id: String,
    pub number: String,
    pub title: String,
    pub title_ja: Option<String>,
    pub commitment: Option<i64>,
    pub plans: Vec<ReportPlan>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ReportPillar {
    pub number: String,
    pub title: String,
    pub title_ja: Option<String>,
    pub measures: Vec<ReportMeasure>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Report {
    pub title: String,
    pub title_ja: Option<String>,
    pub period: Period,
    pub pillars: Vec<ReportPillar>,
    /// (abbreviation, name), in order of first mention.
    pub legend: Vec<(String, String)>,
}

fn en(t: &pledgebook_core::Localized) -> String {
    t.show(Lang::En).text.to_owned()
}

fn ja(t: &pledgebook_core::Localized) -> Option<String> {
    t.get(Lang::Ja).map(str::to_owned)
}

impl Report {
    pub fn build(data: &InitiativeData, period: Period) -> Report {
        let by_node: BTreeMap<String, &Stored<Commitment>> =
            data.commitments.iter().filter_map(|c| c.node.as_ref().map(|n| (n.to_string(), c))).collect();
        let node_of: BTreeMap<i64, String> =
            data.commitments.iter().filter_map(|c| c.node.as_ref().map(|n| (c.id.get(), n.to_string()))).collect();
        let mut legend: Vec<(String, String)> = Vec::new();
        let mut note = |ids: &[Id<Organisation>]| {
            for id in ids {
                if let Some(o) = data.orgs.get(&id.get())
                    && let Some(abbr) = o.abbreviations.first()
                    && !legend.iter().any(|(a, _)| a == abbr)
                {
                    legend.push((abbr.clone(), en(&o.name)));
                }
            }
        };
        let mut pillars = Vec::new();
        for p in data.initiative.framework.pillars() {
            let mut measures = Vec::new();
            for m in data.initiative.framework.children(Some(&p.key)).filter(|n| n.level == NodeLevel::Measure) {
                let c = by_node.get(m.key.as_str());
                let mut entries: Vec<&Stored<ProgressEntry>> = data
                    .entries
                    .iter()
                    .filter(|e| Some(e.commitment) == c.map(|c| c.id) && e.period == period)
                    .collect();
                entries.sort_by_key(|e| (e.provenance.as_ref().map(|p| p.lines.0), e.id));
                let plans = c
                    .map(|c| {
                        c.plan
                            .iter()
                            .enumerate()
                            .map(|(i, p)| {
                                note(&p.responsible);
                                let results = entries
                                    .iter()
                                    .filter(|e| e.paragraph.unwrap_or(0) as usize == i)
                                    .map(|e| {
                                        note(&e.reported_by);
                                        let agencies = if e.agencies_as_written.is_empty() {
                                            e.reported_by
                                                .iter()
                                                .filter_map(|o| data.orgs.get(&o.get()))
                                                .map(|o| o.short_name(Lang::En).to_owned())
                                                .collect()
                                        } else {
                                            e.agencies_as_written.clone()
                                        };
                                        ReportResult {
                                            text: en(&e.narrative),
                                            agencies,
                                            repeat_of: e.repeat_of.and_then(|r| node_of.get(&r.get()).cloned()),
                                        }
                                    })
                                    .collect();
                                ReportPlan { text: en(&p.text), responsible: p.responsible_as_written.clone(), results }
                            })
                            .collect()
                    })
                    .unwrap_or_default();
                measures.push(ReportMeasure {
                    id: m.key.to_string(),
                    number: m.number.clone(),
                    title: en(&m.title),
                    title_ja: c.and_then(|c| ja(&c.title)).or_else(|| ja(&m.title)),
                    commitment: c.map(|c| c.id.get()),
                    plans,
                });
            }
            pillars.push(ReportPillar {
                number: p.number.clone(),
                title: en(&p.title),
                title_ja: ja(&p.title),
                measures,
            });
        }
        Report { title: en(&data.initiative.title), title_ja: ja(&data.initiative.title), period, pillars, legend }
    }

    /// Measures with no result in the period.
    pub fn uncovered(&self) -> Vec<&ReportMeasure> {
        self.pillars.iter().flat_map(|p| &p.measures).filter(|m| m.plans.iter().all(|p| p.results.is_empty())).collect()
    }

    /// How many results the report holds.
    pub fn result_count(&self) -> usize {
        self.pillars.iter().flat_map(|p| &p.measures).flat_map(|m| &m.plans).map(|p| p.results.len()).sum()
    }

    /// Who does what: for each agency (by abbreviation), how many results it reported under each measure.
    pub fn matrix(&self) -> BTreeMap<String, BTreeMap<String, usize>> {
        let mut m: BTreeMap<String, BTreeMap<String, usize>> = BTreeMap::new();
        for measure in self.pillars.iter().flat_map(|p| &p.measures) {
            for r in measure.plans.iter().flat_map(|p| &p.results) {
                for a in &r.agencies {
                    *m.entry(a.clone()).or_default().entry(measure.id.clone()).or_default() += 1;
                }
            }
        }
        m
    }

    /// The report in the layout of the reference reports' text.
    pub fn to_text(&self) -> String {
        let mut out = String::new();
        for p in &self.pillars {
            out.push_str(&format!("{}. {}\n\n", p.number, p.title));
            for m in &p.measures {
                out.push_str(&format!("({}) {}\n", m.number, m.title));
                for plan in &m.plans {
                    for (i, para) in plan.text.split('\n').enumerate() {
                        if i > 0 {
                            out.push(BULLET);
                            out.push(' ');
                        }
                        out.push_str(para);
                        out.push('\n');
                    }
                    out.pop();
                    out.push_str(&format!(" ({})\n", join(&plan.responsible)));
                    for r in &plan.results {
                        // A footnote the result carried goes after its attribution, as in the source.
                        let (body, footnote) = match r.text.split_once("\n* ") {
                            Some((b, f)) => (b, Some(f)),
                            None => (r.text.as_str(), None),
                        };
                        out.push(BULLET);
                        out.push(' ');
                        out.push_str(body);
                        out.push_str(&format!(" ({})\n", join(&r.agencies)));
                        if let Some(f) = footnote {
                            out.push_str(&format!("* {f}\n"));
                        }
                    }
                }
                out.push('\n');
            }
        }
        let legend: Vec<String> = self.legend.iter().map(|(a, n)| format!("{a} ({n})")).collect();
        out.push_str(&format!("* {}\n", legend.join(", ")));
        out
    }

    /// The report as Markdown. Every text from the data is escaped
    /// ([`md`]): a result that contains `<script>` or
    /// `[click](javascript:…)` reads as that text, never as HTML or a link.
    pub fn to_markdown(&self) -> String {
        let mut out = format!("# {} — implementation status, {}\n\n", md(&self.title), self.period);
        for p in &self.pillars {
            out.push_str(&format!("## {}. {}\n\n", md(&p.number), md(&p.title)));
            for m in &p.measures {
                out.push_str(&format!("### ({}) {}\n\n", md(&m.number), md(&m.title)));
                for plan in &m.plans {
                    let paragraphs: Vec<String> = plan.text.split('\n').map(md).collect();
                    out.push_str(&format!(
                        "{}\n\n*Responsible: {}*\n\n",
                        paragraphs.join("\n\n"),
                        md(&join(&plan.responsible))
                    ));
                    for r in &plan.results {
                        let repeat = r.repeat_of.as_ref().map(|x| format!(" (see {})", md(x))).unwrap_or_default();
                        out.push_str(&format!(
                            "- {} **({})**{repeat}\n",
                            md(&r.text.replace('\n', " ")),
                            md(&join(&r.agencies))
                        ));
                    }
                    out.push('\n');
                }
            }
        }
        out.push_str("## Abbreviations\n\n");
        for (a, n) in &self.legend {
            out.push_str(&format!("- **{}**: {}\n", md(a), md(n)));
        }
        out
    }
}

/// Text as Markdown shows it literally: HTML's `<`, `>` and `&` as
/// entities, and a backslash before every character that could start
/// emphasis, code, a link, an image, a table cell or strike-through, and
/// before a `#`, `+`, `-` or digit list marker at the start of the text.
fn md(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 8);
    let start = text.trim_start();
    if start.starts_with(['#', '+', '-', '='])
        || start.split_once(['.', ')']).is_some_and(|(n, _)| !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()))
    {
        out.push('\\');
    }
    for c in text.chars() {
        match c {
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '&' => out.push_str("&amp;"),
            '\\' | '`' | '*' | '_' | '[' | ']' | '!' | '|' | '~' => {
                out.push('\\');
                out.push(c);
            }
            c => out.push(c),
        }
    }
    out
}

/// "A", "A and B", "A, B, and C", as the reports write lists of bodies.
fn join(items: &[String]) -> String {
    match items {
        [] => String::new(),
        [one] => one.clone(),
        [a, b] => format!("{a} and {b}"),
        [rest @ .., last] => format!("{}, and {last}", rest.join(", ")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lists_are_joined_as_the_reports_write_them() {
        let s = |v: &[&str]| v.iter().map(|x| (*x).to_owned()).collect::<Vec<_>>();
        assert_eq!(join(&s(&["NPA"])), "NPA");
        assert_eq!(join(&s(&["MIC", "MEXT"])), "MIC and MEXT");
        assert_eq!(join(&s(&["NPA", "MOJ", "MHLW"])), "NPA, MOJ, and MHLW");
    }

    #[test]
    fn markdown_shows_html_and_links_from_the_data_as_text() {
        let evil =
            "<script>alert(1)</script> [click](javascript:alert(1)) <javascript:alert(2)> ![x](http://t/x.png) *bold*";
        let report = Report {
            title: "Plan <b>".into(),
            title_ja: None,
            period: Period::FiscalYear(2018),
            pillars: vec![ReportPillar {
                number: "1".into(),
                title: "# Pillar".into(),
                title_ja: None,
                measures: vec![ReportMeasure {
                    id: "1-(i)".into(),
                    number: "i".into(),
                    title: "Measure".into(),
                    title_ja: None,
                    commitment: None,
                    plans: vec![ReportPlan {
                        text: evil.into(),
                        responsible: vec!["NPA".into()],
                        results: vec![ReportResult {
                            text: evil.into(),
                            agencies: vec!["A&B".into()],
                            repeat_of: None,
                        }],
                    }],
                }],
            }],
            legend: vec![("NPA".into(), "<img src=x onerror=alert(3)>".into())],
        };
        let out = report.to_markdown();
        assert!(!out.replace("\\]", "").contains("]("), "every link bracket is escaped:\n{out}");
        for unsafe_text in ["<script", "<b>", "<javascript:", "![x](", "<img", "*bold*"] {
            assert!(!out.contains(unsafe_text), "{unsafe_text:?} passed through:\n{out}");
        }
        assert!(out.contains("&lt;script&gt;alert(1)&lt;/script&gt; \\[click\\](javascript:alert(1))"), "{out}");
        assert!(out.contains("## 1. \\# Pillar") && out.contains("A&amp;B"), "{out}");
        assert_eq!(md("1. Not a list"), "\\1. Not a list");
        assert_eq!(md("2,602 campaigns (FY2018)"), "2,602 campaigns (FY2018)", "ordinary text is unchanged");
    }
}
