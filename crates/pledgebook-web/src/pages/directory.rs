//! The public directories: every organisation (by kind) and every
//! initiative, a page at a time by key.

use askama::Template;
use axum::extract::{RawQuery, State};
use axum::response::Html;
use pledgebook_core::paging::Limits;
use pledgebook_core::store::{CATEGORY_FACET, Filter};
use pledgebook_core::{Initiative, Kind, OrgKind, Organisation, Rel, ops};

use super::home::{InitiativeRow, OrgRow, initiative_row, org_row};
use crate::AppState;
use crate::api::list::ListParams;
use crate::error::AppError;
use crate::page::{Page, Txt};

#[derive(Template)]
#[template(path = "organisations.html")]
pub(crate) struct OrganisationsPage {
    page: Page,
    rows: Vec<OrgRow>,
    total: String,
    /// (kind, label, how many, chosen)
    kinds: Vec<(String, String, i64, bool)>,
    next: Option<String>,
    /// The platform or network whose members these are: (key, name).
    member_of: Option<(String, Txt)>,
}

impl OrganisationsPage {
    /// The list narrowed to one kind, or all kinds, keeping `member_of`.
    fn kind_href(&self, kind: Option<&str>) -> String {
        let mut q: Vec<(&str, &str)> = self.member_of.iter().map(|(key, _)| ("member_of", key.as_str())).collect();
        q.extend(kind.map(|k| ("kind", k)));
        match serde_urlencoded::to_string(&q) {
            Ok(query) if !query.is_empty() => format!("/organisations?{query}"),
            _ => "/organisations".into(),
        }
    }
}

#[derive(Template)]
#[template(path = "initiatives.html")]
pub(crate) struct InitiativesPage {
    page: Page,
    rows: Vec<InitiativeRow>,
    total: String,
    next: Option<String>,
}

/// `/organisations?kind=ngo`: organisations in the order they were added.
#[tracing::instrument(skip_all)]
pub(crate) async fn organisations(
    State(state): State<AppState>,
    RawQuery(raw): RawQuery,
    page: Page,
) -> Result<Html<String>, AppError> {
    let params = ListParams::parse(raw.as_deref(), &["kind", "member_of"], Limits::PAGE)?;
    let chosen = params.get("kind").map(str::to_owned);
    if let Some(k) = &chosen
        && OrgKind::parse(k).is_none()
    {
        return Err(AppError::BadRequest(format!("there is no organisation kind {k:?}")));
    }
    let mut r = state.store.read().await?;
    // `?member_of=jp-mirai`: the members of a platform, or of a network organisation.
    let (everyone, member_of) = match params.get("member_of") {
        None => (Filter::of(Kind::Organisation).public(), None),
        Some(key) => match ops::find::<Initiative>(&mut *r, key).await? {
            Some(p) => (super::platform::members(p.id.get()), Some((key.to_owned(), page.txt(&p.title)))),
            None => {
                let network =
                    ops::find::<Organisation>(&mut *r, key).await?.filter(|o| !o.pending).ok_or(AppError::NotFound)?;
                let members = Filter::of(Kind::Organisation).linked_to(&[Rel::Member], network.id.get()).public();
                (members, Some((key.to_owned(), page.txt(&network.name))))
            }
        },
    };
    let mut filter = everyone.clone();
    filter.category = chosen.clone();
    let listed = crate::api::list::page::<Organisation>(&mut *r, &filter, &params, "").await?;
    let kinds = r
        .facet_counts(&everyone, &[CATEGORY_FACET])
        .await?
        .into_iter()
        .map(|c| {
            let label = page.t(&format!("org-kind-{}", c.value));
            let on = chosen.as_deref() == Some(c.value.as_str());
            (c.value, label, c.count, on)
        })
        .collect();
    super::render(&OrganisationsPage {
        rows: listed.items.iter().map(|o| org_row(&page, o)).collect(),
        total: page.count("organisations-count", listed.total as usize),
        kinds,
        next: listed.next,
        member_of,
        page,
    })
}

/// `/initiatives`: campaigns, action plans, platforms and projects.
#[tracing::instrument(skip_all)]
pub(crate) async fn initiatives(
    State(state): State<AppState>,
    RawQuery(raw): RawQuery,
    page: Page,
) -> Result<Html<String>, AppError> {
    let params = ListParams::parse(raw.as_deref(), &[], Limits::PAGE)?;
    let mut r = state.store.read().await?;
    let filter = Filter::of(Kind::Initiative).public();
    let listed = crate::api::list::page::<Initiative>(&mut *r, &filter, &params, "").await?;
    let mut rows = Vec::with_capacity(listed.items.len());
    for i in &listed.items {
        rows.push(initiative_row(&mut *r, &page, i).await?);
    }
    let total = page.count("initiatives-count", listed.total as usize);
    super::render(&InitiativesPage { rows, total, next: listed.next, page })
}
