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
    assert_eq!(
        keys(&v),
        ["kind", "lang", "measures", "organisations", "pillars", "profile", "reason", "source", "warnings"]
    );
    assert_eq!((v["profile"].as_str(), v["lang"].as_str()), (Some("reference"), Some("en")));
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

/// The reference report with one line replaced.
fn edited(dir: &std::path::Path, name: &str, line: usize, to: &str) -> std::path::PathBuf {
    let text = std::fs::read_to_string(REPORT).unwrap();
    let mut lines: Vec<&str> = text.lines().collect();
    assert!(lines[line - 1].starts_with('('), "line {line} is a measure header: {}", lines[line - 1]);
    lines[line - 1] = to;
    let file = dir.join(name);
    std::fs::write(&file, lines.join("\n")).unwrap();
    file
}

fn import_fails(dir: &std::path::Path, file: &std::path::Path, extra: &[&str]) -> String {
    let out = bin()
        .arg("--data-dir")
        .arg(dir)
        .args(["import", "report", file.to_str().unwrap(), "--initiative", "basic-plan-csec", "--period", "FY2018"])
        .args(extra)
        .output()
        .unwrap();
    assert!(!out.status.success(), "{}", String::from_utf8_lossy(&out.stdout));
    String::from_utf8_lossy(&out.stderr).into_owned()
}

#[test]
fn a_report_whose_measure_numbering_breaks_is_refused_with_the_line_and_nothing_changes() {
    let dir = tempfile::tempdir().unwrap();
    run(
        dir.path(),
        &["import", "report", REPORT, "--initiative", "basic-plan-csec", "--period", "FY2018", "--title", "Basic Plan"],
    );
    let before = run(dir.path(), &["initiative", "show", "basic-plan-csec"]);
    // 1-(ii) misprinted as (iii): a jump at line 41, then (iii) twice.
    let misprint = edited(
        dir.path(),
        "misprint.txt",
        41,
        "(iii) Promotion of public relations and public awareness-raising activities toward the general",
    );
    let err = import_fails(dir.path(), &misprint, &[]);
    assert!(err.contains("line 41: measure numbering jumps from (i) to (iii): (ii) missing"), "{err}");
    assert!(
        err.contains("line 235: measure numbering repeats (iii) after (iii): 1-(iii) is already at line 41"),
        "{err}"
    );
    assert!(err.contains("nothing was written"), "{err}");
    // Accepting departures does not accept a measure numbered twice.
    let err = import_fails(dir.path(), &misprint, &["--accept-warnings"]);
    assert!(err.contains("line 235") && !err.contains("line 41:"), "{err}");
    // A gap: (v) renumbered (vi) leaves (v) missing; it can be accepted.
    let gap = edited(
        dir.path(),
        "gap.txt",
        287,
        "(vii) Implementation of domestic public relations regarding the Convention on the Rights of the",
    );
    let err = import_fails(dir.path(), &gap, &[]);
    assert!(err.contains("line 287: measure numbering jumps from (iv) to (vii): (v), (vi) missing"), "{err}");
    // A reset: (iv) printed as (i) restarts the numbering.
    let reset = edited(
        dir.path(),
        "reset.txt",
        265,
        "(i) Transmission of information about government efforts via the website",
    );
    let err = import_fails(dir.path(), &reset, &["--accept-warnings"]);
    assert!(
        err.contains("line 265: measure numbering restarts at (i) after (iii): 1-(i) is already at line 9"),
        "{err}"
    );
    assert_eq!(run(dir.path(), &["initiative", "show", "basic-plan-csec"]), before, "nothing was written");
}

