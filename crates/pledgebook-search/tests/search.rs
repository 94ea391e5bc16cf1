//! Search over the reference report and Japanese content, in a real index
//! fed from a real store.

use std::sync::Arc;

use pledgebook_core::store::Store;
use pledgebook_core::{
    Actor, Commitment, CommitmentKind, Initiative, InitiativeKind, Localized, OrgKind, Organisation, Period, Status,
    ops,
};
use pledgebook_search::{SearchIndex, SearchQuery};
use pledgebook_store_sqlite::SqliteStore;

const REPORT: &str = include_str!("../../../data/documents/basic-plan-csec-fy2018-implementation.txt");

async fn store() -> (tempfile::TempDir, Arc<dyn Store>) {
    let dir = tempfile::tempdir().unwrap();
    let store: Arc<dyn Store> = Arc::new(SqliteStore::open(dir.path().join("t.db").to_str().unwrap()).await.unwrap());
    let report = pledgebook_import::parse_report("basic-plan-csec-fy2018-implementation.txt", REPORT);
    let target = pledgebook_import::report::Target {
        initiative: "basic-plan-csec",
        period: Period::FiscalYear(2018),
        title: Some("Basic Plan"),
        accept_departures: false,
    };
    let mut tx = store.write().await.unwrap();
    let system = Actor::system("test");
    pledgebook_import::report::apply(&mut *tx, &system, &report, &target, &mut |_, _| {}).await.unwrap();
    let jccu = ops::create(
        &mut *tx,
        &system,
        Organisation {
            name: Localized::both("Japanese Consumers' Co-operative Union", "日本生活協同組合連合会"),
            ..Organisation::new("Japanese Consumers' Co-operative Union", OrgKind::Cooperative)
        },
    )
    .await
    .unwrap();
    let project = ops::create(
        &mut *tx,
        &system,
        Initiative::new(
            "cfa",
            InitiativeKind::Project,
            Localized::both("Children's Future Action", "子どもの未来アクション"),
        ),
    )
    .await
    .unwrap();
    for (slug, en, ja, status) in [
        ("cfa/study", "Study sessions on child poverty", "子どもの貧困についての学習会", Status::InProgress),
        (
            "cfa/brochure",
            "A brochure with Saitama Prefecture",
            "埼玉県と作る子供の被害防止パンフレット",
            Status::Approved,
        ),
        ("cfa/draft", "A draft nobody approved", "承認されていない子供の下書き", Status::Submitted),
    ] {
        let mut c = Commitment::new(slug, project.id, CommitmentKind::Project, Localized::both(en, ja));
        c.lead = vec![jccu.id];
        c.status = status;
        ops::create(&mut *tx, &system, c).await.unwrap();
    }
    tx.commit().await.unwrap();
    (dir, store)
}

fn q(text: &str) -> SearchQuery {
    SearchQuery { text: text.into(), ..SearchQuery::default() }
}

fn titles(index: &SearchIndex, query: &SearchQuery) -> Vec<String> {
    index.search(query).unwrap().hits.into_iter().map(|h| h.title).collect()
}

#[tokio::test]
async fn english_queries_find_the_right_commitments() {
    let (_dir, store) = store().await;
    let index = SearchIndex::in_memory().unwrap();
    let mut seen = 0;
    let indexed = index.rebuild(&*store, &mut |done, _| seen = done).await.unwrap();
    // 10 organisations, 91 commitments, 177 results: every record of an indexed kind is looked at.
    assert_eq!((indexed, seen), (278, 278));
    let first = index.search(&q("WePROTECT Global Alliance")).unwrap();
    assert_eq!(
        first.hits[0].title,
        "Participation in “WePROTECT Global Alliance to End Child Sexual Exploitation Online”"
    );
    assert!(first.hits[0].url.starts_with("/commitments/"));
    // A result's words find the measure it was reported under, with the words highlighted.
    let r = index
        .search(&SearchQuery {
            filters: vec![("kind".into(), "progress_entry".into())],
            ..q("Internet Safety Classes")
        })
        .unwrap();
    assert!(r.total >= 2, "{}", r.total);
    assert!(r.hits.iter().any(|h| h.title.starts_with("Promotion of public relations and public awareness-raising")));
    assert!(
        r.hits[0].snippet.iter().any(|s| s.highlighted && s.text.eq_ignore_ascii_case("safety")),
        "{:?}",
        r.hits[0].snippet
    );
    // Facets count what matched.
    let all = index.search(&q("trafficking")).unwrap();
    let kinds: Vec<&str> = all.facets["kind"].iter().map(|(k, _)| k.as_str()).collect();
    assert!(kinds.contains(&"commitment") && kinds.contains(&"progress_entry"), "{kinds:?}");
    assert!(all.facets["organisation"].iter().any(|(o, _)| o == "national-police-agency"));
    let narrowed = index
        .search(&SearchQuery {
            filters: vec![("organisation".into(), "ministry-of-foreign-affairs".into())],
            ..q("trafficking")
        })
        .unwrap();
    assert!(narrowed.total < all.total && narrowed.total > 0);
    // Nonsense and query syntax are not errors.
    assert_eq!(index.search(&q("zzqxv")).unwrap().total, 0);
    assert!(index.search(&q("title:(( AND \"")).is_ok());
}

