//! `pledgebook serve`: the web server, until SIGINT or SIGTERM.

use std::io::Write;
use std::sync::Arc;
use std::time::Duration;

use anyhow::Context;
use pledgebook_core::store::Store;
use pledgebook_web::{AppState, WebConfig};
use tokio::net::TcpListener;

use crate::config::Config;

pub async fn run(config: &Config, store: Arc<dyn Store>) -> anyhow::Result<()> {
    let listener = TcpListener::bind(config.listen).await.with_context(|| {
        format!("cannot listen on {}; is another server using it? Choose another with --listen", config.listen)
    })?;
    let addr = listener.local_addr()?;
    // Scripts and tests read this line to find the port when --listen ends in :0.
    println!("pledgebook is serving on http://{addr}/ ({} database)", store.backend());
    std::io::stdout().flush()?;
    tokio::spawn(purge_sessions(store.clone()));
    match &config.smtp_url {
        Some(url) => {
            let mailer = crate::mail::Mailer::new(url, &config.smtp_from, config.smtp_ca_file.as_deref())?;
            tokio::spawn(crate::mail::run(mailer, store.clone(), Duration::from_secs(30)));
        }
        None => tracing::info!("no SMTP relay configured: notifications stay in the outbox page"),
    }
    // The index follows the change log in the background, from the moment
    // the server listens: search answers from the index it has, and
    // /healthz says how far behind it is.
    let index = Arc::new(pledgebook_search::SearchIndex::open(&config.search_dir())?);
    tokio::spawn(follow_changes(index.clone(), store.clone()));
    let web = WebConfig {
        secure_cookies: config.secure_cookies,
        session_hours: config.session_hours,
        max_body_bytes: config.max_body_bytes,
        login_per_minute: config.login_per_minute,
        pledges_per_hour: config.pledges_per_hour,
        pdf_per_minute: config.pdf_per_minute,
        pdf_font: config.pdf_font.clone(),
        iati_publisher_ref: config.iati_publisher_ref.clone(),
        public_url: config.public_url.clone().unwrap_or_else(|| format!("http://{addr}")),
        remind_days_before_close: config.remind_days_before_close,
        request_timeout: std::time::Duration::from_secs(config.request_timeout_secs.max(1)),
        trusted_proxies: pledgebook_web::client::TrustedProxies::from_list(&config.trusted_proxies)?,
        api_per_minute: config.api_per_minute,
    };
    let state = AppState::new(store.clone(), web).with_search(index);
    tokio::spawn(pledgebook_web::reminders::run(state.clone()));
    pledgebook_web::serve(listener, state, shutdown_signal()).await?;
    tracing::info!("stopped; closing the database");
    store.close().await;
    Ok(())
}

/// Applies the change log every second; a write is searchable on every
/// instance about a second after its commit.
async fn follow_changes(index: Arc<pledgebook_search::SearchIndex>, store: Arc<dyn Store>) {
    let mut tick = tokio::time::interval(Duration::from_secs(1));
    loop {
        tick.tick().await;
        match index.catch_up(&*store).await {
            Ok(0) => {}
            Ok(n) => tracing::info!(records = n, applied = index.applied(), "search index caught up"),
            Err(e) => tracing::warn!(error = %e, "the search index could not follow the change log"),
        }
    }
}

async fn purge_sessions(store: Arc<dyn Store>) {
    let mut tick = tokio::time::interval(Duration::from_secs(3600));
    loop {
        tick.tick().await;
        match store.purge_sessions(chrono::Utc::now()).await {
            Ok(n) if n > 0 => tracing::info!(n, "expired sessions removed"),
            Ok(_) => {}
            Err(e) => tracing::warn!(error = %e, "could not remove expired sessions"),
        }
    }
}

async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    let term = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut s) => {
                s.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    tokio::select! {
        () = ctrl_c => {},
        () = term => {},
    }
    tracing::info!("shutting down: finishing requests in flight");
}
