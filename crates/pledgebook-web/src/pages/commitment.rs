//! A commitment: what was promised, by whom, where it stands, a timeline of
//! what was done each period (with figures and cross references), and its
//! indicators charted against their targets.

use std::collections::BTreeMap;

use askama::Template;
use axum::extract::{Path, State};
use axum::http::HeaderMap;
use axum::response::{Html, Redirect};
use pledgebook_core::store::{Filter, Keyset};
use pledgebook_core::{
    Commitment, Event, Id, Indicator, Initiative, Kind, Organisation, ProgressEntry, Rel, Role, Stored, ops,
};

use super::initiative::{EventRow, OrgRef, Orgs, org_refs};
use crate::AppState;
use crate::chart::Chart;
use crate::error::AppError;
use crate::forms::signed_in;
use crate::page::{Page, Txt};

pub(crate) struct PlanView {
    pub text: Txt,
    pub responsible: String,
}

pub(crate) struct EntryView {
    pub narrative: Txt,
    pub figures: Vec<(String, String)>,
    pub reporters: Vec<OrgRef>,
    pub repeat_of: Option<(i64, Txt)>,
    pub source: Option<String>,
    pub pending: bool,
    pub photos: Vec<i64>,
}

pub(crate) struct IndicatorView {
    pub name: Txt,
    pub unit: String,
    pub chart: Option<Chart>,
    pub summary: String,
    /// The newest observation by category, one table per dimension.
    pub breakdown: Vec<BreakdownTable>,
}

/// One dimension of an observation: category, value, share of the total.
pub(crate) struct BreakdownTable {
    pub caption: String,
    pub rows: Vec<(String, String, String)>,
    pub total: String,
}

/// The newest observation that is split by a dimension, as tables.
fn breakdown_tables(page: &Page, i: &Indicator) -> Vec<BreakdownTable> {
    let Some(o) = i.latest_breakdown() else { return Vec::new() };
    i.dimensions
        .iter()
        .filter(|d| o.breakdown.iter().any(|s| s.dimension == d.key))
        .map(|d| {
            let rows = d
                .categories
                .iter()
                .filter_map(|c| {
                    let v = o.share(&d.key, &c.key)?;
                    let share = if o.value > 0.0 { format!("{:.0}%", v / o.value * 100.0) } else { String::new() };
                    Some((c.name.show(page.lang).text.to_owned(), crate::chart::grouped(v), share))
                })
                .collect();
            BreakdownTable {
                caption: format!("{} {} ({})", page.t("breakdown-by"), d.name.show(page.lang).text, o.date),
                rows,
                total: crate::chart::grouped(o.value),
            }
        })
        .collect()
}

#[derive(Template)]
#[template(path = "commitment.html")]
pub(crate) struct CommitmentPage {
    page: Page,
    id: i64,
    title: Txt,
    kind: String,
    status: String,
    initiative_slug: String,
    initiative_title: Txt,
    node: Option<String>,
    leads: Vec<OrgRef>,
    co: Vec<OrgRef>,
    description: Txt,
    implementation: Txt,
    items: Vec<String>,
    impact: Txt,
    plan: Vec<PlanView>,
    periods: Vec<(String, Vec<EntryView>)>,
    indicators: Vec<IndicatorView>,
    events: Vec<EventRow>,
    can_follow: bool,
    can_report: bool,
    /// The secretariat, or an editor of an organisation answerable for it.
    can_edit: bool,
    history: bool,
}

/// Whether the reader may see a commitment that is not yet public, and its pending entries.
pub(crate) fn insider(page: &Page, c: &Commitment) -> bool {
    page.user
        .as_ref()
        .is_some_and(|u| u.user.role.reviews() || u.user.role.edits_everything() || u.actor().may_edit_for(&c.owners()))
}

fn entry_view(page: &Page, orgs: &Orgs, titles: &BTreeMap<i64, Txt>, e: &ProgressEntry, photos: Vec<i64>) -> EntryView {
    EntryView {
        narrative: page.txt(&e.narrative),
        figures: e.figures.iter().map(|f| (f.text.clone(), f.unit.clone())).collect(),
        reporters: org_refs(page, orgs, e.reported_by.iter().copied()),
        repeat_of: e.repeat_of.and_then(|r| titles.get(&r.get()).map(|t| (r.get(), t.clone()))),
        source: e.provenance.as_ref().map(|p| format!("{}, lines {}-{}", p.source, p.lines.0, p.lines.1)),
        pending: !e.is_public(),
        photos,
    }
}

/// A commitment's reports shown on its page, newest first: decades of
/// yearly reports fit; a page never grows without bound.
const REPORTS_SHOWN: u32 = 500;
/// Indicators and events shown on a commitment's page.
const SHOWN: u32 = 100;