#[tokio::test]
async fn japanese_queries_find_japanese_content() {
    let (_dir, store) = store().await;
    let index = SearchIndex::in_memory().unwrap();
    index.rebuild(&*store, &mut |_, _| {}).await.unwrap();
    assert!(titles(&index, &q("学習会"))[0].contains("子どもの貧困についての学習会"));
    let two_chars = titles(&index, &q("被害"));
    assert_eq!(two_chars.len(), 1, "{two_chars:?}");
    assert!(two_chars[0].contains("被害防止パンフレット"));
    assert!(titles(&index, &q("生活協同組合"))[0].contains("日本生活協同組合連合会"));
    // 子供 is in the approved brochure and the unapproved draft: only the first is public.
    let kodomo = titles(&index, &q("子供"));
    assert_eq!(kodomo.len(), 1, "{kodomo:?}");
    // A phrase of bigrams must be contiguous: 子供貧困 appears nowhere.
    assert!(titles(&index, &q("子供貧困")).is_empty());
}

#[tokio::test]
async fn two_instances_follow_the_change_log_and_converge() {
    let (_dir, store) = store().await;
    let a = SearchIndex::in_memory().unwrap();
    let b_dir = tempfile::tempdir().unwrap();
    let b = SearchIndex::open(b_dir.path()).unwrap();
    assert_eq!(a.catch_up(&*store).await.unwrap(), 280, "every record changed so far, initiatives included");
    b.catch_up(&*store).await.unwrap();
    assert_eq!(a.applied(), b.applied());
    assert_eq!(a.catch_up(&*store).await.unwrap(), 0, "nothing new");

    // Another instance writes; both indexes see it after catching up.
    let mut tx = store.write().await.unwrap();
    let c = ops::find::<Commitment>(&mut *tx, "cfa/study").await.unwrap().unwrap();
    let renamed = Commitment {
        title: Localized::both("Ambassador training at five locations", "五か所でのアンバサダー研修"),
        ..c.value.clone()
    };
    ops::update(&mut *tx, &Actor::system("other instance"), c.id, c.version, renamed).await.unwrap();
    tx.commit().await.unwrap();
    assert_eq!(titles(&a, &q("ambassador")).len(), 0, "not before catching up");
    assert_eq!(a.catch_up(&*store).await.unwrap(), 1);
    assert_eq!(b.catch_up(&*store).await.unwrap(), 1);
    for index in [&a, &b] {
        assert_eq!(titles(index, &q("ambassador training")).len(), 1);
        assert_eq!(titles(index, &q("学習会")).len(), 0, "the old title is gone");
        assert_eq!(titles(index, &q("研修")).len(), 1);
    }
    // A restarted instance resumes from the change it had applied.
    let applied = b.applied();
    drop(b);
    let reopened = SearchIndex::open(b_dir.path()).unwrap();
    assert_eq!(reopened.applied(), applied);
    assert_eq!(reopened.catch_up(&*store).await.unwrap(), 0);
    assert_eq!(titles(&reopened, &q("研修")).len(), 1);
}

#[tokio::test]
async fn an_organisation_named_on_the_public_form_is_found_only_once_reviewed() {
    let (_dir, store) = store().await;
    let mut tx = store.write().await.unwrap();
    let public = Actor::public("form", None);
    let (id, _) = ops::organisation_named(&mut *tx, &public, "Zebrafish Alliance", OrgKind::Ngo).await.unwrap();
    tx.commit().await.unwrap();
    let index = SearchIndex::in_memory().unwrap();
    index.catch_up(&*store).await.unwrap();
    assert!(titles(&index, &q("Zebrafish")).is_empty(), "pending review");
    let mut tx = store.write().await.unwrap();
    let o = ops::get::<Organisation>(&mut *tx, id).await.unwrap();
    let reviewed = Organisation { pending: false, ..o.value.clone() };
    ops::update(&mut *tx, &Actor::system("t"), id, o.version, reviewed).await.unwrap();
    tx.commit().await.unwrap();
    index.catch_up(&*store).await.unwrap();
    assert_eq!(titles(&index, &q("Zebrafish")).len(), 1);
}
