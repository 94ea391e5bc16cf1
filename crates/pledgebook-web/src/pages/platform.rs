//! What an initiative page adds for a platform: its members counted by
//! kind (from the memberships organisations record, counted in SQL), and
//! the context figures it works with, with their sources.

use pledgebook_core::store::{CATEGORY_FACET, Filter, Keyset, Reader};
use pledgebook_core::{Indicator, Initiative, Kind, Qualifier, Rel, Stored, ops};

use crate::chart::grouped;
use crate::error::AppError;
use crate::page::{Page, Txt};

/// Context indicators shown on a platform's page.
const CONTEXT_SHOWN: u32 = 20;

pub(crate) struct ContextRow {
    pub name: Txt,
    /// "approx. 1,660,000 foreign workers"
    pub value: String,
    pub date: String,
    pub source: Option<String>,
}

pub(crate) struct PlatformView {
    pub slug: String,
    pub members: String,
    /// (kind, label, how many)
    pub by_kind: Vec<(String, String, i64)>,
    pub context: Vec<ContextRow>,
}

/// The organisations that are members (or secretariat) of a platform.
pub(crate) fn members(platform: i64) -> Filter {
    Filter::of(Kind::Organisation).linked_to(&[Rel::Member, Rel::Secretariat], platform).public()
}

pub(crate) async fn view(r: &mut dyn Reader, page: &Page, ini: &Stored<Initiative>) -> Result<PlatformView, AppError> {
    let filter = members(ini.id.get());
    let total = r.count_matching(&filter).await?;
    let by_kind = r
        .facet_counts(&filter, &[CATEGORY_FACET])
        .await?
        .into_iter()
        .map(|c| (c.value.clone(), page.t(&format!("org-kind-{}", c.value)), c.count))
        .collect();
    let indicators = Filter::of(Kind::Indicator).in_initiative(ini.id.get()).public();
    let context = ops::query::<Indicator>(r, &indicators, Keyset::first(CONTEXT_SHOWN))
        .await?
        .iter()
        .filter(|i| i.commitment.is_none())
        .filter_map(|i| context_row(page, i))
        .collect();
    Ok(PlatformView { slug: ini.slug.clone(), members: page.count("members-count", total as usize), by_kind, context })
}

fn context_row(page: &Page, i: &Indicator) -> Option<ContextRow> {
    let (value, date) = i.current()?;
    let latest = i.observations.iter().rfind(|o| o.date == date)?;
    let qualifier = match latest.qualifier {
        Qualifier::Exact => String::new(),
        q => format!("{} ", page.t(&format!("qualifier-{}", qualifier_key(q)))),
    };
    Some(ContextRow {
        name: page.txt(&i.name),
        value: format!("{qualifier}{} {}", grouped(value), i.unit),
        date: date.to_string(),
        source: latest.source.clone(),
    })
}

fn qualifier_key(q: Qualifier) -> &'static str {
    match q {
        Qualifier::Exact => "exact",
        Qualifier::AtLeast => "at_least",
        Qualifier::Approximately => "approximately",
    }
}
