//! XLSX workbooks and observation sheets, through a real SQLite store.

use chrono::NaiveDate;
use pledgebook_core::store::Store;
use pledgebook_core::{
    Actor, Aggregation, Commitment, Indicator, Initiative, InitiativeKind, Localized, Qualifier, ops,
};
use pledgebook_import::sheet::{self, Mapping};
use pledgebook_store_sqlite::SqliteStore;

async fn store_with_project() -> (tempfile::TempDir, SqliteStore) {
    let dir = tempfile::tempdir().unwrap();
    let store = SqliteStore::open(dir.path().join("t.db").to_str().unwrap()).await.unwrap();
    let mut tx = store.write().await.unwrap();
    let actor = Actor::system("test");
    let p = ops::create(
        &mut *tx,
        &actor,
        Initiative::new("cfa", InitiativeKind::Project, Localized::en("Children's Future Action")),
    )
    .await
    .unwrap();
    let ind = Indicator {
        key: "cfa/ambassadors".into(),
        initiative: p.id,
        commitment: None,
        name: Localized::en("Registered ambassadors"),
        unit: "ambassadors".into(),
        aggregation: Aggregation::Latest,
        counts: None,
        baseline: None,
        targets: vec![],
        observations: vec![],
        dimensions: Vec::new(),
    };
    ops::create(&mut *tx, &actor, ind).await.unwrap();
    tx.commit().await.unwrap();
    (dir, store)
}

fn workbook(rows: &[[&str; 4]]) -> Vec<u8> {
    let mut book = rust_xlsxwriter::Workbook::new();
    let sheet = book.add_worksheet();
    for (r, row) in rows.iter().enumerate() {
        for (c, cell) in row.iter().enumerate() {
            let (r, c) = (r as u32, c as u16);
            match cell.parse::<f64>() {
                Ok(n) if r > 0 => sheet.write_number(r, c, n).map(|_| ()),
                _ => sheet.write_string(r, c, *cell).map(|_| ()),
            }
            .unwrap();
        }
    }
    book.save_to_buffer().unwrap()
}

#[tokio::test]
async fn observations_from_a_workbook_are_added_once() {
    let (_dir, store) = store_with_project().await;
    let bytes = workbook(&[
        ["indicator", "value", "date", "qualifier"],
        ["cfa/ambassadors", "365", "2019-07-11", "exact"],
        ["cfa/ambassadors", "2,400", "2019/07/12", "more than"],
    ]);
    let table = sheet::read_xlsx(&bytes).unwrap();
    assert_eq!(
        table.rows[0],
        (2, vec!["cfa/ambassadors".to_owned(), "365".into(), "2019-07-11".into(), "exact".into()])
    );
    assert_eq!(sheet::guess_kind(&table), Some(sheet::SheetKind::Observations));
    let mapping = Mapping::from_headers(&table.headers);
    for expected_created in [2, 0] {
        let mut tx = store.write().await.unwrap();
        let outcome =
            sheet::observations::apply(&mut *tx, &Actor::system("t"), &table, &mapping, "cfa", false, &mut |_, _| {})
                .await
                .unwrap();
        tx.commit().await.unwrap();
        assert_eq!(outcome.created, expected_created);
    }
    let mut r = store.read().await.unwrap();
    let ind = ops::find::<Indicator>(&mut *r, "cfa/ambassadors").await.unwrap().unwrap();
    assert_eq!(ind.observations.len(), 2);
    assert_eq!(ind.observations[1].qualifier, Qualifier::AtLeast);
    assert_eq!(ind.observations[1].date, NaiveDate::from_ymd_opt(2019, 7, 12).unwrap());
    assert_eq!(ind.version, 3, "one version per observation added, none by the second import");
}

#[tokio::test]
async fn bad_observation_rows_are_reported_by_row_and_column() {
    let (_dir, store) = store_with_project().await;
    let table = sheet::read_csv(
        "indicator,value,date\ncfa/ambassadors,365,2019-07-11\ncfa/ambassadors,many,2019-07-12\ncfa/nothing,5,July\n",
    )
    .unwrap();
    let mapping = Mapping::from_headers(&table.headers);
    let mut tx = store.write().await.unwrap();
    let err = sheet::observations::apply(&mut *tx, &Actor::system("t"), &table, &mapping, "cfa", false, &mut |_, _| {})
        .await
        .unwrap_err();
    drop(tx);
    let sheet::SheetError::Invalid(errors) = err else { panic!() };
    let found: Vec<(u32, &str)> = errors.iter().map(|e| (e.row, e.column.as_str())).collect();
    assert_eq!(found, [(3, "value"), (4, "date"), (4, "indicator")]);
    let mut r = store.read().await.unwrap();
    assert!(ops::find::<Indicator>(&mut *r, "cfa/ambassadors").await.unwrap().unwrap().observations.is_empty());
}

#[tokio::test]
async fn commitments_from_a_workbook_with_japanese_headers() {
    let (_dir, store) = store_with_project().await;
    let bytes = workbook(&[
        ["団体名", "タイトル", "タイトル(日本語)", "期待される効果"],
        ["JCCU", "Study sessions", "学習会", "10,000 participants"],
    ]);
    let table = sheet::read_xlsx(&bytes).unwrap();
    let mapping = Mapping::from_headers(&table.headers);
    let mut tx = store.write().await.unwrap();
    let outcome =
        sheet::commitments::apply(&mut *tx, &Actor::system("t"), &table, &mapping, "cfa", false, &mut |_, _| {})
            .await
            .unwrap();
    tx.commit().await.unwrap();
    assert_eq!(outcome.created, 1);
    let mut r = store.read().await.unwrap();
    let c = ops::find::<Commitment>(&mut *r, "cfa/jccu/study-sessions").await.unwrap().unwrap();
    assert_eq!(c.title.ja.as_deref(), Some("学習会"));
    assert_eq!(c.impact.en.as_deref(), Some("10,000 participants"));
}

#[test]
fn a_sheet_without_the_needed_columns_says_which() {
    let table = sheet::read_csv("name of org,what\nA,B\n").unwrap();
    assert_eq!(sheet::guess_kind(&table), None);
    let m = Mapping::from_headers(&table.headers);
    let err = m.require(sheet::Field::Title).unwrap_err().to_string();
    assert!(err.contains("title") && err.contains("--mapping"), "{err}");
}
