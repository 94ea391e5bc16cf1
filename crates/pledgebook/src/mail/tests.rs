//! The sender against SMTP servers on loopback: plain, over TLS, refusing,
//! and shared by two instances.

use super::*;
use pledgebook_core::store::NewMessage;
use tokio::io::{AsyncBufReadExt, AsyncRead, AsyncWrite, AsyncWriteExt, BufReader};

/// The server's side of an SMTP conversation after its greeting: takes
/// every message (or refuses every recipient), tells `on_rcpt` each
/// recipient it takes, and returns every line it was sent.
async fn converse(
    read: impl AsyncRead + Unpin,
    mut write: impl AsyncWrite + Unpin,
    refuse: bool,
    on_rcpt: &mut (dyn FnMut(&str) + Send),
) -> String {
    let mut lines = BufReader::new(read).lines();
    let mut seen = String::new();
    let mut in_data = false;
    while let Ok(Some(line)) = lines.next_line().await {
        seen.push_str(&line);
        seen.push('\n');
        let reply: &[u8] = match line.as_str() {
            "." if in_data => {
                in_data = false;
                b"250 queued\r\n"
            }
            _ if in_data => continue,
            "DATA" => {
                in_data = true;
                b"354 go ahead\r\n"
            }
            "QUIT" => {
                let _ = write.write_all(b"221 bye\r\n").await;
                break;
            }
            l if l.starts_with("EHLO") => b"250 test\r\n",
            l if l.starts_with("RCPT") && refuse => b"550 no such user\r\n",
            l => {
                if let Some(to) = l.strip_prefix("RCPT TO:") {
                    on_rcpt(to);
                }
                b"250 ok\r\n"
            }
        };
        if write.write_all(reply).await.is_err() {
            break;
        }
    }
    seen
}

/// A small SMTP server on loopback that accepts one connection's mail,
/// or refuses every recipient, and returns what it was told.
async fn smtp_server(refuse: bool) -> (u16, tokio::task::JoinHandle<String>) {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let port = listener.local_addr().unwrap().port();
    let handle = tokio::spawn(async move {
        let (socket, _) = listener.accept().await.unwrap();
        let (read, mut write) = socket.into_split();
        write.write_all(b"220 test ESMTP\r\n").await.unwrap();
        converse(read, write, refuse, &mut |_| {}).await
    });
    (port, handle)
}

async fn store_with_message() -> (tempfile::TempDir, Arc<dyn Store>) {
    let dir = tempfile::tempdir().unwrap();
    let store: Arc<dyn Store> =
        Arc::new(pledgebook_store_sqlite::SqliteStore::open(dir.path().join("t.db").to_str().unwrap()).await.unwrap());
    let mut tx = store.write().await.unwrap();
    let m = NewMessage {
        to_email: "editor@jccu.example".into(),
        subject: "[pledgebook] approved".into(),
        body: "Your pledge is approved.".into(),
        record_id: None,
    };
    tx.queue_message(&m).await.unwrap();
    tx.commit().await.unwrap();
    (dir, store)
}

#[tokio::test]
async fn the_outbox_is_delivered_over_smtp_and_marked_sent() {
    let (_dir, store) = store_with_message().await;
    let (port, server) = smtp_server(false).await;
    let mailer =
        Mailer::new(&format!("smtp://127.0.0.1:{port}"), "pledgebook <noreply@pledgebook.example>", None).unwrap();
    assert_eq!(mailer.deliver(&*store).await.unwrap(), (1, 0));
    let seen = server.await.unwrap();
    assert!(seen.contains("MAIL FROM:<noreply@pledgebook.example>"), "{seen}");
    assert!(seen.contains("RCPT TO:<editor@jccu.example>"), "{seen}");
    assert!(seen.contains("Subject: [pledgebook] approved") && seen.contains("Your pledge is approved."), "{seen}");
    assert!(store.read().await.unwrap().outbox(true, 10).await.unwrap().is_empty());
}

