//! The secretariat's pages: what each one writes, and that it writes only
//! what it shows it will.

mod support;

use pledgebook_core::{Actor, Commitment, Localized, Status, ops, workflow};

use support::{App, StatusCode, Who};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_restore_shows_what_it_changes_and_keeps_the_pledge_public() {
    let app = App::start().await;
    let id = app.pledge(Status::Draft).await;
    {
        let mut tx = app.store.write().await.unwrap();
        let system = Actor::system("test");
        let v1 = ops::get(&mut *tx, id).await.unwrap();
        let edited = Commitment { title: Localized::en("Train 200 teachers"), ..v1.value.clone() };
        ops::update(&mut *tx, &system, id, v1.version, edited).await.unwrap();
        for to in [Status::Submitted, Status::Approved] {
            workflow::transition(&mut *tx, &system, id, to, None).await.unwrap();
        }
        tx.commit().await.unwrap();
    }
    let (status, history) = app.get(Who::Admin, &format!("/history/{id}")).await;
    assert_eq!(status, StatusCode::OK);
    assert!(history.contains("<del>A pledge</del> → <ins>Train 200 teachers</ins>"), "{history}");
    assert!(history.contains("<del>draft</del> → <ins>submitted</ins>"), "each field's old and new value");

    let (status, confirm) = app.get(Who::Admin, &format!("/history/{id}/restore?version=1")).await;
    assert_eq!(status, StatusCode::OK);
    assert!(confirm.contains("Train 200 teachers") && confirm.contains("A pledge"), "{confirm}");
    assert!(confirm.contains(">Title<"), "fields by their names: {confirm}");
    assert!(!confirm.contains(">Status<"), "the status is not among what a restore changes: {confirm}");
    let (_, ja) = app.get(Who::Admin, &format!("/history/{id}/restore?version=1&lang=ja")).await;
    assert!(ja.contains(">タイトル<"), "in Japanese too: {ja}");
    let (status, _) = app.get(Who::Secretariat, &format!("/history/{id}/restore?version=1")).await;
    assert_eq!(status, StatusCode::FORBIDDEN, "only an admin restores");

    assert_eq!(
        app.post(Who::Admin, &format!("/history/{id}/restore"), &[("version", "1")]).await,
        StatusCode::SEE_OTHER
    );
    let mut r = app.store.read().await.unwrap();
    let now = ops::get(&mut *r, id).await.unwrap();
    assert_eq!((now.status, now.title.en.as_deref()), (Status::Approved, Some("A pledge")));
    let public = reqwest::get(format!("{}/commitments/{id}", app.base)).await.unwrap();
    assert_eq!(public.status(), StatusCode::OK, "still on the public site");
}

