//! The web layer over real HTTP: a server on port 0 with its own SQLite
//! database per test.

use std::sync::Arc;

use pledgebook_core::store::Store;
use pledgebook_core::{Actor, OrgKind, Organisation, Role, User, ops};
use pledgebook_store_sqlite::SqliteStore;
use pledgebook_web::{AppState, WebConfig};
use reqwest::StatusCode;
use reqwest::redirect::Policy;

struct TestApp {
    base: String,
    store: Arc<dyn Store>,
    _dir: tempfile::TempDir,
    _stop: tokio::sync::oneshot::Sender<()>,
}

const PASSWORD: &str = "a long enough password";

impl TestApp {
    async fn spawn() -> TestApp {
        TestApp::spawn_with(WebConfig { max_body_bytes: 64 * 1024, ..WebConfig::default() }).await
    }

    async fn spawn_with(config: WebConfig) -> TestApp {
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

    fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base)
    }

    fn browser() -> reqwest::Client {
        reqwest::Client::builder().cookie_store(true).redirect(Policy::none()).build().unwrap()
    }

    /// Loads the sign-in page and returns the CSRF token from its form.
    async fn csrf(&self, client: &reqwest::Client) -> String {
        let html = client.get(self.url("/login")).send().await.unwrap().text().await.unwrap();
        let start = html.find(r#"name="csrf" value=""#).expect("csrf field") + r#"name="csrf" value=""#.len();
        html[start..start + 64].to_owned()
    }

    async fn token(&self, email: &str) -> String {
        let mut r = self.store.read().await.unwrap();
        let user = ops::find::<User>(&mut *r, email).await.unwrap().unwrap();
        drop(r);
        pledgebook_web::new_api_token(&*self.store, user.id.get(), "test").await.unwrap()
    }
}

#[tokio::test]
async fn signing_in_needs_the_right_password_and_a_csrf_token() {
    let app = TestApp::spawn().await;
    let client = TestApp::browser();
    let csrf = app.csrf(&client).await;

    let no_token = client
        .post(app.url("/login"))
        .form(&[("email", "admin@example.org"), ("password", PASSWORD), ("csrf", "")])
        .send()
        .await
        .unwrap();
    assert_eq!(no_token.status(), StatusCode::FORBIDDEN);
    assert!(no_token.text().await.unwrap().contains("Reload the page"));

    let wrong = client
        .post(app.url("/login"))
        .form(&[("email", "admin@example.org"), ("password", "wrong password!"), ("csrf", &csrf)])
        .send()
        .await
        .unwrap();
    assert_eq!(wrong.status(), StatusCode::UNAUTHORIZED);

    let ok = client
        .post(app.url("/login"))
        .form(&[("email", "ADMIN@example.org"), ("password", PASSWORD), ("csrf", &csrf)])
        .send()
        .await
        .unwrap();
    assert_eq!(ok.status(), StatusCode::SEE_OTHER);
    let cookie = ok
        .headers()
        .get_all("set-cookie")
        .iter()
        .map(|c| c.to_str().unwrap().to_owned())
        .find(|c| c.starts_with("pb_session="))
        .unwrap();
    assert!(cookie.contains("HttpOnly") && cookie.contains("SameSite=Lax"), "{cookie}");
    let home = client.get(app.url("/")).send().await.unwrap().text().await.unwrap();
    assert!(home.contains("admin@example.org") && home.contains("Sign out"), "the session is kept in the database");

    // Signing out ends the session server-side.
    let out = client.post(app.url("/logout")).form(&[("csrf", &csrf)]).send().await.unwrap();
    assert_eq!(out.status(), StatusCode::SEE_OTHER);
    let home = client.get(app.url("/")).send().await.unwrap().text().await.unwrap();
    assert!(!home.contains("Sign out"));
}