#[tokio::test]
async fn a_refused_message_stays_in_the_outbox_with_the_reason() {
    let (_dir, store) = store_with_message().await;
    let (port, _server) = smtp_server(true).await;
    let mailer = Mailer::new(&format!("smtp://127.0.0.1:{port}"), "noreply@pledgebook.example", None).unwrap();
    assert_eq!(mailer.deliver(&*store).await.unwrap(), (0, 1));
    let waiting = store.read().await.unwrap().outbox(true, 10).await.unwrap();
    assert_eq!(waiting.len(), 1);
    assert!(waiting[0].error.as_deref().unwrap().contains("550"), "{:?}", waiting[0].error);
    assert_eq!((waiting[0].attempts, waiting[0].given_up), (1, false));
    // Not tried again at once: the next attempt waits (a minute, doubling).
    assert_eq!(mailer.deliver(&*store).await.unwrap(), (0, 0));
}

#[test]
fn retries_back_off_and_stop() {
    use pledgebook_core::store::{MAX_DELIVERY_ATTEMPTS, retry_delay};
    assert_eq!(retry_delay(1), Some(chrono::Duration::minutes(2)));
    assert!(retry_delay(5) > retry_delay(4));
    assert_eq!(retry_delay(MAX_DELIVERY_ATTEMPTS), None);
}

/// An SMTP server on loopback that takes any number of connections and
/// records every recipient it is given.
async fn smtp_sink() -> (u16, Arc<std::sync::Mutex<Vec<String>>>) {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let port = listener.local_addr().unwrap().port();
    let seen = Arc::new(std::sync::Mutex::new(Vec::new()));
    let recorded = seen.clone();
    tokio::spawn(async move {
        while let Ok((socket, _)) = listener.accept().await {
            let recorded = recorded.clone();
            tokio::spawn(async move {
                let (read, mut write) = socket.into_split();
                write.write_all(b"220 sink ESMTP\r\n").await.unwrap();
                converse(read, write, false, &mut |to| recorded.lock().unwrap().push(to.to_owned())).await;
            });
        }
    });
    (port, seen)
}

/// Two instances on one PostgreSQL database, each running the sender:
/// every message is delivered, and none twice.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn two_instances_send_each_message_once() {
    use pledgebook_store_postgres::PostgresStore;
    use pledgebook_store_postgres::testing::{create_database, drop_database};
    let db = format!("pledgebook_outbox_{}", std::process::id());
    let url = create_database(&db).await;
    let one: Arc<dyn Store> = Arc::new(PostgresStore::open(&url).await.unwrap());
    let two: Arc<dyn Store> = Arc::new(PostgresStore::open(&url).await.unwrap());
    let mut tx = one.write().await.unwrap();
    for i in 0..40 {
        let m = NewMessage {
            to_email: format!("editor{i}@jccu.example"),
            subject: "[pledgebook] a round opened".into(),
            body: "Please report.".into(),
            record_id: None,
        };
        tx.queue_message(&m).await.unwrap();
    }
    tx.commit().await.unwrap();
    let (port, seen) = smtp_sink().await;
    let mailer = Mailer::new(&format!("smtp://127.0.0.1:{port}"), "noreply@pledgebook.example", None).unwrap();
    let (a, b) = tokio::join!(mailer.deliver(&*one), mailer.deliver(&*two));
    let (a, b) = (a.unwrap(), b.unwrap());
    assert_eq!(a.0 + b.0, 40, "every message sent: {a:?} {b:?}");
    let mut recipients = seen.lock().unwrap().clone();
    recipients.sort();
    let total = recipients.len();
    recipients.dedup();
    assert_eq!((total, recipients.len()), (40, 40), "each message once");
    assert!(one.read().await.unwrap().outbox(true, 100).await.unwrap().is_empty());
    one.close().await;
    two.close().await;
    drop_database(&db).await;
}

#[test]
fn smtp_urls_are_checked() {
    for good in ["smtps://relay.example", "smtp://user:pw@relay.example:2525", "smtp://relay.example?tls=required"] {
        assert!(Mailer::new(good, "a@b.example", None).is_ok(), "{good}");
    }
    let err = |url: &str| format!("{:#}", Mailer::new(url, "a@b.example", None).unwrap_err());
    assert!(err("http://relay.example").contains("smtp:// or smtps://"));
    assert!(err("smtp://relay.example?tls=maybe").contains("tls=maybe"));
    assert!(Mailer::new("smtp://relay.example", "not an address", None).is_err());
}

