//! The review workflow through the store: who may do what, locked rounds,
//! safeguarding, and notifications written with the decision.

use std::sync::Arc;

use pledgebook_core::store::Store;
use pledgebook_core::workflow::{EntryDecision, review_entry, transition};
use pledgebook_core::{
    Actor, Commitment, CommitmentKind, Error, Id, Initiative, InitiativeKind, Localized, OrgKind, Organisation, Period,
    ProgressEntry, ReviewState, Role, Round, Safeguarding, Status, User, ops,
};

struct World {
    campaign: Id<Initiative>,
    org: Id<Organisation>,
    pledge: Id<Commitment>,
}

async fn world(store: &dyn Store) -> World {
    let system = Actor::system("test");
    let mut tx = store.write().await.unwrap();
    let mut c = Initiative::new("iyecl-2021", InitiativeKind::PledgeCampaign, Localized::en("2021 Action Pledges"));
    c.periods = vec![Period::Year(2021)];
    c.rounds = vec![Round::opened(Period::Year(2021))];
    let campaign = ops::create(&mut *tx, &system, c).await.unwrap().id;
    let org = ops::create(&mut *tx, &system, Organisation::new("JCCU", OrgKind::Cooperative)).await.unwrap().id;
    let mut editor = User::new("editor@jccu.example", "Editor", Role::Editor);
    editor.organisation = Some(org);
    ops::create(&mut *tx, &system, editor).await.unwrap();
    let mut p =
        Commitment::new("iyecl-2021/jccu", campaign, CommitmentKind::Pledge, Localized::en("Hold study sessions"));
    p.lead = vec![org];
    p.status = Status::Submitted;
    let pledge = ops::create(&mut *tx, &system, p).await.unwrap().id;
    tx.commit().await.unwrap();
    World { campaign, org, pledge }
}

fn entry(w: &World, children: bool) -> ProgressEntry {
    ProgressEntry {
        key: "iyecl-2021/2021/jccu/1".into(),
        initiative: w.campaign,
        commitment: w.pledge,
        period: Period::Year(2021),
        reported_by: vec![w.org],
        agencies_as_written: vec![],
        narrative: Localized::en("Held 12 study sessions."),
        date: None,
        figures: vec![],
        repeat_of: None,
        provenance: None,
        review: ReviewState::Pending,
        paragraph: None,
        safeguarding: Safeguarding { involves_children: children, ..Safeguarding::default() },
    }
}

pub async fn the_public_may_submit_but_not_decide(store: Arc<dyn Store>) {
    let w = world(&*store).await;
    let public = Actor::public("someone@example.org", None);
    let mut tx = store.write().await.unwrap();
    let org = ops::create(&mut *tx, &public, Organisation::new("New NGO", OrgKind::Ngo)).await.unwrap();
    let mut p = Commitment::new("iyecl-2021/new-ngo", w.campaign, CommitmentKind::Pledge, Localized::en("A pledge"));
    p.lead = vec![org.id];
    p.status = Status::Approved;
    let refused = ops::create(&mut *tx, &public, p.clone()).await.unwrap_err();
    assert!(matches!(refused, Error::Forbidden(_)), "a visitor cannot publish their own pledge: {refused:?}");
    p.status = Status::Submitted;
    let mine = ops::create(&mut *tx, &public, p).await.unwrap();
    // Someone else's pledge stays out of reach, even with a tracking link to another.
    let with_link = Actor::public("someone@example.org", Some(org.id));
    let theirs = ops::get(&mut *tx, w.pledge).await.unwrap();
    let refused = ops::update(&mut *tx, &with_link, w.pledge, theirs.version, theirs.value.clone()).await.unwrap_err();
    assert!(matches!(refused, Error::Forbidden(_)), "{refused:?}");
    let mut edited = mine.value.clone();
    edited.description = Localized::en("More detail.");
    ops::update(&mut *tx, &with_link, mine.id, mine.version, edited).await.unwrap();
    let refused = transition(&mut *tx, &with_link, mine.id, Status::Approved, None).await.unwrap_err();
    assert!(matches!(refused, Error::Forbidden(_)), "{refused:?}");
}

