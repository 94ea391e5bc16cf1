//! Every mutating route against every role: who is let through, who is
//! refused, and that no form is accepted without its CSRF token. Each
//! attempt gets fresh records, so one role's success cannot mask another's.

use std::sync::Arc;

use pledgebook_core::store::Store;
use pledgebook_core::{
    Actor, Commitment, CommitmentKind, Id, Initiative, InitiativeKind, Localized, OrgKind, Organisation, Period,
    ProgressEntry, ReviewState, Role, Round, Safeguarding, Status, User, ops,
};
use pledgebook_store_sqlite::SqliteStore;
use pledgebook_web::{AppState, WebConfig};
use reqwest::StatusCode;
use reqwest::redirect::Policy;

const PASSWORD: &str = "a long enough password";

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Who {
    Anonymous,
    Admin,
    Secretariat,
    Reviewer,
    OwnEditor,
    OtherEditor,
}

const EVERYONE: [Who; 6] =
    [Who::Anonymous, Who::Admin, Who::Secretariat, Who::Reviewer, Who::OwnEditor, Who::OtherEditor];

struct App {
    base: String,
    store: Arc<dyn Store>,
    campaign: Id<Initiative>,
    own: Id<Organisation>,
    _dir: tempfile::TempDir,
    _stop: tokio::sync::oneshot::Sender<()>,
}