#[tokio::test]
async fn api_writes_need_a_token_and_the_right_role() {
    let app = TestApp::spawn().await;
    let client = reqwest::Client::new();
    let org = serde_json::json!({"slug": "ace", "name": {"en": "ACE"}, "kind": "ngo"});

    let anonymous = client.post(app.url("/api/v1/organisations")).json(&org).send().await.unwrap();
    assert_eq!(anonymous.status(), StatusCode::UNAUTHORIZED);
    let bogus = client.post(app.url("/api/v1/organisations")).bearer_auth("pbt_nope").json(&org).send().await.unwrap();
    assert_eq!(bogus.status(), StatusCode::UNAUTHORIZED);

    let editor = app.token("editor@example.org").await;
    let refused = client.post(app.url("/api/v1/organisations")).bearer_auth(&editor).json(&org).send().await.unwrap();
    assert_eq!(refused.status(), StatusCode::FORBIDDEN, "editors do not create organisations");

    let admin = app.token("admin@example.org").await;
    let bad = serde_json::json!({"slug": "x", "name": {"ja": "エース"}, "kind": "ngo", "country": "Japan"});
    let invalid = client.post(app.url("/api/v1/organisations")).bearer_auth(&admin).json(&bad).send().await.unwrap();
    assert_eq!(invalid.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let body: serde_json::Value = invalid.json().await.unwrap();
    let fields: Vec<&str> = body["fields"].as_array().unwrap().iter().map(|f| f["field"].as_str().unwrap()).collect();
    assert_eq!(fields, ["name.en", "country"]);

    let created = client.post(app.url("/api/v1/organisations")).bearer_auth(&admin).json(&org).send().await.unwrap();
    assert_eq!(created.status(), StatusCode::CREATED);
    let id = created.json::<serde_json::Value>().await.unwrap()["id"].as_i64().unwrap();
    let got: serde_json::Value =
        client.get(app.url(&format!("/api/v1/organisations/{id}"))).send().await.unwrap().json().await.unwrap();
    assert_eq!(got["name"]["en"], "ACE");
    let dup = client.post(app.url("/api/v1/organisations")).bearer_auth(&admin).json(&org).send().await.unwrap();
    assert_eq!(dup.status(), StatusCode::CONFLICT);

    let garbage = client
        .post(app.url("/api/v1/organisations"))
        .bearer_auth(&admin)
        .header("content-type", "application/json")
        .body("{")
        .send()
        .await
        .unwrap();
    assert_eq!(garbage.status(), StatusCode::BAD_REQUEST);
}

#[tokio::test]
async fn every_response_carries_the_security_headers_and_bodies_are_limited() {
    let app = TestApp::spawn().await;
    let client = reqwest::Client::new();
    for path in ["/", "/login", "/healthz", "/no-such-page", "/api/v1/organisations"] {
        let res = client.get(app.url(path)).send().await.unwrap();
        let h = res.headers();
        let csp = h.get("content-security-policy").unwrap().to_str().unwrap();
        assert!(csp.contains("frame-ancestors 'none'") && !csp.contains("unsafe-inline"), "{path}: {csp}");
        assert_eq!(h.get("x-content-type-options").unwrap(), "nosniff", "{path}");
    }
    assert_eq!(client.get(app.url("/healthz")).send().await.unwrap().text().await.unwrap(), "ok\n");
    let admin = app.token("admin@example.org").await;
    let huge = "x".repeat(100 * 1024);
    let res = client
        .post(app.url("/api/v1/organisations"))
        .bearer_auth(&admin)
        .header("content-type", "application/json")
        .body(huge)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::PAYLOAD_TOO_LARGE);
}

#[tokio::test]
async fn output_is_escaped() {
    let app = TestApp::spawn().await;
    let mut tx = app.store.write().await.unwrap();
    let mut o = Organisation::new("Evil <script>alert(1)</script>", OrgKind::Ngo);
    o.slug = "evil".into();
    ops::create(&mut *tx, &Actor::system("test"), o).await.unwrap();
    tx.commit().await.unwrap();
    let html = reqwest::get(app.url("/organisations/evil")).await.unwrap().text().await.unwrap();
    assert!(!html.contains("<script>alert(1)</script>"));
    assert!(html.contains("Evil &#60;script&#62;") || html.contains("Evil &lt;script&gt;"), "{html}");
}

const REFERENCE: &str = include_str!("../../../data/documents/basic-plan-csec-fy2018-implementation.txt");

impl TestApp {
    /// The reference implementation-status report, as FY2018 of `basic-plan-csec`.
    async fn import_reference_report(&self) {
        let report = pledgebook_import::parse_report("basic-plan-csec-fy2018-implementation.txt", REFERENCE);
        let target = pledgebook_import::report::Target {
            initiative: "basic-plan-csec",
            period: pledgebook_core::Period::FiscalYear(2018),
            title: Some("Basic Plan"),
        };
        let mut tx = self.store.write().await.unwrap();
        pledgebook_import::report::apply(&mut *tx, &Actor::system("test"), &report, &target, &mut |_, _| {})
            .await
            .unwrap();
        tx.commit().await.unwrap();
    }
}

