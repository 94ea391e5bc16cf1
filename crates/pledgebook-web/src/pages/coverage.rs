//! Who has reported: for each commitment of an initiative, which of its
//! organisations have sent a report for the period; the missing ones as CSV;
//! and opening or closing the period's reporting round.

use askama::Template;
use axum::body::Bytes;
use axum::extract::{Path, Query, State};
use axum::http::HeaderMap;
use axum::response::{Html, Redirect, Response};
use pledgebook_core::paging::{Cursor, Limits};
use pledgebook_core::store::{Keyset, Reader};
use pledgebook_core::{Commitment, Id, Initiative, Organisation, Period, Round, Stored, ops};
use serde::Deserialize;

use super::initiative::{OrgRef, Orgs, org_refs};
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
    reported: i64,
    owed: i64,
    /// The query string of the next page of commitments.
    next: Option<String>,
    manage: bool,
    /// The chosen period's round is open.
    open: bool,
    /// Messages just queued by opening the round or sending a reminder.
    told: Option<i64>,
    /// The last day reports of the chosen period are due.
    closes: Option<String>,
    /// That day has passed: the missing reports are overdue.
    overdue: bool,
}

#[derive(Deserialize)]
pub(crate) struct PeriodQuery {
    period: Option<String>,
    after: Option<String>,
    told: Option<i64>,
}

/// Commitments on one page of coverage.
const COVERAGE_PAGE: u32 = 100;