#[tracing::instrument(skip_all, fields(id))]
pub(crate) async fn show(
    State(state): State<AppState>,
    Path(id): Path<i64>,
    page: Page,
) -> Result<Html<String>, AppError> {
    let mut r = state.store.read().await?;
    let c = ops::get::<Commitment>(&mut *r, Id::new(id)).await.map_err(|_| AppError::NotFound)?;
    let inside = insider(&page, &c);
    if !c.status.is_public() && !inside {
        return Err(AppError::NotFound);
    }
    let ini: Stored<Initiative> = ops::get(&mut *r, c.initiative).await?;
    let mut reports = Filter::of(Kind::ProgressEntry).under(id);
    if !inside {
        reports = reports.public();
    }
    let mut entries = ops::query::<ProgressEntry>(&mut *r, &reports, Keyset::newest(REPORTS_SHOWN)).await?;
    entries.reverse();
    let named = c.owners().into_iter().chain(entries.iter().flat_map(|e| e.reported_by.iter().copied()));
    let orgs = ops::get_many::<Organisation>(&mut *r, named).await?;
    let titles: BTreeMap<i64, Txt> = ops::get_many::<Commitment>(&mut *r, entries.iter().filter_map(|e| e.repeat_of))
        .await?
        .into_iter()
        .map(|(id, t)| (id.get(), page.txt(&t.title)))
        .collect();
    let mut periods: BTreeMap<String, Vec<EntryView>> = BTreeMap::new();
    for e in entries.iter().filter(|e| e.is_public() || inside) {
        let photos = if inside || super::attachments::photos_public(e) {
            r.attachments(e.id.get()).await?.iter().map(|a| a.id).collect()
        } else {
            Vec::new()
        };
        periods.entry(e.period.to_string()).or_default().push(entry_view(&page, &orgs, &titles, e, photos));
    }
    let indicators = ops::query::<Indicator>(&mut *r, &Filter::of(Kind::Indicator).under(id), Keyset::first(SHOWN))
        .await?
        .iter()
        .map(|i| indicator_view(&page, i, ini.starts))
        .collect();
    let linked_events = Filter::of(Kind::Event).linked_to(&[Rel::Commitment], id);
    let events = ops::query::<Event>(&mut *r, &linked_events, Keyset::newest(SHOWN))
        .await?
        .iter()
        .map(|e| EventRow { title: page.txt(&e.title), date: e.starts.to_string() })
        .collect();
    let can_report =
        page.user.as_ref().is_some_and(|u| u.actor().may_edit_for(&c.owners()) && u.user.role != Role::Reviewer);
    let view = CommitmentPage {
        id,
        title: page.txt(&c.title),
        kind: page.t(&format!("commitment-kind-{}", c.kind.as_str())),
        status: page.t(&format!("status-{}", c.status.as_str())),
        initiative_slug: ini.slug.clone(),
        initiative_title: page.txt(&ini.title),
        node: c.node.as_ref().map(ToString::to_string),
        leads: org_refs(&page, &orgs, c.lead.iter().copied()),
        co: org_refs(&page, &orgs, c.co_responsible.iter().copied()),
        description: page.txt(&c.description),
        implementation: page.txt(&c.implementation),
        items: c.implementation_items.clone(),
        impact: page.txt(&c.impact),
        plan: c
            .plan
            .iter()
            .map(|p| PlanView { text: page.txt(&p.text), responsible: p.responsible_as_written.join(", ") })
            .collect(),
        periods: periods.into_iter().rev().collect(),
        indicators,
        events,
        can_follow: page.user.is_some(),
        can_edit: page
            .user
            .as_ref()
            .is_some_and(|u| u.user.role.edits_everything() || u.actor().may_edit_for(&c.owners())),
        can_report,
        history: inside,
        page,
    };
    super::render(&view)
}

pub(crate) fn indicator_view(page: &Page, i: &Indicator, started: Option<chrono::NaiveDate>) -> IndicatorView {
    let chart = Chart::of(i, started);
    let summary = match chart.as_ref().and_then(|c| c.progress.clone()) {
        Some(p) => {
            let track = match p.on_track {
                Some(true) => page.t("on-track"),
                Some(false) => page.t("off-track"),
                None => String::new(),
            };
            format!("{} / {} ({}%) {}", p.current, p.target, p.percent, track)
        }
        None => String::new(),
    };
    IndicatorView {
        name: page.txt(&i.name),
        unit: i.unit.clone(),
        chart,
        summary,
        breakdown: breakdown_tables(page, i),
    }
}

/// Follows a commitment: its status changes and approved reports are mailed to the follower.
pub(crate) async fn follow(
    State(state): State<AppState>,
    Path(id): Path<i64>,
    headers: HeaderMap,
    page: Page,
    body: axum::body::Bytes,
) -> Result<Redirect, AppError> {
    let _form = crate::forms::FormData::posted(&headers, &body)?;
    let user = signed_in(&page)?;
    let mut tx = state.store.write().await?;
    super::review::ensure_kind(&mut *tx, id, pledgebook_core::Kind::Commitment).await?;
    tx.follow(user.id.get(), id).await?;
    tx.commit().await?;
    Ok(Redirect::to(&format!("/commitments/{id}?followed=1")))
}
