//! Imports through the store: idempotent, updating in place, all or nothing.

use std::sync::Arc;

use pledgebook_core::store::{Keyset, Store};
use pledgebook_core::{Actor, Commitment, Kind, Period, ProgressEntry, ops};
use pledgebook_import::report::{ApplyError, Summary, Target, apply};

const REPORT: &str = include_str!("../../../data/documents/basic-plan-csec-fy2018-implementation.txt");

fn target() -> Target<'static> {
    Target {
        initiative: "basic-plan-csec",
        period: Period::FiscalYear(2018),
        title: Some("Basic Plan on Measures against Child Sexual Exploitation"),
        accept_departures: false,
    }
}

async fn import(store: &dyn Store, text: &str) -> Result<Summary, ApplyError> {
    let report = pledgebook_import::parse_report("basic-plan-csec-fy2018-implementation.txt", text);
    let mut tx = store.write().await.unwrap();
    let summary = apply(&mut *tx, &Actor::system("import"), &report, &target(), &mut |_, _| {}).await?;
    tx.commit().await.unwrap();
    Ok(summary)
}

async fn counts(store: &dyn Store) -> Vec<i64> {
    let mut r = store.read().await.unwrap();
    let mut out = Vec::new();
    for k in Kind::ALL {
        out.push(r.count(k).await.unwrap());
    }
    out.push(r.changes_since(0, 1_000_000).await.unwrap().len() as i64);
    out
}

pub async fn importing_a_report_twice_changes_nothing(store: Arc<dyn Store>) {
    let first = import(&*store, REPORT).await.unwrap();
    assert_eq!(first.created.get("organisation"), Some(&9));
    assert_eq!(first.created.get("initiative"), Some(&1));
    assert_eq!(first.created.get("commitment"), Some(&88));
    assert_eq!(first.created.get("progress_entry"), Some(&177));
    assert!(first.warnings.is_empty(), "{:?}", first.warnings);
    let after_first = counts(&*store).await;

    let second = import(&*store, REPORT).await.unwrap();
    assert_eq!(second.changed(), 0, "{second:?}");
    assert_eq!(second.unchanged.get("progress_entry"), Some(&177));
    assert_eq!(counts(&*store).await, after_first, "no record and no revision was added");

    // What was written: a measure with its responsible bodies, a result with its agencies.
    let mut r = store.read().await.unwrap();
    let m = ops::find::<Commitment>(&mut *r, "basic-plan-csec/1-(xv)").await.unwrap().unwrap();
    assert_eq!(m.plan.len(), 2);
    assert_eq!(m.plan[0].responsible_as_written, ["National Police Agency"]);
    assert_eq!(m.plan[1].responsible_as_written, ["Ministry of Justice", "Ministry of Foreign Affairs"]);
    assert_eq!(m.lead.len(), 3, "the measure's organisations are those of all its plans");
    let e = ops::find::<ProgressEntry>(&mut *r, "basic-plan-csec/fy2018/1-(xi)/10").await.unwrap().unwrap();
    assert_eq!(e.agencies_as_written, ["METI"]);
    let repeated = ops::find::<Commitment>(&mut *r, "basic-plan-csec/1-(ii)").await.unwrap().unwrap();
    assert_eq!(e.repeat_of, Some(repeated.id), "Repeat mention 1 - (ii) links to measure 1-(ii)");
    assert_eq!(e.provenance.as_ref().unwrap().lines, (703, 703));
}

pub async fn a_corrected_report_updates_in_place(store: Arc<dyn Store>) {
    import(&*store, REPORT).await.unwrap();
    let corrected = REPORT.replacen("2,602 public relations", "2,603 public relations", 1);
    let summary = import(&*store, &corrected).await.unwrap();
    assert_eq!(summary.updated.get("progress_entry"), Some(&1), "{summary:?}");
    assert_eq!(summary.changed(), 1);
    let mut r = store.read().await.unwrap();
    let e = ops::find::<ProgressEntry>(&mut *r, "basic-plan-csec/fy2018/1-(ii)/5").await.unwrap().unwrap();
    assert_eq!(e.version, 2);
    assert_eq!(e.figures[0].value, 2603.0);
    let history = ops::history(&mut *r, e.id.get()).await.unwrap();
    assert!(history[0].doc.to_string().contains("2,602") && history[1].doc.to_string().contains("2,603"));
}

