//! The home page: the initiatives and the organisations behind them.

use askama::Template;
use axum::extract::State;
use axum::response::Html;
use pledgebook_core::{Commitment, Initiative, Organisation, Rel, ops};

use crate::AppState;
use crate::error::AppError;
use crate::page::{Page, Txt};

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
    organisations: Vec<OrgRow>,
}

#[tracing::instrument(skip_all)]
pub(crate) async fn show(State(state): State<AppState>, page: Page) -> Result<Html<String>, AppError> {
    let mut r = state.store.read().await?;
    let mut initiatives = Vec::new();
    for i in ops::list::<Initiative>(&mut *r, None).await? {
        let n = ops::list::<Commitment>(&mut *r, Some((Rel::Initiative, i.id.get())))
            .await?
            .iter()
            .filter(|c| c.status.is_public())
            .count();
        initiatives.push(InitiativeRow {
            slug: i.slug.clone(),
            title: page.txt(&i.title),
            kind: page.t(&format!("initiative-kind-{}", i.kind.as_str())),
            commitments: page.count("commitments-count", n),
        });
    }
    let organisations = ops::list::<Organisation>(&mut *r, None)
        .await?
        .iter()
        .map(|o| OrgRow {
            slug: o.slug.clone(),
            name: page.txt(&o.name),
            abbreviation: o.abbreviations.first().cloned(),
            kind: page.t(&format!("org-kind-{}", o.kind.as_str())),
        })
        .collect();
    super::render(&Home { page, initiatives, organisations })
}