/// Text compared across typesetting: white space and quote marks as the
/// PDF's font sets them.
fn plain(text: &str) -> String {
    let text = text.replace(['“', '”'], "\"").replace(['‘', '’'], "'");
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// What a report preview says of its structure, in plain text.
fn structure(preview: &serde_json::Value) -> Vec<String> {
    let mut out: Vec<String> = preview["pillars"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| format!("pillar {} {}", p["number"], plain(p["title"].as_str().unwrap())))
        .collect();
    for m in preview["measures"].as_array().unwrap() {
        out.push(format!("measure {} {}", m["id"], plain(m["title"].as_str().unwrap())));
        for p in m["plans"].as_array().unwrap() {
            out.push(format!("  plan by {} {}", p["responsible"], plain(p["text"].as_str().unwrap())));
            for r in p["results"].as_array().unwrap() {
                out.push(format!("    result by {} {}", r["agencies"], plain(r["text"].as_str().unwrap())));
            }
        }
    }
    out.push(format!("organisations {}", preview["organisations"]));
    out
}

#[test]
fn the_consolidated_report_pdf_imports_back_to_the_same_report() {
    let dir = tempfile::tempdir().unwrap();
    run(
        dir.path(),
        &["import", "report", REPORT, "--initiative", "basic-plan-csec", "--period", "FY2018", "--title", "Basic Plan"],
    );
    let pdf = dir.path().join("report.pdf");
    run(
        dir.path(),
        &["export", "pdf", "--initiative", "basic-plan-csec", "--period", "FY2018", "--out", pdf.to_str().unwrap()],
    );
    let original: serde_json::Value =
        serde_json::from_str(&run(dir.path(), &["import", "report", REPORT, "--dry-run", "--json"])).unwrap();
    let preview = run(dir.path(), &["import", "report", pdf.to_str().unwrap(), "--dry-run", "--json"]);
    let back: serde_json::Value = serde_json::from_str(&preview).unwrap();
    let (want, got) = (structure(&original), structure(&back));
    assert_eq!(got.len(), want.len());
    for (g, w) in got.iter().zip(&want) {
        assert_eq!(g, w);
    }
    // The cover page is all the PDF adds; the running heads and page
    // numbers of its 40 pages are gone (the texts above are the original's).
    let warnings: Vec<&str> =
        back["warnings"].as_array().unwrap().iter().map(|w| w["message"].as_str().unwrap()).collect();
    assert!(warnings.iter().all(|w| w.starts_with("text before the first pillar")), "{warnings:?}");
    // Imported from the PDF into the same plan, it finds every record it
    // came from (updated where quotes, spaces and the source lines differ)
    // and adds none.
    let again =
        run(dir.path(), &["import", pdf.to_str().unwrap(), "--initiative", "basic-plan-csec", "--period", "FY2018"]);
    for kind in ["commitment", "progress_entry", "organisation"] {
        assert!(again.contains(&format!("{kind}: 0 created")), "{again}");
    }
}

#[test]
fn a_japanese_report_in_another_layout_imports_in_japanese_with_its_statuses() {
    let dir = tempfile::tempdir().unwrap();
    let file = concat!(env!("CARGO_MANIFEST_DIR"), "/../../data/documents/layouts/jisshi-jokyo-ja.txt");
    let out = run(
        dir.path(),
        &["import", file, "--initiative", "csec-ja", "--period", "FY2021", "--title", "児童の性的搾取対策"],
    );
    assert!(out.contains("read as: the ja-jisshi profile") && out.contains("commitment: 4 created"), "{out}");
    let again = run(
        dir.path(),
        &["import", "report", file, "--profile", "ja-jisshi", "--initiative", "csec-ja", "--period", "FY2021"],
    );
    assert!(again.contains("commitment: 0 created, 0 updated, 4 unchanged"), "{again}");
    let json = dir.path().join("csec.json");
    run(dir.path(), &["export", "json", "--initiative", "csec-ja", "--out", json.to_str().unwrap()]);
    let data: serde_json::Value = serde_json::from_str(&std::fs::read_to_string(&json).unwrap()).unwrap();
    let commitments = data["commitments"].as_array().unwrap();
    let by_node =
        |node: &str| commitments.iter().find(|c| c["commitment"]["node"] == node).unwrap_or_else(|| panic!("{node}"));
    let first = by_node("1-(1)");
    assert_eq!(first["commitment"]["title"]["ja"], "学校における啓発活動の推進");
    assert_eq!(first["commitment"]["status"], "in_progress");
    assert_eq!(by_node("1-(2)")["commitment"]["status"], "completed");
    assert!(by_node("2-(1)")["commitment"]["tags"].as_array().unwrap().contains(&"delayed".into()));
    let narrative = &first["reports"][1]["narrative"]["ja"];
    assert_eq!(narrative, "保護者向けリーフレットを作成し、約３６万人の保護者に配布した。");
    assert_eq!(first["reports"][1]["figures"][0]["value"], 360000.0);
}

#[test]
fn a_dry_run_against_the_database_shows_what_changes_and_what_the_file_no_longer_has() {
    let dir = tempfile::tempdir().unwrap();
    let into = ["--initiative", "basic-plan-csec", "--period", "FY2018"];
    run(dir.path(), &[&["import", "report", REPORT, "--title", "Basic Plan"][..], &into].concat());
    let text = std::fs::read_to_string(REPORT).unwrap().replace("on April 23, 2018.", "on April 24, 2018.");
    // The last measure of pillar 6 and its result, gone from the file.
    let cut = text.find("(xiii) Strengthening of the system to support women").unwrap();
    let file = dir.path().join("fy2018-edited.txt");
    std::fs::write(&file, &text[..cut]).unwrap();
    let out = run(dir.path(), &[&["import", "report", file.to_str().unwrap(), "--dry-run"][..], &into].concat());
    assert!(out.contains("dry run, nothing written"), "{out}");
    assert!(out.contains("commitment: 0 created, 0 updated, 87 unchanged"), "{out}");
    assert!(out.contains("updated progress_entry basic-plan-csec/fy2018/1-(i)/1: narrative, provenance"), "{out}");
    assert!(out.contains("more only change where they were read"), "{out}");
    assert!(out.contains("no longer in the file (left as they are):\n    basic-plan-csec/6-(xiii)\n"), "{out}");
    assert!(out.contains("    basic-plan-csec/fy2018/6-(xiii)/1\n"), "{out}");
    // Nothing was written: importing the original again changes nothing.
    let again = run(dir.path(), &[&["import", "report", REPORT][..], &into].concat());
    assert!(again.contains("progress_entry: 0 created, 0 updated, 177 unchanged"), "{again}");
}
