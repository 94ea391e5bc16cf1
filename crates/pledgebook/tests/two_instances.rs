//! Two `serve` processes on one PostgreSQL database, each with its own
//! search index under its own data directory: a write through one is found
//! by searching the other, because both follow the database's change log.
//! The server is `PLEDGEBOOK_TEST_POSTGRES_URL` (or `DATABASE_URL`), else
//! the local one `scripts/test` starts.

mod common;

use std::time::{Duration, Instant};

use common::{Server, run};
use pledgebook_store_postgres::testing::{create_database, drop_database};

async fn search(server: &Server, q: &str) -> Vec<String> {
    let url = reqwest::Url::parse_with_params(&server.url("/api/v1/search"), [("q", q)]).unwrap();
    let body: serde_json::Value = reqwest::get(url).await.unwrap().json().await.unwrap();
    body["hits"].as_array().unwrap().iter().map(|h| h["title"].as_str().unwrap().to_owned()).collect()
}

/// What `server` finds for `q` once it has it, or what it had when time ran out.
async fn eventually(server: &Server, q: &str, wanted: &str) -> Vec<String> {
    let start = Instant::now();
    loop {
        let titles = search(server, q).await;
        if titles.iter().any(|t| t.contains(wanted)) || start.elapsed() > Duration::from_secs(20) {
            return titles;
        }
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
}

#[tokio::test]
async fn a_write_through_one_instance_is_found_by_searching_the_other() {
    let db_name = format!("pledgebook_instances_{}", std::process::id());
    let db_url = create_database(&db_name).await;
    let (a_dir, b_dir) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
    let on_db = |dir: &std::path::Path, args: &[&str]| {
        let mut all = vec!["--database-url", db_url.as_str()];
        all.extend_from_slice(args);
        run(dir, &all)
    };
    on_db(a_dir.path(), &["demo", "--no-serve"]);
    let token = on_db(a_dir.path(), &["user", "token", "--email", "admin@demo.pledgebook.invalid"]);
    let a = Server::start(a_dir.path(), &["--database-url", &db_url, "serve"]);
    let b = Server::start(b_dir.path(), &["--database-url", &db_url, "serve"]);

    // Each instance built its own index from the same database.
    for server in [&a, &b] {
        let titles = search(server, "学習会").await;
        assert!(titles.iter().any(|t| t.contains("学習会")), "{titles:?}");
        assert!(search(server, "横浜").await.is_empty());
    }

    let res = reqwest::Client::new()
        .post(a.url("/api/v1/organisations"))
        .bearer_auth(token.trim())
        .json(&serde_json::json!({
            "slug": "yokohama-children-support",
            "name": {"en": "Yokohama Children Support Network", "ja": "横浜子ども支援ネットワーク"},
            "kind": "network",
        }))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), reqwest::StatusCode::CREATED, "{}", res.text().await.unwrap());

    for (name, server) in [("the instance written to", &a), ("the other instance", &b)] {
        let titles = eventually(server, "横浜", "横浜子ども支援ネットワーク").await;
        assert!(titles.iter().any(|t| t.contains("横浜子ども支援ネットワーク")), "{name}: {titles:?}");
        let titles = eventually(server, "yokohama", "Yokohama").await;
        assert!(!titles.is_empty(), "{name} finds it in English too");
    }

    // A third instance started later builds the same index from the database.
    let c_dir = tempfile::tempdir().unwrap();
    let c = Server::start(c_dir.path(), &["--database-url", &db_url, "serve"]);
    assert_eq!(search(&c, "横浜").await, search(&b, "横浜").await);
    drop((a, b, c));
    drop_database(&db_name).await;
}
