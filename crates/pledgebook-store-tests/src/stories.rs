//! The stories of the shared suite. Each takes an empty store.

use std::sync::Arc;

use pledgebook_core::ops::{self, Saved};
use pledgebook_core::store::{Filter, Keyset, Store, StoreError};
use pledgebook_core::{
    Action, Actor, Commitment, CommitmentKind, Error, Id, Initiative, InitiativeKind, Kind, Localized, OrgKind,
    Organisation, Rel, Role, Status, User,
};

pub(crate) fn admin() -> Actor {
    Actor::system("store-suite")
}

async fn org(store: &dyn Store, name: &str) -> Id<Organisation> {
    let mut tx = store.write().await.unwrap();
    let o = ops::create(&mut *tx, &admin(), Organisation::new(name, OrgKind::Ngo)).await.unwrap();
    tx.commit().await.unwrap();
    o.id
}

async fn campaign(store: &dyn Store) -> Id<Initiative> {
    let mut tx = store.write().await.unwrap();
    let i = Initiative::new("iyecl-2021", InitiativeKind::PledgeCampaign, Localized::en("2021 Action Pledges"));
    let i = ops::create(&mut *tx, &admin(), i).await.unwrap();
    tx.commit().await.unwrap();
    i.id
}

async fn pledge(store: &dyn Store, slug: &str, initiative: Id<Initiative>, lead: Id<Organisation>) -> Id<Commitment> {
    let mut tx = store.write().await.unwrap();
    let mut c = Commitment::new(slug, initiative, CommitmentKind::Pledge, Localized::en("A pledge"));
    c.lead.push(lead);
    let c = ops::create(&mut *tx, &admin(), c).await.unwrap();
    tx.commit().await.unwrap();
    c.id
}

pub async fn create_and_read_back(store: Arc<dyn Store>) {
    let id = org(&*store, "Action against Child Exploitation").await;
    let mut r = store.read().await.unwrap();
    let got = ops::get(&mut *r, id).await.unwrap();
    assert_eq!(got.name.en.as_deref(), Some("Action against Child Exploitation"));
    assert_eq!(got.version, 1);
    let by_key = ops::find::<Organisation>(&mut *r, "action-against-child-exploitation").await.unwrap().unwrap();
    assert_eq!(by_key.id, id);
    assert_eq!(r.count(Kind::Organisation).await.unwrap(), 1);
    assert_eq!(r.count(Kind::Commitment).await.unwrap(), 0);
    let history = ops::history(&mut *r, id.get()).await.unwrap();
    assert_eq!(history.len(), 1);
    assert_eq!(history[0].action, Action::Create);
    assert_eq!(history[0].actor, "store-suite");
    // A record of another kind is not found through the wrong type.
    assert!(matches!(ops::get::<Initiative>(&mut *r, Id::new(id.get())).await, Err(Error::NotFound { .. })));
}

pub async fn duplicate_keys_are_refused(store: Arc<dyn Store>) {
    org(&*store, "ACE").await;
    let mut tx = store.write().await.unwrap();
    let err = ops::create(&mut *tx, &admin(), Organisation::new("ACE", OrgKind::Ngo)).await.unwrap_err();
    assert!(matches!(err, Error::Store(StoreError::DuplicateKey { kind: Kind::Organisation, .. })), "{err:?}");
}

