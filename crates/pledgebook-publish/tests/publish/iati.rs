//! The IATI export validates against the IATI 2.03 schema shipped in
//! `data/iati/2.03/` (checked with xmllint from Debian's libxml2-utils) and
//! says what the data says: one activity per public commitment, indicators
//! with baseline, target and actual per period, reported figures per unit.

use std::path::PathBuf;
use std::process::Command;

use chrono::{NaiveDate, TimeZone, Utc};
use pledgebook_core::store::Store;
use pledgebook_core::{
    Actor, Aggregation, Category, Commitment, CommitmentKind, Dimension, Facet, FacetValue, Indicator, Initiative,
    InitiativeKind, Localized, Observation, OrgKind, Organisation, Participant, ParticipantRole, Period, Qualifier,
    Share, Status, Target, ops,
};
use pledgebook_publish::iati::{IatiOptions, activities_xml};
use pledgebook_publish::stream::Format;

use crate::support::{empty_store, load, stream, with_reference_report};

fn schema() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../data/iati/2.03/iati-activities-schema.xsd")
}

/// Validates with xmllint, reading no network address; Err holds its complaints.
fn validate(xml: &str) -> Result<(), String> {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("activities.xml");
    std::fs::write(&file, xml).unwrap();
    let out = Command::new("xmllint")
        .args(["--noout", "--nonet", "--schema"])
        .arg(schema())
        .arg(&file)
        .output()
        .expect("xmllint runs: install Debian's libxml2-utils (scripts/test does)");
    match out.status.success() {
        true => Ok(()),
        false => Err(String::from_utf8_lossy(&out.stderr).into_owned()),
    }
}

fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).unwrap()
}

fn options() -> IatiOptions {
    IatiOptions {
        publisher_ref: Some("JP-TEST-1".into()),
        generated: Utc.with_ymd_and_hms(2026, 11, 23, 9, 0, 0).unwrap(),
    }
}

/// The document as the server streams it, two commitments a page; the same
/// as the whole-initiative document.
async fn export(store: &dyn Store, key: &str) -> String {
    let streamed = stream(store, key, Format::Iati(options()), 2).await;
    assert_eq!(streamed, activities_xml(&load(store, key).await, &options()).unwrap(), "pages change nothing");
    streamed
}

/// A project shaped like Children's Future Action, plus a draft that must stay out.
async fn add_project(store: &dyn Store) {
    let actor = Actor::system("t");
    let mut tx = store.write().await.unwrap();
    let coop =
        ops::create(&mut *tx, &actor, Organisation::new("Co-op Union & Friends", OrgKind::Cooperative)).await.unwrap();
    let mut p = Initiative::new("cfa", InitiativeKind::Project, Localized::both("Future Action", "未来アクション"));
    p.starts = Some(d(2018, 4, 1));
    p.periods = vec![Period::FiscalYear(2018), Period::FiscalYear(2019), Period::FiscalYear(2020)];
    p.participants.push(Participant { organisation: coop.id, role: ParticipantRole::Secretariat });
    p.facets.push(Facet {
        key: "sdg".into(),
        label: Localized::en("SDG target"),
        values: vec![FacetValue { key: "1.2".into(), label: Localized::en("1.2") }],
    });
    let p = ops::create(&mut *tx, &actor, p).await.unwrap();
    let mut c =
        Commitment::new("cfa/study", p.id, CommitmentKind::Project, Localized::both("Study sessions", "学習会"));
    c.lead.push(coop.id);
    c.status = Status::InProgress;
    c.tags = vec!["child poverty".into()];
    c.facets.insert("sdg".into(), vec!["1.2".into()]);
    let c = ops::create(&mut *tx, &actor, c).await.unwrap();
    let mut draft = Commitment::new("cfa/draft", p.id, CommitmentKind::Project, Localized::en("Not public"));
    draft.lead.push(coop.id);
    ops::create(&mut *tx, &actor, draft).await.unwrap();
    let obs = |value, date, qualifier| Observation { qualifier, ..Observation::new(value, date) };
    let ind = Indicator {
        key: "cfa/participants".into(),
        initiative: p.id,
        commitment: Some(c.id),
        name: Localized::both("Study-session participants", "学習会参加者"),
        unit: "participants".into(),
        aggregation: Aggregation::Latest,
        counts: None,
        baseline: Some(obs(120.0, d(2018, 5, 1), Qualifier::Exact)),
        targets: vec![Target { value: 10_000.0, deadline: d(2021, 3, 31), label: None }],
        observations: vec![Observation {
            breakdown: vec![
                Share { dimension: "sex".into(), category: "female".into(), value: 1_300.0 },
                Share { dimension: "sex".into(), category: "male".into(), value: 1_100.0 },
            ],
            ..obs(2_400.0, d(2019, 7, 11), Qualifier::AtLeast)
        }],
        dimensions: vec![Dimension {
            key: "sex".into(),
            name: Localized::both("Sex", "性別"),
            categories: vec![
                Category { key: "female".into(), name: Localized::both("Female", "女性") },
                Category { key: "male".into(), name: Localized::both("Male", "男性") },
            ],
        }],
    };
    ops::create(&mut *tx, &actor, ind).await.unwrap();
    tx.commit().await.unwrap();
}