pub async fn status_changes_only_through_transitions(store: Arc<dyn Store>) {
    let w = world(&*store).await;
    let mut tx = store.write().await.unwrap();
    let p = ops::get(&mut *tx, w.pledge).await.unwrap();
    let sneaky = Commitment { status: Status::Approved, ..p.value.clone() };
    let err = ops::update(&mut *tx, &Actor::system("admin"), w.pledge, p.version, sneaky).await.unwrap_err();
    let Error::Invalid { invalid, .. } = err else { panic!("{err:?}") };
    assert_eq!(invalid.errors[0].code, "use-transition");
}

pub async fn decisions_notify_editors_and_followers(store: Arc<dyn Store>) {
    let w = world(&*store).await;
    let system = Actor::system("secretariat");
    let mut tx = store.write().await.unwrap();
    let follower =
        ops::create(&mut *tx, &system, User::new("press@example.org", "Press", Role::Reviewer)).await.unwrap();
    tx.follow(follower.id.get(), w.pledge.get()).await.unwrap();
    transition(&mut *tx, &system, w.pledge, Status::Returned, Some("Please add dates.")).await.unwrap();
    tx.commit().await.unwrap();
    let mut r = store.read().await.unwrap();
    let mut sent: Vec<(String, bool)> = r
        .outbox(true, 10)
        .await
        .unwrap()
        .into_iter()
        .map(|m| (m.to_email, m.body.contains("Please add dates.")))
        .collect();
    sent.sort();
    assert_eq!(sent, [("editor@jccu.example".to_owned(), true), ("press@example.org".to_owned(), true)]);
    drop(r);
    // A rolled-back decision leaves no message behind.
    let mut tx = store.write().await.unwrap();
    transition(&mut *tx, &system, w.pledge, Status::Submitted, None).await.unwrap();
    drop(tx);
    assert_eq!(store.read().await.unwrap().outbox(false, 10).await.unwrap().len(), 2);
    let counts = |waiting, retrying, given_up| pledgebook_core::store::OutboxCounts { waiting, retrying, given_up };
    assert_eq!(store.read().await.unwrap().outbox_counts().await.unwrap(), counts(2, 0, 0));
    let mut tx = store.write().await.unwrap();
    let first = tx.outbox(true, 10).await.unwrap()[0].id;
    tx.mark_sent(first, None).await.unwrap();
    tx.commit().await.unwrap();
    assert_eq!(store.read().await.unwrap().outbox(true, 10).await.unwrap().len(), 1);
    assert_eq!(store.read().await.unwrap().outbox_counts().await.unwrap(), counts(1, 0, 0));
    let mut tx = store.write().await.unwrap();
    let second = tx.outbox(true, 10).await.unwrap()[0].id;
    tx.mark_sent(second, Some("550 mailbox unavailable")).await.unwrap();
    tx.commit().await.unwrap();
    assert_eq!(store.read().await.unwrap().outbox_counts().await.unwrap(), counts(1, 1, 0));
    let mut tx = store.write().await.unwrap();
    for _ in 1..pledgebook_core::store::MAX_DELIVERY_ATTEMPTS {
        tx.mark_sent(second, Some("550 mailbox unavailable")).await.unwrap();
    }
    tx.commit().await.unwrap();
    assert_eq!(store.read().await.unwrap().outbox_counts().await.unwrap(), counts(0, 0, 1));
    assert!(store.pool_stats().max >= 1);
}

