//! The demo, served by the real binary on port 0, shows its organisations on
//! the home page in English and in Japanese.

mod common;

use common::Server;

async fn home(server: &Server, accept_language: &str) -> String {
    let res =
        reqwest::Client::new().get(server.url("/")).header("Accept-Language", accept_language).send().await.unwrap();
    assert_eq!(res.status(), 200);
    res.text().await.unwrap()
}

#[tokio::test]
async fn home_page_in_english_and_japanese_lists_the_demo_organisations() {
    let dir = tempfile::tempdir().unwrap();
    let server = Server::start(dir.path(), &["demo"]);
    assert!(server.preamble.iter().any(|l| l.contains("organisations")), "{:?}", server.preamble);

    let en = home(&server, "en-GB,en;q=0.9").await;
    assert!(en.contains(r#"<html lang="en">"#));
    assert!(en.contains("Commitments and their progress"));
    for org in [
        "Stop Child Labour Network, Japan",
        "Japan International Cooperation Agency",
        "Japanese Consumers&#39; Co-operative Union",
        "National Police Agency",
    ] {
        assert!(en.contains(org), "English home page lacks {org}");
    }
    assert!(en.contains("Basic Plan on Measures against Child Sexual Exploitation"));

    let ja = home(&server, "ja,en;q=0.5").await;
    assert!(ja.contains(r#"<html lang="ja">"#));
    assert!(ja.contains("約束とその進捗"));
    for org in ["児童労働ネットワーク", "国際協力機構", "日本生活協同組合連合会", "警察庁"]
    {
        assert!(ja.contains(org), "Japanese home page lacks {org}");
    }
    // ACE has no Japanese name: it falls back to English, with the marker.
    assert!(ja.contains(r#"<span lang="en">Action against Child Exploitation</span> <small class="fallback">"#));
}

#[tokio::test]
async fn the_language_switch_sticks_and_pages_render() {
    let dir = tempfile::tempdir().unwrap();
    let server = Server::start(dir.path(), &["demo"]);
    let client = reqwest::Client::builder().cookie_store(true).build().unwrap();
    let switched = client.get(server.url("/?lang=ja")).send().await.unwrap();
    assert!(switched.headers().get_all("set-cookie").iter().any(|c| c.to_str().unwrap().starts_with("pb_lang=ja")));
    // The cookie now beats the browser's English.
    let page =
        client.get(server.url("/initiatives/basic-plan-csec")).header("Accept-Language", "en").send().await.unwrap();
    assert_eq!(page.status(), 200);
    let html = page.text().await.unwrap();
    assert!(html.contains(r#"<html lang="ja">"#));
    assert!(html.contains("子供の性被害防止プラン"));
    assert!(html.contains("Prompt protection of child victims"), "the six pillars are listed");
    let org = client.get(server.url("/organisations/japanese-consumers-co-operative-union")).send().await.unwrap();
    let html = org.text().await.unwrap();
    assert!(html.contains("子どもの未来アクション"), "JCCU's page lists its project");
    let missing = client.get(server.url("/organisations/no-such-org")).send().await.unwrap();
    assert_eq!(missing.status(), 404);
}

#[tokio::test]
async fn the_demo_is_searchable_in_english_and_japanese() {
    let dir = tempfile::tempdir().unwrap();
    let server = Server::start(dir.path(), &["demo"]);
    let client = reqwest::Client::new();
    let html = client.get(server.url("/search?q=WePROTECT")).send().await.unwrap().text().await.unwrap();
    assert!(html.contains("Participation in “WePROTECT Global Alliance"), "{html}");
    assert!(html.contains("<mark>WePROTECT</mark>"));
    let api: serde_json::Value = client
        .get(server.url("/api/v1/search?q=%E5%AD%A6%E7%BF%92%E4%BC%9A"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let titles: Vec<&str> = api["hits"].as_array().unwrap().iter().map(|h| h["title"].as_str().unwrap()).collect();
    assert!(titles.iter().any(|t| t.contains("子どもの未来アクション 学習会とアンバサダー")), "{titles:?}");
    let narrowed: serde_json::Value = client
        .get(server.url("/api/v1/search?q=trafficking&organisation=ministry-of-justice"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let all: serde_json::Value =
        client.get(server.url("/api/v1/search?q=trafficking")).send().await.unwrap().json().await.unwrap();
    assert!(narrowed["total"].as_u64().unwrap() < all["total"].as_u64().unwrap());
    // Reindexing from the command line rebuilds the same index.
    drop(server);
    let out = common::run(dir.path(), &["reindex"]);
    assert!(out.starts_with("indexed "), "{out}");
}

#[tokio::test]
async fn the_consolidated_report_page_of_the_demo() {
    let dir = tempfile::tempdir().unwrap();
    let server = Server::start(dir.path(), &["demo"]);
    let client = reqwest::Client::new();
    let html =
        client.get(server.url("/initiatives/basic-plan-csec/report")).send().await.unwrap().text().await.unwrap();
    assert!(html.contains("Implementation status report · FY2018"));
    assert!(html.contains("Every measure has at least one result this period."));
    assert!(html.contains(r#"<th scope="row">NPA</th>"#), "the who-does-what matrix");
    let txt = client
        .get(server.url("/initiatives/basic-plan-csec/report?period=FY2018&format=txt"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    // The text download is in the layout the importer reads.
    let reparsed = pledgebook_import::parse_report("regenerated.txt", &txt);
    assert_eq!((reparsed.pillars.len(), reparsed.measures.len(), reparsed.warnings.len()), (6, 88, 0));
    let md = client.get(server.url("/initiatives/basic-plan-csec/report?format=md")).send().await.unwrap();
    assert_eq!(md.headers()["content-type"], "text/markdown; charset=utf-8");
}
