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
const SECRETARIAT: [Who; 2] = [Who::Admin, Who::Secretariat];

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_mutating_route_against_every_role() {
    let app = App::start().await;
    let (forum, reached) = {
        let system = pledgebook_core::Actor::system("test");
        let mut tx = app.store.write().await.unwrap();
        let e = pledgebook_core::Event {
            key: "forum".into(),
            title: pledgebook_core::Localized::en("Forum"),
            summary: Default::default(),
            starts: chrono::NaiveDate::from_ymd_opt(2026, 5, 1).unwrap(),
            ends: None,
            place: None,
            mode: pledgebook_core::EventMode::Online,
            initiative: None,
            organisers: vec![],
            co_organisers: vec![],
            presenters: vec![],
            attendance: None,
            commitments: vec![],
            links: vec![],
        };
        let e = ops::create(&mut *tx, &system, e).await.unwrap().id;
        let i = pledgebook_core::Indicator {
            key: "campaign/reached".into(),
            initiative: app.campaign,
            commitment: None,
            name: pledgebook_core::Localized::en("Reached"),
            unit: "people".into(),
            aggregation: Default::default(),
            counts: None,
            baseline: None,
            targets: vec![],
            observations: vec![],
            dimensions: Vec::new(),
        };
        let i = ops::create(&mut *tx, &system, i).await.unwrap().id;
        tx.commit().await.unwrap();
        (e, i)
    };
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
        let got = app.post(who, "/initiatives/campaign/remind", &[("period", "2026")]).await;
        assert_eq!(got, expect(who, &[Who::Admin, Who::Secretariat]), "send a reminder as {who:?}");

        let id = app.pledge(Status::Submitted).await;
        let got = app.post(who, &format!("/history/{id}/restore"), &[("version", "1")]).await;
        assert_eq!(got, expect(who, &[Who::Admin]), "restore a version as {who:?}");

        let name = format!("Added by {who:?}");
        let got = app.post(who, "/admin/organisations", &[("name_en", &name), ("kind", "ngo")]).await;
        assert_eq!(got, expect(who, &SECRETARIAT), "add an organisation as {who:?}");

        let own = app.own.get();
        let version = app.version(own).await.to_string();
        let form = [("name_en", "Own"), ("kind", "ngo"), ("version", version.as_str())];
        let got = app.post(who, &format!("/admin/organisations/{own}"), &form).await;
        assert_eq!(
            got,
            expect(who, &[Who::Admin, Who::Secretariat, Who::OwnEditor]),
            "edit an organisation as {who:?}"
        );

        let from = app.org(&format!("Twin A {who:?}"), false).await;
        let into = format!("twin-b-{}", format!("{who:?}").to_lowercase());
        app.org(&into, false).await;
        let got =
            app.post(who, &format!("/admin/organisations/{from}/merge"), &[("into", &into), ("confirm", "yes")]).await;
        assert_eq!(got, expect(who, &SECRETARIAT), "merge organisations as {who:?}");

        let pending = app.org(&format!("Pending {who:?}"), true).await;
        let got = app.post(who, &format!("/admin/organisations/{pending}/publish"), &[]).await;
        assert_eq!(got, expect(who, &REVIEWERS), "approve an organisation as {who:?}");

        let email = format!("invited-{}@x.example", format!("{who:?}").to_lowercase());
        let invite = [("email", email.as_str()), ("name", "Invited"), ("role", "reviewer"), ("lang", "en")];
        let got = app.post(who, "/admin/accounts", &invite).await;
        assert_eq!(got, expect(who, &SECRETARIAT), "invite a person as {who:?}");

        let account = app.account(&format!("acct-{}@x.example", format!("{who:?}").to_lowercase())).await.get();
        let version = app.version(account).await.to_string();
        let form = [("name", "Renamed"), ("role", "editor"), ("organisation", "own"), ("version", version.as_str())];
        let got = app.post(who, &format!("/admin/accounts/{account}"), &form).await;
        assert_eq!(got, expect(who, &SECRETARIAT), "edit an account as {who:?}");
        let got = app.post(who, &format!("/admin/accounts/{account}/reset"), &[]).await;
        assert_eq!(got, expect(who, &SECRETARIAT), "send a reset as {who:?}");
        let got = app.post(who, &format!("/admin/accounts/{account}/active"), &[("active", "no")]).await;
        assert_eq!(got, expect(who, &SECRETARIAT), "deactivate an account as {who:?}");
        let got = app.post(who, &format!("/admin/accounts/{account}/tokens"), &[("label", "script")]).await;
        let made = if SECRETARIAT.contains(&who) { StatusCode::OK } else { expect(who, &SECRETARIAT) };
        assert_eq!(got, made, "make an API token as {who:?}");
        let hash =
            app.store.read().await.unwrap().api_tokens(account).await.unwrap().first().map(|t| t.token_hash.clone());
        if let Some(hash) = hash {
            let got = app.post(who, &format!("/admin/accounts/{account}/tokens/revoke"), &[("token", &hash)]).await;
            assert_eq!(got, expect(who, &SECRETARIAT), "revoke an API token as {who:?}");
        }

        let title = format!("Campaign of {who:?}");
        let got = app.post(who, "/admin/initiatives", &[("kind", "pledge_campaign"), ("title_en", &title)]).await;
        assert_eq!(got, expect(who, &SECRETARIAT), "create a campaign as {who:?}");
        let campaign = app.campaign.get();
        let version = app.version(campaign).await.to_string();
        let form = [("kind", "pledge_campaign"), ("title_en", "Campaign"), ("periods", "2026"), ("version", &version)];
        let got = app.post(who, &format!("/admin/initiatives/{campaign}"), &form).await;
        assert_eq!(got, expect(who, &SECRETARIAT), "edit a campaign as {who:?}");
        let version = app.version(campaign).await.to_string();
        let form = [("version", version.as_str()), ("n0_number", "1"), ("n0_en", "Act")];
        let got = app.post(who, &format!("/admin/initiatives/{campaign}/framework"), &form).await;
        assert_eq!(got, expect(who, &SECRETARIAT), "edit a framework as {who:?}");

        let title = format!("Forum of {who:?}");
        let event = [("title_en", title.as_str()), ("starts", "2026-05-01"), ("mode", "online")];
        let got = app.post(who, "/admin/events", &event).await;
        assert_eq!(got, expect(who, &SECRETARIAT), "add an event as {who:?}");
        let name = format!("Reached by {who:?}");
        let indicator = [("initiative", "campaign"), ("name_en", name.as_str()), ("unit", "people")];
        let got = app.post(who, "/admin/indicators", &indicator).await;
        assert_eq!(got, expect(who, &SECRETARIAT), "add an indicator as {who:?}");

        let version = app.version(forum.get()).await.to_string();
        let form = [("title_en", "Forum"), ("starts", "2026-05-01"), ("mode", "online"), ("version", &version)];
        let got = app.post(who, &format!("/admin/events/{forum}"), &form).await;
        assert_eq!(got, expect(who, &SECRETARIAT), "edit an event as {who:?}");
        let version = app.version(reached.get()).await.to_string();
        let form = [("initiative", "campaign"), ("name_en", "Reached"), ("unit", "people"), ("version", &version)];
        let got = app.post(who, &format!("/admin/indicators/{reached}"), &form).await;
        assert_eq!(got, expect(who, &SECRETARIAT), "edit an indicator as {who:?}");

        let id = app.pledge(Status::Approved).await;
        let version = app.version(id.get()).await.to_string();
        let edit = [("version", version.as_str()), ("title_en", "Edited"), ("lead", "own")];
        let got = app.post(who, &format!("/admin/commitments/{id}"), &edit).await;
        assert_eq!(got, expect(who, &[Who::Admin, Who::Secretariat, Who::OwnEditor]), "edit a pledge as {who:?}");
        let got = app.post(who, &format!("/admin/commitments/{id}/withdraw"), &[]).await;
        assert_eq!(got, expect(who, &[Who::Admin, Who::Secretariat, Who::OwnEditor]), "withdraw a pledge as {who:?}");

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
    let own = app.own.get();
    let campaign = app.campaign.get();
    let account = app.account("swept@x.example").await.get();
    for (path, fields) in [
        (format!("/review/commitments/{id}"), vec![("decision", "approve")]),
        (format!("/review/entries/{entry}"), vec![("decision", "approve")]),
        ("/initiatives/campaign/rounds".to_owned(), vec![("period", "2027"), ("action", "open")]),
        ("/initiatives/campaign/remind".to_owned(), vec![("period", "2026")]),
        (format!("/history/{id}/restore"), vec![("version", "1")]),
        (format!("/commitments/{id}/follow"), vec![]),
        ("/admin/organisations".to_owned(), vec![("name_en", "No token"), ("kind", "ngo")]),
        ("/admin/initiatives".to_owned(), vec![("kind", "platform"), ("title_en", "No token")]),
        ("/admin/events".to_owned(), vec![("title_en", "x"), ("starts", "2026-01-01"), ("mode", "online")]),
        ("/admin/indicators".to_owned(), vec![("initiative", "campaign"), ("name_en", "x"), ("unit", "x")]),
        ("/admin/events/1".to_owned(), vec![("title_en", "x"), ("version", "1")]),
        ("/admin/indicators/1".to_owned(), vec![("name_en", "x"), ("version", "1")]),
        (format!("/admin/commitments/{id}"), vec![("title_en", "x"), ("lead", "own"), ("version", "1")]),
        (format!("/admin/commitments/{id}/withdraw"), vec![]),
        (format!("/admin/initiatives/{campaign}"), vec![("kind", "platform"), ("title_en", "x"), ("version", "1")]),
        (
            format!("/admin/initiatives/{campaign}/framework"),
            vec![("version", "1"), ("n0_number", "1"), ("n0_en", "x")],
        ),
        (format!("/admin/organisations/{own}"), vec![("name_en", "Own"), ("version", "1")]),
        (format!("/admin/organisations/{own}/merge"), vec![("into", "other"), ("confirm", "yes")]),
        (format!("/admin/organisations/{own}/publish"), vec![]),
        ("/admin/accounts".to_owned(), vec![("email", "no-token@x.example"), ("name", "N"), ("role", "editor")]),
        (format!("/admin/accounts/{account}"), vec![("name", "N"), ("version", "1")]),
        (format!("/admin/accounts/{account}/active"), vec![("active", "no")]),
        (format!("/admin/accounts/{account}/reset"), vec![]),
        (format!("/admin/accounts/{account}/tokens"), vec![("label", "x")]),
        (format!("/admin/accounts/{account}/tokens/revoke"), vec![("token", "x")]),
        (format!("/welcome/{}", "0".repeat(64)), vec![("password", "a long enough password")]),
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
    assert_eq!(r.count(pledgebook_core::Kind::Organisation).await.unwrap(), 2, "no organisation was added");
    assert_eq!(r.count(pledgebook_core::Kind::Initiative).await.unwrap(), 1, "no initiative was added");
    assert!(!ops::get::<pledgebook_core::User>(&mut *r, pledgebook_core::Id::new(account)).await.unwrap().disabled);
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