#[tokio::test]
async fn the_reference_report_exports_as_valid_iati_with_its_figures() {
    let (_dir, store) = with_reference_report().await;
    let xml = export(&store, "basic-plan-csec").await;
    validate(&xml).unwrap_or_else(|e| panic!("not valid IATI 2.03:\n{e}"));
    assert_eq!(xml.matches("<iati-activity ").count(), 88, "one activity per measure");
    assert!(
        xml.contains("<iati-identifier>JP-TEST-1-basic-plan-csec-1-(ii)</iati-identifier>"),
        "keys lose their slash"
    );
    // The National Police Agency is accountable for measures it is responsible for, as a government body.
    assert!(xml.contains(r#"<participating-org role="2" type="10">"#));
    // "2,602 public relations and awareness-raising campaigns" in FY2018.
    let at = xml.find(r#"<actual value="2602">"#).expect("the 2,602 campaigns are a reported figure");
    let period = &xml[xml[..at].rfind("<period>").unwrap()..at + xml[at..].find("</period>").unwrap()];
    assert!(period.contains(r#"<period-start iso-date="2018-04-01"/>"#), "in FY2018: {period}");
    assert!(period.contains(r#"<period-end iso-date="2019-03-31"/>"#), "in FY2018: {period}");
    assert!(period.contains("<narrative>2,602</narrative>"), "the number as written: {period}");
}

#[tokio::test]
async fn indicators_export_baseline_target_and_actual_per_period() {
    let (_dir, store) = empty_store().await;
    add_project(&store).await;
    let xml = export(&store, "cfa").await;
    validate(&xml).unwrap_or_else(|e| panic!("not valid IATI 2.03:\n{e}\n{xml}"));
    assert_eq!(xml.matches("<iati-activity ").count(), 1, "the draft stays out:\n{xml}");
    assert!(!xml.contains("Not public"));
    for expected in [
        r#"<iati-activities version="2.03" generated-datetime="2026-11-23T09:00:00Z">"#,
        r#"<reporting-org ref="JP-TEST-1" type="90">"#,
        "<narrative>Co-op Union &amp; Friends</narrative>",
        r#"<narrative xml:lang="ja">学習会</narrative>"#,
        r#"<activity-status code="2"/>"#,
        r#"<activity-date type="1" iso-date="2018-04-01"/>"#,
        r#"<activity-date type="3" iso-date="2021-03-31"/>"#,
        r#"<sector vocabulary="8" code="1.2"/>"#,
        r#"<tag vocabulary="99" code="child poverty">"#,
        r#"<baseline year="2018" iso-date="2018-05-01" value="120"/>"#,
        r#"<period-start iso-date="2019-04-01"/>"#,
        r#"<actual value="2400">"#,
        "<narrative>at least 2400</narrative>",
        r#"<period-start iso-date="2020-04-01"/>"#,
        r#"<target value="10000"/>"#,
        // The 2,400 by sex, each an actual of its own.
        "<actual value=\"1300\">\n          <dimension name=\"Sex\" value=\"Female\"/>",
        "<actual value=\"1100\">\n          <dimension name=\"Sex\" value=\"Male\"/>",
    ] {
        assert!(xml.contains(expected), "missing {expected}:\n{xml}");
    }
    // No period for FY2018: neither a target nor an observation falls in it.
    assert!(!xml.contains(r#"<period-start iso-date="2018-04-01"/>"#));
}

#[tokio::test]
async fn the_validator_refuses_an_activity_without_its_reporting_org() {
    let (_dir, store) = empty_store().await;
    add_project(&store).await;
    let xml = export(&store, "cfa").await;
    let start = xml.find("<reporting-org").unwrap();
    let end = xml.find("</reporting-org>").unwrap() + "</reporting-org>".len();
    let broken = format!("{}{}", &xml[..start], &xml[end..]);
    let complaint = validate(&broken).expect_err("an activity needs a reporting-org");
    assert!(complaint.contains("reporting-org"), "{complaint}");
}
