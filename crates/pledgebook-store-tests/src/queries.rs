//! The query layer: filtered lists, counts, facet counts, keyset paging,
//! reads by id and coverage, answered in SQL from the projection columns.

use std::sync::Arc;

use pledgebook_core::store::{Filter, Keyset, LEAD_CATEGORY_FACET, STATUS_FACET, Store};
use pledgebook_core::{
    Actor, Commitment, CommitmentKind, Facet, FacetValue, Id, Initiative, InitiativeKind, Kind, Localized, OrgKind,
    Organisation, Period, ProgressEntry, Rel, ReviewState, Safeguarding, Status, ops, workflow,
};

fn admin() -> Actor {
    Actor::system("query-suite")
}

fn facet(key: &str, values: &[&str]) -> Facet {
    Facet {
        key: key.into(),
        label: Localized::en(key),
        values: values.iter().map(|v| FacetValue { key: (*v).into(), label: Localized::en(*v) }).collect(),
    }
}

struct World {
    campaign: Id<Initiative>,
    ngo: Id<Organisation>,
    union: Id<Organisation>,
    /// act/national approved (NGO), inspire/national approved (union),
    /// act/regional submitted (NGO), act approved (NGO with the union).
    pledges: [Id<Commitment>; 4],
}

async fn world(store: &dyn Store) -> World {
    let mut tx = store.write().await.unwrap();
    let mut c = Initiative::new("iyecl-2021", InitiativeKind::PledgeCampaign, Localized::en("2021 Action Pledges"));
    c.facets = vec![facet("pillar", &["act", "inspire"]), facet("level", &["national", "regional"])];
    let campaign = ops::create(&mut *tx, &admin(), c).await.unwrap().id;
    let ngo = ops::create(&mut *tx, &admin(), Organisation::new("ACE", OrgKind::Ngo)).await.unwrap().id;
    let union = ops::create(&mut *tx, &admin(), Organisation::new("JTUC-RENGO", OrgKind::TradeUnion)).await.unwrap().id;
    let mut make = async |slug: &str, lead, co: Option<Id<Organisation>>, pillar: &str, level: &str, status| {
        let mut p = Commitment::new(slug, campaign, CommitmentKind::Pledge, Localized::en(slug));
        p.lead.push(lead);
        p.co_responsible.extend(co);
        p.facets.insert("pillar".into(), vec![pillar.into()]);
        if !level.is_empty() {
            p.facets.insert("level".into(), vec![level.into()]);
        }
        p.status = status;
        ops::create(&mut *tx, &admin(), p).await.unwrap().id
    };
    let pledges = [
        make("a", ngo, None, "act", "national", Status::Approved).await,
        make("b", union, None, "inspire", "national", Status::Approved).await,
        make("c", ngo, None, "act", "regional", Status::Submitted).await,
        make("d", ngo, Some(union), "act", "", Status::Approved).await,
    ];
    tx.commit().await.unwrap();
    World { campaign, ngo, union, pledges }
}

fn report(
    w: &World,
    commitment: Id<Commitment>,
    by: Id<Organisation>,
    key: &str,
    review: ReviewState,
) -> ProgressEntry {
    ProgressEntry {
        key: key.into(),
        initiative: w.campaign,
        commitment,
        period: Period::Year(2021),
        reported_by: vec![by],
        agencies_as_written: vec![],
        narrative: Localized::en("Held 12 study sessions."),
        date: None,
        figures: vec![],
        repeat_of: None,
        provenance: None,
        review,
        paragraph: None,
        safeguarding: Safeguarding::default(),
    }
}

async fn ids(store: &dyn Store, f: &Filter) -> Vec<Id<Commitment>> {
    let mut r = store.read().await.unwrap();
    ops::query::<Commitment>(&mut *r, f, Keyset::first(100)).await.unwrap().iter().map(|c| c.id).collect()
}