pub async fn children_stay_private_until_cleared(store: Arc<dyn Store>) {
    let w = world(&*store).await;
    let editor = Actor { user: None, label: "editor".into(), role: Role::Editor, organisation: Some(w.org) };
    let reviewer = Actor { user: None, label: "reviewer".into(), role: Role::Reviewer, organisation: None };
    let mut tx = store.write().await.unwrap();
    let e = ops::create(&mut *tx, &editor, entry(&w, true)).await.unwrap();
    assert!(!e.is_public());
    let refused = review_entry(&mut *tx, &editor, e.id, EntryDecision::Approve { consent_confirmed: true }, None)
        .await
        .unwrap_err();
    assert!(matches!(refused, Error::Forbidden(_)), "editors do not review: {refused:?}");
    let refused = review_entry(&mut *tx, &reviewer, e.id, EntryDecision::Approve { consent_confirmed: false }, None)
        .await
        .unwrap_err();
    assert!(matches!(refused, Error::Invalid { .. }), "{refused:?}");
    let redacted = review_entry(
        &mut *tx,
        &reviewer,
        e.id,
        EntryDecision::Redact { narrative: "Held study sessions.".into() },
        None,
    )
    .await
    .unwrap();
    assert!(redacted.is_public());
    assert_eq!(redacted.narrative.en.as_deref(), Some("Held study sessions."));
}

/// Approving a report whose figures carry the unit an indicator counts
/// adds them as its observations; other figures and other units do not.
pub async fn approved_figures_feed_their_indicator(store: Arc<dyn Store>) {
    let w = world(&*store).await;
    let system = Actor::system("secretariat");
    let mut tx = store.write().await.unwrap();
    let counting = pledgebook_core::Indicator {
        key: "iyecl-2021/jccu/sessions".into(),
        initiative: w.campaign,
        commitment: Some(w.pledge),
        name: Localized::en("Study sessions held"),
        unit: "sessions".into(),
        aggregation: pledgebook_core::Aggregation::Sum,
        counts: Some("study sessions".into()),
        baseline: None,
        targets: vec![],
        observations: vec![],
        dimensions: Vec::new(),
    };
    let other = pledgebook_core::Indicator { key: "iyecl-2021/jccu/other".into(), counts: None, ..counting.clone() };
    let counting = ops::create(&mut *tx, &system, counting).await.unwrap().id;
    let other = ops::create(&mut *tx, &system, other).await.unwrap().id;
    let mut e = entry(&w, false);
    e.figures = vec![
        pledgebook_core::Figure { value: 12.0, text: "12".into(), unit: "study sessions".into() },
        pledgebook_core::Figure { value: 300.0, text: "300".into(), unit: "participants".into() },
    ];
    let e = ops::create(&mut *tx, &system, e).await.unwrap();
    review_entry(&mut *tx, &system, e.id, EntryDecision::Approve { consent_confirmed: false }, None).await.unwrap();
    tx.commit().await.unwrap();
    let mut r = store.read().await.unwrap();
    let fed = ops::get(&mut *r, counting).await.unwrap();
    assert_eq!(fed.observations.len(), 1);
    let seen = &fed.observations[0];
    assert_eq!((seen.value, seen.date, seen.reported_by), (12.0, Period::Year(2021).dates().1, Some(w.org)));
    assert_eq!(fed.current().map(|c| c.0), Some(12.0));
    assert!(ops::get(&mut *r, other).await.unwrap().observations.is_empty(), "an indicator that counts nothing");
}

pub async fn a_closed_round_locks_its_entries(store: Arc<dyn Store>) {
    let w = world(&*store).await;
    let system = Actor::system("secretariat");
    let mut tx = store.write().await.unwrap();
    let e = ops::create(&mut *tx, &system, entry(&w, false)).await.unwrap();
    let ini = ops::get(&mut *tx, w.campaign).await.unwrap();
    let mut closed = ini.value.clone();
    closed.rounds[0].open = false;
    ops::update(&mut *tx, &system, w.campaign, ini.version, closed).await.unwrap();
    let mut late = e.value.clone();
    late.narrative = Localized::en("Changed after the round closed.");
    let err = ops::update(&mut *tx, &system, e.id, e.version, late).await.unwrap_err();
    let Error::Invalid { invalid, .. } = err else { panic!("{err:?}") };
    assert_eq!((invalid.errors[0].field.as_str(), invalid.errors[0].code), ("period", "closed-round"));
}
