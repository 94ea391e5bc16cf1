//! The change log never skips a revision on PostgreSQL. `seq` comes from an
//! identity column, and under READ COMMITTED a transaction that took seq 11
//! could commit after one that took seq 12: a follower that had applied 12
//! would never see 11. Here a second writer starts after the first took its
//! seq and tries to commit first, while a follower polls `seq > last`.

use std::sync::Arc;
use std::time::Duration;

use pledgebook_core::store::Store;
use pledgebook_core::{Actor, OrgKind, Organisation, Role, User, ops};
use pledgebook_store_postgres::PostgresStore;
use pledgebook_store_postgres::testing::{create_database, drop_database};

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn a_follower_sees_every_revision_when_writers_race() {
    let db = format!("pledgebook_changelog_{}", std::process::id());
    let store: Arc<dyn Store> = Arc::new(PostgresStore::open(&create_database(&db).await).await.unwrap());
    let admin = Actor::system("race");

    // The follower: applies `seq > last` every few milliseconds, as the search index does.
    let follower = {
        let store = store.clone();
        tokio::spawn(async move {
            let (mut last, mut seen) = (0, Vec::new());
            for _ in 0..400 {
                let mut r = store.read().await.unwrap();
                for c in r.changes_since(last, 100).await.unwrap() {
                    last = c.seq;
                    seen.push(c.seq);
                }
                drop(r);
                if seen.len() >= 2 {
                    break;
                }
                tokio::time::sleep(Duration::from_millis(5)).await;
            }
            seen
        })
    };

    let mut first = store.write().await.unwrap();
    ops::create(&mut *first, &admin, Organisation::new("First writer", OrgKind::Ngo)).await.unwrap();
    let first_seq = first.changes_since(0, 10).await.unwrap().last().unwrap().seq;
    // The second writer starts now and commits as soon as it can.
    let second = {
        let store = store.clone();
        let admin = admin.clone();
        tokio::spawn(async move {
            // A record of another kind, so that nothing but the change log
            // itself (no shared count or key) orders the two writers.
            let mut tx = store.write().await.unwrap();
            ops::create(&mut *tx, &admin, User::new("second@example.org", "Second writer", Role::Reviewer))
                .await
                .unwrap();
            tx.commit().await.unwrap();
        })
    };
    tokio::time::sleep(Duration::from_millis(300)).await;
    first.commit().await.unwrap();
    second.await.unwrap();

    let seen = follower.await.unwrap();
    let mut r = store.read().await.unwrap();
    let all: Vec<i64> = r.changes_since(0, 10).await.unwrap().iter().map(|c| c.seq).collect();
    drop(r);
    store.close().await;
    drop_database(&db).await;
    assert_eq!(all.len(), 2);
    assert_eq!(all[0], first_seq, "the first writer took the first seq");
    assert_eq!(seen, all, "the follower saw every revision, in seq order, none skipped");
}