/// Posts a form as a signed-in client, returning status and text.
async fn send(client: &reqwest::Client, url: String, form: &[(&str, &str)], csrf: &str) -> (StatusCode, String) {
    let mut form = form.to_vec();
    form.push(("csrf", csrf));
    let res = client.post(url).form(&form).send().await.unwrap();
    let status = res.status();
    let location = res.headers().get("location").map(|l| l.to_str().unwrap().to_owned());
    (status, location.unwrap_or(res.text().await.unwrap()))
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_secretariat_adds_corrects_and_merges_organisations() {
    let app = App::start().await;
    let platform = {
        let mut tx = app.store.write().await.unwrap();
        let p = pledgebook_core::Initiative::new(
            "kids-platform",
            pledgebook_core::InitiativeKind::Platform,
            Localized::en("Kids platform"),
        );
        let p = ops::create(&mut *tx, &Actor::system("test"), p).await.unwrap();
        tx.commit().await.unwrap();
        p.id
    };
    let (client, csrf) = app.client(Who::Secretariat).await;
    let url = |path: &str| format!("{}{path}", app.base);

    // Everything wrong at once is named at once, each at its field.
    let bad = [
        ("name_en", ""),
        ("kind", "ngo"),
        ("country", "Japan"),
        ("m0_target", "no-such-platform"),
        ("m1_target", "kids-platform"),
        ("m1_since", "2021-04-01"),
        ("m1_until", "2020-03-31"),
    ];
    let (status, page) = send(&client, url("/admin/organisations"), &bad, &csrf).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(page.contains(r#"id="error-summary""#), "{page}");
    for field in ["m0_target", "m1_until"] {
        assert!(page.contains(&format!(r##"href="#{field}""##)), "{field} is in the summary: {page}");
    }
    let bad = [("name_en", ""), ("kind", "ngo"), ("country", "Japan")];
    let (_, page) = send(&client, url("/admin/organisations"), &bad, &csrf).await;
    for field in ["name_en", "country"] {
        assert!(page.contains(&format!(r##"href="#{field}""##)), "{field} is in the summary: {page}");
    }

    let good = [
        ("name_en", "Kodomo Net"),
        ("name_ja", "こどもネット"),
        ("kind", "ngo"),
        ("abbreviations", "KN, こネ"),
        ("country", "jp"),
        ("link0_label", "Website"),
        ("link0_url", "https://kodomo.example"),
        ("m0_target", "Kids platform"),
        ("m0_role", "member"),
        ("m0_since", "2021-04-01"),
    ];
    let (status, location) = send(&client, url("/admin/organisations"), &good, &csrf).await;
    assert_eq!(status, StatusCode::SEE_OTHER, "{location}");
    let id: i64 = location.split('/').nth(3).unwrap().split('?').next().unwrap().parse().unwrap();
    let mut r = app.store.read().await.unwrap();
    let saved = ops::get::<pledgebook_core::Organisation>(&mut *r, pledgebook_core::Id::new(id)).await.unwrap();
    drop(r);
    assert_eq!((saved.country.as_deref(), saved.abbreviations.len()), (Some("JP"), 2));
    assert_eq!(saved.platforms[0].platform, platform);
    let public = reqwest::get(url("/initiatives/kids-platform")).await.unwrap().text().await.unwrap();
    assert!(public.contains("1 member") && public.contains("NGO / CSO"), "the platform counts its members: {public}");
    let members = reqwest::get(url("/organisations?member_of=kids-platform")).await.unwrap().text().await.unwrap();
    assert!(members.contains("Kodomo Net"), "{members}");

    // Someone else saved meanwhile: the older form is refused, not applied.
    let (status, page) = send(
        &client,
        url(&format!("/admin/organisations/{id}")),
        &[("name_en", "Old"), ("kind", "ngo"), ("version", "0")],
        &csrf,
    )
    .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(page.contains(r#"id="version-error""#), "{page}");

    // A duplicate typed on a form is merged into it: the pledge it leads moves.
    let twin = app.org("Kodomo Network", false).await;
    let pledge = app.pledge(Status::Draft).await;
    {
        let mut tx = app.store.write().await.unwrap();
        let c = ops::get(&mut *tx, pledge).await.unwrap();
        let led = Commitment { lead: vec![twin], ..c.value.clone() };
        ops::update(&mut *tx, &Actor::system("test"), pledge, c.version, led).await.unwrap();
        tx.commit().await.unwrap();
    }
    let merge = url(&format!("/admin/organisations/{twin}/merge"));
    let (status, page) = send(&client, merge.clone(), &[("into", "kodomo-net")], &csrf).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "a merge must be confirmed");
    assert!(page.contains(r#"id="confirm-error""#));
    let (status, _) = send(&client, merge, &[("into", "kodomo-net"), ("confirm", "yes")], &csrf).await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    let mut r = app.store.read().await.unwrap();
    assert_eq!(ops::get(&mut *r, pledge).await.unwrap().lead, vec![pledgebook_core::Id::new(id)]);
    drop(r);
    let old = client.get(url("/organisations/kodomo-network")).send().await.unwrap();
    assert_eq!(old.status(), StatusCode::PERMANENT_REDIRECT, "the merged one's address leads to the other");
    assert_eq!(old.headers()["location"], "/organisations/kodomo-net");
    let listed = reqwest::get(url("/organisations")).await.unwrap().text().await.unwrap();
    assert!(!listed.contains("Kodomo Network"), "and it is no longer listed");

    // An editor corrects their own organisation only.
    let own = app.own.get();
    assert_eq!(app.get(Who::OwnEditor, &format!("/admin/organisations/{own}")).await.0, StatusCode::OK);
    assert_eq!(app.get(Who::OwnEditor, &format!("/admin/organisations/{id}")).await.0, StatusCode::FORBIDDEN);
    assert_eq!(app.get(Who::OwnEditor, "/admin/organisations").await.0, StatusCode::FORBIDDEN);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_invited_editor_sets_a_password_and_is_deactivated() {
    let app = App::start().await;
    let (client, csrf) = app.client(Who::Secretariat).await;
    let url = |path: &str| format!("{}{path}", app.base);
    let invite = [
        ("email", "Hanako@Example.org"),
        ("name", "Hanako"),
        ("role", "admin"),
        ("organisation", "own"),
        ("lang", "ja"),
    ];
    let (status, page) = send(&client, url("/admin/accounts"), &invite, &csrf).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "only an admin makes an admin");
    assert!(page.contains(r#"id="role-error""#));
    let invite = [
        ("email", "Hanako@Example.org"),
        ("name", "Hanako"),
        ("role", "editor"),
        ("organisation", "own"),
        ("lang", "ja"),
    ];
    let (status, location) = send(&client, url("/admin/accounts"), &invite, &csrf).await;
    assert_eq!(status, StatusCode::SEE_OTHER, "{location}");
    let id: i64 = location.split('/').nth(3).unwrap().split('?').next().unwrap().parse().unwrap();

    let outbox = app.store.read().await.unwrap().outbox(true, 10).await.unwrap();
    let mail = outbox.iter().find(|m| m.to_email == "hanako@example.org").expect("the invitation is in the outbox");
    assert!(mail.subject.contains("招待"), "in the language chosen for her: {}", mail.subject);
    let at = mail.body.find("/welcome/").unwrap();
    let link = mail.body[at..at + "/welcome/".len() + 64].to_owned();
    let (visitor, visitor_csrf) = app.client(Who::Anonymous).await;
    assert_eq!(visitor.get(url(&link)).send().await.unwrap().status(), StatusCode::OK);
    let (status, _) =
        send(&visitor, url(&link), &[("password", "short"), ("password_again", "short")], &visitor_csrf).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    let password = "hanako's long password";
    let (status, location) =
        send(&visitor, url(&link), &[("password", password), ("password_again", password)], &visitor_csrf).await;
    assert_eq!((status, location.as_str()), (StatusCode::SEE_OTHER, "/login?welcome=1"));
    assert_eq!(visitor.get(url(&link)).send().await.unwrap().status(), StatusCode::GONE, "the link works once");
    let sign_in = [("email", "hanako@example.org"), ("password", password)];
    assert_eq!(send(&visitor, url("/login"), &sign_in, &visitor_csrf).await.0, StatusCode::SEE_OTHER);

    // Tokens: made and shown once, listed by label, revoked.
    let (status, page) =
        send(&client, url(&format!("/admin/accounts/{id}/tokens")), &[("label", "reporting script")], &csrf).await;
    assert_eq!(status, StatusCode::OK);
    assert!(page.contains("pbt_") && page.contains("reporting script"));
    let hash = app.store.read().await.unwrap().api_tokens(id).await.unwrap()[0].token_hash.clone();
    let (status, _) =
        send(&client, url(&format!("/admin/accounts/{id}/tokens/revoke")), &[("token", &hash)], &csrf).await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    assert!(app.store.read().await.unwrap().api_tokens(id).await.unwrap().is_empty());

    // Deactivated, she cannot sign in.
    let (status, _) = send(&client, url(&format!("/admin/accounts/{id}/active")), &[("active", "no")], &csrf).await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    let (again, again_csrf) = app.client(Who::Anonymous).await;
    assert_eq!(send(&again, url("/login"), &sign_in, &again_csrf).await.0, StatusCode::UNAUTHORIZED);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_campaign_is_set_up_and_a_plan_s_measures_renumbered_in_the_browser() {
    let app = App::start().await;
    let (client, csrf) = app.client(Who::Secretariat).await;
    let url = |path: &str| format!("{}{path}", app.base);
    let mut campaign = vec![
        ("kind", "pledge_campaign"),
        ("title_en", "2026 Action Pledges"),
        ("title_ja", "2026年 行動誓約"),
        ("submission_deadline", "2099-12-31"),
        ("periods", "2026, FY2026"),
        ("wl_title", "20"),
        ("f0_key", "pillar"),
        ("f0_en", "Pillar"),
        ("f0_ja", "柱"),
        ("f0_values", "act | Act | 行動\ninspire | Inspire | 啓発\nscale-up | Scale up | 拡大"),
        ("f1_key", "level"),
        ("f1_values", "bad key | National"),
    ];
    let (status, page) = send(&client, url("/admin/initiatives"), &campaign, &csrf).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(page.contains(r#"id="f1_values-error""#), "{page}");
    campaign.pop();
    campaign.push(("f1_values", "national | National | 国\norganisational | Organisational | 組織"));
    let (status, location) = send(&client, url("/admin/initiatives"), &campaign, &csrf).await;
    assert_eq!(status, StatusCode::SEE_OTHER, "{location}");
    let form = reqwest::get(url("/initiatives/2026-action-pledges/pledge?lang=ja")).await.unwrap();
    assert_eq!(form.status(), StatusCode::OK, "the campaign takes pledges");
    let form = form.text().await.unwrap();
    assert!(form.contains("行動") && form.contains("組織"), "its facets, in Japanese: {form}");

    // An action plan: measure 1-(i) becomes 1-(ii) under a new 1-(i), renamed; its commitment follows.
    let (plan, measure) = {
        let mut tx = app.store.write().await.unwrap();
        let mut p = pledgebook_core::Initiative::new(
            "plan",
            pledgebook_core::InitiativeKind::ActionPlan,
            Localized::en("Basic plan"),
        );
        p.framework.add(None, "1", Localized::en("Prevention"));
        p.framework.add(Some("1"), "i", Localized::en("Awareness"));
        let system = Actor::system("test");
        let p = ops::create(&mut *tx, &system, p).await.unwrap().id;
        let mut c =
            Commitment::new("plan/1-(i)", p, pledgebook_core::CommitmentKind::Measure, Localized::en("Awareness"));
        c.node = Some(pledgebook_core::NodeKey("1-(i)".into()));
        c.lead = vec![app.own];
        let c = ops::create(&mut *tx, &system, c).await.unwrap().id;
        tx.commit().await.unwrap();
        (p.get(), c)
    };
    let edit = url(&format!("/admin/initiatives/{plan}/framework"));
    let (status, page) = app.get(Who::Secretariat, &format!("/admin/initiatives/{plan}/framework")).await;
    assert_eq!(status, StatusCode::OK);
    assert!(page.contains(r#"value="Awareness""#), "{page}");
    let version = app.version(plan).await.to_string();
    let rows = [
        ("version", version.as_str()),
        ("n0_key", "1"),
        ("n0_number", "1"),
        ("n0_en", "Prevention"),
        ("n1_key", "1-(i)"),
        ("n1_parent", "1"),
        ("n1_number", "ii"),
        ("n1_order", "20"),
        ("n1_en", "Awareness-raising"),
        ("n1_ja", "啓発"),
        ("n1_responsible", "own"),
        ("n2_parent", "1"),
        ("n2_number", "i"),
        ("n2_order", "10"),
        ("n2_en", "Research"),
    ];
    let refused = [rows.as_slice(), &[("n1_remove", "yes")]].concat();
    let (status, page) = send(&client, edit.clone(), &refused, &csrf).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "a measure with commitments is not removed");
    assert!(page.contains(r#"id="n1_remove-error""#), "{page}");
    let (status, _) = send(&client, edit, &rows, &csrf).await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    let mut r = app.store.read().await.unwrap();
    let p = ops::get::<pledgebook_core::Initiative>(&mut *r, pledgebook_core::Id::new(plan)).await.unwrap();
    let keys: Vec<&str> = p.framework.nodes.iter().map(|n| n.key.as_str()).collect();
    assert_eq!(keys, ["1", "1-(i)", "1-(ii)"]);
    assert_eq!(p.framework.get("1-(ii)").unwrap().responsible, vec![app.own]);
    let c = ops::get(&mut *r, measure).await.unwrap();
    assert_eq!(c.node.as_ref().map(|n| n.as_str()), Some("1-(ii)"), "the measure's commitment moved with it");
    assert_eq!(c.title, Localized::both("Awareness-raising", "啓発"), "and took its new title");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn events_indicators_and_commitments_are_kept_up_in_the_browser() {
    let app = App::start().await;
    let (client, csrf) = app.client(Who::Secretariat).await;
    let url = |path: &str| format!("{}{path}", app.base);
    app.org("Other Union", false).await;

    // An event: a room needs a place, and an end after the start.
    let mut event = vec![
        ("title_en", "Stakeholder Forum"),
        ("starts", "2026-05-01"),
        ("ends", "2026-04-30"),
        ("mode", "in_person"),
        ("initiative", "campaign"),
        ("organisers", "own"),
        ("co_organisers", "Other Union"),
        ("pr0_org", "own"),
        ("pr0_topic", "What we learned"),
        ("attendance", "1,200"),
    ];
    let (status, page) = send(&client, url("/admin/events"), &event, &csrf).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(page.contains(r##"href="#place""##) && page.contains(r##"href="#ends""##), "{page}");
    event.retain(|(k, _)| *k != "ends");
    event.push(("place", "Tokyo"));
    let (status, location) = send(&client, url("/admin/events"), &event, &csrf).await;
    assert_eq!(status, StatusCode::SEE_OTHER, "{location}");
    let calendar = reqwest::get(url("/events.ics")).await.unwrap().text().await.unwrap();
    assert!(calendar.contains("Stakeholder Forum"), "the iCal feed follows: {calendar}");
    let id: i64 = location.split('/').nth(3).unwrap().split('?').next().unwrap().parse().unwrap();
    let mut r = app.store.read().await.unwrap();
    let saved = ops::get::<pledgebook_core::Event>(&mut *r, pledgebook_core::Id::new(id)).await.unwrap();
    drop(r);
    assert_eq!((saved.attendance, saved.co_organisers.len(), saved.presenters.len()), (Some(1200), 1, 1));

    // An indicator that counts the teachers reported on a pledge.
    let pledge = app.pledge(Status::Approved).await;
    let pledge_id = pledge.to_string();
    let indicator = [
        ("initiative", "campaign"),
        ("commitment", pledge_id.as_str()),
        ("name_en", "Teachers trained"),
        ("unit", "teachers"),
        ("aggregation", "latest"),
        ("counts", "teachers"),
        ("t0_value", "1,000"),
        ("t0_deadline", "2027-03-31"),
        ("o0_value", "37"),
        ("o0_date", "2026-01-31"),
        ("o0_source", "survey"),
    ];
    let (status, location) = send(&client, url("/admin/indicators"), &indicator, &csrf).await;
    assert_eq!(status, StatusCode::SEE_OTHER, "{location}");
    let indicator_id: i64 = location.split('/').nth(3).unwrap().split('?').next().unwrap().parse().unwrap();
    let entry = {
        let mut tx = app.store.write().await.unwrap();
        let e = pledgebook_core::ProgressEntry {
            key: format!("campaign/2026/{pledge}"),
            initiative: app.campaign,
            commitment: pledge,
            period: pledgebook_core::Period::Year(2026),
            reported_by: vec![app.own],
            agencies_as_written: vec![],
            narrative: Localized::en("We trained 280 teachers."),
            date: None,
            figures: vec![pledgebook_core::Figure { value: 280.0, text: "280".into(), unit: "teachers".into() }],
            repeat_of: None,
            provenance: None,
            review: pledgebook_core::ReviewState::Pending,
            paragraph: None,
            safeguarding: pledgebook_core::Safeguarding::default(),
        };
        let e = ops::create(&mut *tx, &Actor::system("test"), e).await.unwrap().id;
        tx.commit().await.unwrap();
        e
    };
    let before = reqwest::get(url(&format!("/commitments/{pledge}"))).await.unwrap().text().await.unwrap();
    assert_eq!(
        app.post(Who::Reviewer, &format!("/review/entries/{entry}"), &[("decision", "approve")]).await,
        StatusCode::SEE_OTHER
    );
    let mut r = app.store.read().await.unwrap();
    let fed = ops::get::<pledgebook_core::Indicator>(&mut *r, pledgebook_core::Id::new(indicator_id)).await.unwrap();
    drop(r);
    assert_eq!(fed.current().map(|c| c.0), Some(280.0), "the approved report's figure is the indicator's value");
    let after = reqwest::get(url(&format!("/commitments/{pledge}"))).await.unwrap().text().await.unwrap();
    assert!(after.contains("280") && !before.contains("280"), "the commitment page moves with it");

    // An editor corrects their own pledge's texts, then withdraws it; the status is not a field.
    let version = app.version(pledge.get()).await.to_string();
    let edit = [
        ("version", version.as_str()),
        ("title_en", "Train 1,000 teachers"),
        ("title_ja", "教員1,000人の研修"),
        ("description_en", "We will train teachers."),
        ("lead", "own"),
        ("status", "draft"),
    ];
    let (editor, editor_csrf) = app.client(Who::OwnEditor).await;
    let (status, _) = send(&editor, url(&format!("/admin/commitments/{pledge}")), &edit, &editor_csrf).await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    let mut r = app.store.read().await.unwrap();
    let c = ops::get(&mut *r, pledge).await.unwrap();
    drop(r);
    assert_eq!(
        (c.title.clone(), c.status),
        (Localized::both("Train 1,000 teachers", "教員1,000人の研修"), Status::Approved)
    );
    assert_eq!(app.get(Who::OtherEditor, &format!("/admin/commitments/{pledge}")).await.0, StatusCode::FORBIDDEN);
    let (status, _) = send(
        &editor,
        url(&format!("/admin/commitments/{pledge}/withdraw")),
        &[("note", "merged into another pledge")],
        &editor_csrf,
    )
    .await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    let gone = reqwest::get(url(&format!("/commitments/{pledge}"))).await.unwrap();
    assert_eq!(gone.status(), StatusCode::NOT_FOUND, "a withdrawn pledge leaves the public site");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn opening_a_round_and_a_reminder_write_to_those_who_owe_a_report() {
    let app = App::start().await;
    let pledge = app.pledge(Status::Approved).await;
    let outbox = |app: &App| {
        let store = app.store.clone();
        async move { store.read().await.unwrap().outbox(true, 50).await.unwrap() }
    };
    let before = outbox(&app).await.len();
    let opened =
        app.post(Who::Secretariat, "/initiatives/campaign/rounds", &[("period", "2027"), ("action", "open")]).await;
    assert_eq!(opened, StatusCode::SEE_OTHER);
    let messages = outbox(&app).await;
    let to_editor: Vec<_> = messages.iter().filter(|m| m.to_email == "own@x.example").collect();
    assert_eq!(messages.len() - before, 1, "one editor owes a report: {messages:?}");
    assert!(
        to_editor[0].body.contains(&format!("/report/{pledge}")),
        "with the link to the form: {}",
        to_editor[0].body
    );
    assert!(to_editor[0].subject.contains("2027"));
    // Opening it again tells no one twice; a reminder does.
    app.post(Who::Secretariat, "/initiatives/campaign/rounds", &[("period", "2027"), ("action", "open")]).await;
    assert_eq!(outbox(&app).await.len() - before, 1);
    let reminded = app.post(Who::Secretariat, "/initiatives/campaign/remind", &[("period", "2027")]).await;
    assert_eq!(reminded, StatusCode::SEE_OTHER);
    let messages = outbox(&app).await;
    assert_eq!(messages.len() - before, 2);
    assert!(messages.iter().any(|m| m.subject.starts_with("Reminder")));
    let closed = app.post(Who::Secretariat, "/initiatives/campaign/remind", &[("period", "2030")]).await;
    assert_eq!(closed, StatusCode::CONFLICT, "no reminder for a round that is not open");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_error_is_the_site_s_page_in_the_reader_s_language() {
    let app = App::start().await;
    let get = |path: &str| {
        let url = format!("{}{path}", app.base);
        async move {
            let res = reqwest::get(url).await.unwrap();
            (res.status(), res.text().await.unwrap())
        }
    };
    for (path, status, words) in [
        ("/no/such/page", StatusCode::NOT_FOUND, "Page not found"),
        ("/no/such/page?lang=ja", StatusCode::NOT_FOUND, "ページが見つかりません"),
        ("/commitments/not-a-number", StatusCode::BAD_REQUEST, "could not be read"),
        ("/admin", StatusCode::UNAUTHORIZED, r#"href="/login""#),
        ("/admin?lang=ja", StatusCode::UNAUTHORIZED, "サインインしてください"),
        ("/history/1/restore", StatusCode::BAD_REQUEST, "could not be read"),
    ] {
        let (got, html) = get(path).await;
        assert_eq!(got, status, "{path}");
        assert!(html.contains(r#"<header class="site">"#), "{path} has the site's header: {html}");
        assert!(html.contains(words), "{path} says {words:?}: {html}");
    }
    let (got, html) = app.get(Who::Reviewer, "/admin/organisations").await;
    assert_eq!(got, StatusCode::FORBIDDEN);
    assert!(
        html.contains("Ask your secretariat") && html.contains("reviewer@x.example"),
        "signed in, in the header: {html}"
    );
    // A form that answers with its own errors keeps them.
    let (client, csrf) = app.client(Who::Secretariat).await;
    let res = client
        .post(format!("{}/admin/organisations", app.base))
        .form(&[("name_en", ""), ("csrf", &csrf)])
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(res.text().await.unwrap().contains(r#"id="error-summary""#));
    // The API keeps answering JSON.
    let api = reqwest::get(format!("{}/api/v1/nothing", app.base)).await.unwrap();
    assert_eq!(api.headers()["content-type"], "application/json");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_pledge_is_acknowledged_and_its_new_organisation_merged_during_review() {
    let app = App::start().await;
    let (visitor, csrf) = app.client(Who::Anonymous).await;
    let res = visitor
        .post(format!("{}/initiatives/campaign/pledge?lang=ja", app.base))
        .form(&[
            ("new_organisation", "Own NGO Japan"),
            ("title", "教員研修"),
            ("pledge", "教員を研修します。"),
            ("contact_name", "A"),
            ("contact_email", "a@example.org"),
            ("csrf", &csrf),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    let track = res.headers()["location"].to_str().unwrap().to_owned();
    let id: i64 = track.split('/').nth(2).unwrap().parse().unwrap();
    let outbox = app.store.read().await.unwrap().outbox(true, 10).await.unwrap();
    let ack = outbox.iter().find(|m| m.to_email == "a@example.org").expect("an acknowledgement");
    assert!(ack.body.contains(&track), "with the tracking link: {}", ack.body);
    assert!(ack.subject.contains("受け付けました"), "in the language the form was filled in: {}", ack.subject);

    let (status, queue) = app.get(Who::Secretariat, "/review").await;
    assert_eq!(status, StatusCode::OK);
    let new_org = queue.split("/admin/organisations/").nth(1).and_then(|s| s.split('/').next()).unwrap().to_owned();
    let (client, csrf) = app.client(Who::Secretariat).await;
    let res = client
        .post(format!("{}/admin/organisations/{new_org}/merge", app.base))
        .form(&[("into", "own"), ("confirm", "yes"), ("return", "/review"), ("csrf", &csrf)])
        .send()
        .await
        .unwrap();
    assert_eq!((res.status(), res.headers()["location"].to_str().unwrap()), (StatusCode::SEE_OTHER, "/review"));
    let mut r = app.store.read().await.unwrap();
    let pledge = ops::get::<Commitment>(&mut *r, pledgebook_core::Id::new(id)).await.unwrap();
    assert_eq!(pledge.lead, vec![app.own], "the pledge now names the organisation it was merged into");
    drop(r);
    // The decision reaches the submitter in the language the pledge was written in.
    assert_eq!(
        app.post(Who::Secretariat, &format!("/review/commitments/{id}"), &[("decision", "approve")]).await,
        StatusCode::SEE_OTHER
    );
    let outbox = app.store.read().await.unwrap().outbox(true, 20).await.unwrap();
    let decided = outbox.iter().filter(|m| m.to_email == "a@example.org").find(|m| m.subject.contains("承認済み"));
    let decided = decided.unwrap_or_else(|| panic!("{outbox:?}"));
    let editor = outbox.iter().find(|m| m.to_email == "own@x.example").expect("the editor is told too");
    assert!(editor.subject.contains("approved"), "in English, the editor's language: {}", editor.subject);
    assert!(!editor.body.contains("/track/"), "the tracking link is the submitter's alone: {}", editor.body);
    // The decision carries a tracking link of its own; the first one still works.
    let at = decided.body.find(&format!("/track/{id}/")).unwrap_or_else(|| panic!("a link: {}", decided.body));
    let later = decided.body[at..].split_whitespace().next().unwrap().to_owned();
    assert_ne!(later, track, "a new link, since only hashes are kept");
    assert!(decided.body.contains("誓約の状況の確認"), "worded in Japanese: {}", decided.body);
    for link in [&track, &later] {
        let res = reqwest::get(format!("{}{link}", app.base)).await.unwrap();
        assert_eq!(res.status(), StatusCode::OK, "{link}");
    }
    let other = if later.ends_with('0') { '1' } else { '0' };
    let wrong = format!("{}{}{other}", app.base, &later[..later.len() - 1]);
    assert_eq!(reqwest::get(wrong).await.unwrap().status(), StatusCode::NOT_FOUND);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_round_s_closing_day_brings_one_reminder_and_then_overdue_marks() {
    let app = App::start().await;
    app.pledge(Status::Approved).await;
    let today = chrono::Utc::now().date_naive();
    let in_three_days = (today + chrono::Days::new(3)).to_string();
    let form = [("period", "2027"), ("action", "open"), ("closes", in_three_days.as_str())];
    assert_eq!(app.post(Who::Secretariat, "/initiatives/campaign/rounds", &form).await, StatusCode::SEE_OTHER);
    let state = pledgebook_web::AppState::new(app.store.clone(), pledgebook_web::WebConfig::default());
    let waiting = |app: &App| {
        let store = app.store.clone();
        async move { store.read().await.unwrap().outbox(true, 50).await.unwrap() }
    };
    let before = waiting(&app).await.len();
    assert_eq!(pledgebook_web::reminders::send_due(&state, today - chrono::Days::new(10)).await.unwrap(), 0, "not yet");
    assert_eq!(pledgebook_web::reminders::send_due(&state, today).await.unwrap(), 1, "the editor who owes a report");
    assert_eq!(pledgebook_web::reminders::send_due(&state, today).await.unwrap(), 0, "and only once");
    let messages = waiting(&app).await;
    assert_eq!(messages.len() - before, 1);
    assert!(messages.iter().any(|m| m.to_email == "own@x.example" && m.subject.starts_with("Reminder")));

    let (_, page) = app.get(Who::Secretariat, "/initiatives/campaign/coverage?period=2027").await;
    assert!(page.contains(&in_three_days) && !page.contains(">Overdue<"), "due, not yet overdue: {page}");
    let yesterday = (today - chrono::Days::new(1)).to_string();
    let form = [("period", "2027"), ("action", "open"), ("closes", yesterday.as_str())];
    app.post(Who::Secretariat, "/initiatives/campaign/rounds", &form).await;
    let (_, page) = app.get(Who::Secretariat, "/initiatives/campaign/coverage?period=2027").await;
    assert!(page.contains(">Overdue<"), "past its closing day, the missing reports are overdue: {page}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_indicator_split_by_sex_refuses_parts_that_do_not_add_up_and_shows_its_table() {
    let app = App::start().await;
    let (client, csrf) = app.client(Who::Secretariat).await;
    let url = |path: &str| format!("{}{path}", app.base);
    let pledge = app.pledge(Status::Approved).await.to_string();
    let mut form = vec![
        ("initiative", "campaign"),
        ("commitment", pledge.as_str()),
        ("name_en", "Children reached"),
        ("unit", "children"),
        ("aggregation", "latest"),
        ("d0_name_en", "Sex"),
        ("d0_name_ja", "性別"),
        ("d0_categories", "girls / 女子, boys / 男子"),
        ("o0_value", "280"),
        ("o0_date", "2026-01-31"),
        ("o0_d0_0", "150"),
        ("o0_d0_1", "120"),
    ];
    let (status, page) = send(&client, url("/admin/indicators"), &form, &csrf).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(page.contains(r##"href="#o0_d0_0""##), "the error links to the row's first category: {page}");
    assert!(page.contains("270"), "the message says what the parts add up to: {page}");
    assert!(page.contains(r#"value="girls / 女子, boys / 男子""#), "the form keeps what was typed");
    assert_eq!(
        app.store
            .read()
            .await
            .unwrap()
            .count_matching(&pledgebook_core::store::Filter::of(pledgebook_core::Kind::Indicator))
            .await
            .unwrap(),
        0,
        "nothing written"
    );

    form.retain(|(k, _)| *k != "o0_d0_1");
    form.push(("o0_d0_1", "130"));
    let (status, location) = send(&client, url("/admin/indicators"), &form, &csrf).await;
    assert_eq!(status, StatusCode::SEE_OTHER, "{location}");
    let id: i64 = location.split('/').nth(3).unwrap().split('?').next().unwrap().parse().unwrap();
    let mut r = app.store.read().await.unwrap();
    let saved = ops::get::<pledgebook_core::Indicator>(&mut *r, pledgebook_core::Id::new(id)).await.unwrap();
    drop(r);
    assert_eq!(saved.dimensions[0].categories[1].name, Localized::both("boys", "男子"));
    assert_eq!(saved.observations[0].share("sex", "girls"), Some(150.0));

    // The edit form shows the parts again in their cells.
    let (_, edit) = app.get(Who::Secretariat, &format!("/admin/indicators/{id}")).await;
    assert!(edit.contains(r#"name="o0_d0_1" inputmode="decimal" value="130""#), "{edit}");

    // The commitment page's table, in Japanese too.
    let page = reqwest::get(url(&format!("/commitments/{pledge}?lang=ja"))).await.unwrap().text().await.unwrap();
    let table = &page[page.find(r#"<table class="data breakdown">"#).expect("a breakdown table")..];
    let table = &table[..table.find("</table>").unwrap()];
    assert!(table.contains("内訳： 性別 (2026-01-31)"), "{table}");
    assert!(
        table.contains("<th scope=\"row\">女子</th><td class=\"num\">150</td><td class=\"num\">54%</td>"),
        "{table}"
    );
    assert!(table.contains("<td class=\"num\">280</td>"), "with the total: {table}");
}
