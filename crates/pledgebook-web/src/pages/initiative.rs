//! An initiative: its framework tree with the bodies responsible for each
//! measure, its facets, secretariat and members, commitments and events.

use std::collections::HashMap;

use askama::Template;
use axum::extract::{Path, RawQuery, State};
use axum::response::Html;
use pledgebook_core::paging::Limits;
use pledgebook_core::store::{Filter, Keyset, LEAD_CATEGORY_FACET, Reader, STATUS_FACET};
use pledgebook_core::{
    Commitment, Event, FrameworkNode, Id, Initiative, InitiativeKind, Kind, OrgKind, Organisation, Period, Rel, Status,
    Stored, ops,
};

use crate::AppState;
use crate::api::list::ListParams;
use crate::error::AppError;
use crate::page::{Page, Txt};

pub(crate) struct OrgRef {
    pub slug: String,
    pub label: String,
}

pub(crate) struct CommitmentRow {
    pub id: i64,
    pub title: Txt,
    pub leads: Vec<OrgRef>,
    pub status: String,
}

pub(crate) struct NodeView {
    pub key: String,
    pub title: Txt,
    /// The commitment the title links to, when the measure has just one of its own title.
    pub link: Option<i64>,
    pub responsible: Vec<OrgRef>,
    /// "2 of 3 reported" for the current period, when there is one.
    pub coverage: Option<String>,
    pub commitments: Vec<CommitmentRow>,
    pub children: Vec<NodeView>,
}

pub(crate) struct FacetView {
    pub key: String,
    pub label: Txt,
    /// (value, label, chosen, how many commitments of the filtered list have it)
    pub values: Vec<(String, Txt, bool, i64)>,
}

pub(crate) struct EventRow {
    pub title: Txt,
    pub date: String,
}

#[derive(Template)]
#[template(path = "initiative.html")]
pub(crate) struct InitiativePage {
    page: Page,
    slug: String,
    accepts_pledges: bool,
    filtered: bool,
    has_framework: bool,
    title: Txt,
    kind: String,
    summary: Txt,
    deadline: Option<String>,
    periods: Vec<String>,
    secretariat: Vec<OrgRef>,
    members: Vec<OrgRef>,
    facets: Vec<FacetView>,
    /// (value, label, count, chosen) of the commitments' statuses and their leads' kinds.
    statuses: Vec<(String, String, i64, bool)>,
    org_kinds: Vec<(String, String, i64, bool)>,
    /// The organisation the list is narrowed to.
    organisation: Option<OrgRef>,
    pillars: Vec<NodeView>,
    /// A page of the commitments (outside the framework tree, if there is one).
    listed: Vec<CommitmentRow>,
    total: String,
    next: Option<String>,
    events: Vec<EventRow>,
    /// Members by kind and context figures, for a platform.
    platform: Option<super::platform::PlatformView>,
}

pub(crate) type Orgs = HashMap<Id<Organisation>, Stored<Organisation>>;

/// The rows of a page of commitments, with the organisations they name
/// read by id.
pub(crate) async fn commitment_rows(
    r: &mut dyn Reader,
    page: &Page,
    commitments: &[Stored<Commitment>],
) -> Result<Vec<CommitmentRow>, AppError> {
    let orgs = ops::get_many::<Organisation>(r, commitments.iter().flat_map(|c| c.lead.iter().copied())).await?;
    Ok(commitments.iter().map(|c| commitment_row(page, &orgs, c)).collect())
}

pub(crate) fn org_refs(page: &Page, orgs: &Orgs, ids: impl IntoIterator<Item = Id<Organisation>>) -> Vec<OrgRef> {
    ids.into_iter()
        .filter_map(|id| orgs.get(&id))
        .map(|o| OrgRef { slug: o.slug.clone(), label: o.short_name(page.lang).to_owned() })
        .collect()
}

pub(crate) fn commitment_row(page: &Page, orgs: &Orgs, c: &Stored<Commitment>) -> CommitmentRow {
    CommitmentRow {
        id: c.id.get(),
        title: page.txt(&c.title),
        leads: org_refs(page, orgs, c.lead.iter().copied()),
        status: page.t(&format!("status-{}", c.status.as_str())),
    }
}

/// Commitments placed in the framework tree at the most: an action plan
/// has hundreds of measures, not millions.
const TREE_SHOWN: u32 = 2_000;
/// The largest list whose facet counts the page computes in SQL: counting
/// the lead organisations' kinds joins every listed commitment to its
/// links, 70-90 ms for 5,500 commitments on SQLite, so above this the
/// values are offered without numbers (as search does above 2,000 hits).
const COUNTED_UNDER_A_FILTER: i64 = 2_000;
/// Events shown on an initiative's page, newest first.
const EVENTS_SHOWN: u32 = 20;

