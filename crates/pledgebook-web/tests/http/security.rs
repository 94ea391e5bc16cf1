//! Sign-in, tokens, security headers, body limits and escaping.

use pledgebook_core::{Actor, OrgKind, Organisation, ops};
use reqwest::StatusCode;

use crate::{PASSWORD, TestApp, header};

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

    // Signed in, the token from before no longer counts: forms carry the session's own.
    let stale = client.post(app.url("/logout")).form(&[("csrf", &csrf)]).send().await.unwrap();
    assert_eq!(stale.status(), StatusCode::FORBIDDEN, "the signed-out token after sign-in");
    let signed_in_csrf = app.csrf(&client).await;
    assert_ne!(signed_in_csrf, csrf);
    let other = TestApp::browser();
    let other_csrf = app.csrf(&other).await;
    other
        .post(app.url("/login"))
        .form(&[("email", "admin@example.org"), ("password", PASSWORD), ("csrf", &other_csrf)])
        .send()
        .await
        .unwrap();
    let foreign = other.post(app.url("/logout")).form(&[("csrf", &signed_in_csrf)]).send().await.unwrap();
    assert_eq!(foreign.status(), StatusCode::FORBIDDEN, "another session's token");

    // Signing out ends the session server-side, and renews the signed-out token.
    let out = client.post(app.url("/logout")).form(&[("csrf", &signed_in_csrf)]).send().await.unwrap();
    assert_eq!(out.status(), StatusCode::SEE_OTHER);
    let home = client.get(app.url("/")).send().await.unwrap().text().await.unwrap();
    assert!(!home.contains("Sign out"));
    let after = app.csrf(&client).await;
    assert!(after != csrf && after != signed_in_csrf, "a new token after sign-out");
}

/// Sends the headers of a large multipart upload, and then only `first`
/// bytes of its body, and waits for an answer: a server that reads the body
/// before deciding would wait for the rest.
async fn answer_before_the_body(app: &TestApp, cookie: &str, first: &str) -> String {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let addr = app.base.trim_start_matches("http://");
    let mut s = tokio::net::TcpStream::connect(addr).await.unwrap();
    let head = format!(
        "POST /report/1/entries HTTP/1.1\r\nHost: {addr}\r\nCookie: {cookie}\r\n\
         Content-Type: multipart/form-data; boundary=XX\r\nContent-Length: 20000000\r\n\r\n{first}"
    );
    s.write_all(head.as_bytes()).await.unwrap();
    let mut buf = vec![0; 4096];
    let n = tokio::time::timeout(std::time::Duration::from_secs(5), s.read(&mut buf))
        .await
        .expect("an answer before the body is sent")
        .unwrap();
    String::from_utf8_lossy(&buf[..n]).into_owned()
}

