//! The reference implementation-status report, parsed and checked against
//! expectations read off the document (see `tests/expected/README.md`).

use pledgebook_import::report::{Measure, Report, Result};

const DOC: &str = include_str!("../../../data/documents/basic-plan-csec-fy2018-implementation.txt");
const MEASURES: &str = include_str!("expected/basic-plan-measures.tsv");
const ATTRIBUTIONS: &str = include_str!("expected/basic-plan-attributions.tsv");

fn report() -> Report {
    pledgebook_import::parse_report("basic-plan-csec-fy2018-implementation.txt", DOC)
}

fn measure<'a>(r: &'a Report, id: &str) -> &'a Measure {
    r.measures.iter().find(|m| m.id == id).unwrap_or_else(|| panic!("no measure {id}"))
}

fn results(r: &Report) -> impl Iterator<Item = (&Measure, &Result)> {
    r.measures.iter().flat_map(|m| m.plans.iter().flat_map(move |p| p.results.iter().map(move |x| (m, x))))
}

#[test]
fn six_pillars_with_their_titles() {
    let r = report();
    let pillars: Vec<_> = r.pillars.iter().map(|p| (p.number, p.title.as_str(), p.lines[0])).collect();
    assert_eq!(
        pillars,
        [
            (
                1,
                "Enhancement of public awareness for the eradication of child sexual exploitation, development of social awareness, and strengthening of collaboration with international society",
                1
            ),
            (
                2,
                "Support for children and families to ensure the sound growth of children without victimization by sexual exploitation",
                1130
            ),
            (
                3,
                "Promotion of measures to prevent the occurrence and spread of victimization that focuses on tools used for child sexual exploitation",
                1859
            ),
            (4, "Prompt protection of child victims and the promotion of appropriate support", 2247),
            (
                5,
                "Strengthening of crackdowns in line with the situation of victimization and rehabilitation of offenders",
                3006
            ),
            (
                6,
                "Strengthening of the foundation for realizing a society where children will never become victims of sexual exploitation",
                3507
            ),
        ]
    );
}

#[test]
fn all_88_measures_with_their_titles() {
    let r = report();
    let expected: Vec<(String, u32, String)> = MEASURES
        .lines()
        .map(|l| {
            let mut f = l.splitn(3, '\t');
            (f.next().unwrap().into(), f.next().unwrap().parse().unwrap(), f.next().unwrap().into())
        })
        .collect();
    assert_eq!(expected.len(), 88);
    let got: Vec<(String, u32, String)> =
        r.measures.iter().map(|m| (m.id.clone(), m.lines[0], m.title.clone())).collect();
    assert_eq!(got, expected);
    let per_pillar: Vec<usize> = (1..=6).map(|p| r.measures.iter().filter(|m| m.pillar == p).count()).collect();
    assert_eq!(per_pillar, [21, 15, 9, 18, 12, 13]);
    let m = measure(&r, "2-(xii)");
    assert_eq!((m.pillar, m.number.as_str()), (2, "xii"));
}

#[test]
fn every_plan_and_result_with_its_bodies() {
    let r = report();
    let mut got = Vec::new();
    for m in &r.measures {
        for p in &m.plans {
            got.push((m.id.clone(), "plan", p.responsible.join("; "), p.lines));
            for x in &p.results {
                got.push((m.id.clone(), "result", x.agencies.join("; "), x.lines));
            }
        }
    }
    let expected: Vec<(String, String, String, u32)> = ATTRIBUTIONS
        .lines()
        .map(|l| {
            let f: Vec<&str> = l.split('\t').collect();
            // The document writes "Ministry of Foreign Affairs: MOFA"; the agency is MOFA.
            let bodies: Vec<&str> = f[3].split("; ").map(|b| b.rsplit(": ").next().unwrap()).collect();
            (f[0].into(), f[2].into(), bodies.join("; "), f[1].parse().unwrap())
        })
        .collect();
    assert_eq!(expected.len(), 274);
    assert_eq!(got.len(), expected.len());
    for ((m, kind, bodies, lines), (em, ekind, ebodies, eline)) in got.iter().zip(&expected) {
        assert_eq!((m, *kind, bodies), (em, ekind.as_str(), ebodies), "at line {eline}");
        // The item runs up to its attribution (or past it, by a footnote that belongs to it).
        assert!(lines[0] <= *eline && *eline <= lines[1], "{m} {kind} lines {lines:?} should hold line {eline}");
    }
    assert_eq!(r.organisations.len(), 9, "the legend's nine bodies");
    assert_eq!(r.organisations[6].abbreviation, "MEXT");
    assert_eq!(r.organisations[6].name, "Ministry of Education, Culture, Sports, Science and Technology");
    assert!(r.warnings.is_empty(), "{:?}", r.warnings);
}