pub async fn updates_are_versioned_and_restorable(store: Arc<dyn Store>) {
    let id = org(&*store, "JICA").await;
    let mut tx = store.write().await.unwrap();
    let v1 = ops::get(&mut *tx, id).await.unwrap();
    let mut changed = v1.value.clone();
    changed.abbreviations.push("JICA".into());
    let v2 = ops::update(&mut *tx, &admin(), id, v1.version, changed.clone()).await.unwrap();
    assert_eq!(v2.version, 2);
    // Someone holding version 1 cannot overwrite version 2.
    let stale = ops::update(&mut *tx, &admin(), id, 1, changed).await.unwrap_err();
    assert!(matches!(stale, Error::Store(StoreError::VersionConflict { expected: 1, .. })), "{stale:?}");
    let v3 = ops::restore(&mut *tx, &admin(), id, 1).await.unwrap();
    tx.commit().await.unwrap();
    assert_eq!(v3.version, 3);
    assert!(v3.abbreviations.is_empty());
    let mut r = store.read().await.unwrap();
    let history = ops::history(&mut *r, id.get()).await.unwrap();
    let actions: Vec<_> = history.iter().map(|h| (h.version, h.action)).collect();
    assert_eq!(actions, [(1, Action::Create), (2, Action::Update), (3, Action::Restore)]);
    assert_eq!(history[1].doc["abbreviations"][0], "JICA");
    assert_eq!(history[2].note.as_deref(), Some("restored version 1"));
}

/// A restore brings back content only: an approved pledge restored to its
/// first (draft) version stays approved and public.
pub async fn a_restore_keeps_the_decisions(store: Arc<dyn Store>) {
    let o = org(&*store, "Kids Rights").await;
    let ini = campaign(&*store).await;
    let c = pledge(&*store, "kr-pledge", ini, o).await;
    let mut tx = store.write().await.unwrap();
    let v1 = ops::get(&mut *tx, c).await.unwrap();
    let mut edited = v1.value.clone();
    edited.title = Localized::en("A better title");
    ops::update(&mut *tx, &admin(), c, v1.version, edited).await.unwrap();
    for to in [Status::Submitted, Status::Approved] {
        pledgebook_core::workflow::transition(&mut *tx, &admin(), c, to, None).await.unwrap();
    }
    let (current, after) = ops::restored(&mut *tx, c, 1).await.unwrap();
    assert_eq!((current.status, after.status), (Status::Approved, Status::Approved));
    assert_eq!(after.title, Localized::en("A pledge"));
    let restored = ops::restore(&mut *tx, &admin(), c, 1).await.unwrap();
    tx.commit().await.unwrap();
    assert_eq!((restored.status, restored.title.clone()), (Status::Approved, Localized::en("A pledge")));
    let mut r = store.read().await.unwrap();
    let public = Filter::of(Kind::Commitment).in_initiative(ini.get()).public();
    assert_eq!(r.count_matching(&public).await.unwrap(), 1, "still on the public site");
}

/// A merge moves every link from one organisation to the other and keeps
/// the merged one, with its history, out of every list.
pub async fn merging_organisations_moves_every_link(store: Arc<dyn Store>) {
    let typed = org(&*store, "Ministry of Health Labour and Welfare").await;
    let imported = org(&*store, "MHLW").await;
    let ini = campaign(&*store).await;
    let both = pledge(&*store, "both", ini, typed).await;
    let mut tx = store.write().await.unwrap();
    let mut c = ops::get(&mut *tx, both).await.unwrap();
    c.value.co_responsible.push(imported);
    ops::update(&mut *tx, &admin(), both, c.version, c.value.clone()).await.unwrap();
    let user = User { organisation: Some(typed), ..User::new("staff@mhlw.example", "Staff", Role::Editor) };
    let user = ops::create(&mut *tx, &admin(), user).await.unwrap().id;
    tx.commit().await.unwrap();

    let mut tx = store.write().await.unwrap();
    let editor = Actor { role: Role::Editor, organisation: Some(imported), ..admin() };
    assert!(matches!(
        pledgebook_core::merge::merge_organisations(&mut *tx, &editor, typed, imported).await,
        Err(Error::Forbidden(_))
    ));
    let done = pledgebook_core::merge::merge_organisations(&mut *tx, &admin(), typed, imported).await.unwrap();
    tx.commit().await.unwrap();
    assert_eq!(done.moved, 2, "the pledge and the account");

    let mut r = store.read().await.unwrap();
    let c = ops::get(&mut *r, both).await.unwrap();
    assert_eq!((c.lead.clone(), c.co_responsible.clone()), (vec![imported], vec![]), "named once");
    assert_eq!(ops::get(&mut *r, user).await.unwrap().organisation, Some(imported));
    let gone = ops::get(&mut *r, typed).await.unwrap();
    assert_eq!(gone.merged_into, Some(imported));
    let listed = Filter::of(Kind::Organisation).public();
    assert_eq!(r.count_matching(&listed).await.unwrap(), 1, "the merged one is not listed");
    let led = Filter::of(Kind::Commitment).linked_to(&[Rel::Lead, Rel::CoResponsible], typed.get());
    assert_eq!(r.count_matching(&led).await.unwrap(), 0, "nothing links to it");
    let actions: Vec<_> = ops::history(&mut *r, typed.get()).await.unwrap().iter().map(|h| h.action).collect();
    assert_eq!(actions, [Action::Create, Action::Update], "its history is kept");
    drop(r);
    let mut tx = store.write().await.unwrap();
    let (found, _) = ops::organisation_named(&mut *tx, &admin(), "Ministry of Health Labour and Welfare", OrgKind::Ngo)
        .await
        .unwrap();
    assert_eq!(found, imported, "its name finds the organisation it was merged into");
    let again = pledgebook_core::merge::merge_organisations(&mut *tx, &admin(), typed, imported).await;
    assert!(matches!(again, Err(Error::Invalid { .. })), "a merged organisation is not merged twice");
}