pub async fn a_failed_import_writes_nothing(store: Arc<dyn Store>) {
    // The second measure names no organisation, so the import fails after
    // the first measure and the organisations were written in its transaction.
    let bad = "1. Awareness\n(i) Conference\nA conference shall be convened. (National Police Agency)\n\u{F09F} It was held. (NPA)\n(ii) Other things\nThings shall be done. (other related bodies)\n\n* NPA (National Police Agency)\n";
    let err = import(&*store, bad).await.unwrap_err();
    assert!(matches!(err, ApplyError::NoResponsible { line: 5, .. }), "{err}");
    assert!(err.to_string().contains("line 5"));
    assert_eq!(counts(&*store).await, vec![0; Kind::ALL.len() + 1]);
}

async fn campaign_with_pillars(store: &dyn Store) {
    use pledgebook_core::{Facet, FacetValue, Initiative, InitiativeKind, Localized};
    let mut c = Initiative::new("iyecl-2021", InitiativeKind::PledgeCampaign, Localized::en("2021 Action Pledges"));
    c.facets.push(Facet {
        key: "pillar".into(),
        label: Localized::en("Pillar"),
        values: ["act", "inspire", "scale-up"]
            .iter()
            .map(|k| FacetValue { key: (*k).into(), label: Localized::en(k.replace('-', " ")) })
            .collect(),
    });
    let mut tx = store.write().await.unwrap();
    ops::create(&mut *tx, &Actor::system("test"), c).await.unwrap();
    tx.commit().await.unwrap();
}

const PLEDGES_CSV: &str = "organisation,title,pillar,description\n\
    ACE,Train 100 teachers,act,We will train teachers.\n\
    JCCU,Hold study sessions,dance,Sessions in every prefecture.\n\
    Terra Renaissance,Support former child soldiers,Scale up,Vocational training.\n";

async fn import_sheet(
    store: &dyn Store,
    csv: &str,
    skip_invalid: bool,
) -> Result<pledgebook_import::sheet::Outcome, pledgebook_import::sheet::SheetError> {
    use pledgebook_import::sheet::{Mapping, commitments, read_csv};
    let table = read_csv(csv).unwrap();
    let mapping = Mapping::from_headers(&table.headers);
    let mut tx = store.write().await.unwrap();
    let outcome = commitments::apply(
        &mut *tx,
        &Actor::system("import"),
        &table,
        &mapping,
        "iyecl-2021",
        skip_invalid,
        &mut |_, _| {},
    )
    .await?;
    tx.commit().await.unwrap();
    Ok(outcome)
}

pub async fn a_bad_row_in_the_middle_of_a_sheet_changes_nothing(store: Arc<dyn Store>) {
    campaign_with_pillars(&*store).await;
    let before = counts(&*store).await;
    let err = import_sheet(&*store, PLEDGES_CSV, false).await.unwrap_err();
    let pledgebook_import::sheet::SheetError::Invalid(errors) = &err else { panic!("{err}") };
    assert_eq!(errors.len(), 1, "{errors:?}");
    assert_eq!((errors[0].row, errors[0].column.as_str()), (3, "pillar"));
    assert!(errors[0].message.contains("act, inspire, scale-up"), "{}", errors[0].message);
    assert!(err.to_string().contains("--skip-invalid"));
    assert_eq!(counts(&*store).await, before, "not even the first row's organisation was written");
}

pub async fn skip_invalid_writes_the_valid_rows_only(store: Arc<dyn Store>) {
    campaign_with_pillars(&*store).await;
    let outcome = import_sheet(&*store, PLEDGES_CSV, true).await.unwrap();
    assert_eq!((outcome.created, outcome.skipped.len()), (2, 1));
    let mut r = store.read().await.unwrap();
    let all = pledgebook_core::store::Filter::of(pledgebook_core::Kind::Organisation);
    let orgs: Vec<String> = ops::query::<pledgebook_core::Organisation>(&mut *r, &all, Keyset::first(100))
        .await
        .unwrap()
        .iter()
        .map(|o| o.slug.clone())
        .collect();
    assert_eq!(orgs, ["ace", "terra-renaissance"], "the bad row's organisation was undone with it");
    let terra = ops::find::<Commitment>(&mut *r, "iyecl-2021/terra-renaissance/support-former-child-soldiers")
        .await
        .unwrap()
        .unwrap();
    assert_eq!(terra.facets["pillar"], ["scale-up"], "a value given by its label");
    assert_eq!(terra.status, pledgebook_core::Status::Submitted);
    drop(r);
    let fixed = PLEDGES_CSV.replace("dance", "inspire");
    let again = import_sheet(&*store, &fixed, false).await.unwrap();
    assert_eq!((again.created, again.unchanged, again.updated), (1, 2, 0), "importing again changes only what is new");
}
