//! Events as iCalendar (RFC 5545), with the icalendar crate, so people can
//! add them to their own calendars.

use chrono::Days;
use icalendar::{Calendar, Component, EventLike};
use pledgebook_core::{Event, Lang, Stored};

/// `host` makes the UIDs globally unique: `event-12@pledgebook.example`.
pub fn calendar(events: &[Stored<Event>], host: &str) -> String {
    let mut cal = Calendar::new();
    cal.name("pledgebook");
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
        cal.push(ev.done());
    }
    cal.done().to_string()
}