/// What a page needs to draw the framework tree.
struct Tree<'a> {
    page: &'a Page,
    orgs: &'a Orgs,
    ini: &'a Initiative,
    commitments: &'a [Stored<Commitment>],
    /// (commitment, owed, reported) for the current period.
    coverage: &'a HashMap<i64, (usize, usize)>,
    period: Option<Period>,
}

impl Tree<'_> {
    fn node(&self, node: &FrameworkNode) -> NodeView {
        let here: Vec<&Stored<Commitment>> =
            self.commitments.iter().filter(|c| c.node.as_ref() == Some(&node.key)).collect();
        let coverage = self.period.filter(|_| !here.is_empty()).map(|p| {
            let (owed, done) = here
                .iter()
                .filter_map(|c| self.coverage.get(&c.id.get()))
                .fold((0, 0), |(o, d), (owed, done)| (o + owed, d + done));
            format!("{p}: {done}/{owed}")
        });
        // A measure whose one commitment carries its own title links from
        // the title instead of repeating it.
        let (link, rest): (Option<i64>, Vec<&Stored<Commitment>>) = match here.as_slice() {
            [only] if only.title == node.title => (Some(only.id.get()), Vec::new()),
            _ => (None, here),
        };
        NodeView {
            key: node.key.to_string(),
            title: self.page.txt(&node.title),
            link,
            responsible: org_refs(self.page, self.orgs, node.responsible.iter().copied()),
            coverage,
            commitments: rest.iter().map(|c| commitment_row(self.page, self.orgs, c)).collect(),
            children: self.ini.framework.children(Some(&node.key)).map(|n| self.node(n)).collect(),
        }
    }
}

/// The filters an initiative's commitment list takes besides its own facets.
const LIST_FILTERS: [&str; 3] = ["status", "org_kind", "organisation"];

