//! The test application the route tests share: a server on port 0 with
//! its own SQLite database, an account for every role, and helpers that
//! make fresh records and post forms as any role.

#![allow(dead_code)]

use std::sync::Arc;

use pledgebook_core::store::Store;
use pledgebook_core::{
    Actor, Commitment, CommitmentKind, Id, Initiative, InitiativeKind, Localized, OrgKind, Organisation, Period,
    ProgressEntry, ReviewState, Role, Round, Safeguarding, Status, User, ops,
};
use pledgebook_store_sqlite::SqliteStore;
use pledgebook_web::{AppState, WebConfig};
pub use reqwest::StatusCode;
use reqwest::redirect::Policy;

pub const PASSWORD: &str = "a long enough password";

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Who {
    Anonymous,
    Admin,
    Secretariat,
    Reviewer,
    OwnEditor,
    OtherEditor,
}

pub const EVERYONE: [Who; 6] =
    [Who::Anonymous, Who::Admin, Who::Secretariat, Who::Reviewer, Who::OwnEditor, Who::OtherEditor];

pub struct App {
    pub base: String,
    pub store: Arc<dyn Store>,
    pub campaign: Id<Initiative>,
    pub own: Id<Organisation>,
    _dir: tempfile::TempDir,
    _stop: tokio::sync::oneshot::Sender<()>,
}

impl App {
    pub async fn start() -> App {
        let dir = tempfile::tempdir().unwrap();
        let store: Arc<dyn Store> =
            Arc::new(SqliteStore::open(dir.path().join("t.db").to_str().unwrap()).await.unwrap());
        let system = Actor::system("test");
        let mut tx = store.write().await.unwrap();
        let own = ops::create(&mut *tx, &system, Organisation::new("Own", OrgKind::Ngo)).await.unwrap().id;
        let other = ops::create(&mut *tx, &system, Organisation::new("Other", OrgKind::Ngo)).await.unwrap().id;
        let mut c = Initiative::new("campaign", InitiativeKind::PledgeCampaign, Localized::en("Campaign"));
        c.periods = vec![Period::Year(2026)];
        c.rounds = vec![Round::opened(Period::Year(2026))];
        let campaign = ops::create(&mut *tx, &system, c).await.unwrap().id;
        for (email, role, org) in [
            ("admin@x.example", Role::Admin, None),
            ("secretariat@x.example", Role::Secretariat, None),
            ("reviewer@x.example", Role::Reviewer, None),
            ("own@x.example", Role::Editor, Some(own)),
            ("other@x.example", Role::Editor, Some(other)),
        ] {
            let u = ops::create(&mut *tx, &system, User { organisation: org, ..User::new(email, email, role) })
                .await
                .unwrap();
            tx.set_password_hash(u.id.get(), &pledgebook_web::hash_password(PASSWORD).unwrap()).await.unwrap();
        }
        tx.commit().await.unwrap();
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let base = format!("http://{}", listener.local_addr().unwrap());
        let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
        let config = WebConfig { login_per_minute: 1000, pledges_per_hour: 1000, ..WebConfig::default() };
        tokio::spawn(pledgebook_web::serve(listener, AppState::new(store.clone(), config), async move {
            let _ = stopped.await;
        }));
        App { base, store, campaign, own, _dir: dir, _stop: stop }
    }

    /// A browser signed in as `who`, and its CSRF token.
    pub async fn client(&self, who: Who) -> (reqwest::Client, String) {
        let client = reqwest::Client::builder().cookie_store(true).redirect(Policy::none()).build().unwrap();
        let html = client.get(format!("{}/login", self.base)).send().await.unwrap().text().await.unwrap();
        let start = html.find(r#"name="csrf" value=""#).unwrap() + r#"name="csrf" value=""#.len();
        let csrf = html[start..start + 64].to_owned();
        let email = match who {
            Who::Anonymous => return (client, csrf),
            Who::Admin => "admin@x.example",
            Who::Secretariat => "secretariat@x.example",
            Who::Reviewer => "reviewer@x.example",
            Who::OwnEditor => "own@x.example",
            Who::OtherEditor => "other@x.example",
        };
        let res = client
            .post(format!("{}/login", self.base))
            .form(&[("email", email), ("password", PASSWORD), ("csrf", &csrf)])
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), StatusCode::SEE_OTHER, "{who:?} signs in");
        // Signed in, forms carry the session's own token.
        let html = client.get(format!("{}/", self.base)).send().await.unwrap().text().await.unwrap();
        let start = html.find(r#"name="csrf" value=""#).unwrap() + r#"name="csrf" value=""#.len();
        let session_csrf = html[start..start + 64].to_owned();
        assert_ne!(session_csrf, csrf, "the token changes at sign-in");
        (client, session_csrf)
    }

