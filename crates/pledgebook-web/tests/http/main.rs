//! The web layer over real HTTP: a server on port 0 with its own SQLite
//! database per test. One binary: security rules, publishing downloads,
//! and API writes.

mod api_writes;
mod publishing;
mod security;

use std::sync::Arc;

use pledgebook_core::store::Store;
use pledgebook_core::{Actor, OrgKind, Organisation, Role, User, ops};
use pledgebook_store_sqlite::SqliteStore;
use pledgebook_web::{AppState, WebConfig};
use reqwest::redirect::Policy;

#[allow(missing_debug_implementations)]
pub struct TestApp {
    pub base: String,
    pub store: Arc<dyn Store>,
    _dir: tempfile::TempDir,
    _stop: tokio::sync::oneshot::Sender<()>,
}

pub const PASSWORD: &str = "a long enough password";

impl TestApp {
    pub async fn spawn() -> TestApp {
        TestApp::spawn_with(WebConfig { max_body_bytes: 64 * 1024, ..WebConfig::default() }).await
    }

    pub async fn spawn_with(config: WebConfig) -> TestApp {
        let dir = tempfile::tempdir().unwrap();
        let store: Arc<dyn Store> =
            Arc::new(SqliteStore::open(dir.path().join("t.db").to_str().unwrap()).await.unwrap());
        let mut tx = store.write().await.unwrap();
        let system = Actor::system("test");
        let org = ops::create(
            &mut *tx,
            &system,
            Organisation::new("Japanese Consumers' Co-operative Union", OrgKind::Cooperative),
        )
        .await
        .unwrap();
        for (email, role) in [("admin@example.org", Role::Admin), ("editor@example.org", Role::Editor)] {
            let mut u = User::new(email, email, role);
            if role == Role::Editor {
                u.organisation = Some(org.id);
            }
            let u = ops::create(&mut *tx, &system, u).await.unwrap();
            tx.set_password_hash(u.id.get(), &pledgebook_web::hash_password(PASSWORD).unwrap()).await.unwrap();
        }
        tx.commit().await.unwrap();
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let base = format!("http://{}", listener.local_addr().unwrap());
        let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
        let state = AppState::new(store.clone(), config);
        tokio::spawn(pledgebook_web::serve(listener, state, async move {
            let _ = stopped.await;
        }));
        TestApp { base, store, _dir: dir, _stop: stop }
    }

    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base)
    }

    pub fn browser() -> reqwest::Client {
        reqwest::Client::builder().cookie_store(true).redirect(Policy::none()).build().unwrap()
    }

    /// Loads the sign-in page and returns the CSRF token from its form.
    pub async fn csrf(&self, client: &reqwest::Client) -> String {
        let html = client.get(self.url("/login")).send().await.unwrap().text().await.unwrap();
        let start = html.find(r#"name="csrf" value=""#).expect("csrf field") + r#"name="csrf" value=""#.len();
        html[start..start + 64].to_owned()
    }

    pub async fn token(&self, email: &str) -> String {
        let mut r = self.store.read().await.unwrap();
        let user = ops::find::<User>(&mut *r, email).await.unwrap().unwrap();
        drop(r);
        pledgebook_web::new_api_token(&*self.store, user.id.get(), "test").await.unwrap()
    }
}

const REFERENCE: &str = include_str!("../../../../data/documents/basic-plan-csec-fy2018-implementation.txt");

impl TestApp {
    /// The reference implementation-status report, as FY2018 of `basic-plan-csec`.
    pub async fn import_reference_report(&self) {
        let report = pledgebook_import::parse_report("basic-plan-csec-fy2018-implementation.txt", REFERENCE);
        let target = pledgebook_import::report::Target {
            initiative: "basic-plan-csec",
            period: pledgebook_core::Period::FiscalYear(2018),
            title: Some("Basic Plan"),
            accept_departures: false,
        };
        let mut tx = self.store.write().await.unwrap();
        pledgebook_import::report::apply(&mut *tx, &Actor::system("test"), &report, &target, &mut |_, _| {})
            .await
            .unwrap();
        tx.commit().await.unwrap();
    }
}

pub fn header(res: &reqwest::Response, name: &str) -> String {
    res.headers().get(name).map(|v| v.to_str().unwrap().to_owned()).unwrap_or_default()
}