#[tracing::instrument(skip_all, fields(slug))]
pub(crate) async fn show(
    State(state): State<AppState>,
    Path(slug): Path<String>,
    RawQuery(raw): RawQuery,
    page: Page,
) -> Result<Html<String>, AppError> {
    let mut r = state.store.read().await?;
    let ini = ops::find::<Initiative>(&mut *r, &slug).await?.ok_or(AppError::NotFound)?;
    let facet_keys: Vec<&str> = ini.facets.iter().map(|f| f.key.as_str()).collect();
    let allowed: Vec<&str> = facet_keys.iter().copied().chain(LIST_FILTERS).collect();
    let params = ListParams::parse(raw.as_deref(), &allowed, Limits::PAGE)?;
    let has_framework = !ini.framework.nodes.is_empty();

    // The paged list: every public commitment, or those outside the tree.
    let mut filter = Filter::of(Kind::Commitment).in_initiative(ini.id.get()).public();
    for key in &facet_keys {
        for v in params.all(key) {
            filter = filter.with_facet(key, v);
        }
    }
    filter.status = params.all("status").map(str::to_owned).collect();
    if let Some(kind) = params.get("org_kind") {
        filter.linked_category = Some((vec![Rel::Lead, Rel::CoResponsible], kind.to_owned()));
    }
    let chosen_org = params.organisation(&mut *r).await?;
    if let Some(org) = &chosen_org {
        filter = filter.linked_to(&[Rel::Lead, Rel::CoResponsible], org.id.get());
    }
    let mut listed_filter = filter.clone();
    if has_framework {
        listed_filter.lacks_facet = Some("node".into());
    }
    let listed = crate::api::list::page::<Commitment>(&mut *r, &listed_filter, &params, "").await?;
    // Facet counts come from the tallies kept in the write transaction:
    // of the whole list, or under one chosen facet value (the pair counts).
    // Under any other filter the values are offered without numbers, and
    // the counts by kind of lead organisation, which no tally keeps, are
    // counted only for lists small enough to count quickly.
    let chosen_facets = params.filters().iter().filter(|(k, _)| facet_keys.contains(&k.as_str())).count();
    let only_facets = chosen_facets == params.filters().len();
    let mut names: Vec<&str> = Vec::new();
    if only_facets && chosen_facets <= 1 {
        names.extend(facet_keys.iter().copied().filter(|k| params.get(k).is_none()));
    }
    if params.filters().is_empty() {
        names.push(STATUS_FACET);
    }
    let small = listed.total <= COUNTED_UNDER_A_FILTER;
    if small {
        names.push(LEAD_CATEGORY_FACET);
    }
    let counts = r.facet_counts(&filter, &names).await?;
    // The tree: the framework's nodes with the commitments placed under them.
    let period = ini.open_rounds().last().or_else(|| ini.periods.last().copied());
    let (placed, coverage) = if has_framework {
        let mut placed_filter = filter.clone();
        placed_filter.has_facet = Some("node".into());
        let placed = ops::query::<Commitment>(&mut *r, &placed_filter, Keyset::first(TREE_SHOWN)).await?;
        let mut coverage: HashMap<i64, (usize, usize)> = HashMap::new();
        if let Some(p) = period {
            for o in r.coverage(ini.id.get(), &p.to_string(), Keyset::first(TREE_SHOWN)).await? {
                let e = coverage.entry(o.commitment).or_default();
                e.0 += 1;
                e.1 += usize::from(o.reported);
            }
        }
        (placed, coverage)
    } else {
        (Vec::new(), HashMap::new())
    };
    let events = ops::query::<Event>(
        &mut *r,
        &Filter::of(Kind::Event).in_initiative(ini.id.get()).public(),
        Keyset::newest(EVENTS_SHOWN),
    )
    .await?;
    let platform = match ini.kind {
        InitiativeKind::Platform => Some(super::platform::view(&mut *r, &page, &ini).await?),
        _ => None,
    };
    let named = ini
        .participants
        .iter()
        .map(|p| p.organisation)
        .chain(ini.framework.nodes.iter().flat_map(|n| n.responsible.iter().copied()))
        .chain(placed.iter().chain(&listed.items).flat_map(|c| c.lead.iter().copied()));
    let orgs = ops::get_many::<Organisation>(&mut *r, named).await?;
    drop(r);

    let role_orgs = |secretariat: bool| {
        let ids = ini
            .participants
            .iter()
            .filter(|p| (p.role.as_str().contains("secretariat")) == secretariat)
            .map(|p| p.organisation);
        org_refs(&page, &orgs, ids)
    };
    let tree = Tree { page: &page, orgs: &orgs, ini: &ini, commitments: &placed, coverage: &coverage, period };
    let pillars = ini.framework.pillars().map(|n| tree.node(n)).collect();
    let count_of =
        |name: &str, value: &str| counts.iter().find(|c| c.name == name && c.value == value).map_or(0, |c| c.count);
    let chosen = |name: &str, value: &str| params.all(name).any(|v| v == value);
    let facets = ini
        .facets
        .iter()
        .map(|f| FacetView {
            key: f.key.clone(),
            label: page.txt(&f.label),
            values: f
                .values
                .iter()
                .map(|v| (v.key.clone(), page.txt(&v.label), chosen(&f.key, &v.key), count_of(&f.key, &v.key)))
                .collect(),
        })
        .collect();
    let counted = |name: &str, prefix: &str| -> Vec<(String, String, i64, bool)> {
        counts
            .iter()
            .filter(|c| c.name == name)
            .map(|c| {
                (c.value.clone(), page.t(&format!("{prefix}{}", c.value)), c.count, chosen_key(&params, name, &c.value))
            })
            .collect()
    };
    let view = InitiativePage {
        slug: ini.slug.clone(),
        accepts_pledges: ini.kind == InitiativeKind::PledgeCampaign
            && ini.submission_deadline.is_none_or(|d| chrono::Utc::now().date_naive() <= d),
        filtered: !params.filters().is_empty(),
        has_framework,
        title: page.txt(&ini.title),
        kind: page.t(&format!("initiative-kind-{}", ini.kind.as_str())),
        summary: page.txt(&ini.summary),
        deadline: ini.submission_deadline.map(|d| d.to_string()),
        periods: ini.periods.iter().map(ToString::to_string).collect(),
        secretariat: role_orgs(true),
        members: role_orgs(false),
        facets,
        statuses: if names.contains(&STATUS_FACET) {
            counted(STATUS_FACET, "status-")
        } else {
            Status::ALL
                .iter()
                .filter(|s| s.is_public())
                .map(|s| {
                    let on = chosen_key(&params, STATUS_FACET, s.as_str());
                    (s.as_str().to_owned(), page.t(&format!("status-{}", s.as_str())), -1, on)
                })
                .collect()
        },
        org_kinds: if small {
            counted(LEAD_CATEGORY_FACET, "org-kind-")
        } else {
            OrgKind::ALL
                .iter()
                .map(|k| {
                    let on = chosen_key(&params, LEAD_CATEGORY_FACET, k.as_str());
                    (k.as_str().to_owned(), page.t(&format!("org-kind-{}", k.as_str())), -1, on)
                })
                .collect()
        },
        organisation: chosen_org.map(|o| OrgRef { slug: o.slug.clone(), label: o.short_name(page.lang).to_owned() }),
        pillars,
        listed: listed.items.iter().map(|c| commitment_row(&page, &orgs, c)).collect(),
        total: page.count("commitments-count", listed.total as usize),
        next: listed.next,
        events: events.iter().map(|e| EventRow { title: page.txt(&e.title), date: e.starts.to_string() }).collect(),
        platform,
        page,
    };
    super::render(&view)
}

/// Whether the list is filtered by this value of `name` (status and
/// organisation kind arrive as `status` and `org_kind`).
fn chosen_key(params: &ListParams, name: &str, value: &str) -> bool {
    let param = if name == LEAD_CATEGORY_FACET { "org_kind" } else { name };
    params.all(param).any(|v| v == value)
}
