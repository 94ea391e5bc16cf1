//! `pledgebook import` end to end: the JSON preview's shape, writing,
//! idempotence, encodings, and refusing what is not a document.

mod common;

use common::{bin, run};

const REPORT: &str =
    concat!(env!("CARGO_MANIFEST_DIR"), "/../../data/documents/basic-plan-csec-fy2018-implementation.txt");
const PLEDGE: &str =
    concat!(env!("CARGO_MANIFEST_DIR"), "/../../data/documents/pledge-stop-child-labour-network-japan.txt");

fn keys(v: &serde_json::Value) -> Vec<&str> {
    let mut k: Vec<&str> = v.as_object().expect("an object").keys().map(String::as_str).collect();
    k.sort_unstable();
    k
}

#[test]
fn the_report_preview_has_the_documented_shape() {
    let dir = tempfile::tempdir().unwrap();
    let out = run(dir.path(), &["import", "report", REPORT, "--dry-run", "--json"]);
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(keys(&v), ["kind", "measures", "organisations", "pillars", "source", "warnings"]);
    assert_eq!(v["kind"], "report");
    assert_eq!(v["source"], "basic-plan-csec-fy2018-implementation.txt");
    assert_eq!(v["pillars"][0]["number"], 1);
    let m = &v["measures"][1];
    assert_eq!(keys(m), ["id", "lines", "number", "pillar", "plans", "title"]);
    assert_eq!((m["id"].as_str(), m["pillar"].as_i64(), m["number"].as_str()), (Some("1-(ii)"), Some(1), Some("ii")));
    let plan = &m["plans"][0];
    assert_eq!(keys(plan), ["lines", "responsible", "results", "text"]);
    assert_eq!(plan["responsible"][0], "National Police Agency");
    let result = &plan["results"][1];
    assert_eq!(keys(result), ["agencies", "figures", "lines", "repeat_of", "text"]);
    assert_eq!(result["agencies"], serde_json::json!(["NPA", "CAO"]));
    assert!(result["repeat_of"].is_null());
    let with_figures =
        plan["results"].as_array().unwrap().iter().find(|r| !r["figures"].as_array().unwrap().is_empty()).unwrap();
    assert_eq!(
        with_figures["figures"][0],
        serde_json::json!({"value": 2602.0, "text": "2,602", "unit": "public relations and awareness-raising campaigns"})
    );
    assert_eq!(v["organisations"][0], serde_json::json!({"abbreviation": "NPA", "name": "National Police Agency"}));
    assert_eq!(v["warnings"], serde_json::json!([]));
    // A dry run writes nothing.
    assert!(!dir.path().join("pledgebook.db").exists());
}

#[test]
fn a_report_imports_once_and_again_changes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let first = run(
        dir.path(),
        &["import", "report", REPORT, "--initiative", "basic-plan-csec", "--period", "FY2018", "--title", "Basic Plan"],
    );
    assert!(first.contains("commitment: 88 created") && first.contains("progress_entry: 177 created"), "{first}");
    let again = run(dir.path(), &["import", REPORT, "--initiative", "basic-plan-csec", "--period", "FY2018"]);
    assert!(again.contains("commitment: 0 created, 0 updated, 88 unchanged"), "{again}");
    let shown = run(dir.path(), &["initiative", "show", "basic-plan-csec"]);
    assert!(shown.contains("6-(xiii) Strengthening of the system to support women"), "{shown}");
}

#[test]
fn a_pledge_imports_into_its_campaign() {
    let dir = tempfile::tempdir().unwrap();
    run(
        dir.path(),
        &["initiative", "add", "--key", "iyecl-2021", "--kind", "pledge_campaign", "--title", "2021 Action Pledges"],
    );
    let preview = run(dir.path(), &["import", "pledge", PLEDGE, "--dry-run", "--json"]);
    let v: serde_json::Value = serde_json::from_str(&preview).unwrap();
    for k in [
        "kind",
        "organisation",
        "title",
        "pledge",
        "implementation",
        "impact",
        "implementation_items",
        "links",
        "warnings",
    ] {
        assert!(v.get(k).is_some(), "the preview lacks {k}");
    }
    let out = run(dir.path(), &["import", PLEDGE, "--campaign", "iyecl-2021", "--organisation-kind", "network"]);
    assert!(out.contains("(Created); organisation Created"), "{out}");
    assert!(out.contains("left out the link Website (#)"), "{out}");
    let again = run(dir.path(), &["import", "pledge", PLEDGE, "--campaign", "iyecl-2021"]);
    assert!(again.contains("(Unchanged); organisation Unchanged"), "{again}");
    let org = run(dir.path(), &["org", "show", "stop-child-labour-network-japan"]);
    assert!(org.contains("[network]"), "{org}");
}

