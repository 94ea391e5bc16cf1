//! A store holding the reference implementation-status report, imported
//! the way `pledgebook import report` does.

use pledgebook_core::store::Store;
use pledgebook_core::{Actor, Period};
use pledgebook_publish::export::Entity;
use pledgebook_publish::stream::{Export, Format};
use pledgebook_store_sqlite::SqliteStore;

pub const REFERENCE: &str = include_str!("../../../../data/documents/basic-plan-csec-fy2018-implementation.txt");

pub async fn empty_store() -> (tempfile::TempDir, SqliteStore) {
    let dir = tempfile::tempdir().unwrap();
    let store = SqliteStore::open(dir.path().join("t.db").to_str().unwrap()).await.unwrap();
    (dir, store)
}

/// The reference report as FY2018 of `basic-plan-csec`.
pub async fn with_reference_report() -> (tempfile::TempDir, SqliteStore) {
    let (dir, store) = empty_store().await;
    let report = pledgebook_import::parse_report("basic-plan-csec-fy2018-implementation.txt", REFERENCE);
    let target = pledgebook_import::report::Target {
        initiative: "basic-plan-csec",
        period: Period::FiscalYear(2018),
        title: Some("Basic Plan"),
        accept_departures: false,
    };
    let mut tx = store.write().await.unwrap();
    pledgebook_import::report::apply(&mut *tx, &Actor::system("t"), &report, &target, &mut |_, _| {}).await.unwrap();
    tx.commit().await.unwrap();
    (dir, store)
}

/// Everything public about one initiative.
pub async fn load(store: &dyn Store, key: &str) -> pledgebook_publish::InitiativeData {
    let mut r = store.read().await.unwrap();
    pledgebook_publish::load(&mut *r, key).await.unwrap()
}

/// An export as the server sends it, read `page` records at a time (small
/// pages cross page boundaries on the small fixtures).
pub async fn stream(store: &dyn Store, key: &str, format: Format, page: u32) -> String {
    let mut r = store.read().await.unwrap();
    let export = Export::open(&mut *r, key, format).await.unwrap().page_size(page);
    let mut out = Vec::new();
    export.write_to(&mut *r, &mut out, &mut |_| {}).await.unwrap();
    String::from_utf8(out).unwrap()
}

/// One entity as an XLSX workbook.
pub async fn xlsx(store: &dyn Store, key: &str, entity: Entity) -> Vec<u8> {
    let mut r = store.read().await.unwrap();
    let mut out = Vec::new();
    pledgebook_publish::stream::xlsx(&mut *r, key, entity, &mut out, u64::MAX).await.unwrap();
    out
}