#[test]
fn every_cross_reference() {
    let r = report();
    let got: Vec<(u32, &str, &str)> =
        results(&r).filter_map(|(m, x)| x.repeat_of.as_deref().map(|to| (x.lines[0], m.id.as_str(), to))).collect();
    // Line of each "Repeat mention", the measure it stands in, and the measure it names.
    let expected = [
        (505, "1-(viii)", "1-(ii)"),
        (687, "1-(xi)", "1-(ii)"),
        (689, "1-(xi)", "1-(ii)"),
        (691, "1-(xi)", "1-(ii)"),
        (695, "1-(xi)", "1-(ii)"),
        (699, "1-(xi)", "1-(ii)"),
        (703, "1-(xi)", "1-(ii)"),
        (705, "1-(xi)", "1-(x)"),
        (707, "1-(xi)", "1-(x)"),
        (806, "1-(xiii)", "1-(ii)"),
        (1223, "2-(ii)", "1-(x)"),
        (1225, "2-(ii)", "1-(xi)"),
        (1255, "2-(ii)", "1-(ii)"),
        (1464, "2-(v)", "1-(ii)"),
        (1909, "3-(i)", "1-(x)"),
        (1938, "3-(ii)", "1-(x)"),
        (2189, "3-(viii)", "3-(v)"),
        (2378, "4-(ii)", "4-(i)"),
        (3592, "6-(iii)", "6-(i)"),
        (3817, "6-(xii)", "4-(xii)"),
    ];
    assert_eq!(got, expected);
    let x = results(&r).find(|(_, x)| x.lines[0] == 1909).unwrap().1;
    assert_eq!(x.agencies, ["MIC"], "the en dash form: Repeat mention 1 – (x)");
}

fn figure<'a>(r: &'a Report, line: u32, text: &str) -> &'a pledgebook_import::report::Figure {
    let x = results(r).find(|(_, x)| x.lines[0] == line).unwrap_or_else(|| panic!("no result at line {line}")).1;
    x.figures
        .iter()
        .find(|f| f.text == text)
        .unwrap_or_else(|| panic!("no figure {text} at line {line}: {:?}", x.figures))
}

#[test]
fn a_sample_of_figures() {
    let r = report();
    for (line, text, value, unit) in [
        (139, "2,602", 2602.0, "public relations and awareness-raising campaigns"),
        (139, "767", 767.0, "activities"),
        (179, "360,000", 360_000.0, "parents/guardians"),
        (179, "3.9 million", 3_900_000.0, "children"),
        (221, "128", 128.0, "classes"),
        (221, "12,252", 12_252.0, "persons"),
        (481, "500", 500.0, "persons"),
        (823, "1.90 million", 1_900_000.0, "leaflets"),
        (1562, "404,754", 404_754.0, "delinquent juveniles"),
        (3119, "3,097", 3097.0, "child pornography cases"),
        (3839, "149,300", 149_300.0, "yen"),
        (3839, "191,800", 191_800.0, "yen"),
    ] {
        let f = figure(&r, line, text);
        assert_eq!((f.value, f.unit.as_str()), (value, unit), "line {line}");
    }
    assert_eq!(figure(&r, 179, "360,000").qualifier.as_deref(), Some("approximately"));
    // "On April 23, 2018" and "FY2017" are dates, not figures.
    let first = &measure(&r, "1-(i)").plans[0].results[0];
    assert!(first.figures.is_empty(), "{:?}", first.figures);
}

#[test]
fn pdf_furniture_is_removed_and_text_is_whole() {
    let r = report();
    // A plan paragraph that runs across a page break, past the legend.
    let plan = &measure(&r, "1-(ii)").plans[0];
    assert!(plan.text.contains("In addition, as part of efforts to further facilitate the elimination of child pornography on the internet, the public and private sector shall jointly promote"));
    assert!(!plan.text.contains("NPA (National Police Agency)"));
    assert_eq!(plan.lines, [49, 93]);
    // A result broken by a page number ("27").
    let x = results(&r)
        .find(|(_, x)| x.text.contains("build support structures for responding to and solving bullying"))
        .unwrap()
        .1;
    assert!(x.text.contains("responding to and solving bullying and other problems."), "{}", x.text);
    // A real hyphen at a line end is kept.
    let x = &measure(&r, "1-(iii)").plans[0].results[0];
    assert!(x.text.contains("Public relations and awareness-raising on this issue"), "{}", x.text);
    // Numbered sub-lists inside a result stay in it.
    let m = measure(&r, "6-(xiii)");
    let x = &m.plans[0].results[0];
    assert!(
        x.text.starts_with("(i) In FY2017")
            && x.text.contains("\n(iv) In FY2018")
            && x.text.contains("\n(v)  In order to properly protect"),
        "{}",
        x.text
    );
    // A plan in several bulleted paragraphs is one plan.
    let m = measure(&r, "2-(xiii)");
    assert_eq!(m.plans.len(), 1);
    assert!(m.plans[0].text.contains("\nAt Hello Work for Mothers"));
    assert_eq!(m.plans[0].results.len(), 3);
}
