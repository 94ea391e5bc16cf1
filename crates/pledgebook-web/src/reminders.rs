//! Automatic reminders: a few days before a reporting round closes, the
//! editors of every organisation that owes a report and has not sent it are
//! written to, once per round. The round remembers it in the transaction
//! that queues the messages, so two instances never both send it.

use chrono::NaiveDate;
use pledgebook_core::ops::{self, Scan};
use pledgebook_core::store::Filter;
use pledgebook_core::{Actor, Initiative, Kind, Period};

use crate::AppState;
use crate::error::AppError;
use crate::pages::coverage::{Notice, tell_owing};

/// How often `serve` looks for rounds whose reminder is due.
pub const EVERY: std::time::Duration = std::time::Duration::from_secs(3600);

/// Sends the reminders due on `today`; returns how many messages it queued.
pub async fn send_due(state: &AppState, today: NaiveDate) -> Result<usize, AppError> {
    let days = state.config.remind_days_before_close;
    let mut due: Vec<(pledgebook_core::Id<Initiative>, Period)> = Vec::new();
    {
        let mut r = state.store.read().await?;
        let mut scan = Scan::new(Filter::of(Kind::Initiative), 100);
        while let Some(page) = scan.next::<Initiative>(&mut *r).await? {
            for i in page {
                due.extend(
                    i.rounds.iter().filter(|round| round.reminder_due(today, days)).map(|round| (i.id, round.period)),
                );
            }
        }
    }
    let mut sent = 0;
    for (id, period) in due {
        let mut tx = state.store.write().await?;
        let ini = ops::get::<Initiative>(&mut *tx, id).await?;
        // Read again under the write lock: another instance may have sent it.
        let Some(at) = ini.rounds.iter().position(|r| r.period == period && r.reminder_due(today, days)) else {
            continue;
        };
        sent += tell_owing(&mut *tx, state, &ini, period, Notice::Reminder).await?;
        let mut value = ini.value.clone();
        value.rounds[at].reminded = true;
        let note = "the reminder before the round closes was sent";
        ops::update_noted(&mut *tx, &Actor::system("reminders"), id, ini.version, value, Some(note)).await?;
        tx.commit().await?;
    }
    Ok(sent)
}

/// Sends due reminders every [`EVERY`], for as long as the server runs.
pub async fn run(state: AppState) {
    loop {
        match send_due(&state, chrono::Utc::now().date_naive()).await {
            Ok(0) => {}
            Ok(n) => tracing::info!(messages = n, "reminders before rounds close queued"),
            Err(e) => tracing::warn!(error = %e, "reminders could not be sent; trying again later"),
        }
        tokio::time::sleep(EVERY).await;
    }
}
