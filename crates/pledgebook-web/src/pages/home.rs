//! The home page: the initiatives, counted in SQL, and the first
//! organisations, with links to their full directories.

use askama::Template;
use axum::extract::State;
use axum::response::Html;
use pledgebook_core::store::{Filter, Keyset, Reader};
use pledgebook_core::{Initiative, Kind, Organisation, Stored, ops};

use crate::AppState;
use crate::error::AppError;
use crate::page::{Page, Txt};

/// Initiatives and organisations the home page shows; the directories
/// (`/initiatives`, `/organisations`) page through the rest.
const SHOWN: u32 = 24;

pub(crate) struct InitiativeRow {
    pub slug: String,
    pub title: Txt,
    pub kind: String,
    pub commitments: String,
}

pub(crate) struct OrgRow {
    pub slug: String,
    pub name: Txt,
    pub abbreviation: Option<String>,
    pub kind: String,
}

#[derive(Template)]
#[template(path = "home.html")]
pub(crate) struct Home {
    page: Page,
    initiatives: Vec<InitiativeRow>,
    more_initiatives: bool,
    organisations: Vec<OrgRow>,
    organisation_count: String,
    more_organisations: bool,
}

/// An initiative with the number of its public commitments.
pub(crate) async fn initiative_row(
    r: &mut dyn Reader,
    page: &Page,
    i: &Stored<Initiative>,
) -> Result<InitiativeRow, AppError> {
    let n = r.count_matching(&Filter::of(Kind::Commitment).in_initiative(i.id.get()).public()).await?;
    Ok(InitiativeRow {
        slug: i.slug.clone(),
        title: page.txt(&i.title),
        kind: page.t(&format!("initiative-kind-{}", i.kind.as_str())),
        commitments: page.count("commitments-count", n as usize),
    })
}

pub(crate) fn org_row(page: &Page, o: &Stored<Organisation>) -> OrgRow {
    OrgRow {
        slug: o.slug.clone(),
        name: page.txt(&o.name),
        abbreviation: o.abbreviations.first().cloned(),
        kind: page.t(&format!("org-kind-{}", o.kind.as_str())),
    }
}

#[tracing::instrument(skip_all)]
pub(crate) async fn show(State(state): State<AppState>, page: Page) -> Result<Html<String>, AppError> {
    let mut r = state.store.read().await?;
    let found =
        ops::query::<Initiative>(&mut *r, &Filter::of(Kind::Initiative).public(), Keyset::first(SHOWN + 1)).await?;
    let mut initiatives = Vec::new();
    for i in found.iter().take(SHOWN as usize) {
        initiatives.push(initiative_row(&mut *r, &page, i).await?);
    }
    let everyone = Filter::of(Kind::Organisation).public();
    let orgs = ops::query::<Organisation>(&mut *r, &everyone, Keyset::first(SHOWN + 1)).await?;
    let total = r.count_matching(&everyone).await?;
    super::render(&Home {
        more_initiatives: found.len() > SHOWN as usize,
        organisations: orgs.iter().take(SHOWN as usize).map(|o| org_row(&page, o)).collect(),
        organisation_count: page.count("organisations-count", total as usize),
        more_organisations: orgs.len() > SHOWN as usize,
        initiatives,
        page,
    })
}