    pub async fn pledge(&self, status: Status) -> Id<Commitment> {
        let mut tx = self.store.write().await.unwrap();
        let n = tx.count(pledgebook_core::Kind::Commitment).await.unwrap();
        let mut p = Commitment::new(
            &format!("campaign/pledge-{n}"),
            self.campaign,
            CommitmentKind::Pledge,
            Localized::en("A pledge"),
        );
        p.lead = vec![self.own];
        p.status = status;
        let id = ops::create(&mut *tx, &Actor::system("test"), p).await.unwrap().id;
        tx.commit().await.unwrap();
        id
    }

    pub async fn entry(&self) -> Id<ProgressEntry> {
        let c = self.pledge(Status::Approved).await;
        let mut tx = self.store.write().await.unwrap();
        let e = ProgressEntry {
            key: format!("campaign/2026/{c}"),
            initiative: self.campaign,
            commitment: c,
            period: Period::Year(2026),
            reported_by: vec![self.own],
            agencies_as_written: vec![],
            narrative: Localized::en("Done."),
            date: None,
            figures: vec![],
            repeat_of: None,
            provenance: None,
            review: ReviewState::Pending,
            paragraph: None,
            safeguarding: Safeguarding::default(),
        };
        let id = ops::create(&mut *tx, &Actor::system("test"), e).await.unwrap().id;
        tx.commit().await.unwrap();
        id
    }

    pub async fn post(&self, who: Who, path: &str, fields: &[(&str, &str)]) -> StatusCode {
        let (client, csrf) = self.client(who).await;
        let mut form: Vec<(&str, &str)> = fields.to_vec();
        form.push(("csrf", &csrf));
        client.post(format!("{}{path}", self.base)).form(&form).send().await.unwrap().status()
    }
}

impl App {
    /// A fresh organisation; `pending` as if named on the public form.
    pub async fn org(&self, name: &str, pending: bool) -> Id<Organisation> {
        let mut tx = self.store.write().await.unwrap();
        let o = Organisation { pending, ..Organisation::new(name, OrgKind::Ngo) };
        let id = ops::create(&mut *tx, &Actor::system("test"), o).await.unwrap().id;
        tx.commit().await.unwrap();
        id
    }

    /// A fresh editor account of the own organisation.
    pub async fn account(&self, email: &str) -> Id<User> {
        let mut tx = self.store.write().await.unwrap();
        let u = User { organisation: Some(self.own), ..User::new(email, email, Role::Editor) };
        let id = ops::create(&mut *tx, &Actor::system("test"), u).await.unwrap().id;
        tx.commit().await.unwrap();
        id
    }

    /// The version a record is at now, for forms that send it.
    pub async fn version(&self, id: i64) -> i64 {
        self.store.read().await.unwrap().get(id).await.unwrap().unwrap().version
    }

    /// A page as `who` sees it: its status and text.
    pub async fn get(&self, who: Who, path: &str) -> (StatusCode, String) {
        let (client, _) = self.client(who).await;
        let res = client.get(format!("{}{path}", self.base)).send().await.unwrap();
        (res.status(), res.text().await.unwrap())
    }

    /// A multipart form, as the report form sends it, with optional photos.
    pub async fn post_multipart(
        &self,
        who: Who,
        path: &str,
        fields: &[(&str, &str)],
        photos: &[(&str, Vec<u8>)],
    ) -> StatusCode {
        self.send_multipart(who, path, fields, photos).await.0
    }

    /// A multipart form posted as `who`: the status and the page answered.
    pub async fn send_multipart(
        &self,
        who: Who,
        path: &str,
        fields: &[(&str, &str)],
        photos: &[(&str, Vec<u8>)],
    ) -> (StatusCode, String) {
        let (client, csrf) = self.client(who).await;
        let mut form = reqwest::multipart::Form::new().text("csrf", csrf);
        for (k, v) in fields {
            form = form.text(k.to_string(), v.to_string());
        }
        for (name, bytes) in photos {
            form = form.part("photo", reqwest::multipart::Part::bytes(bytes.clone()).file_name(name.to_string()));
        }
        let res = client.post(format!("{}{path}", self.base)).multipart(form).send().await.unwrap();
        (res.status(), res.text().await.unwrap())
    }
}
