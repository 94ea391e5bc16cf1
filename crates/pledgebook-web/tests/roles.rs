//! Every mutating route against every role: who is let through, who is
//! refused, and that no form is accepted without its CSRF token. Each
//! attempt gets fresh records, so one role's success cannot mask another's.

mod support;

use std::sync::Arc;

use pledgebook_core::store::Store;
use pledgebook_core::{Commitment, Id, Status, ops};
use pledgebook_store_sqlite::SqliteStore;
use pledgebook_web::{AppState, WebConfig};
use reqwest::StatusCode;
use reqwest::redirect::Policy;

use support::{App, EVERYONE, Who};

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

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_pledge_from_a_long_japanese_name_gets_a_key_that_fits() {
    let app = App::start().await;
    let (client, csrf) = app.client(Who::Anonymous).await;
    let org = "特定非営利活動法人".repeat(6);
    let title = "サプライチェーンにおける児童労働の撤廃に向けた取引先への働きかけと実態調査の実施";
    let res = client
        .post(format!("{}/initiatives/campaign/pledge", app.base))
        .form(&[
            ("new_organisation", org.as_str()),
            ("title", title),
            ("pledge", "取引先を調査します。"),
            ("contact_name", "A"),
            ("contact_email", "a@example.org"),
            ("csrf", &csrf),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::SEE_OTHER, "{}", res.text().await.unwrap());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn organisations_named_on_the_public_form_wait_for_review_with_the_pledge() {
    let app = App::start().await;
    let (client, csrf) = app.client(Who::Anonymous).await;
    let pledge = |partners: String| {
        let form = vec![
            ("new_organisation", "Kodomo Mirai Net".to_owned()),
            ("partners", partners),
            ("title", "Teach".to_owned()),
            ("pledge", "We will teach.".to_owned()),
            ("contact_name", "A".to_owned()),
            ("contact_email", "a@example.org".to_owned()),
            ("csrf", csrf.clone()),
        ];
        client.post(format!("{}/initiatives/campaign/pledge", app.base)).form(&form).send()
    };
    let eleven: Vec<String> = (1..=11).map(|i| format!("Partner {i}")).collect();
    let refused = pledge(eleven.join(", ")).await.unwrap();
    assert_eq!(refused.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(refused.text().await.unwrap().contains(r#"id="partners-error""#), "the partners field is marked");
    let sent = pledge("Umi no Kai".into()).await.unwrap();
    assert_eq!(sent.status(), StatusCode::SEE_OTHER);
    let id: i64 = sent.headers()["location"].to_str().unwrap().split('/').nth(2).unwrap().parse().unwrap();
    let public = reqwest::Client::new();
    let get = |path: &str| public.get(format!("{}{path}", app.base)).send();
    for slug in ["kodomo-mirai-net", "umi-no-kai"] {
        assert_eq!(get(&format!("/organisations/{slug}")).await.unwrap().status(), StatusCode::NOT_FOUND, "{slug}");
    }
    assert!(!get("/organisations").await.unwrap().text().await.unwrap().contains("Kodomo Mirai Net"));
    assert!(!get("/api/v1/organisations?per_page=200").await.unwrap().text().await.unwrap().contains("Umi no Kai"));
    let (reviewer, _) = app.client(Who::Reviewer).await;
    let queue = reviewer.get(format!("{}/review", app.base)).send().await.unwrap().text().await.unwrap();
    assert!(queue.contains("public once this pledge is approved: Kodomo Mirai Net, Umi no Kai"), "{queue}");
    app.post(Who::Reviewer, &format!("/review/commitments/{id}"), &[("decision", "approve")]).await;
    for slug in ["kodomo-mirai-net", "umi-no-kai"] {
        assert_eq!(get(&format!("/organisations/{slug}")).await.unwrap().status(), StatusCode::OK, "{slug}");
    }
}