pub async fn links_answer_reverse_questions(store: Arc<dyn Store>) {
    let scln = org(&*store, "Stop Child Labour Network").await;
    let ace = org(&*store, "ACE").await;
    let ini = campaign(&*store).await;
    let a = pledge(&*store, "scln-pledge", ini, scln).await;
    let b = pledge(&*store, "ace-pledge", ini, ace).await;
    let mut r = store.read().await.unwrap();
    let ids = |found: Vec<pledgebook_core::Stored<Commitment>>| found.iter().map(|c| c.id).collect::<Vec<_>>();
    let page = Keyset::first(10);
    let led = Filter::of(Kind::Commitment).linked_to(&[Rel::Lead], scln.get());
    assert_eq!(ids(ops::query::<Commitment>(&mut *r, &led, page).await.unwrap()), [a]);
    let all = Filter::of(Kind::Commitment).in_initiative(ini.get());
    assert_eq!(ids(ops::query::<Commitment>(&mut *r, &all, page).await.unwrap()), [a, b]);
    let shared = Filter::of(Kind::Commitment).linked_to(&[Rel::CoResponsible], scln.get());
    assert!(ops::query::<Commitment>(&mut *r, &shared, page).await.unwrap().is_empty());
}

pub async fn missing_references_are_refused_and_nothing_is_written(store: Arc<dyn Store>) {
    let ini = campaign(&*store).await;
    let mut tx = store.write().await.unwrap();
    let mut c = Commitment::new("orphan", ini, CommitmentKind::Pledge, Localized::en("Orphan"));
    c.lead.push(Id::new(999_999));
    let err = ops::create(&mut *tx, &admin(), c).await.unwrap_err();
    let Error::Invalid { invalid, .. } = err else { panic!("{err:?}") };
    assert_eq!(invalid.errors[0].code, "missing-reference");
    assert_eq!(invalid.errors[0].field, "lead");
    // An id of the wrong kind is no better than a missing one.
    let mut c = Commitment::new("wrong-kind", ini, CommitmentKind::Pledge, Localized::en("Wrong"));
    c.lead.push(Id::new(ini.get()));
    assert!(matches!(ops::create(&mut *tx, &admin(), c).await, Err(Error::Invalid { .. })));
    tx.commit().await.unwrap();
    let mut r = store.read().await.unwrap();
    assert_eq!(r.count(Kind::Commitment).await.unwrap(), 0);
}

