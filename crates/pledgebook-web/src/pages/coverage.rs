//! Who has reported: for each commitment of an initiative, which of its
//! organisations have sent a report for the period; the missing ones as CSV;
//! and opening or closing the period's reporting round.

use askama::Template;
use axum::body::Bytes;
use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, header};
use axum::response::{Html, IntoResponse, Redirect, Response};
use pledgebook_core::{Commitment, Initiative, Period, ProgressEntry, Rel, Round, Stored, ops};
use serde::Deserialize;

use super::initiative::{OrgRef, Orgs, all_orgs, org_refs};
use super::reporting::has_reported;
use crate::AppState;
use crate::error::AppError;
use crate::forms::{FormData, REVIEWERS, SECRETARIAT, with_role};
use crate::page::{Page, Txt};

pub(crate) struct CoverageRow {
    pub id: i64,
    pub node: String,
    pub title: Txt,
    pub reported: Vec<OrgRef>,
    pub missing: Vec<OrgRef>,
}

#[derive(Template)]
#[template(path = "coverage.html")]
pub(crate) struct Coverage {
    page: Page,
    slug: String,
    title: Txt,
    period: Option<String>,
    periods: Vec<(String, bool)>,
    rows: Vec<CoverageRow>,
    reported: usize,
    owed: usize,
    manage: bool,
}

#[derive(Deserialize)]
pub(crate) struct PeriodQuery {
    period: Option<String>,
}

/// For each commitment: which of its organisations reported for the period.
async fn coverage_rows(
    state: &AppState,
    page: &Page,
    ini: &Stored<Initiative>,
    period: Period,
) -> Result<(Vec<CoverageRow>, Orgs), AppError> {
    let mut r = state.store.read().await?;
    let orgs = all_orgs(&mut *r).await?;
    let entries = ops::list::<ProgressEntry>(&mut *r, Some((Rel::Initiative, ini.id.get()))).await?;
    let rows = ops::list::<Commitment>(&mut *r, Some((Rel::Initiative, ini.id.get())))
        .await?
        .iter()
        .filter(|c| c.status.is_public())
        .map(|c| {
            let (done, missing): (Vec<_>, Vec<_>) =
                c.owners().into_iter().partition(|o| has_reported(&entries, c.id, *o, period));
            CoverageRow {
                id: c.id.get(),
                node: c.node.as_ref().map(ToString::to_string).unwrap_or_default(),
                title: page.txt(&c.title),
                reported: org_refs(page, &orgs, done),
                missing: org_refs(page, &orgs, missing),
            }
        })
        .collect();
    Ok((rows, orgs))
}

fn chosen_period(ini: &Initiative, q: &PeriodQuery) -> Option<Period> {
    q.period
        .as_deref()
        .and_then(|p| p.parse().ok())
        .or_else(|| ini.open_rounds().last())
        .or_else(|| ini.periods.last().copied())
}

pub(crate) async fn coverage(
    State(state): State<AppState>,
    Path(slug): Path<String>,
    Query(q): Query<PeriodQuery>,
    page: Page,
) -> Result<Html<String>, AppError> {
    let user = with_role(&page, &REVIEWERS)?;
    let manage = user.user.role.edits_everything();
    let mut r = state.store.read().await?;
    let ini = ops::find::<Initiative>(&mut *r, &slug).await?.ok_or(AppError::NotFound)?;
    drop(r);
    let period = chosen_period(&ini, &q);
    let (rows, _) = match period {
        Some(p) => coverage_rows(&state, &page, &ini, p).await?,
        None => (Vec::new(), Default::default()),
    };
    let reported = rows.iter().map(|r| r.reported.len()).sum();
    let owed = rows.iter().map(|r| r.reported.len() + r.missing.len()).sum();
    let mut periods: Vec<(String, bool)> =
        ini.periods.iter().map(|p| (p.to_string(), ini.open_rounds().any(|o| o == *p))).collect();
    for round in &ini.rounds {
        if !ini.periods.contains(&round.period) {
            periods.push((round.period.to_string(), round.open));
        }
    }
    super::render(&Coverage {
        title: page.txt(&ini.title),
        slug,
        period: period.map(|p| p.to_string()),
        periods,
        rows,
        reported,
        owed,
        manage,
        page,
    })
}

/// The missing reports as CSV: one line per commitment and organisation that has not reported.
pub(crate) async fn missing_csv(
    State(state): State<AppState>,
    Path(slug): Path<String>,
    Query(q): Query<PeriodQuery>,
    page: Page,
) -> Result<Response, AppError> {
    with_role(&page, &REVIEWERS)?;
    let mut r = state.store.read().await?;
    let ini = ops::find::<Initiative>(&mut *r, &slug).await?.ok_or(AppError::NotFound)?;
    drop(r);
    let period = chosen_period(&ini, &q)
        .ok_or_else(|| AppError::BadRequest("this initiative has no reporting period".into()))?;
    let (rows, _) = coverage_rows(&state, &page, &ini, period).await?;
    let mut out = String::from("period,measure,commitment_id,commitment,organisation\n");
    let quote = |s: &str| format!("\"{}\"", s.replace('"', "\"\""));
    for row in &rows {
        for org in &row.missing {
            out.push_str(&format!(
                "{period},{},{},{},{}\n",
                quote(&row.node),
                row.id,
                quote(&row.title.text),
                quote(&org.label)
            ));
        }
    }
    let disposition = format!("attachment; filename=\"missing-reports-{slug}-{period}.csv\"");
    Ok((
        [(header::CONTENT_TYPE, "text/csv; charset=utf-8".to_owned()), (header::CONTENT_DISPOSITION, disposition)],
        out,
    )
        .into_response())
}

/// Opens or closes a reporting round.
pub(crate) async fn rounds(
    State(state): State<AppState>,
    Path(slug): Path<String>,
    headers: HeaderMap,
    page: Page,
    body: Bytes,
) -> Result<Redirect, AppError> {
    let form = FormData::posted(&headers, &body)?;
    let user = with_role(&page, &SECRETARIAT)?;
    let period: Period = form
        .get("period")
        .parse()
        .map_err(|e: pledgebook_core::period::BadPeriod| AppError::BadRequest(e.to_string()))?;
    let open = form.get("action") == "open";
    let mut tx = state.store.write().await?;
    let ini = ops::find::<Initiative>(&mut *tx, &slug).await?.ok_or(AppError::NotFound)?;
    let mut value = ini.value.clone();
    match value.rounds.iter_mut().find(|r| r.period == period) {
        Some(r) => r.open = open,
        None => value.rounds.push(Round { period, open }),
    }
    if !value.periods.contains(&period) {
        value.periods.push(period);
        value.periods.sort();
    }
    ops::update(&mut *tx, &user.actor(), ini.id, ini.version, value).await?;
    tx.commit().await?;
    Ok(Redirect::to(&format!("/initiatives/{slug}/coverage?period={period}")))
}