pub async fn lists_filter_by_status_facets_links_and_kind(store: Arc<dyn Store>) {
    let w = world(&*store).await;
    let [a, b, c, d] = w.pledges;
    let public = Filter::of(Kind::Commitment).in_initiative(w.campaign.get()).public();
    assert_eq!(ids(&*store, &public).await, [a, b, d], "the submitted pledge is not public");
    assert_eq!(ids(&*store, &public.clone().with_facet("pillar", "act")).await, [a, d]);
    assert_eq!(ids(&*store, &public.clone().with_facet("pillar", "act").with_facet("level", "national")).await, [a]);
    let submitted = Filter::of(Kind::Commitment).with_status("submitted");
    assert_eq!(ids(&*store, &submitted).await, [c]);
    let with_union = public.clone().linked_to(&[Rel::Lead, Rel::CoResponsible], w.union.get());
    assert_eq!(ids(&*store, &with_union).await, [b, d], "lead or co-responsible");
    let led_by_ngo = public.clone().linked_to(&[Rel::Lead], w.ngo.get());
    assert_eq!(ids(&*store, &led_by_ngo).await, [a, d]);
    let mut union_kind = public.clone();
    union_kind.linked_category = Some((vec![Rel::Lead, Rel::CoResponsible], "trade_union".into()));
    assert_eq!(ids(&*store, &union_kind).await, [b, d], "by the kind of organisation answerable");
    let mut without_level = public.clone();
    without_level.lacks_facet = Some("level".into());
    assert_eq!(ids(&*store, &without_level).await, [d]);
    let mut with_level = public.clone();
    with_level.has_facet = Some("level".into());
    assert_eq!(ids(&*store, &with_level).await, [a, b]);
    // Counts in SQL, of the filtered list.
    let mut r = store.read().await.unwrap();
    assert_eq!(r.count_matching(&public).await.unwrap(), 3);
    assert_eq!(r.count_matching(&public.clone().with_facet("pillar", "inspire")).await.unwrap(), 1);
    assert_eq!(r.count_matching(&Filter::of(Kind::Commitment)).await.unwrap(), 4);
}

pub async fn facet_counts_are_of_the_filtered_list(store: Arc<dyn Store>) {
    let w = world(&*store).await;
    let public = Filter::of(Kind::Commitment).in_initiative(w.campaign.get()).public();
    let mut r = store.read().await.unwrap();
    let counts = r.facet_counts(&public, &["pillar", "level", STATUS_FACET, LEAD_CATEGORY_FACET]).await.unwrap();
    let of = |name: &str| -> Vec<(String, i64)> {
        counts.iter().filter(|c| c.name == name).map(|c| (c.value.clone(), c.count)).collect()
    };
    assert_eq!(of("pillar"), [("act".into(), 2), ("inspire".into(), 1)], "largest first");
    assert_eq!(of("level"), [("national".into(), 2)]);
    assert_eq!(of(STATUS_FACET), [("approved".into(), 3)]);
    assert_eq!(of(LEAD_CATEGORY_FACET), [("ngo".into(), 2), ("trade_union".into(), 2)], "d counts for both kinds");
    let acting = r.facet_counts(&public.clone().with_facet("pillar", "act"), &["level"]).await.unwrap();
    assert_eq!(acting.iter().map(|c| (c.value.as_str(), c.count)).collect::<Vec<_>>(), [("national", 1)]);
}

/// One visibility rule: a report is public while it is approved and its
/// commitment is public; withdrawing the commitment hides both at once.
pub async fn a_withdrawn_commitment_takes_its_reports_off_the_public_lists(store: Arc<dyn Store>) {
    let w = world(&*store).await;
    let [_, b, _, _] = w.pledges;
    let mut tx = store.write().await.unwrap();
    let shown =
        ops::create(&mut *tx, &admin(), report(&w, b, w.union, "r/shown", ReviewState::Approved)).await.unwrap();
    ops::create(&mut *tx, &admin(), report(&w, b, w.union, "r/pending", ReviewState::Pending)).await.unwrap();
    tx.commit().await.unwrap();
    let reports = Filter::of(Kind::ProgressEntry).under(b.get()).public();
    let public_reports = async || {
        let mut r = store.read().await.unwrap();
        ops::query::<ProgressEntry>(&mut *r, &reports, Keyset::first(10))
            .await
            .unwrap()
            .iter()
            .map(|e| e.id)
            .collect::<Vec<_>>()
    };
    assert_eq!(public_reports().await, [shown.id], "a pending report is not public");
    let mut tx = store.write().await.unwrap();
    workflow::transition(&mut *tx, &admin(), b, Status::Withdrawn, Some("left the campaign")).await.unwrap();
    tx.commit().await.unwrap();
    assert!(public_reports().await.is_empty(), "the withdrawn pledge's report left with it");
    let public = Filter::of(Kind::Commitment).in_initiative(w.campaign.get()).public();
    assert!(!ids(&*store, &public).await.contains(&b));
    let mut r = store.read().await.unwrap();
    // The counts kept in the write transaction moved with it.
    assert_eq!(r.count_matching(&public).await.unwrap(), 2);
    assert_eq!(r.count_matching(&public.clone().with_facet("pillar", "inspire")).await.unwrap(), 0);
    assert_eq!(r.count_matching(&Filter::of(Kind::Commitment).with_status("withdrawn")).await.unwrap(), 1);
    let pillars = r.facet_counts(&public, &["pillar", STATUS_FACET]).await.unwrap();
    let seen: Vec<(&str, &str, i64)> = pillars.iter().map(|c| (c.name.as_str(), c.value.as_str(), c.count)).collect();
    assert_eq!(
        seen,
        [("pillar", "act", 2), ("status", "approved", 2)],
        "a value with no public record left is not offered"
    );
    assert_eq!(
        r.count_matching(&Filter::of(Kind::ProgressEntry).under(b.get())).await.unwrap(),
        2,
        "nothing was deleted"
    );
}