const CA: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/tls/ca.pem");

/// An SMTP server on loopback speaking TLS with the test certificate,
/// from the first byte (`wrapped`) or after STARTTLS; returns what it
/// was told once TLS was up.
async fn tls_smtp_server(wrapped: bool) -> (u16, tokio::task::JoinHandle<String>) {
    use rustls::pki_types::pem::PemObject;
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/tls");
    let certs = rustls::pki_types::CertificateDer::pem_file_iter(format!("{dir}/server.pem"))
        .unwrap()
        .collect::<Result<Vec<_>, _>>()
        .unwrap();
    let key = rustls::pki_types::PrivateKeyDer::from_pem_file(format!("{dir}/server.key")).unwrap();
    let config = rustls::ServerConfig::builder_with_provider(Arc::new(rustls::crypto::ring::default_provider()))
        .with_safe_default_protocol_versions()
        .unwrap()
        .with_no_client_auth()
        .with_single_cert(certs, key)
        .unwrap();
    let acceptor = tokio_rustls::TlsAcceptor::from(Arc::new(config));
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let port = listener.local_addr().unwrap().port();
    let handle = tokio::spawn(async move {
        let (mut socket, _) = listener.accept().await.unwrap();
        if !wrapped {
            // The plain part: greet, offer STARTTLS, and upgrade when asked.
            socket.write_all(b"220 test ESMTP\r\n").await.unwrap();
            let mut plain = BufReader::new(&mut socket);
            loop {
                let mut line = String::new();
                plain.read_line(&mut line).await.unwrap();
                if line.starts_with("EHLO") {
                    plain.get_mut().write_all(b"250-test\r\n250 STARTTLS\r\n").await.unwrap();
                } else if line.starts_with("STARTTLS") {
                    plain.get_mut().write_all(b"220 go ahead\r\n").await.unwrap();
                    break;
                } else {
                    plain.get_mut().write_all(b"530 STARTTLS first\r\n").await.unwrap();
                }
            }
        }
        let tls = acceptor.accept(socket).await.unwrap();
        let (read, mut write) = tokio::io::split(tls);
        if wrapped {
            write.write_all(b"220 test ESMTP\r\n").await.unwrap();
        }
        converse(read, write, false, &mut |_| {}).await
    });
    (port, handle)
}

#[tokio::test]
async fn mail_goes_over_smtps_and_over_starttls() {
    for (url, wrapped) in [("smtps://127.0.0.1:{port}", true), ("smtp://127.0.0.1:{port}?tls=required", false)] {
        let (_dir, store) = store_with_message().await;
        let (port, server) = tls_smtp_server(wrapped).await;
        let url = url.replace("{port}", &port.to_string());
        let mailer = Mailer::new(&url, "noreply@pledgebook.example", Some(std::path::Path::new(CA))).unwrap();
        assert_eq!(mailer.deliver(&*store).await.unwrap(), (1, 0), "{url}");
        let seen = server.await.unwrap();
        assert!(seen.contains("RCPT TO:<editor@jccu.example>") && seen.contains("Your pledge is approved."), "{seen}");
    }
}

#[tokio::test]
async fn a_relay_whose_certificate_is_not_trusted_gets_nothing() {
    let (_dir, store) = store_with_message().await;
    let (port, _server) = tls_smtp_server(true).await;
    let mailer = Mailer::new(&format!("smtps://127.0.0.1:{port}"), "noreply@pledgebook.example", None).unwrap();
    assert_eq!(mailer.deliver(&*store).await.unwrap(), (0, 1), "without the test CA the certificate is refused");
    let waiting = store.read().await.unwrap().outbox(true, 10).await.unwrap();
    assert_eq!(waiting.len(), 1, "the message waits for a retry");
    let reason = waiting[0].error.as_deref().unwrap_or_default().to_lowercase();
    assert!(reason.contains("certificate") || reason.contains("issuer"), "{reason}");
}
