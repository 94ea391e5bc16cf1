//! Importing a report in the browser: the secretariat uploads it, sees
//! what it holds and what it would change, and confirms; departures from
//! the expected structure must be accepted with the checkbox, and nothing
//! is written before.

mod support;

use pledgebook_core::Kind;
use pledgebook_core::store::Filter;
use reqwest::StatusCode;
use reqwest::multipart::{Form, Part};

use support::{App, Who};

const REPORT: &str = include_str!("../../../data/documents/basic-plan-csec-fy2018-implementation.txt");

/// The reference report without the heading of 4-(xiii): a numbering gap.
fn with_a_gap() -> String {
    REPORT
        .lines()
        .filter(|l| !l.starts_with("(xiii) Provision of support at child welfare"))
        .collect::<Vec<_>>()
        .join("\n")
}

fn fields(csrf: &str) -> Form {
    Form::new()
        .text("csrf", csrf.to_owned())
        .text("initiative", "basic-plan-csec")
        .text("title", "Basic Plan")
        .text("period", "FY2018")
        .text("profile", "")
}

/// How many plan measures the store holds.
async fn measures(app: &App) -> i64 {
    let mut r = app.store.read().await.unwrap();
    let mut f = Filter::of(Kind::Commitment);
    f.category = Some("measure".into());
    r.count_matching(&f).await.unwrap()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_report_is_previewed_then_imported_once_its_departures_are_accepted() {
    let app = App::start().await;
    let (client, csrf) = app.client(Who::Secretariat).await;
    let form = fields(&csrf).part("file", Part::bytes(with_a_gap().into_bytes()).file_name("fy2018.txt"));
    let res = client.post(format!("{}/admin/import", app.base)).multipart(form).send().await.unwrap();
    assert_eq!(res.status(), StatusCode::OK);
    let html = res.text().await.unwrap();
    assert!(html.contains("measure numbering jumps from (xii) to (xiv): (xiii) missing"), "{html}");
    assert!(html.contains(r#"name="accept""#), "the departure can be accepted");
    assert!(html.contains("<td>commitment</td><td>87</td><td>0</td><td>0</td>"), "{html}");
    assert_eq!(measures(&app).await, 0, "the preview wrote nothing");

    let confirm = |accept: bool| {
        let mut f = fields(&csrf).text("source", "fy2018.txt").text("text", with_a_gap());
        if accept {
            f = f.text("accept", "1");
        }
        client.post(format!("{}/admin/import/confirm", app.base)).multipart(f).send()
    };
    let refused = confirm(false).await.unwrap();
    assert_eq!(refused.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(refused.text().await.unwrap().contains("Nothing was written"));
    assert_eq!(measures(&app).await, 0);
    let done = confirm(true).await.unwrap();
    assert_eq!(done.status(), StatusCode::SEE_OTHER);
    assert_eq!(done.headers()["location"], "/initiatives/basic-plan-csec");
    assert_eq!(measures(&app).await, 87);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn only_the_secretariat_imports_and_a_conflict_cannot_be_accepted() {
    let app = App::start().await;
    for (who, status) in [(Who::Anonymous, StatusCode::UNAUTHORIZED), (Who::OwnEditor, StatusCode::FORBIDDEN)] {
        let (client, csrf) = app.client(who).await;
        let form = fields(&csrf).part("file", Part::bytes(REPORT.as_bytes().to_vec()).file_name("r.txt"));
        let res = client.post(format!("{}/admin/import", app.base)).multipart(form).send().await.unwrap();
        assert!(res.status() == status || res.status() == StatusCode::SEE_OTHER, "{who:?}: {}", res.status());
    }
    // 1-(ii) misprinted as (iii): (iii) then stands twice, which would merge two measures.
    let misprint = REPORT.replacen("\n(ii) Promotion of public relations", "\n(iii) Promotion of public relations", 1);
    let (client, csrf) = app.client(Who::Secretariat).await;
    let form = fields(&csrf).text("source", "r.txt").text("text", misprint).text("accept", "1");
    let res = client.post(format!("{}/admin/import/confirm", app.base)).multipart(form).send().await.unwrap();
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let html = res.text().await.unwrap();
    assert!(html.contains("1-(iii) is already at line 41") && !html.contains(r#"name="accept""#), "{html}");
    assert_eq!(measures(&app).await, 0);
}
