//! Delivering the outbox by SMTP (lettre). Notifications are written to the
//! outbox with the decision that caused them; this sender claims the due
//! ones (so that several instances send each once), hands each to the
//! relay, and records the outcome, so a relay that is down delays messages
//! but loses none; a message that keeps failing is tried less and less
//! often and, after `MAX_DELIVERY_ATTEMPTS`, left on the outbox page with
//! its reason.

use std::sync::Arc;
use std::time::Duration;

use anyhow::{Context, bail};
use lettre::message::Mailbox;
use lettre::transport::smtp::authentication::Credentials;
use lettre::transport::smtp::client::{Certificate, Tls, TlsParameters};
use lettre::{AsyncSmtpTransport, AsyncTransport, Message, Tokio1Executor};
use pledgebook_core::store::{Message as StoredMessage, Store};

/// How many messages a sender claims at a time.
const BATCH: i64 = 10;

#[derive(Debug, Clone)]
pub struct Mailer {
    transport: AsyncSmtpTransport<Tokio1Executor>,
    from: Mailbox,
}

impl Mailer {
    /// From the relay's URL, whose scheme says how its connection is secured:
    ///
    /// - `smtps://host[:465]`: TLS from the first byte;
    /// - `smtp://host[:587]?tls=required`: STARTTLS, refusing a relay without it;
    /// - `smtp://host[:25]`: plain, for a relay on the same host or network
    ///   (`?tls=opportunistic` upgrades when the relay offers STARTTLS).
    ///
    /// `user:password@` before the host signs in. Certificates are checked
    /// against Mozilla's roots (webpki-roots), plus `ca_file` (PEM) for a
    /// relay with a certificate of its own authority.
    pub fn new(url: &str, from: &str, ca_file: Option<&std::path::Path>) -> anyhow::Result<Mailer> {
        let shown = crate::config::redact(url);
        let (scheme, rest) = url
            .split_once("://")
            .with_context(|| format!("the SMTP URL must start with smtp:// or smtps:// (got {shown})"))?;
        let (rest, query) = rest.split_once('?').unwrap_or((rest, ""));
        let (auth, host_port) = match rest.rsplit_once('@') {
            Some((a, h)) => (Some(a), h),
            None => (None, rest),
        };
        let host_port = host_port.trim_end_matches('/');
        let (host, port) = match host_port.rsplit_once(':') {
            Some((h, p)) => (h, Some(p.parse::<u16>().context("the SMTP port must be a number")?)),
            None => (host_port, None),
        };
        if host.is_empty() {
            bail!("the SMTP URL names no host");
        }
        let tls_mode = query.split('&').find_map(|kv| kv.strip_prefix("tls=")).unwrap_or("");
        let params = || -> anyhow::Result<TlsParameters> {
            let mut b = TlsParameters::builder(host.to_owned());
            if let Some(path) = ca_file {
                let pem =
                    std::fs::read(path).with_context(|| format!("cannot read smtp_ca_file {}", path.display()))?;
                let cert = Certificate::from_pem(&pem)
                    .with_context(|| format!("smtp_ca_file {}: not a PEM certificate", path.display()))?;
                b = b.add_root_certificate(cert);
            }
            Ok(b.build_rustls()?)
        };
        let (tls, default_port) = match (scheme, tls_mode) {
            ("smtps", "") => (Tls::Wrapper(params()?), 465),
            ("smtp", "required") => (Tls::Required(params()?), 587),
            ("smtp", "opportunistic") => (Tls::Opportunistic(params()?), 587),
            ("smtp", "" | "none") => (Tls::None, 25),
            ("smtp" | "smtps", other) => {
                bail!("the SMTP URL's tls={other} is not known: use tls=required or tls=opportunistic, or smtps://")
            }
            (other, _) => bail!("the SMTP URL must start with smtp:// or smtps:// (got {other}://)"),
        };
        let mut builder = AsyncSmtpTransport::<Tokio1Executor>::builder_dangerous(host)
            .port(port.unwrap_or(default_port))
            .tls(tls)
            .timeout(Some(Duration::from_secs(20)));
        if let Some((user, password)) = auth.and_then(|a| a.split_once(':')) {
            builder = builder.credentials(Credentials::new(user.to_owned(), password.to_owned()));
        }
        let from = from.parse().with_context(|| format!("smtp_from {from:?} is not an e-mail address"))?;
        Ok(Mailer { transport: builder.build(), from })
    }

    /// Sends what is due, a claimed batch at a time; returns (sent, failed).
    /// The claim is committed before anything is sent, so another instance
    /// running the same sender skips these messages.
    pub async fn deliver(&self, store: &dyn Store) -> anyhow::Result<(usize, usize)> {
        let (mut sent, mut failed) = (0, 0);
        loop {
            let now = chrono::Utc::now();
            let mut tx = store.write().await?;
            let claimed = tx.claim_messages(now, now + LEASE, BATCH).await?;
            tx.commit().await?;
            if claimed.is_empty() {
                return Ok((sent, failed));
            }
            let (s, f) = self.send_claimed(store, claimed).await?;
            sent += s;
            failed += f;
        }
    }

    async fn send_claimed(&self, store: &dyn Store, claimed: Vec<StoredMessage>) -> anyhow::Result<(usize, usize)> {
        let (mut sent, mut failed) = (0, 0);
        for m in claimed {
            let outcome = async {
                let email = Message::builder()
                    .from(self.from.clone())
                    .to(m.to_email.parse()?)
                    .subject(&m.subject)
                    .body(m.body.clone())?;
                self.transport.send(email).await?;
                anyhow::Ok(())
            }
            .await;
            let error = outcome.as_ref().err().map(|e| format!("{e:#}"));
            if error.is_some() {
                failed += 1;
                tracing::warn!(to = %m.to_email, error = error.as_deref().unwrap_or(""), "notification not delivered; it stays in the outbox");
            } else {
                sent += 1;
            }
            let mut tx = store.write().await?;
            if let Some(e) = &error {
                // Keep it unsent, with the reason, for the next pass and the outbox page.
                tx.mark_sent(m.id, Some(e)).await?;
            } else {
                tx.mark_sent(m.id, None).await?;
            }
            tx.commit().await?;
        }
        Ok((sent, failed))
    }
}

/// How long a claimed batch is this sender's: ten messages at the
/// transport's 20-second timeout each fit well within it.
const LEASE: chrono::Duration = chrono::Duration::minutes(10);

/// Delivers the outbox every `every`, for as long as the server runs.
pub async fn run(mailer: Mailer, store: Arc<dyn Store>, every: Duration) {
    let mut tick = tokio::time::interval(every);
    loop {
        tick.tick().await;
        match mailer.deliver(&*store).await {
            Ok((0, 0)) => {}
            Ok((sent, failed)) => tracing::info!(sent, failed, "notifications delivered"),
            Err(e) => tracing::warn!(error = %format!("{e:#}"), "the outbox could not be read"),
        }
    }
}

#[cfg(test)]
mod tests;