impl App {
    async fn start() -> App {
        let dir = tempfile::tempdir().unwrap();
        let store: Arc<dyn Store> =
            Arc::new(SqliteStore::open(dir.path().join("t.db").to_str().unwrap()).await.unwrap());
        let system = Actor::system("test");
        let mut tx = store.write().await.unwrap();
        let own = ops::create(&mut *tx, &system, Organisation::new("Own", OrgKind::Ngo)).await.unwrap().id;
        let other = ops::create(&mut *tx, &system, Organisation::new("Other", OrgKind::Ngo)).await.unwrap().id;
        let mut c = Initiative::new("campaign", InitiativeKind::PledgeCampaign, Localized::en("Campaign"));
        c.periods = vec![Period::Year(2026)];
        c.rounds = vec![Round { period: Period::Year(2026), open: true }];
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
    async fn client(&self, who: Who) -> (reqwest::Client, String) {
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
        (client, csrf)
    }

    async fn pledge(&self, status: Status) -> Id<Commitment> {
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

    async fn entry(&self) -> Id<ProgressEntry> {
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

    async fn post(&self, who: Who, path: &str, fields: &[(&str, &str)]) -> StatusCode {
        let (client, csrf) = self.client(who).await;
        let mut form: Vec<(&str, &str)> = fields.to_vec();
        form.push(("csrf", &csrf));
        client.post(format!("{}{path}", self.base)).form(&form).send().await.unwrap().status()
    }
}

impl App {
    /// A multipart form, as the report form sends it, with optional photos.
    async fn post_multipart(
        &self,
        who: Who,
        path: &str,
        fields: &[(&str, &str)],
        photos: &[(&str, Vec<u8>)],
    ) -> StatusCode {
        let (client, csrf) = self.client(who).await;
        let mut form = reqwest::multipart::Form::new().text("csrf", csrf);
        for (k, v) in fields {
            form = form.text(k.to_string(), v.to_string());
        }
        for (name, bytes) in photos {
            form = form.part("photo", reqwest::multipart::Part::bytes(bytes.clone()).file_name(name.to_string()));
        }
        client.post(format!("{}{path}", self.base)).multipart(form).send().await.unwrap().status()
    }
}

/// The outcome a role should get: let through (a redirect), or refused.
fn expect(who: Who, allowed: &[Who]) -> StatusCode {
    if allowed.contains(&who) {
        StatusCode::SEE_OTHER
    } else if who == Who::Anonymous {
        StatusCode::UNAUTHORIZED
    } else {
        StatusCode::FORBIDDEN
    }
}

const REVIEWERS: [Who; 3] = [Who::Admin, Who::Secretariat, Who::Reviewer];

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_mutating_route_against_every_role() {
    let app = App::start().await;
    for who in EVERYONE {
        let id = app.pledge(Status::Submitted).await;
        let got = app.post(who, &format!("/review/commitments/{id}"), &[("decision", "approve")]).await;
        assert_eq!(got, expect(who, &REVIEWERS), "approve a pledge as {who:?}");

        let id = app.entry().await;
        let got = app.post(who, &format!("/review/entries/{id}"), &[("decision", "approve")]).await;
        assert_eq!(got, expect(who, &REVIEWERS), "approve a report as {who:?}");

        let id = app.pledge(Status::Approved).await;
        let got = app
            .post_multipart(
                who,
                &format!("/report/{id}/entries"),
                &[("period", "2026"), ("narrative", "We did it.")],
                &[],
            )
            .await;
        assert_eq!(got, expect(who, &[Who::Admin, Who::Secretariat, Who::OwnEditor]), "report progress as {who:?}");

        let got = app.post(who, "/initiatives/campaign/rounds", &[("period", "2027"), ("action", "open")]).await;
        assert_eq!(got, expect(who, &[Who::Admin, Who::Secretariat]), "open a round as {who:?}");

        let id = app.pledge(Status::Submitted).await;
        let got = app.post(who, &format!("/history/{id}/restore"), &[("version", "1")]).await;
        assert_eq!(got, expect(who, &[Who::Admin]), "restore a version as {who:?}");

        let id = app.pledge(Status::Approved).await;
        let got = app.post(who, &format!("/commitments/{id}/follow"), &[]).await;
        assert_eq!(
            got,
            expect(who, &[Who::Admin, Who::Secretariat, Who::Reviewer, Who::OwnEditor, Who::OtherEditor]),
            "follow as {who:?}"
        );
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn no_form_is_accepted_without_its_csrf_token() {
    let app = App::start().await;
    let (client, _) = app.client(Who::Admin).await;
    let id = app.pledge(Status::Submitted).await;
    let entry = app.entry().await;
    for (path, fields) in [
        (format!("/review/commitments/{id}"), vec![("decision", "approve")]),
        (format!("/review/entries/{entry}"), vec![("decision", "approve")]),
        ("/initiatives/campaign/rounds".to_owned(), vec![("period", "2027"), ("action", "open")]),
        (format!("/history/{id}/restore"), vec![("version", "1")]),
        (format!("/commitments/{id}/follow"), vec![]),
        ("/initiatives/campaign/pledge".to_owned(), vec![("title", "x")]),
        (format!("/track/{id}/{}", "0".repeat(64)), vec![]),
        ("/logout".to_owned(), vec![]),
    ] {
        let res = client.post(format!("{}{path}", app.base)).form(&fields).send().await.unwrap();
        assert_eq!(res.status(), StatusCode::FORBIDDEN, "{path} without a CSRF token");
    }
    // The report form is multipart: without its token it is refused just the same.
    let form = reqwest::multipart::Form::new().text("period", "2026").text("narrative", "x");
    let res = client.post(format!("{}/report/{id}/entries", app.base)).multipart(form).send().await.unwrap();
    assert_eq!(res.status(), StatusCode::FORBIDDEN, "the report form without a CSRF token");
    let mut r = app.store.read().await.unwrap();
    assert_eq!(ops::get(&mut *r, id).await.unwrap().status, Status::Submitted, "nothing was decided");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_tracking_link_works_only_with_its_token() {
    let app = App::start().await;
    let (client, csrf) = app.client(Who::Anonymous).await;
    let res = client
        .post(format!("{}/initiatives/campaign/pledge", app.base))
        .form(&[
            ("new_organisation", "New NGO"),
            ("title", "Teach"),
            ("pledge", "We will teach."),
            ("contact_name", "A"),
            ("contact_email", "a@example.org"),
            ("csrf", &csrf),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    let location = res.headers()["location"].to_str().unwrap().to_owned();
    assert!(client.get(format!("{}{location}", app.base)).send().await.unwrap().status().is_success());
    let forged = format!("{}{}", &location[..location.len() - 64], "f".repeat(64));
    assert_eq!(client.get(format!("{}{forged}", app.base)).send().await.unwrap().status(), StatusCode::NOT_FOUND);
    // The contact details are not on the public page of the pledge once approved.
    let id: i64 = location.split('/').nth(2).unwrap().parse().unwrap();
    app.post(Who::Secretariat, &format!("/review/commitments/{id}"), &[("decision", "approve")]).await;
    let public = client.get(format!("{}/commitments/{id}", app.base)).send().await.unwrap().text().await.unwrap();
    assert!(public.contains("We will teach.") && !public.contains("a@example.org"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sign_in_and_public_submission_are_rate_limited() {
    let dir = tempfile::tempdir().unwrap();
    let store: Arc<dyn Store> = Arc::new(SqliteStore::open(dir.path().join("t.db").to_str().unwrap()).await.unwrap());
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    let config = WebConfig { login_per_minute: 3, pledges_per_hour: 2, ..WebConfig::default() };
    tokio::spawn(pledgebook_web::serve(listener, AppState::new(store, config), std::future::pending()));
    let client = reqwest::Client::builder().cookie_store(true).redirect(Policy::none()).build().unwrap();
    let html = client.get(format!("{base}/login")).send().await.unwrap().text().await.unwrap();
    let start = html.find(r#"name="csrf" value=""#).unwrap() + r#"name="csrf" value=""#.len();
    let csrf = html[start..start + 64].to_owned();
    let mut statuses = Vec::new();
    for _ in 0..4 {
        let res = client
            .post(format!("{base}/login"))
            .form(&[("email", "x@example.org"), ("password", "wrong password"), ("csrf", &csrf)])
            .send()
            .await
            .unwrap();
        statuses.push(res.status().as_u16());
    }
    assert_eq!(statuses, [401, 401, 401, 429]);
    let mut statuses = Vec::new();
    for _ in 0..3 {
        let res = client
            .post(format!("{base}/initiatives/none/pledge"))
            .form(&[("csrf", csrf.as_str())])
            .send()
            .await
            .unwrap();
        statuses.push(res.status().as_u16());
    }
    assert_eq!(statuses, [404, 404, 429], "counted before the campaign is even looked up");
}

/// The smallest PNG: one transparent pixel.
const PNG: &[u8] = &[
    0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0x00, 0x00, 0x00, 0x0D, 0x49, 0x48, 0x44, 0x52, 0x00, 0x00, 0x00,
    0x01, 0x00, 0x00, 0x00, 0x01, 0x08, 0x06, 0x00, 0x00, 0x00, 0x1F, 0x15, 0xC4, 0x89, 0x00, 0x00, 0x00, 0x0D, 0x49,
    0x44, 0x41, 0x54, 0x78, 0x9C, 0x63, 0x00, 0x01, 0x00, 0x00, 0x05, 0x00, 0x01, 0x0D, 0x0A, 0x2D, 0xB4, 0x00, 0x00,
    0x00, 0x00, 0x49, 0x45, 0x4E, 0x44, 0xAE, 0x42, 0x60, 0x82,
];

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn photos_stay_private_until_a_reviewer_confirms_consent() {
    let app = App::start().await;
    let id = app.pledge(Status::Approved).await;
    let sent = app
        .post_multipart(
            Who::OwnEditor,
            &format!("/report/{id}/entries"),
            &[("period", "2026"), ("narrative", "Our study day.")],
            &[("day.png", PNG.to_vec())],
        )
        .await;
    assert_eq!(sent, StatusCode::SEE_OTHER);
    let (entry, photo) = {
        let mut r = app.store.read().await.unwrap();
        let e = ops::list::<ProgressEntry>(&mut *r, Some((pledgebook_core::Rel::Commitment, id.get())))
            .await
            .unwrap()
            .pop()
            .unwrap();
        assert!(e.safeguarding.involves_children, "a photo is treated as showing children");
        let a = r.attachments(e.id.get()).await.unwrap();
        assert_eq!((a.len(), a[0].content_type.as_str()), (1, "image/png"));
        (e.id, a[0].id)
    };
    let anonymous = reqwest::Client::new();
    let url = format!("{}/attachments/{photo}", app.base);
    assert_eq!(anonymous.get(&url).send().await.unwrap().status(), StatusCode::NOT_FOUND);
    let (reviewer, _) = app.client(Who::Reviewer).await;
    assert_eq!(reviewer.get(&url).send().await.unwrap().status(), StatusCode::OK, "the reviewer sees it to judge it");
    // Approving without confirming consent is refused; with it, the photo goes public.
    assert_eq!(
        app.post(Who::Reviewer, &format!("/review/entries/{entry}"), &[("decision", "approve")]).await,
        StatusCode::UNPROCESSABLE_ENTITY
    );
    assert_eq!(
        app.post(Who::Reviewer, &format!("/review/entries/{entry}"), &[("decision", "approve"), ("consent", "1")])
            .await,
        StatusCode::SEE_OTHER
    );
    let res = anonymous.get(&url).send().await.unwrap();
    assert_eq!(res.status(), StatusCode::OK);
    assert_eq!(res.headers()["content-type"], "image/png");
    assert_eq!(res.bytes().await.unwrap().as_ref(), PNG);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn uploads_are_checked_by_content_and_size() {
    let app = App::start().await;
    let id = app.pledge(Status::Approved).await;
    let path = format!("/report/{id}/entries");
    let fields = [("period", "2026"), ("narrative", "Text.")];
    let not_an_image =
        app.post_multipart(Who::OwnEditor, &path, &fields, &[("evil.png", b"<svg onload=alert(1)>".to_vec())]).await;
    assert_eq!(not_an_image, StatusCode::UNPROCESSABLE_ENTITY);
    let mut big = PNG.to_vec();
    big.resize(6 * 1024 * 1024, 0);
    assert_eq!(
        app.post_multipart(Who::OwnEditor, &path, &fields, &[("big.png", big)]).await,
        StatusCode::UNPROCESSABLE_ENTITY
    );
    let mut huge = PNG.to_vec();
    huge.resize(30 * 1024 * 1024, 0);
    let (client, csrf) = app.client(Who::OwnEditor).await;
    let form = reqwest::multipart::Form::new()
        .text("csrf", csrf)
        .part("photo", reqwest::multipart::Part::bytes(huge).file_name("huge.png"));
    // The server stops reading past its limit: a 413, or the connection closed mid-upload.
    match client.post(format!("{}{path}", app.base)).multipart(form).send().await {
        Ok(res) => assert_eq!(res.status(), StatusCode::PAYLOAD_TOO_LARGE),
        Err(e) => assert!(e.is_request(), "{e}"),
    }
    let mut r = app.store.read().await.unwrap();
    assert!(
        ops::list::<ProgressEntry>(&mut *r, Some((pledgebook_core::Rel::Commitment, id.get())))
            .await
            .unwrap()
            .is_empty(),
        "nothing was written"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_returned_pledge_is_changed_and_sent_again_through_its_link() {
    let app = App::start().await;
    let (visitor, csrf) = app.client(Who::Anonymous).await;
    let res = visitor
        .post(format!("{}/initiatives/campaign/pledge", app.base))
        .form(&[
            ("new_organisation", "Youth Union"),
            ("title", "Teach"),
            ("pledge", "We will teach."),
            ("contact_name", "B"),
            ("contact_email", "b@example.org"),
            ("csrf", &csrf),
        ])
        .send()
        .await
        .unwrap();
    let track = format!("{}{}", app.base, res.headers()["location"].to_str().unwrap());
    let id: i64 = track.rsplit('/').nth(1).unwrap().parse().unwrap();
    // Returning needs a comment, which the submitter then reads on the tracking page.
    assert_eq!(
        app.post(Who::Secretariat, &format!("/review/commitments/{id}"), &[("decision", "return")]).await,
        StatusCode::BAD_REQUEST
    );
    let returned = app
        .post(
            Who::Secretariat,
            &format!("/review/commitments/{id}"),
            &[("decision", "return"), ("comment", "Please say how many teachers.")],
        )
        .await;
    assert_eq!(returned, StatusCode::SEE_OTHER);
    let page = visitor.get(&track).send().await.unwrap().text().await.unwrap();
    assert!(
        page.contains("Please say how many teachers.")
            && page.contains("Returned for changes")
            && page.contains(r#"name="title""#)
    );
    let res = visitor
        .post(&track)
        .form(&[("title", "Teach 200 teachers"), ("pledge", "We will train 200 teachers."), ("csrf", &csrf)])
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    let mut r = app.store.read().await.unwrap();
    let c = ops::get::<Commitment>(&mut *r, Id::new(id)).await.unwrap();
    assert_eq!((c.status, c.title.en.as_deref()), (Status::Submitted, Some("Teach 200 teachers")));
    let history: Vec<_> = ops::history(&mut *r, id).await.unwrap().iter().map(|h| h.action.as_str()).collect();
    assert_eq!(history, ["create", "transition", "update", "transition"], "every step is in the revision log");
    // Once submitted again, the link no longer accepts changes.
    let again = visitor.post(&track).form(&[("title", "x"), ("pledge", "y"), ("csrf", &csrf)]).send().await.unwrap();
    assert_eq!(again.status(), StatusCode::CONFLICT);
}
