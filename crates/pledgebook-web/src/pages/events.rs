//! Events: a list grouped by month, each month shown as a calendar with the
//! days that have events marked.

use std::collections::BTreeMap;

use askama::Template;
use axum::extract::State;
use axum::response::Html;
use chrono::{Datelike, NaiveDate};
use pledgebook_core::store::{Filter, Keyset};
use pledgebook_core::{Event, Kind, Organisation, ops};

use super::initiative::{OrgRef, org_refs};
use crate::AppState;
use crate::error::AppError;
use crate::page::{Page, Txt};

pub(crate) struct EventView {
    pub title: Txt,
    pub date: String,
    pub mode: String,
    pub place: Option<String>,
    pub organisers: Vec<OrgRef>,
}

/// A month: its name, weeks of seven day numbers (0 for padding), and the event days.
pub(crate) struct Month {
    pub label: String,
    pub weeks: Vec<[u32; 7]>,
    pub event_days: Vec<u32>,
    pub events: Vec<EventView>,
}

#[derive(Template)]
#[template(path = "events.html")]
pub(crate) struct Events {
    page: Page,
    months: Vec<Month>,
    weekdays: Vec<String>,
}

/// Weeks of a month, Monday first.
pub(crate) fn weeks(year: i32, month: u32) -> Vec<[u32; 7]> {
    let first = NaiveDate::from_ymd_opt(year, month, 1).expect("valid month");
    let next =
        if month == 12 { NaiveDate::from_ymd_opt(year + 1, 1, 1) } else { NaiveDate::from_ymd_opt(year, month + 1, 1) }
            .expect("valid month");
    let days = (next - first).num_days() as u32;
    let offset = first.weekday().num_days_from_monday();
    let mut out = Vec::new();
    let mut week = [0; 7];
    for day in 1..=days {
        let slot = ((offset + day - 1) % 7) as usize;
        week[slot] = day;
        if slot == 6 {
            out.push(week);
            week = [0; 7];
        }
    }
    if week.iter().any(|d| *d > 0) {
        out.push(week);
    }
    out
}

/// The calendar shows the most recently added events; the iCalendar
/// download has every one.
const EVENTS_SHOWN: u32 = 300;

pub(crate) async fn list(State(state): State<AppState>, page: Page) -> Result<Html<String>, AppError> {
    let mut r = state.store.read().await?;
    let all = ops::query::<Event>(&mut *r, &Filter::of(Kind::Event).public(), Keyset::newest(EVENTS_SHOWN)).await?;
    let orgs = ops::get_many::<Organisation>(&mut *r, all.iter().flat_map(|e| e.organisers.iter().copied())).await?;
    let mut by_month: BTreeMap<(i32, u32), Vec<&pledgebook_core::Stored<Event>>> = BTreeMap::new();
    for e in &all {
        by_month.entry((e.starts.year(), e.starts.month())).or_default().push(e);
    }
    let months = by_month
        .into_iter()
        .rev()
        .map(|((y, m), mut events)| {
            events.sort_by_key(|e| e.starts);
            let mut event_days: Vec<u32> = Vec::new();
            for e in &events {
                let last = e.ends.filter(|d| d.month() == m && d.year() == y).map_or(e.starts.day(), |d| d.day());
                event_days.extend(e.starts.day()..=last);
            }
            Month {
                label: format!("{y}-{m:02}"),
                weeks: weeks(y, m),
                event_days,
                events: events
                    .iter()
                    .map(|e| EventView {
                        title: page.txt(&e.title),
                        date: match e.ends {
                            Some(end) => format!("{} – {end}", e.starts),
                            None => e.starts.to_string(),
                        },
                        mode: page.t(&format!("mode-{}", e.mode.as_str())),
                        place: e.place.clone(),
                        organisers: org_refs(&page, &orgs, e.organisers.iter().copied()),
                    })
                    .collect(),
            }
        })
        .collect();
    let weekdays =
        ["mon", "tue", "wed", "thu", "fri", "sat", "sun"].iter().map(|d| page.t(&format!("day-{d}"))).collect();
    super::render(&Events { page, months, weekdays })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn march_2021_starts_on_a_monday_and_june_on_a_tuesday() {
        let march = weeks(2021, 3);
        assert_eq!(march[0], [1, 2, 3, 4, 5, 6, 7]);
        assert_eq!(march.last().unwrap()[2], 31);
        let june = weeks(2021, 6);
        assert_eq!(june[0], [0, 1, 2, 3, 4, 5, 6]);
        assert_eq!(june.len(), 5);
    }
}