fn header(res: &reqwest::Response, name: &str) -> String {
    res.headers().get(name).map(|v| v.to_str().unwrap().to_owned()).unwrap_or_default()
}

#[tokio::test]
async fn the_report_downloads_as_pdf_and_the_plan_as_iati_xml() {
    let app = TestApp::spawn().await;
    app.import_reference_report().await;
    // A Japanese title, as a secretariat would add it, shows under the English one.
    let mut tx = app.store.write().await.unwrap();
    let c = ops::find::<pledgebook_core::Commitment>(&mut *tx, "basic-plan-csec/1-(ii)").await.unwrap().unwrap();
    let mut titled = c.value.clone();
    titled.title.ja = Some("広報啓発活動の推進".into());
    ops::update(&mut *tx, &Actor::system("test"), c.id, c.version, titled).await.unwrap();
    tx.commit().await.unwrap();
    let page = reqwest::get(app.url("/initiatives/basic-plan-csec/report")).await.unwrap().text().await.unwrap();
    assert!(page.contains(r#"href="?period=FY2018&amp;format=pdf""#), "the report page links its PDF");
    assert!(page.contains(r#"<span lang="ja" class="meta">広報啓発活動の推進</span>"#));

    let res = reqwest::get(app.url("/initiatives/basic-plan-csec/report?period=FY2018&format=pdf")).await.unwrap();
    assert_eq!(res.status(), StatusCode::OK);
    assert_eq!(header(&res, "content-type"), "application/pdf");
    assert!(header(&res, "content-disposition").contains("basic-plan-csec-FY2018.pdf"));
    let pdf = res.bytes().await.unwrap();
    assert!(pdf.starts_with(b"%PDF-") && pdf.len() > 50_000, "{} bytes", pdf.len());

    let res = reqwest::get(app.url("/initiatives/basic-plan-csec/iati.xml")).await.unwrap();
    assert_eq!(res.status(), StatusCode::OK);
    assert!(header(&res, "content-type").starts_with("application/xml"));
    let xml = res.text().await.unwrap();
    assert!(xml.contains(r#"<iati-activities version="2.03""#));
    assert_eq!(xml.matches("<iati-activity ").count(), 88);
    let missing = reqwest::get(app.url("/initiatives/no-such-plan/iati.xml")).await.unwrap();
    assert_eq!(missing.status(), StatusCode::NOT_FOUND);

    let reports = reqwest::get(app.url("/initiatives/basic-plan-csec/reports.csv")).await.unwrap();
    assert_eq!(reports.status(), StatusCode::OK);
    assert!(header(&reports, "content-disposition").contains("basic-plan-csec-reports.csv"));
    assert!(reports.text().await.unwrap().starts_with("key,commitment,measure,period,reported_by,agencies"));
    let xlsx = reqwest::get(app.url("/initiatives/basic-plan-csec/observations.xlsx")).await.unwrap();
    assert_eq!(xlsx.status(), StatusCode::OK);
    assert!(xlsx.bytes().await.unwrap().starts_with(b"PK"), "an XLSX is a zip");
    for unknown in ["nothing.csv", "reports.pdf", "reports"] {
        let res = reqwest::get(app.url(&format!("/initiatives/basic-plan-csec/{unknown}"))).await.unwrap();
        assert_eq!(res.status(), StatusCode::NOT_FOUND, "{unknown}");
    }
}

#[tokio::test]
async fn without_a_font_the_pdf_is_unavailable_and_says_why() {
    let config = WebConfig { pdf_font: Some("/nonexistent/font.ttf".into()), ..WebConfig::default() };
    let app = TestApp::spawn_with(config).await;
    app.import_reference_report().await;
    let res = reqwest::get(app.url("/initiatives/basic-plan-csec/report?format=pdf")).await.unwrap();
    assert_eq!(res.status(), StatusCode::SERVICE_UNAVAILABLE);
    let body = res.text().await.unwrap();
    assert!(body.contains("cannot read the font /nonexistent/font.ttf"), "{body}");
    // The rest of the report is still served.
    let txt = reqwest::get(app.url("/initiatives/basic-plan-csec/report?format=txt")).await.unwrap();
    assert_eq!(txt.status(), StatusCode::OK);
}

#[tokio::test]
async fn pdfs_are_limited_per_address() {
    let app = TestApp::spawn_with(WebConfig { pdf_per_minute: 2, ..WebConfig::default() }).await;
    app.import_reference_report().await;
    let url = app.url("/initiatives/basic-plan-csec/report?format=pdf");
    let mut statuses = Vec::new();
    for _ in 0..3 {
        statuses.push(reqwest::get(&url).await.unwrap().status());
    }
    assert_eq!(statuses, [StatusCode::OK, StatusCode::OK, StatusCode::TOO_MANY_REQUESTS]);
    // The page itself is not limited.
    let page = reqwest::get(app.url("/initiatives/basic-plan-csec/report")).await.unwrap();
    assert_eq!(page.status(), StatusCode::OK);
}

#[tokio::test]
async fn figures_are_added_up_and_drawn_for_a_period_and_downloadable() {
    let app = TestApp::spawn().await;
    app.import_reference_report().await;
    let html = reqwest::get(app.url("/initiatives/basic-plan-csec/figures?period=FY2018"))
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(html.contains("Figures and distribution · FY2018"), "{html}");
    // Persons counted in FY2018 results, read off the report: 470,722 in 15 figures.
    let persons = &html[html.find("<th scope=\"row\">persons</th>").expect("a persons row")..];
    assert!(persons.starts_with(r#"<th scope="row">persons</th><td class="num">470,722</td><td class="num">15</td>"#));
    // Every measure is led by government bodies: one bar, 88 commitments.
    let kinds = &html[html.find(r#"id="by-kind""#).unwrap()..html.find(r#"id="by-level""#).unwrap()];
    assert_eq!(kinds.matches("<rect class=\"bar\"").count(), 1, "{kinds}");
    assert!(kinds.contains("<title>Government body: 88</title>"), "{kinds}");

    // The same page in Japanese; a period with no reports has no figures.
    let ja = reqwest::get(app.url("/initiatives/basic-plan-csec/figures?period=FY2019&lang=ja"))
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(ja.contains("この期間に報告された数値はありません。"), "{ja}");
    assert!(ja.contains("<title>政府機関: 88</title>"), "{ja}");

    let csv = reqwest::get(app.url("/initiatives/basic-plan-csec/tables.csv?period=FY2018"))
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(csv.starts_with("table,group,unit,value\n"));
    assert!(csv.contains("figures_by_unit,,persons,470722\n"), "{csv}");
    assert!(csv.contains("commitments_by_org_kind,government_body,commitments,88\n"), "{csv}");
    let bad = reqwest::get(app.url("/initiatives/basic-plan-csec/figures?period=soon")).await.unwrap();
    assert_eq!(bad.status(), StatusCode::BAD_REQUEST);
}

/// A project with an open FY2020 round: one commitment led by the editor's
/// co-op union, one by another organisation, and an indicator on each.
async fn project_with_open_round(app: &TestApp) -> (i64, i64) {
    use pledgebook_core::{
        Commitment, CommitmentKind, Indicator, Initiative, InitiativeKind, Localized, Period, Round,
    };
    let system = Actor::system("test");
    let mut tx = app.store.write().await.unwrap();
    let jccu = ops::find::<Organisation>(&mut *tx, "japanese-consumers-co-operative-union").await.unwrap().unwrap();
    let other = ops::create(&mut *tx, &system, Organisation::new("Saitama Prefecture", OrgKind::LocalGovernment))
        .await
        .unwrap();
    let mut p = Initiative::new("cfa", InitiativeKind::Project, Localized::en("Children's Future Action"));
    p.periods = vec![Period::FiscalYear(2020)];
    p.rounds = vec![Round { period: Period::FiscalYear(2020), open: true }];
    let p = ops::create(&mut *tx, &system, p).await.unwrap();
    let mut ids = Vec::new();
    for (slug, lead, status) in [("cfa/study", jccu.id, Status::InProgress), ("cfa/draft", other.id, Status::Draft)] {
        let mut c = Commitment::new(slug, p.id, CommitmentKind::Project, Localized::en(slug));
        c.lead = vec![lead];
        c.status = status;
        let c = ops::create(&mut *tx, &system, c).await.unwrap();
        let ind = Indicator {
            key: format!("{slug}/people"),
            initiative: p.id,
            commitment: Some(c.id),
            name: Localized::en("People reached"),
            unit: "people".into(),
            aggregation: Default::default(),
            baseline: None,
            targets: vec![],
            observations: vec![],
        };
        ops::create(&mut *tx, &system, ind).await.unwrap();
        ids.push(c.id.get());
    }
    tx.commit().await.unwrap();
    (ids[0], ids[1])
}

use pledgebook_core::Status;

#[tokio::test]
async fn reports_and_commitments_are_written_with_a_token_under_the_forms_rules() {
    let app = TestApp::spawn().await;
    let (own, others) = project_with_open_round(&app).await;
    let editor = app.token("editor@example.org").await;
    let client = reqwest::Client::new();
    let report = |id: i64, token: Option<&str>, body: serde_json::Value| {
        let mut req = client.post(app.url(&format!("/api/v1/commitments/{id}/reports"))).json(&body);
        if let Some(t) = token {
            req = req.bearer_auth(t);
        }
        req.send()
    };
    let body = serde_json::json!({
        "period": "FY2020",
        "narrative": {"en": "Study sessions in 12 towns", "ja": "12の町で学習会"},
        "figures": [{"value": 640.0, "text": "640", "unit": "participants"}],
    });
    assert_eq!(report(own, None, body.clone()).await.unwrap().status(), StatusCode::UNAUTHORIZED);
    let res = report(own, Some(&editor), body.clone()).await.unwrap();
    assert_eq!(res.status(), StatusCode::CREATED);
    let saved: serde_json::Value = res.json().await.unwrap();
    assert_eq!(saved["review"], "pending");
    assert_eq!(saved["figures"][0]["value"], 640.0);
    // Not public before a reviewer approves it.
    let listed: serde_json::Value =
        reqwest::get(app.url(&format!("/api/v1/commitments/{own}/reports"))).await.unwrap().json().await.unwrap();
    assert_eq!(listed["total"], 0);

    // Another organisation's commitment, a closed period, a bad period, and not JSON of the shape.
    assert_eq!(report(others, Some(&editor), body.clone()).await.unwrap().status(), StatusCode::FORBIDDEN);
    let closed =
        report(own, Some(&editor), serde_json::json!({"period": "FY2019", "narrative": {"en": "x"}})).await.unwrap();
    assert_eq!(closed.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(closed.text().await.unwrap().contains("round-not-open"));
    let bad =
        report(own, Some(&editor), serde_json::json!({"period": "soon", "narrative": {"en": "x"}})).await.unwrap();
    assert_eq!(bad.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let wrong = report(own, Some(&editor), serde_json::json!({"narrative": "x", "photos": []})).await.unwrap();
    assert_eq!(wrong.status(), StatusCode::BAD_REQUEST);

    // New commitments: for the editor's own organisation, not yet decided.
    let jccu = saved["reported_by"][0].as_i64().unwrap();
    let initiative = saved["initiative"].as_i64().unwrap();
    let create = |lead: i64, status: &str| {
        client
            .post(app.url("/api/v1/commitments"))
            .bearer_auth(&editor)
            .json(&serde_json::json!({
                "slug": format!("cfa/new-{status}-{lead}"), "initiative": initiative, "kind": "project",
                "lead": [lead], "title": {"en": "Food bank drive"}, "status": status,
            }))
            .send()
    };
    assert_eq!(create(jccu, "submitted").await.unwrap().status(), StatusCode::CREATED);
    assert_eq!(create(jccu, "approved").await.unwrap().status(), StatusCode::FORBIDDEN, "approving is a reviewer's");
    let saitama = {
        let mut r = app.store.read().await.unwrap();
        ops::find::<Organisation>(&mut *r, "saitama-prefecture").await.unwrap().unwrap().id.get()
    };
    assert_eq!(create(saitama, "submitted").await.unwrap().status(), StatusCode::FORBIDDEN);

    // Indicators are public where the work they measure is.
    let inds: serde_json::Value =
        reqwest::get(app.url("/api/v1/indicators?initiative=cfa")).await.unwrap().json().await.unwrap();
    let keys: Vec<&str> = inds["items"].as_array().unwrap().iter().map(|i| i["key"].as_str().unwrap()).collect();
    assert_eq!(keys, ["cfa/study/people"]);
}
