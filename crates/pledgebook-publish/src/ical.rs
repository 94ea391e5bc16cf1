//! Events as iCalendar (RFC 5545), with the icalendar crate, so people can
//! add them to their own calendars. [`crate::stream::Export::events`] writes
//! the calendar around them a page at a time.

use chrono::Days;
use icalendar::{Component, EventLike};
use pledgebook_core::{Event, Lang, Stored};

/// The `VEVENT`s of these events. `host` makes the UIDs globally unique:
/// `event-12@pledgebook.example`.
pub fn vevents(events: &[Stored<Event>], host: &str) -> String {
    let mut out = String::new();
    for e in events {
        let title = e.title.show(Lang::En).text;
        let end = e.ends.unwrap_or(e.starts).checked_add_days(Days::new(1)).unwrap_or(e.starts);
        let mut ev = icalendar::Event::new();
        ev.uid(&format!("event-{}@{host}", e.id)).summary(title).all_day(e.starts);
        // An all-day event ends, exclusively, the day after its last day.
        ev.ends(end);
        if let Some(place) = &e.place {
            ev.location(place);
        }
        let summary = e.summary.show(Lang::En).text;
        if !summary.is_empty() {
            ev.description(summary);
        }
        out.push_str(&Component::to_string(&ev.done()));
    }
    out
}
