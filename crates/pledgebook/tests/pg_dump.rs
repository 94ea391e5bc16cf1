//! A PostgreSQL database backed up with `pg_dump --format=custom` and put
//! back with `pg_restore` holds the same data: every export of every demo
//! initiative reads the same from both, and the restored database takes new
//! writes (its identity sequences came along).

mod common;

use std::process::Command;

use common::{pg_bin, run};
use pledgebook_store_postgres::testing::{create_database, drop_database};

fn tool(program: &str, args: &[&str]) {
    let out = Command::new(pg_bin(program)).args(args).output().expect("run a PostgreSQL program");
    assert!(out.status.success(), "{program} {args:?}: {}", String::from_utf8_lossy(&out.stderr));
}

#[tokio::test]
async fn a_pg_dump_restores_to_identical_data() {
    let (a, b) =
        (format!("pledgebook_dump_a_{}", std::process::id()), format!("pledgebook_dump_b_{}", std::process::id()));
    let (a_url, b_url) = (create_database(&a).await, create_database(&b).await);
    let (a_dir, b_dir) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
    run(a_dir.path(), &["--database-url", &a_url, "demo", "--no-serve"]);

    let dump = a_dir.path().join("pledgebook.dump");
    tool("pg_dump", &["--format=custom", "--file", dump.to_str().unwrap(), &a_url]);
    tool("pg_restore", &["--no-owner", "--exit-on-error", "--dbname", &b_url, dump.to_str().unwrap()]);

    let initiatives: Vec<String> = run(a_dir.path(), &["--database-url", &a_url, "initiative", "list"])
        .lines()
        .filter_map(|l| l.split_whitespace().next().map(str::to_owned))
        .filter(|k| k.contains('-'))
        .collect();
    assert!(initiatives.len() >= 2, "the demo's initiatives: {initiatives:?}");
    for key in &initiatives {
        for export in [
            vec!["export", "json", "--initiative", key],
            vec!["export", "csv", "--initiative", key, "--entity", "reports"],
            vec!["export", "csv", "--initiative", key, "--entity", "observations"],
        ] {
            let from = |url: &str, dir: &std::path::Path| {
                let mut args = vec!["--database-url", url];
                args.extend(export.iter().copied());
                run(dir, &args)
            };
            assert_eq!(from(&a_url, a_dir.path()), from(&b_url, b_dir.path()), "{export:?}");
        }
    }
    let restored = run(
        b_dir.path(),
        &[
            "--database-url",
            &b_url,
            "user",
            "add",
            "--email",
            "new@example.org",
            "--name",
            "New",
            "--role",
            "secretariat",
        ],
    );
    assert!(restored.contains("new@example.org"), "the restored database takes writes: {restored}");
    drop_database(&a).await;
    drop_database(&b).await;
}