pub async fn keyset_pages_stay_stable_while_others_insert(store: Arc<dyn Store>) {
    let mut tx = store.write().await.unwrap();
    let mut before = Vec::new();
    for i in 0..30 {
        before.push(
            ops::create(&mut *tx, &admin(), Organisation::new(&format!("Org {i:02}"), OrgKind::Ngo)).await.unwrap().id,
        );
    }
    tx.commit().await.unwrap();
    let writer = {
        let store = store.clone();
        tokio::spawn(async move {
            for i in 0..12 {
                let mut tx = store.write().await.unwrap();
                ops::create(&mut *tx, &admin(), Organisation::new(&format!("Late {i:02}"), OrgKind::Business))
                    .await
                    .unwrap();
                tx.commit().await.unwrap();
                tokio::task::yield_now().await;
            }
        })
    };
    let all = Filter::of(Kind::Organisation);
    let (mut seen, mut after) = (Vec::new(), None);
    loop {
        let mut r = store.read().await.unwrap();
        let page = ops::query::<Organisation>(&mut *r, &all, Keyset::after(after, 7)).await.unwrap();
        drop(r);
        let Some(last) = page.last() else { break };
        after = Some(last.id.get());
        seen.extend(page.iter().map(|o| o.id));
        tokio::task::yield_now().await;
    }
    writer.await.unwrap();
    let mut sorted = seen.clone();
    sorted.sort();
    sorted.dedup();
    assert_eq!(sorted, seen, "in id order, none twice");
    assert_eq!(&seen[..30], &before[..], "every record that existed when paging began, none skipped");
    // Newest first goes down from the cursor.
    let mut r = store.read().await.unwrap();
    let newest = r.query(&all, Keyset { after: Some(before[5].get()), limit: 3, newest_first: true }).await.unwrap();
    assert_eq!(newest.iter().map(|x| x.id).collect::<Vec<_>>(), [before[4].get(), before[3].get(), before[2].get()]);
}

pub async fn get_many_reads_only_the_ids_asked_for(store: Arc<dyn Store>) {
    let w = world(&*store).await;
    let mut r = store.read().await.unwrap();
    let found = ops::get_many::<Organisation>(&mut *r, [w.union, w.ngo, w.union, Id::new(999_999)]).await.unwrap();
    assert_eq!(found.len(), 2);
    assert_eq!(found[&w.union].slug, "jtuc-rengo");
    // An id of another kind is not returned as an organisation.
    let wrong = ops::get_many::<Organisation>(&mut *r, [Id::new(w.pledges[0].get())]).await.unwrap();
    assert!(wrong.is_empty());
}

pub async fn coverage_counts_who_has_reported(store: Arc<dyn Store>) {
    let w = world(&*store).await;
    let [a, _, _, d] = w.pledges;
    let mut tx = store.write().await.unwrap();
    ops::create(&mut *tx, &admin(), report(&w, d, w.ngo, "r/d-ngo", ReviewState::Pending)).await.unwrap();
    ops::create(&mut *tx, &admin(), report(&w, d, w.union, "r/d-union", ReviewState::Returned)).await.unwrap();
    let mut other_year = report(&w, a, w.ngo, "r/a-2020", ReviewState::Approved);
    other_year.period = Period::Year(2020);
    ops::create(&mut *tx, &admin(), other_year).await.unwrap();
    tx.commit().await.unwrap();
    let mut r = store.read().await.unwrap();
    let owed = r.coverage(w.campaign.get(), "2021", Keyset::first(10)).await.unwrap();
    let seen: Vec<(i64, i64, bool)> = owed.iter().map(|o| (o.commitment, o.organisation, o.reported)).collect();
    let (ngo, union) = (w.ngo.get(), w.union.get());
    assert_eq!(
        seen,
        [(a.get(), ngo, false), (w.pledges[1].get(), union, false), (d.get(), ngo, true), (d.get(), union, false)],
        "a returned report does not count, nor one for another period; the submitted pledge owes nothing yet"
    );
    assert_eq!(r.coverage_totals(w.campaign.get(), "2021").await.unwrap(), (4, 1));
    let second = r.coverage(w.campaign.get(), "2021", Keyset::after(Some(w.pledges[1].get()), 10)).await.unwrap();
    assert_eq!(second.iter().map(|o| o.commitment).collect::<Vec<_>>(), [d.get(), d.get()], "paged by commitment");
}
