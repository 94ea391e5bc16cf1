//! Figures added up across the reference report.

use pledgebook_core::Period;

use crate::support::{load, with_reference_report};

#[tokio::test]
async fn totals_by_unit_and_by_kind_of_organisation() {
    let (_dir, store) = with_reference_report().await;
    let data = load(&store, "basic-plan-csec").await;
    let a = pledgebook_publish::aggregate::aggregate(&data, Some(Period::FiscalYear(2018)));
    let persons = a.by_unit.iter().find(|t| t.unit == "persons").unwrap();
    // Persons counted in FY2018 results, read off the report.
    let read: [f64; 15] =
        [190., 12_252., 230., 220., 500., 430_000., 230., 17_000., 600., 2_315., 2_010., 4_544., 286., 220., 125.];
    assert_eq!((persons.total, persons.figures), (read.iter().sum::<f64>(), 15));
    assert_eq!(persons.total, 470_722.0);
    let yen = a.by_unit.iter().find(|t| t.unit == "yen").unwrap();
    assert_eq!(yen.total, 149_300.0 + 191_800.0);
    assert_eq!(a.by_org_kind["government_body"]["persons"], 470_722.0, "every reporter of the plan is a ministry");
    assert_eq!(a.commitments_by_org_kind["government_body"], 88);
    assert!(a.by_unit_csv().starts_with("unit,total,figures\n"));
    // Another period has nothing yet.
    assert!(pledgebook_publish::aggregate::aggregate(&data, Some(Period::FiscalYear(2019))).by_unit.is_empty());
}
