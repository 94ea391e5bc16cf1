//! The shared store suite on a fresh SQLite file per story.

use std::sync::Arc;

use pledgebook_store_sqlite::SqliteStore;
use pledgebook_store_tests::Fixture;

async fn fixture() -> Fixture {
    let dir = tempfile::tempdir().unwrap();
    let store = SqliteStore::open(dir.path().join("test.db").to_str().unwrap()).await.unwrap();
    let mut f = Fixture::new(Arc::new(store));
    f.cleanup = Some(Box::pin(async move { drop(dir) }));
    f
}

pledgebook_store_tests::suite!(fixture);

#[tokio::test]
async fn backup_copies_everything_while_open() {
    use pledgebook_core::{Actor, OrgKind, Organisation, ops, store::Store};
    let dir = tempfile::tempdir().unwrap();
    let store = SqliteStore::open(dir.path().join("live.db").to_str().unwrap()).await.unwrap();
    let mut tx = store.write().await.unwrap();
    let o = ops::create(&mut *tx, &Actor::system("t"), Organisation::new("ASSC", OrgKind::BusinessAssociation))
        .await
        .unwrap();
    tx.commit().await.unwrap();
    let copy = dir.path().join("copy.db");
    store.backup(&copy).await.unwrap();
    assert!(store.backup(&copy).await.is_err(), "an existing file is never overwritten");
    let restored = SqliteStore::open(copy.to_str().unwrap()).await.unwrap();
    let mut r = restored.read().await.unwrap();
    assert_eq!(ops::get(&mut *r, o.id).await.unwrap().value, o.value);
    assert_eq!(ops::history(&mut *r, o.id.get()).await.unwrap().len(), 1);
}
