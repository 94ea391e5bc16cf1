//! Observation and report sheets: observations go out in the importer's
//! columns and come back unchanged, from CSV and from XLSX; the reports
//! sheet holds every published result of the reference report.

use pledgebook_core::store::Store;
use pledgebook_core::{Actor, Indicator, Initiative, InitiativeKind, Localized, OrgKind, Organisation, ops};
use pledgebook_import::sheet::{Mapping, Outcome, Table, observations, read_csv, read_xlsx};
use pledgebook_publish::export::Entity;
use pledgebook_publish::stream::Format;

use crate::support::{empty_store, stream, with_reference_report, xlsx};

const OBSERVATIONS: &str = "indicator,value,date,qualifier,source,reported_by,breakdown\n\
    cfa/ambassadors,200,2018-11-01,exact,brochure,jccu,\n\
    cfa/ambassadors,365,2019-07-11,at least,jccu-childrens-future-action.txt,,sex/female=200; sex/male=165\n";

/// A project with one indicator and no observations yet.
async fn project(store: &dyn Store) {
    let actor = Actor::system("t");
    let mut tx = store.write().await.unwrap();
    let mut jccu = Organisation::new("Japanese Consumers' Co-operative Union", OrgKind::Cooperative);
    jccu.slug = "jccu".into();
    ops::create(&mut *tx, &actor, jccu).await.unwrap();
    let p = ops::create(&mut *tx, &actor, Initiative::new("cfa", InitiativeKind::Project, Localized::en("CFA")))
        .await
        .unwrap();
    let ind = Indicator {
        key: "cfa/ambassadors".into(),
        initiative: p.id,
        commitment: None,
        name: Localized::en("Registered ambassadors"),
        unit: "ambassadors".into(),
        aggregation: Default::default(),
        counts: None,
        baseline: None,
        targets: vec![],
        observations: vec![],
        dimensions: vec![pledgebook_core::Dimension {
            key: "sex".into(),
            name: Localized::en("Sex"),
            categories: ["female", "male"]
                .map(|k| pledgebook_core::Category { key: k.into(), name: Localized::en(k) })
                .to_vec(),
        }],
    };
    ops::create(&mut *tx, &actor, ind).await.unwrap();
    tx.commit().await.unwrap();
}

async fn import(store: &dyn Store, table: &Table) -> Outcome {
    let mapping = Mapping::from_headers(&table.headers);
    let mut tx = store.write().await.unwrap();
    let outcome = observations::apply(&mut *tx, &Actor::system("t"), table, &mapping, "cfa", false, &mut |_, _| {})
        .await
        .unwrap();
    tx.commit().await.unwrap();
    outcome
}

#[tokio::test]
async fn observations_export_in_the_importers_columns_and_reimport_as_is() {
    let (_a, a) = empty_store().await;
    project(&a).await;
    assert_eq!(import(&a, &read_csv(OBSERVATIONS).unwrap()).await.created, 2);
    let exported = stream(&a, "cfa", Format::Csv(Entity::Observations), 1).await;
    assert_eq!(exported, OBSERVATIONS, "the same rows, qualifiers, reporters and breakdowns as imported");

    // Into the same database: nothing changes.
    let again = import(&a, &read_csv(&exported).unwrap()).await;
    assert_eq!((again.created, again.updated, again.unchanged), (0, 0, 2));

    // Through XLSX into another database: the same observations.
    let xlsx = xlsx(&a, "cfa", Entity::Observations).await;
    let (_b, b) = empty_store().await;
    project(&b).await;
    assert_eq!(import(&b, &read_xlsx(&xlsx).unwrap()).await.created, 2);
    assert_eq!(stream(&b, "cfa", Format::Csv(Entity::Observations), 500).await, exported);
}

#[tokio::test]
async fn a_breakdown_that_does_not_add_up_is_refused_at_its_row_and_column() {
    let (_a, a) = empty_store().await;
    project(&a).await;
    let sheet = "indicator,value,date,breakdown\ncfa/ambassadors,365,2019-07-11,sex/female=200; sex/male=100\n";
    let mapping = Mapping::from_headers(&read_csv(sheet).unwrap().headers);
    let mut tx = a.write().await.unwrap();
    let table = read_csv(sheet).unwrap();
    let e = observations::apply(&mut *tx, &Actor::system("t"), &table, &mapping, "cfa", false, &mut |_, _| {})
        .await
        .unwrap_err()
        .to_string();
    assert!(e.contains("row 2") && e.contains("breakdown") && e.contains("300"), "{e}");
}

#[tokio::test]
async fn the_reports_sheet_holds_every_result_with_its_figures_and_source() {
    let (_dir, store) = with_reference_report().await;
    let csv = stream(&store, "basic-plan-csec", Format::Csv(Entity::Reports), 7).await;
    assert_eq!(
        csv,
        stream(&store, "basic-plan-csec", Format::Csv(Entity::Reports), 500).await,
        "pages do not change it"
    );
    assert!(csv.starts_with("key,commitment,measure,period,reported_by,agencies,narrative"));
    let reports = read_csv(&csv).unwrap();
    assert_eq!(reports.rows.len(), 177, "every result of FY2018");
    let col = |name: &str| reports.headers.iter().position(|h| *h == name).unwrap();
    let rows: Vec<&Vec<String>> = reports.rows.iter().map(|(_, r)| r).collect();
    let campaigns = rows.iter().find(|r| r[col("figures")].contains("2,602 ")).expect("the 2,602 campaigns");
    assert_eq!(campaigns[col("measure")], "1-(ii)");
    assert_eq!(campaigns[col("period")], "FY2018");
    assert_eq!(campaigns[col("agencies")], "NPA");
    assert!(campaigns[col("source")].starts_with("basic-plan-csec-fy2018-implementation.txt:"));
    let repeats = rows.iter().filter(|r| !r[col("repeat_of")].is_empty()).count();
    assert_eq!(repeats, 20, "the report's twenty cross references");
}
