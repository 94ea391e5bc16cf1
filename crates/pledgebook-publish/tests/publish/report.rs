//! The consolidated report regenerated from imported data: read back by the
//! importer, it gives the same data as the reference report did.

use pledgebook_core::Period;
use pledgebook_publish::report::Report;

use crate::support::{REFERENCE, load, with_reference_report};

/// Everything the report says, without where it said it.
fn content(r: &pledgebook_import::Report) -> String {
    let mut out = String::new();
    for p in &r.pillars {
        out.push_str(&format!("P {} {}\n", p.number, p.title));
    }
    for m in &r.measures {
        out.push_str(&format!("M {} {}\n", m.id, m.title));
        for p in &m.plans {
            out.push_str(&format!("  plan {:?} by {:?}\n", p.text, p.responsible));
            for x in &p.results {
                let figures: Vec<String> =
                    x.figures.iter().map(|f| format!("{}={} {}", f.text, f.value, f.unit)).collect();
                out.push_str(&format!(
                    "    result {:?} by {:?} repeat {:?} figures {:?}\n",
                    x.text, x.agencies, x.repeat_of, figures
                ));
            }
        }
    }
    out
}

pub async fn regenerated() -> Report {
    let (_dir, store) = with_reference_report().await;
    Report::build(&load(&store, "basic-plan-csec").await, Period::FiscalYear(2018))
}

#[tokio::test]
async fn import_export_import_gives_the_same_data() {
    let regenerated = regenerated().await;
    let text = regenerated.to_text();
    let original = pledgebook_import::parse_report("reference", REFERENCE);
    let again = pledgebook_import::parse_report("regenerated", &text);
    assert!(again.warnings.is_empty(), "{:?}", again.warnings);
    let (a, b) = (content(&original), content(&again));
    if a != b {
        let first = a.lines().zip(b.lines()).find(|(x, y)| x != y);
        panic!("the round trip changed the data; first difference:\n{first:#?}");
    }
    let mut legend: Vec<(String, String)> =
        again.organisations.iter().map(|o| (o.abbreviation.clone(), o.name.clone())).collect();
    let mut expected: Vec<(String, String)> =
        original.organisations.iter().map(|o| (o.abbreviation.clone(), o.name.clone())).collect();
    legend.sort();
    expected.sort();
    assert_eq!(legend, expected, "the legend names the same nine bodies");
}

#[tokio::test]
async fn the_matrix_and_coverage_of_the_reference_year() {
    let report = regenerated().await;
    assert_eq!(report.pillars.len(), 6);
    assert_eq!(report.pillars.iter().map(|p| p.measures.len()).sum::<usize>(), 88);
    // Every measure of the reference year has at least one result.
    assert!(report.uncovered().is_empty(), "{:?}", report.uncovered().iter().map(|m| &m.id).collect::<Vec<_>>());
    let matrix = report.matrix();
    // The NPA reported 72 results across the plan; 9 of them under 1-(ii).
    assert_eq!(matrix["NPA"].values().sum::<usize>(), 72);
    assert_eq!(matrix["NPA"]["1-(ii)"], 9);
    assert_eq!(matrix["MOFA"].values().sum::<usize>(), 8);
    let md = report.to_markdown();
    assert!(md.starts_with("# Basic Plan — implementation status, FY2018"));
    assert!(md.contains("### (xxi) Implementation of the Optional Protocol"));
    assert!(md.contains("- **MEXT**: Ministry of Education, Culture, Sports, Science and Technology"));
    // Another year has no results yet: every measure is uncovered.
    let mut empty = report.clone();
    for m in empty.pillars.iter_mut().flat_map(|p| &mut p.measures) {
        for p in &mut m.plans {
            p.results.clear();
        }
    }
    assert_eq!(empty.uncovered().len(), 88);
}