pub async fn a_dropped_transaction_writes_nothing(store: Arc<dyn Store>) {
    {
        let mut tx = store.write().await.unwrap();
        ops::create(&mut *tx, &admin(), Organisation::new("MOFA", OrgKind::GovernmentBody)).await.unwrap();
        ops::create(&mut *tx, &admin(), Organisation::new("MEXT", OrgKind::GovernmentBody)).await.unwrap();
    }
    let mut r = store.read().await.unwrap();
    assert_eq!(r.count(Kind::Organisation).await.unwrap(), 0);
    assert!(r.changes_since(0, 100).await.unwrap().is_empty());
}

pub async fn saving_the_same_value_twice_changes_nothing(store: Arc<dyn Store>) {
    let mut npa = Organisation::new("National Police Agency", OrgKind::GovernmentBody);
    npa.abbreviations.push("NPA".into());
    let mut tx = store.write().await.unwrap();
    let (first, how) = ops::save_by_key(&mut *tx, &admin(), Action::Import, npa.clone()).await.unwrap();
    assert_eq!(how, Saved::Created);
    let (again, how) = ops::save_by_key(&mut *tx, &admin(), Action::Import, npa.clone()).await.unwrap();
    assert_eq!((how, again.id, again.version), (Saved::Unchanged, first.id, 1));
    npa.country = Some("JP".into());
    let (fixed, how) = ops::save_by_key(&mut *tx, &admin(), Action::Import, npa).await.unwrap();
    assert_eq!((how, fixed.version), (Saved::Updated, 2));
    tx.commit().await.unwrap();
    let mut r = store.read().await.unwrap();
    assert_eq!(ops::history(&mut *r, first.id.get()).await.unwrap().len(), 2);
}

pub async fn transitions_follow_the_lifecycle_and_are_logged(store: Arc<dyn Store>) {
    let o = org(&*store, "JCCU").await;
    let ini = campaign(&*store).await;
    let c = pledge(&*store, "jccu-pledge", ini, o).await;
    let mut tx = store.write().await.unwrap();
    let bad = pledgebook_core::workflow::transition(&mut *tx, &admin(), c, Status::Approved, None).await.unwrap_err();
    assert!(matches!(bad, Error::Invalid { .. }), "draft cannot be approved: {bad:?}");
    pledgebook_core::workflow::transition(&mut *tx, &admin(), c, Status::Submitted, None).await.unwrap();
    let returned =
        pledgebook_core::workflow::transition(&mut *tx, &admin(), c, Status::Returned, Some("please add the dates"))
            .await
            .unwrap();
    assert_eq!(returned.status, Status::Returned);
    tx.commit().await.unwrap();
    let mut r = store.read().await.unwrap();
    let last = ops::history(&mut *r, c.get()).await.unwrap().pop().unwrap();
    assert_eq!((last.action, last.note.as_deref()), (Action::Transition, Some("please add the dates")));
    assert_eq!(last.doc["status"], "returned");
}

pub async fn editors_change_only_their_own_records(store: Arc<dyn Store>) {
    let mine = org(&*store, "Mine").await;
    let theirs = org(&*store, "Theirs").await;
    let ini = campaign(&*store).await;
    let their_pledge = pledge(&*store, "their-pledge", ini, theirs).await;
    let editor = Actor { user: None, label: "ed@mine.example".into(), role: Role::Editor, organisation: Some(mine) };
    let mut tx = store.write().await.unwrap();
    let mut c = Commitment::new("my-pledge", ini, CommitmentKind::Pledge, Localized::en("Mine"));
    c.lead.push(mine);
    let my_pledge = ops::create(&mut *tx, &editor, c).await.unwrap();
    pledgebook_core::workflow::transition(&mut *tx, &editor, my_pledge.id, Status::Submitted, None).await.unwrap();
    let refused = pledgebook_core::workflow::transition(&mut *tx, &editor, my_pledge.id, Status::Approved, None)
        .await
        .unwrap_err();
    assert!(matches!(refused, Error::Forbidden(_)), "editors do not approve: {refused:?}");
    let theirs_now = ops::get(&mut *tx, their_pledge).await.unwrap();
    let mut hijack = theirs_now.value.clone();
    hijack.lead = vec![mine];
    let refused = ops::update(&mut *tx, &editor, their_pledge, theirs_now.version, hijack).await.unwrap_err();
    assert!(matches!(refused, Error::Forbidden(_)), "{refused:?}");
    let refused = ops::create(&mut *tx, &editor, Organisation::new("New", OrgKind::Ngo)).await.unwrap_err();
    assert!(matches!(refused, Error::Forbidden(_)), "{refused:?}");
}

