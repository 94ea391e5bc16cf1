//! Reports in layouts other than the reference, read with the built-in
//! layout profiles: each test document (written for these tests, in
//! `data/documents/layouts/`) must import to the structure written out by
//! hand below, and detection must pick its profile.

use pledgebook_import::Level;
use pledgebook_import::report::{Profile, Report, parse_report_with, read_report};

const DECIMAL: &str = include_str!("../../../data/documents/layouts/progress-decimal-en.txt");
const ACTIONS: &str = include_str!("../../../data/documents/layouts/actions-review-en.txt");
const JAPANESE: &str = include_str!("../../../data/documents/layouts/jisshi-jokyo-ja.txt");

/// The report as lines: pillars, measures with status and bodies, results
/// with agencies and figures.
fn outline(r: &Report) -> Vec<String> {
    let mut out: Vec<String> = r.pillars.iter().map(|p| format!("{} {}", p.number, p.title)).collect();
    for m in &r.measures {
        let bodies: Vec<&String> = m.plans.iter().flat_map(|p| &p.responsible).collect();
        out.push(format!("{} {} [{}] {bodies:?}", m.id, m.title, m.status.unwrap_or("-")));
        for x in m.plans.iter().flat_map(|p| &p.results) {
            let figures: Vec<String> = x
                .figures
                .iter()
                .map(|f| {
                    format!(
                        "{} {}{}",
                        f.value,
                        f.unit,
                        f.qualifier.as_ref().map(|q| format!(" ({q})")).unwrap_or_default()
                    )
                })
                .collect();
            out.push(format!("  {:?} {figures:?}", x.agencies));
        }
    }
    out
}

fn blocking(r: &Report) -> Vec<String> {
    r.warnings.iter().filter(|w| w.level > Level::Notice).map(|w| format!("{}: {}", w.line, w.message)).collect()
}

#[test]
fn a_progress_report_numbered_1_1_with_lead_and_status_lines() {
    let r = read_report("progress.txt", DECIMAL);
    assert_eq!(r.profile, "decimal", "{}", r.reason);
    assert!(
        r.reason.contains("finds 2 pillar and 4 measure headings") && r.reason.contains("reference layout finds 0"),
        "{}",
        r.reason
    );
    assert_eq!(
        outline(&r),
        [
            "1 Prevention and awareness",
            "2 Protection and support for children",
            "1-(1) Awareness campaigns on child labour in supply chains [ongoing] [\"MHLW\", \"METI\"]",
            "  [\"MHLW\", \"METI\"] [\"1250 companies\"]",
            "  [\"METI\"] [\"12000 copies (approximately)\"]",
            "1-(2) Education on children's rights in schools [completed] [\"MEXT\"]",
            "  [\"MEXT\"] [\"3400 schools\"]",
            "2-(1) Consultation services for children at risk [delayed] [\"CFA\"]",
            "  [\"CFA\"] [\"2602 consultations\"]",
            "2-(2) Cooperation with foreign investigative authorities [not_started] [\"NPA\", \"MOFA\"]",
        ]
    );
    let text = &r.measures[0].plans[0].results[0].text;
    assert_eq!(
        text,
        "Seminars on child labour in supply chains were held for 1,250 companies in eight regions, together with employers' organisations and trade unions."
    );
    assert!(blocking(&r).is_empty(), "{:?}", blocking(&r));
}

#[test]
fn an_action_plan_review_with_bracketed_bodies_and_status_and_a_table_as_text() {
    let r = read_report("review.txt", ACTIONS);
    assert_eq!(r.profile, "actions", "{}", r.reason);
    assert_eq!(
        outline(&r),
        [
            "1 Strengthen the legal framework",
            "2 Support victims and their families",
            "1-(1) Review the list of hazardous work prohibited for children [completed] [\"MHLW\"]",
            "  [\"MHLW\"] []",
            "  [\"MHLW\"] [\"47 prefectural labour bureaus\"]",
            "1-(2) Introduce due diligence guidance for companies [ongoing] [\"METI\"]",
            "  [\"METI\"] [\"155 comments\"]",
            "2-(1) Expand shelters for child victims [delayed] [\"CFA\"]",
            "2-(2) Train consular staff on child trafficking [ongoing] [\"MOFA\"]",
            "  [\"MOFA\"] [\"120 consular staff\", \"30 countries\"]",
        ]
    );
    assert!(blocking(&r).is_empty(), "{:?}", blocking(&r));
}

