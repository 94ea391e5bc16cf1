//! Commitments and progress reports written through the API with a token, under the forms' rules.

use pledgebook_core::Status;
use pledgebook_core::{Actor, OrgKind, Organisation, ops};
use reqwest::StatusCode;

use crate::TestApp;

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
    p.rounds = vec![Round::opened(Period::FiscalYear(2020))];
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
            counts: None,
            baseline: None,
            targets: vec![],
            observations: vec![],
            dimensions: Vec::new(),
        };
        ops::create(&mut *tx, &system, ind).await.unwrap();
        ids.push(c.id.get());
    }
    tx.commit().await.unwrap();
    (ids[0], ids[1])
}

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
    assert_eq!(wrong.status(), StatusCode::UNPROCESSABLE_ENTITY, "JSON whose values do not fit the type");

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
