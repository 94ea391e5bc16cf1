//! No acknowledged write is lost: a client writes through the API while the
//! server is killed with SIGKILL; after a restart, every write that got a
//! 201 is there.

mod common;

use std::time::Duration;

use common::{Server, run};
use serde_json::json;

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn acknowledged_writes_survive_sigkill() {
    let dir = tempfile::tempdir().unwrap();
    run(dir.path(), &["init"]);
    run(dir.path(), &["user", "add", "--email", "sync@example.org", "--name", "Sync", "--role", "secretariat"]);
    let token = run(dir.path(), &["user", "token", "--email", "sync@example.org"]).trim().to_owned();

    // The writers go as fast as they can: far past an account's API limit.
    std::fs::write(dir.path().join("pledgebook.toml"), "api_per_minute = 100000000\n").unwrap();
    let mut server = Server::start(dir.path(), &["serve"]);
    let client = reqwest::Client::builder().timeout(Duration::from_secs(5)).build().unwrap();
    let writers: Vec<_> = (0..4)
        .map(|w| {
            let client = client.clone();
            let url = server.url("/api/v1/organisations");
            let token = token.clone();
            tokio::spawn(async move {
                let mut acknowledged = Vec::new();
                for i in 0.. {
                    let body = json!({"slug": format!("w{w}-org-{i}"), "name": {"en": format!("Writer {w} organisation {i}")}, "kind": "ngo"});
                    match client.post(&url).bearer_auth(&token).json(&body).send().await {
                        Ok(res) if res.status() == 201 => {
                            let saved: serde_json::Value = res.json().await.unwrap();
                            acknowledged.push((saved["id"].as_i64().unwrap(), format!("w{w}-org-{i}")));
                        }
                        Ok(res) => panic!("unexpected answer {}", res.status()),
                        // The server is gone: this write was never acknowledged.
                        Err(_) => return acknowledged,
                    }
                }
                unreachable!()
            })
        })
        .collect();
    tokio::time::sleep(Duration::from_millis(1500)).await;
    let pid = server.child.id();
    let status = std::process::Command::new("kill").args(["-KILL", &pid.to_string()]).status().unwrap();
    assert!(status.success());
    let mut acknowledged = Vec::new();
    for w in writers {
        acknowledged.extend(w.await.unwrap());
    }
    server.kill();
    assert!(acknowledged.len() >= 20, "the writers made too little progress to prove anything: {}", acknowledged.len());

    let server = Server::start(dir.path(), &["serve"]);
    // Every organisation, following the list's pages.
    let mut listed: Vec<serde_json::Value> = Vec::new();
    let mut next = Some("/api/v1/organisations?per_page=200".to_owned());
    while let Some(path) = next {
        let page: serde_json::Value = client.get(server.url(&path)).send().await.unwrap().json().await.unwrap();
        listed.extend(page["items"].as_array().unwrap().iter().cloned());
        next = page["next"].as_str().map(str::to_owned);
    }
    let stored: std::collections::HashMap<i64, String> =
        listed.iter().map(|o| (o["id"].as_i64().unwrap(), o["slug"].as_str().unwrap().to_owned())).collect();
    for (id, slug) in &acknowledged {
        assert_eq!(stored.get(id), Some(slug), "acknowledged write #{id} {slug} was lost");
    }
}