#[tokio::test]
async fn an_upload_is_refused_before_its_body_without_a_session_or_a_csrf_token() {
    let app = TestApp::spawn().await;
    let stranger = answer_before_the_body(&app, "pb_csrf=x", "").await;
    assert!(stranger.starts_with("HTTP/1.1 401") || stranger.starts_with("HTTP/1.1 303"), "{stranger}");

    let client = TestApp::browser();
    let csrf = app.csrf(&client).await;
    let signed_in = client
        .post(app.url("/login"))
        .form(&[("email", "editor@example.org"), ("password", PASSWORD), ("csrf", &csrf)])
        .send()
        .await
        .unwrap();
    let session = signed_in
        .headers()
        .get_all("set-cookie")
        .iter()
        .map(|c| c.to_str().unwrap().split(';').next().unwrap().to_owned())
        .find(|c| c.starts_with("pb_session="))
        .unwrap();
    let bad_token = "--XX\r\nContent-Disposition: form-data; name=\"csrf\"\r\n\r\nnot-the-token\r\n--XX\r\n";
    let refused = answer_before_the_body(&app, &session, bad_token).await;
    assert!(refused.starts_with("HTTP/1.1 403"), "{refused}");
    let photo_first = "--XX\r\nContent-Disposition: form-data; name=\"photo\"; filename=\"a.png\"\r\n\r\n";
    let refused = answer_before_the_body(&app, &session, photo_first).await;
    assert!(refused.starts_with("HTTP/1.1 403"), "the token must come first: {refused}");
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
    // A body cannot mark an organisation merged: that is the merge's to do.
    let merged = serde_json::json!({"slug": "ace2", "name": {"en": "ACE 2"}, "kind": "ngo", "merged_into": id});
    let created = client.post(app.url("/api/v1/organisations")).bearer_auth(&admin).json(&merged).send().await.unwrap();
    assert_eq!(created.status(), StatusCode::CREATED);
    assert!(created.json::<serde_json::Value>().await.unwrap().get("merged_into").is_none(), "merged_into is ignored");

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

/// Three failed sign-ins, each as forwarded for `clients[i]`; their statuses.
async fn sign_ins_forwarded_for(app: &TestApp, clients: [&str; 3]) -> Vec<u16> {
    let client = TestApp::browser();
    let csrf = app.csrf(&client).await;
    let mut statuses = Vec::new();
    for forwarded in clients {
        let res = client
            .post(app.url("/login"))
            .header("x-forwarded-for", forwarded)
            .form(&[("email", "admin@example.org"), ("password", "wrong password!"), ("csrf", &csrf)])
            .send()
            .await
            .unwrap();
        statuses.push(res.status().as_u16());
    }
    statuses
}

#[tokio::test]
async fn sign_in_limits_count_per_forwarded_client_only_behind_a_trusted_proxy() {
    let limited = |trusted: &str| pledgebook_web::WebConfig {
        login_per_minute: 2,
        trusted_proxies: trusted.parse().unwrap(),
        ..pledgebook_web::WebConfig::default()
    };
    // The test client is the proxy, on 127.0.0.1.
    let behind = TestApp::spawn_with(limited("127.0.0.0/8")).await;
    assert_eq!(sign_ins_forwarded_for(&behind, ["203.0.113.1", "203.0.113.1", "203.0.113.1"]).await, [401, 401, 429]);
    assert_eq!(
        sign_ins_forwarded_for(&behind, ["203.0.113.2", "198.51.100.1", "192.0.2.1"]).await,
        [401, 401, 401],
        "others behind the same proxy are not locked out"
    );
    // Without trusting the peer, the header is anyone's to write: it changes nothing.
    let direct = TestApp::spawn_with(limited("")).await;
    assert_eq!(sign_ins_forwarded_for(&direct, ["203.0.113.1", "203.0.113.2", "203.0.113.3"]).await, [401, 401, 429]);
}

#[tokio::test]
async fn an_api_token_is_limited_per_account() {
    let app =
        TestApp::spawn_with(pledgebook_web::WebConfig { api_per_minute: 2, ..pledgebook_web::WebConfig::default() })
            .await;
    let token = app.token("admin@example.org").await;
    let client = reqwest::Client::new();
    let mut statuses = Vec::new();
    for i in 0..3 {
        let org = serde_json::json!({"slug": format!("org-{i}"), "name": {"en": format!("Org {i}")}, "kind": "ngo"});
        let res = client.post(app.url("/api/v1/organisations")).bearer_auth(&token).json(&org).send().await.unwrap();
        statuses.push(res.status().as_u16());
    }
    assert_eq!(statuses, [201, 201, 429]);
    let anonymous = client.get(app.url("/api/v1/organisations")).send().await.unwrap();
    assert_eq!(anonymous.status(), 200, "reading without a token is not this account's limit");
}

#[tokio::test]
async fn metrics_parse_as_prometheus_text_and_count_what_was_asked() {
    let app = TestApp::spawn().await;
    let client = reqwest::Client::new();
    for path in ["/healthz", "/healthz", "/organisations", "/no-such-page"] {
        let res = client.get(app.url(path)).send().await.unwrap();
        assert!(!header(&res, "x-request-id").is_empty(), "{path} has a request id");
    }
    let text = client.get(app.url("/metrics")).send().await.unwrap().text().await.unwrap();
    let scrape = prometheus_parse::Scrape::parse(text.lines().map(|l| Ok(l.to_owned()))).expect("Prometheus text");
    let value = |metric: &str, labels: &[(&str, &str)]| {
        scrape
            .samples
            .iter()
            .find(|s| s.metric == metric && labels.iter().all(|(k, v)| s.labels.get(k) == Some(v)))
            .map(|s| s.value.clone())
            .unwrap_or_else(|| panic!("{metric} {labels:?} in:\n{text}"))
    };
    use prometheus_parse::Value;
    assert_eq!(
        value("pledgebook_http_requests_total", &[("route", "/healthz"), ("status", "200")]),
        Value::Counter(2.0)
    );
    assert_eq!(
        value("pledgebook_http_requests_total", &[("route", "/organisations"), ("status", "200")]),
        Value::Counter(1.0)
    );
    assert_eq!(
        value("pledgebook_http_requests_total", &[("route", "unmatched"), ("status", "404")]),
        Value::Counter(1.0)
    );
    match value("pledgebook_http_request_duration_seconds", &[("route", "/healthz")]) {
        Value::Histogram(buckets) => {
            assert_eq!(buckets.last().map(|b| b.count), Some(2.0), "+Inf holds both");
            assert!(buckets.windows(2).all(|w| w[0].count <= w[1].count), "cumulative");
        }
        other => panic!("not a histogram: {other:?}"),
    }
    assert_eq!(value("pledgebook_store_up", &[]), Value::Gauge(1.0));
    assert_eq!(value("pledgebook_outbox_messages", &[("state", "waiting")]), Value::Gauge(0.0));
    assert!(matches!(value("pledgebook_db_pool_connections", &[("state", "max")]), Value::Gauge(n) if n >= 1.0));
}

#[tokio::test]
async fn every_api_error_is_json_of_one_shape() {
    let app = TestApp::spawn().await;
    let token = app.token("admin@example.org").await;
    let client = reqwest::Client::new();
    let cases = [
        (client.get(app.url("/api/v1/commitments?per_page=many")), 400, "per_page"),
        (client.get(app.url("/api/v1/organisations/not-a-number")), 400, ""),
        (client.get(app.url("/api/v1/no-such-route")), 404, ""),
        (
            client
                .post(app.url("/api/v1/organisations"))
                .bearer_auth(&token)
                .header("content-type", "application/json")
                .body("{not json"),
            400,
            "",
        ),
        (client.post(app.url("/api/v1/organisations")).bearer_auth(&token).body("x=1"), 400, ""),
    ];
    for (request, status, mentions) in cases {
        let res = request.send().await.unwrap();
        assert_eq!(res.status().as_u16(), status);
        assert!(header(&res, "content-type").starts_with("application/json"), "{}", header(&res, "content-type"));
        let body: serde_json::Value = res.json().await.unwrap();
        let keys: Vec<&str> = body.as_object().unwrap().keys().map(String::as_str).collect();
        assert_eq!(keys, ["error", "message"], "{body}");
        assert!(body["message"].as_str().unwrap().contains(mentions), "{body}");
    }
}