pub async fn the_change_log_orders_every_write(store: Arc<dyn Store>) {
    let a = org(&*store, "A").await;
    let b = org(&*store, "B").await;
    let mut tx = store.write().await.unwrap();
    let cur = ops::get(&mut *tx, a).await.unwrap();
    ops::update(&mut *tx, &admin(), a, cur.version, Organisation { country: Some("JP".into()), ..cur.value.clone() })
        .await
        .unwrap();
    tx.commit().await.unwrap();
    let mut r = store.read().await.unwrap();
    let changes = r.changes_since(0, 10).await.unwrap();
    let seen: Vec<_> = changes.iter().map(|c| (c.record_id, c.version)).collect();
    assert_eq!(seen, [(a.get(), 1), (b.get(), 1), (a.get(), 2)]);
    assert!(changes.windows(2).all(|w| w[0].seq < w[1].seq));
    let after_first = r.changes_since(changes[0].seq, 10).await.unwrap();
    assert_eq!(after_first.len(), 2);
    assert_eq!(r.changes_since(changes[2].seq, 10).await.unwrap().len(), 0);
}

pub async fn japanese_text_round_trips(store: Arc<dyn Store>) {
    let mut o = Organisation::new("Japanese Consumers' Co-operative Union", OrgKind::Cooperative);
    o.name.ja = Some("日本生活協同組合連合会".into());
    let mut tx = store.write().await.unwrap();
    let saved = ops::create(&mut *tx, &admin(), o).await.unwrap();
    tx.commit().await.unwrap();
    let mut r = store.read().await.unwrap();
    let got = ops::get(&mut *r, saved.id).await.unwrap();
    assert_eq!(got.name.ja.as_deref(), Some("日本生活協同組合連合会"));
    assert_eq!(got.name.en.as_deref(), Some("Japanese Consumers' Co-operative Union"));
}

pub async fn concurrent_writers_all_land(store: Arc<dyn Store>) {
    let mut tasks = Vec::new();
    for w in 0..6 {
        let store = store.clone();
        tasks.push(tokio::spawn(async move {
            for i in 0..15 {
                let mut tx = store.write().await.unwrap();
                let mut o = Organisation::new(&format!("Writer {w} org {i}"), OrgKind::Business);
                o.abbreviations.push(format!("W{w}O{i}"));
                ops::create(&mut *tx, &admin(), o).await.unwrap();
                tx.commit().await.unwrap();
            }
        }));
    }
    for t in tasks {
        t.await.unwrap();
    }
    let mut r = store.read().await.unwrap();
    assert_eq!(r.count(Kind::Organisation).await.unwrap(), 90);
    assert_eq!(r.changes_since(0, 1000).await.unwrap().len(), 90);
}

pub async fn list_pages_through_records(store: Arc<dyn Store>) {
    for i in 0..5 {
        org(&*store, &format!("Org {i}")).await;
    }
    let mut r = store.read().await.unwrap();
    let all = Filter::of(Kind::Organisation);
    let first: Vec<_> = r.query(&all, Keyset::first(2)).await.unwrap();
    let second: Vec<_> = r.query(&all, Keyset::after(Some(first[1].id), 2)).await.unwrap();
    assert_eq!(second.into_iter().map(|x| x.key).collect::<Vec<_>>(), ["org-2", "org-3"]);
}
