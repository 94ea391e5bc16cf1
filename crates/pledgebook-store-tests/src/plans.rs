//! Every statement shape the pages, API, exports and follower send, for the
//! plan tests of each backend: run through `EXPLAIN`, none may scan the
//! `records` table from end to end. (Two aggregates over a whole
//! initiative, the coverage totals and the counts by kind of lead
//! organisation, read each of its commitments' links by nature; they read
//! `records` by index.)

use pledgebook_core::Kind;
use pledgebook_core::Rel;
use pledgebook_core::store::{CATEGORY_FACET, Filter, Keyset, LEAD_CATEGORY_FACET, STATUS_FACET};
use pledgebook_store_sql::{Dialect, Sql};

/// Ids of records the queries name.
#[derive(Debug, Clone, Copy)]
pub struct PlanIds {
    pub initiative: i64,
    pub organisation: i64,
    pub commitment: i64,
}

/// (what the query is for, the statement).
pub fn listed_queries(d: Dialect, ids: PlanIds) -> Vec<(&'static str, Sql)> {
    let page = Keyset::after(Some(10), 50);
    let campaign = Filter::of(Kind::Commitment).in_initiative(ids.initiative).public();
    let mut by_org_kind = campaign.clone();
    by_org_kind.linked_category = Some((vec![Rel::Lead, Rel::CoResponsible], "ngo".into()));
    let mut unplaced = campaign.clone();
    unplaced.lacks_facet = Some("node".into());
    let mut placed = campaign.clone();
    placed.has_facet = Some("node".into());
    let everyone = Filter::of(Kind::Organisation).public();
    let mut ngos = everyone.clone();
    ngos.category = Some("ngo".into());
    let reports = Filter::of(Kind::ProgressEntry).under(ids.commitment).public();
    let led = Filter::of(Kind::Commitment).linked_to(&[Rel::Lead, Rel::CoResponsible], ids.organisation).public();
    let queue = Filter::of(Kind::Commitment).with_status("submitted");
    let pending = Filter::of(Kind::ProgressEntry).with_status("pending");
    let all_public = Filter::of(Kind::Commitment).public();
    use pledgebook_store_sql::{
        count_any as count, coverage, coverage_totals, facet_count_any as facet_count, get_many, select,
    };
    vec![
        ("initiative page: first page", select(d, &campaign, Keyset::first(50))),
        ("initiative page: a later page", select(d, &campaign, page)),
        ("initiative page: total", count(d, &campaign)),
        ("initiative page: by pillar", select(d, &campaign.clone().with_facet("pillar", "act"), page)),
        ("initiative page: by pillar, total", count(d, &campaign.clone().with_facet("pillar", "act"))),
        (
            "initiative page: by three facets, total",
            count(
                d,
                &campaign.clone().with_facet("pillar", "act").with_facet("level", "national").with_facet("sdg", "8.7"),
            ),
        ),
        ("initiative page: by organisation kind", select(d, &by_org_kind, page)),
        ("initiative page: outside the framework", select(d, &unplaced, page)),
        ("initiative page: framework tree", select(d, &placed, Keyset::first(2000))),
        ("initiative page: pillar counts", facet_count(d, &campaign, "pillar", 100)),
        ("initiative page: status counts", facet_count(d, &campaign, STATUS_FACET, 100)),
        ("initiative page: organisation kind counts", facet_count(d, &campaign, LEAD_CATEGORY_FACET, 100)),
        ("API: every public commitment", select(d, &all_public, page)),
        (
            "API: commitments newest first",
            select(d, &all_public, Keyset { after: Some(99), limit: 50, newest_first: true }),
        ),
        ("directory: organisations", select(d, &everyone, page)),
        ("directory: organisations by kind", select(d, &ngos, page)),
        ("directory: kind counts", facet_count(d, &everyone, CATEGORY_FACET, 100)),
        ("commitment page: its reports", select(d, &reports, Keyset::newest(500))),
        ("organisation page: what it leads", select(d, &led, page)),
        ("organisation page: total", count(d, &led)),
        ("review queue: pledges", select(d, &queue, Keyset::first(50))),
        ("review queue: count", count(d, &queue)),
        ("review queue: reports", select(d, &pending, Keyset::first(50))),
        ("names on a page", get_many(d, &[ids.organisation, ids.commitment, ids.initiative])),
        ("coverage: a page", coverage(d, ids.initiative, "2021", page)),
        ("coverage: totals", coverage_totals(d, ids.initiative, "2021")),
    ]
}
