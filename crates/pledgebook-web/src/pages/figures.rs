//! Figures and distribution of an initiative: the figures its reports gave,
//! summed by unit and by the kind of organisation that reported them, and
//! how its commitments spread over stakeholder groups, levels and regions;
//! as tables and SVG bar charts, for one period or all, with the tables as
//! CSV.

use askama::Template;
use axum::extract::{Path, Query, State};
use axum::response::{IntoResponse, Response};
use pledgebook_publish::aggregate::{Aggregates, aggregate};

use crate::AppState;
use crate::bars::Bars;
use crate::chart::grouped;
use crate::error::AppError;
use crate::page::{Page, Txt};

/// One distribution: a chart and the same numbers as a table.
pub(crate) struct Distribution {
    pub id: &'static str,
    pub heading: String,
    pub bars: Option<Bars>,
    pub rows: Vec<(String, String)>,
}

#[derive(Template)]
#[template(path = "figures.html")]
pub(crate) struct FiguresPage {
    page: Page,
    slug: String,
    title: Txt,
    /// The period shown, `None` for all of them.
    period: Option<String>,
    periods: Vec<String>,
    /// (unit, total, how many figures).
    units: Vec<(String, String, usize)>,
    /// (kind of organisation, [(unit, total)]).
    by_kind: Vec<(String, Vec<(String, String)>)>,
    distributions: Vec<Distribution>,
}

pub(crate) async fn show(
    State(state): State<AppState>,
    Path(slug): Path<String>,
    Query(q): Query<super::PeriodQuery>,
    page: Page,
) -> Result<Response, AppError> {
    let data = super::initiative_data(&state, &slug).await?;
    let period = super::parse_period(q.period.as_deref())?;
    let a = aggregate(&data, period);
    let ini = &data.initiative;
    let kind_label = |k: &str| if k == "unknown" { page.t("unknown") } else { page.t(&format!("org-kind-{k}")) };
    let level_label = |l: &str| {
        let value = ini.facet("level").and_then(|f| f.values.iter().find(|v| v.key == l));
        value.map_or_else(|| if l == "none" { page.t("none-given") } else { l.to_owned() }, |v| page.txt(&v.label).text)
    };
    let region_label = |r: &str| if r == "unknown" { page.t("unknown") } else { r.to_owned() };
    let distributions = vec![
        distribution("by-kind", page.t("commitments-by-org-kind"), &a.commitments_by_org_kind, kind_label),
        distribution("by-level", page.t("commitments-by-level"), &a.commitments_by_level, level_label),
        distribution("by-region", page.t("commitments-by-region"), &a.commitments_by_region, region_label),
    ];
    let view = FiguresPage {
        slug,
        title: page.txt(&ini.title),
        period: period.map(|p| p.to_string()),
        periods: ini.periods.iter().map(|p| p.to_string()).collect(),
        units: a.by_unit.iter().map(|t| (t.unit.clone(), grouped(t.total), t.figures)).collect(),
        by_kind: by_kind(&a, &kind_label),
        distributions,
        page,
    };
    Ok(super::render(&view)?.into_response())
}

/// Largest group first, so the chart reads from the top.
fn distribution(
    id: &'static str,
    heading: String,
    counts: &std::collections::BTreeMap<String, usize>,
    label: impl Fn(&str) -> String,
) -> Distribution {
    let mut items: Vec<(String, f64)> = counts.iter().map(|(k, n)| (label(k), *n as f64)).collect();
    items.sort_by(|a, b| b.1.total_cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
    Distribution {
        id,
        heading,
        bars: Bars::of(&items),
        rows: items.iter().map(|(l, n)| (l.clone(), grouped(*n))).collect(),
    }
}

fn by_kind(a: &Aggregates, label: &dyn Fn(&str) -> String) -> Vec<(String, Vec<(String, String)>)> {
    a.by_org_kind
        .iter()
        .map(|(kind, units)| (label(kind), units.iter().map(|(u, v)| (u.clone(), grouped(*v))).collect()))
        .collect()
}