#[test]
fn shift_jis_files_are_converted() {
    let dir = tempfile::tempdir().unwrap();
    let text = "日本生活協同組合連合会\npledges to\n子どもの貧困をなくす\nOn the pledge:\n学習会を開きます。\n";
    let (bytes, _, _) = encoding_rs::SHIFT_JIS.encode(text);
    let file = dir.path().join("pledge-sjis.txt");
    std::fs::write(&file, &bytes).unwrap();
    let out = bin()
        .arg("--data-dir")
        .arg(dir.path())
        .args(["import", "pledge", file.to_str().unwrap(), "--dry-run", "--json"])
        .output()
        .unwrap();
    assert!(out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("Shift_JIS"));
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["organisation"], "日本生活協同組合連合会");
    assert_eq!(v["title"], "子どもの貧困をなくす");
}

#[test]
fn what_is_not_a_document_is_refused_and_nothing_is_written() {
    let dir = tempfile::tempdir().unwrap();
    run(dir.path(), &["init"]);
    let before = run(dir.path(), &["org", "list", "--json"]);
    for (name, bytes, says) in [
        ("empty.txt", &b""[..], "empty"),
        ("image.png", &b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR"[..], "binary"),
        ("latin1.txt", &b"caf\xe9 au lait pledges to\n"[..], "save it as UTF-8"),
    ] {
        let file = dir.path().join(name);
        std::fs::write(&file, bytes).unwrap();
        let out = bin()
            .arg("--data-dir")
            .arg(dir.path())
            .args(["import", file.to_str().unwrap(), "--campaign", "x"])
            .output()
            .unwrap();
        assert!(!out.status.success(), "{name}");
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(err.contains(says) && err.contains("nothing was imported"), "{name}: {err}");
    }
    let minutes = dir.path().join("minutes.txt");
    std::fs::write(&minutes, "Minutes of the meeting\n").unwrap();
    let out = bin().arg("--data-dir").arg(dir.path()).args(["import", minutes.to_str().unwrap()]).output().unwrap();
    assert!(String::from_utf8_lossy(&out.stderr).contains("cannot tell what kind of document"));
    assert_eq!(run(dir.path(), &["org", "list", "--json"]), before);
}

#[test]
fn a_csv_sheet_dry_run_shows_what_would_happen_and_writes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    run(
        dir.path(),
        &["initiative", "add", "--key", "iyecl-2021", "--kind", "pledge_campaign", "--title", "2021 Action Pledges"],
    );
    let csv = dir.path().join("pledges.csv");
    std::fs::write(&csv, "Organisation,Title,Description\nACE,Train teachers,We will.\nJCCU,,No title here.\n")
        .unwrap();
    let out = bin()
        .arg("--data-dir")
        .arg(dir.path())
        .args(["import", "csv", csv.to_str().unwrap(), "--into", "iyecl-2021"])
        .output()
        .unwrap();
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("row 3, column Title: a title is required") && err.contains("nothing was imported"), "{err}");
    let dry = run(
        dir.path(),
        &["import", "csv", csv.to_str().unwrap(), "--into", "iyecl-2021", "--skip-invalid", "--dry-run"],
    );
    assert!(
        dry.contains("dry run, nothing written") && dry.contains("1 created, 0 updated, 0 unchanged, 1 skipped"),
        "{dry}"
    );
    assert_eq!(run(dir.path(), &["org", "list"]), "", "the dry run wrote nothing");
    let real = run(dir.path(), &["import", "csv", csv.to_str().unwrap(), "--into", "iyecl-2021", "--skip-invalid"]);
    assert!(real.contains("1 created"), "{real}");
    assert!(run(dir.path(), &["org", "list"]).contains("ace"));
}
