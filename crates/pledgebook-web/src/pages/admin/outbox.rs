//! The outbox as the secretariat sees it: every notification, sent or
//! waiting. Without SMTP configured this is where messages can be read.

use askama::Template;
use axum::extract::State;
use axum::response::Html;

use crate::AppState;
use crate::error::AppError;
use crate::forms::{SECRETARIAT, with_role};
use crate::page::Page;

pub(crate) struct Row {
    pub to: String,
    pub subject: String,
    pub body: String,
    pub created: String,
    pub sent: Option<String>,
    pub error: Option<String>,
    /// "3 failed attempts", or that the sender stopped trying.
    pub tries: Option<String>,
}

#[derive(Template)]
#[template(path = "outbox.html")]
pub(crate) struct Outbox {
    page: Page,
    rows: Vec<Row>,
}

pub(crate) async fn outbox(State(state): State<AppState>, page: Page) -> Result<Html<String>, AppError> {
    with_role(&page, &SECRETARIAT)?;
    let messages = state.store.read().await?.outbox(false, 200).await?;
    let rows = messages
        .into_iter()
        .map(|m| Row {
            to: m.to_email,
            subject: m.subject,
            body: m.body,
            created: m.created_at.format("%Y-%m-%d %H:%M").to_string(),
            sent: m.sent_at.map(|s| s.format("%Y-%m-%d %H:%M").to_string()),
            error: m.error,
            tries: match (m.attempts, m.given_up) {
                (0, _) => None,
                (n, false) => Some(page.t_args("delivery-attempts", &[("count", n)])),
                (n, true) => Some(page.t_args("delivery-given-up", &[("count", n)])),
            },
        })
        .collect();
    crate::pages::render(&Outbox { page, rows })
}
