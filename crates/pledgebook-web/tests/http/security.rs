//! Sign-in, tokens, security headers, body limits and escaping.

use pledgebook_core::{Actor, OrgKind, Organisation, ops};
use reqwest::StatusCode;

use crate::{PASSWORD, TestApp};

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