#[test]
fn a_japanese_report_with_full_width_numbers_brackets_and_figures() {
    let r = read_report("jisshi.txt", JAPANESE);
    assert_eq!((r.profile.as_str(), r.lang), ("ja-jisshi", "ja"), "{}", r.reason);
    assert_eq!(
        outline(&r),
        [
            "1 国民意識の向上",
            "2 被害児童の保護と支援",
            "1-(1) 学校における啓発活動の推進 [ongoing] [\"MEXT\"]",
            "  [\"MEXT\"] [\"1200 times (counted per occasion)\"]",
            "  [\"MEXT\", \"MIC\"] [\"360000 persons (approximately)\"]",
            "1-(2) インターネット上の被害防止に関する広報 [completed] [\"NPA\", \"CAO\"]",
            "  [\"NPA\", \"CAO\"] [\"50 schools (at least)\"]",
            "2-(1) 相談体制の充実 [delayed] [\"CFA\"]",
            "  [\"CFA\"] [\"2602 cases\"]",
            "2-(2) 関係機関の連携強化 [not_started] [\"NPA\"]",
        ]
    );
    let figure = &r.measures[0].plans[0].results[1].figures[0];
    assert_eq!(figure.text, "約３６万人");
    assert_eq!(
        r.measures[0].plans[0].results[1].text,
        "保護者向けリーフレットを作成し、約３６万人の保護者に配布した。"
    );
    assert!(blocking(&r).is_empty(), "{:?}", blocking(&r));
}

#[test]
fn the_reference_report_is_still_read_with_the_reference_layout() {
    let text = include_str!("../../../data/documents/basic-plan-csec-fy2018-implementation.txt");
    let r = read_report("ref.txt", text);
    assert_eq!((r.profile.as_str(), r.measures.len()), ("reference", 88), "{}", r.reason);
}

#[test]
fn departures_in_a_profiled_report_are_found_with_their_lines() {
    // 1.2 misprinted 1.3, then 1.3 again; a body the profile does not know;
    // a status word it does not; a measure numbered for another pillar.
    let text = DECIMAL
        .replace("1.2 Education", "1.3 Education")
        .replace("2. Protection", "1.3 Again\nLead: Cabinet Office\n\n2. Protection")
        .replace("Lead: Children and Families Agency", "Lead: Ministry of Magic")
        .replace("Status: delayed", "Status: paused")
        + "\n1.4 Misplaced\nLead: Cabinet Office\n";
    let r = parse_report_with("edited.txt", &text, &Profile::named("decimal").unwrap());
    let found = blocking(&r);
    assert!(
        found.iter().any(|w| w.starts_with("16: measure numbering jumps from 1.1 to 1.3: 1.2 missing")),
        "{found:?}"
    );
    assert!(
        found.iter().any(|w| w.contains("\"Ministry of Magic\" is no body the decimal profile knows")),
        "{found:?}"
    );
    assert!(found.iter().any(|w| w.contains("\"paused\", is no status word of the decimal profile")), "{found:?}");
    assert!(found.iter().any(|w| w.contains("measure 1.4 stands under pillar 2")), "{found:?}");
    let conflict = r.warnings.iter().find(|w| w.level == Level::Conflict).expect("the repeated 1.3");
    assert_eq!(conflict.line, 22);
    assert!(conflict.message.contains("measure numbering repeats 1.3 after 1.3"), "{}", conflict.message);
}

#[test]
fn a_secretariat_writes_its_own_profile() {
    let toml = r#"
name = "ours"
description = "Objective N. / (N) headings, bodies on a Responsible: line"
[pillar]
numbering = { prefixed = ["Objective"] }
[measure]
numbering = "paren-decimal"
[responsible]
labels = ["Responsible:"]
[[bodies]]
abbreviation = "JTUC"
name = "Japanese Trade Union Confederation"
also = ["Rengo"]
"#;
    let profile = Profile::from_toml("ours.toml", toml).unwrap();
    let text = "Objective 1. Decent work\n(1) Union campaigns\nResponsible: Rengo\nCampaigns reached 5,000 members.\n";
    let r = parse_report_with("ours.txt", text, &profile);
    assert_eq!(
        outline(&r),
        ["1 Decent work", "1-(1) Union campaigns [-] [\"JTUC\"]", "  [\"JTUC\"] [\"5000 members\"]"]
    );
}