/// For one page of commitments: which of their organisations reported for
/// the period, counted in SQL; the organisations and titles shown are read by id.
async fn coverage_rows(
    r: &mut dyn Reader,
    page: &Page,
    ini: &Stored<Initiative>,
    period: Period,
    keyset: Keyset,
) -> Result<Vec<CoverageRow>, AppError> {
    let owed = r.coverage(ini.id.get(), &period.to_string(), keyset).await?;
    let commitments = ops::get_many::<Commitment>(r, owed.iter().map(|o| Id::new(o.commitment))).await?;
    let orgs: Orgs = ops::get_many::<Organisation>(r, owed.iter().map(|o| Id::new(o.organisation))).await?;
    let mut rows: Vec<CoverageRow> = Vec::new();
    for o in &owed {
        let Some(c) = commitments.get(&Id::new(o.commitment)) else { continue };
        if rows.last().is_none_or(|row| row.id != o.commitment) {
            rows.push(CoverageRow {
                id: o.commitment,
                node: c.node.as_ref().map(ToString::to_string).unwrap_or_default(),
                title: page.txt(&c.title),
                reported: Vec::new(),
                missing: Vec::new(),
            });
        }
        let row = rows.last_mut().expect("a row was just pushed");
        let org = org_refs(page, &orgs, [Id::new(o.organisation)]);
        if o.reported { row.reported.extend(org) } else { row.missing.extend(org) }
    }
    Ok(rows)
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
    let period = chosen_period(&ini, &q);
    let cursor = Cursor::parse(q.after.as_deref(), None, Limits { default_size: COVERAGE_PAGE, ..Limits::PAGE })
        .map_err(|e| AppError::BadRequest(e.to_string()))?;
    let (rows, (owed, reported)) = match period {
        Some(p) => (
            coverage_rows(&mut *r, &page, &ini, p, cursor.keyset()).await?,
            r.coverage_totals(ini.id.get(), &p.to_string()).await?,
        ),
        None => (Vec::new(), (0, 0)),
    };
    drop(r);
    let next = match (period, rows.last()) {
        (Some(p), Some(last)) if rows.len() == cursor.size() as usize => Some(format!("period={p}&after={}", last.id)),
        _ => None,
    };
    let mut periods: Vec<(String, bool)> =
        ini.periods.iter().map(|p| (p.to_string(), ini.open_rounds().any(|o| o == *p))).collect();
    for round in &ini.rounds {
        if !ini.periods.contains(&round.period) {
            periods.push((round.period.to_string(), round.open));
        }
    }
    let round = period.and_then(|p| ini.rounds.iter().find(|r| r.period == p));
    super::render(&Coverage {
        title: page.txt(&ini.title),
        slug,
        period: period.map(|p| p.to_string()),
        periods,
        rows,
        reported,
        owed,
        next,
        manage,
        open: period.is_some_and(|p| ini.open_rounds().any(|o| o == p)),
        told: q.told,
        closes: round.and_then(|r| r.closes).map(|d| d.to_string()),
        overdue: round.and_then(|r| r.closes).is_some_and(|d| chrono::Utc::now().date_naive() > d),
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
    let mut out = String::from("period,measure,commitment_id,commitment,organisation\n");
    let quote = |s: &str| format!("\"{}\"", s.replace('"', "\"\""));
    let mut r = state.store.read().await?;
    let mut after = None;
    loop {
        let rows = coverage_rows(&mut *r, &page, &ini, period, Keyset::after(after, COVERAGE_PAGE)).await?;
        let Some(last) = rows.last() else { break };
        after = Some(last.id);
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
    }
    Ok(super::downloads::csv_attachment(format!("missing-reports-{slug}-{period}.csv"), out))
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
    let opening = open && !ini.open_rounds().any(|p| p == period);
    let mut value = ini.value.clone();
    let closes = match form.get("closes") {
        "" => None,
        day => Some(
            chrono::NaiveDate::parse_from_str(day, "%Y-%m-%d")
                .map_err(|_| AppError::BadRequest(format!("the closing day {day:?} is not a date (YYYY-MM-DD)")))?,
        ),
    };
    match value.rounds.iter_mut().find(|r| r.period == period) {
        Some(r) => r.open = open,
        None => value.rounds.push(Round { open, ..Round::opened(period) }),
    }
    if let (true, Some(day), Some(r)) = (open, closes, value.rounds.iter_mut().find(|r| r.period == period)) {
        // A new closing day gets its own reminder.
        r.reminded &= r.closes == Some(day);
        r.closes = Some(day);
    }
    if !value.periods.contains(&period) {
        value.periods.push(period);
        value.periods.sort();
    }
    ops::update(&mut *tx, &user.actor(), ini.id, ini.version, value).await?;
    let told = match opening {
        true => tell_owing(&mut *tx, &state, &ini, period, Notice::Opened).await?,
        false => 0,
    };
    tx.commit().await?;
    Ok(Redirect::to(&format!("/initiatives/{slug}/coverage?period={period}&told={told}")))
}

/// `POST /initiatives/{slug}/remind`: a reminder to every organisation that
/// owes a report for the period and has not sent it.
pub(crate) async fn remind(
    State(state): State<AppState>,
    Path(slug): Path<String>,
    headers: HeaderMap,
    page: Page,
    body: Bytes,
) -> Result<Redirect, AppError> {
    let form = FormData::posted(&headers, &body)?;
    with_role(&page, &SECRETARIAT)?;
    let period: Period = form
        .get("period")
        .parse()
        .map_err(|e: pledgebook_core::period::BadPeriod| AppError::BadRequest(e.to_string()))?;
    let mut tx = state.store.write().await?;
    let ini = ops::find::<Initiative>(&mut *tx, &slug).await?.ok_or(AppError::NotFound)?;
    if !ini.open_rounds().any(|p| p == period) {
        return Err(AppError::Conflict(format!("the {period} round is not open: open it first")));
    }
    let told = tell_owing(&mut *tx, &state, &ini, period, Notice::Reminder).await?;
    tx.commit().await?;
    Ok(Redirect::to(&format!("/initiatives/{slug}/coverage?period={period}&told={told}")))
}

/// Why the organisations that owe a report are written to.
#[derive(Clone, Copy)]
pub(crate) enum Notice {
    Opened,
    Reminder,
}

/// Most owed reports one request tells their organisations about; a
/// campaign with more is told in turns (each reminder reaches the next
/// organisations that have still not reported).
const TOLD_AT_ONCE: u32 = 5_000;
/// Editors of one organisation who are written to.
const EDITORS_TOLD: u32 = 20;

/// Writes, through the outbox, to the editors of every organisation that
/// owes a report for `period` and has not sent it, each in their language,
/// with a link to each report form. Returns how many messages it queued.
pub(crate) async fn tell_owing(
    tx: &mut dyn pledgebook_core::store::Tx,
    state: &AppState,
    ini: &Stored<Initiative>,
    period: Period,
    notice: Notice,
) -> Result<usize, AppError> {
    use pledgebook_core::store::{Filter, NewMessage};
    use pledgebook_core::{Kind, Rel, User};
    let owed = tx.coverage(ini.id.get(), &period.to_string(), Keyset::first(TOLD_AT_ONCE)).await?;
    let mut by_org: std::collections::BTreeMap<i64, Vec<i64>> = Default::default();
    for o in owed.into_iter().filter(|o| !o.reported) {
        by_org.entry(o.organisation).or_default().push(o.commitment);
    }
    let (subject_key, body_key) = match notice {
        Notice::Opened => ("mail-round-subject", "mail-round-body"),
        Notice::Reminder => ("mail-reminder-subject", "mail-reminder-body"),
    };
    let mut queued = 0;
    for (org, commitments) in by_org {
        let editors = Filter::of(Kind::User).linked_to(&[Rel::Employer], org);
        for u in ops::query::<User>(tx, &editors, Keyset::first(EDITORS_TOLD)).await? {
            if u.disabled {
                continue;
            }
            let lang = u.lang.unwrap_or_default();
            let t = |key: &str| state.catalog.t(lang, key);
            let title = ini.title.show(lang).text;
            let links: String =
                commitments.iter().map(|c| format!("{}/report/{c}\n", state.config.public_url)).collect();
            let message = NewMessage {
                to_email: u.email.clone(),
                subject: format!("{} {title} ({period})", t(subject_key)),
                body: format!("{}\n\n{links}", t(body_key)),
                record_id: Some(ini.id.get()),
            };
            tx.queue_message(&message).await?;
            queued += 1;
        }
    }
    Ok(queued)
}
