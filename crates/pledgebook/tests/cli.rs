//! The command line end to end: records, configuration, backup and restore.

mod common;

use common::{bin, run};

#[test]
fn backup_and_restore_bring_the_data_back_identical() {
    let dir = tempfile::tempdir().unwrap();
    run(
        dir.path(),
        &[
            "org",
            "add",
            "--name",
            "National Police Agency",
            "--name-ja",
            "警察庁",
            "--kind",
            "government_body",
            "--abbreviation",
            "NPA",
            "--country",
            "JP",
        ],
    );
    run(
        dir.path(),
        &[
            "initiative",
            "add",
            "--key",
            "basic-plan-csec",
            "--kind",
            "action_plan",
            "--title",
            "Basic Plan",
            "--period",
            "FY2018",
        ],
    );
    let before_orgs = run(dir.path(), &["org", "list", "--json"]);
    let before_plan = run(dir.path(), &["initiative", "show", "basic-plan-csec", "--json"]);
    let backup = dir.path().join("backup.db");
    run(dir.path(), &["backup", backup.to_str().unwrap()]);

    run(dir.path(), &["org", "add", "--name", "Cabinet Office", "--kind", "government_body"]);
    assert!(run(dir.path(), &["org", "list"]).contains("cabinet-office"));

    let refused = bin().arg("--data-dir").arg(dir.path()).args(["restore", backup.to_str().unwrap()]).output().unwrap();
    assert!(!refused.status.success(), "restore over a database needs --force");
    assert!(String::from_utf8_lossy(&refused.stderr).contains("--force"));

    let out = run(dir.path(), &["restore", backup.to_str().unwrap(), "--force"]);
    assert!(out.contains("restored 2 records"), "{out}");
    assert_eq!(run(dir.path(), &["org", "list", "--json"]), before_orgs);
    assert_eq!(run(dir.path(), &["initiative", "show", "basic-plan-csec", "--json"]), before_plan);
}

#[test]
fn a_restore_from_a_file_that_is_not_a_backup_changes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    run(dir.path(), &["org", "add", "--name", "Cabinet Office", "--kind", "government_body"]);
    let junk = dir.path().join("junk.db");
    std::fs::write(&junk, b"this is not a database").unwrap();
    let out =
        bin().arg("--data-dir").arg(dir.path()).args(["restore", junk.to_str().unwrap(), "--force"]).output().unwrap();
    assert!(!out.status.success());
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("is not a pledgebook backup"),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(run(dir.path(), &["org", "list"]).contains("cabinet-office"));
}

#[test]
fn bad_input_is_refused_with_a_message_naming_the_field() {
    let dir = tempfile::tempdir().unwrap();
    let out = bin()
        .arg("--data-dir")
        .arg(dir.path())
        .args(["org", "add", "--name", "X", "--kind", "ngo", "--country", "Japan"])
        .output()
        .unwrap();
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("country") && err.contains("two-letter"), "{err}");
    let out = bin()
        .arg("--data-dir")
        .arg(dir.path())
        .args(["org", "add", "--name", "X", "--kind", "church"])
        .output()
        .unwrap();
    assert!(String::from_utf8_lossy(&out.stderr).contains("use one of"));
    assert_eq!(run(dir.path(), &["org", "list"]), "");
}

#[test]
fn config_shows_every_layer_and_hides_the_password() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("pledgebook.toml"), "listen = \"127.0.0.1:9999\"\n").unwrap();
    let out = bin()
        .arg("--data-dir")
        .arg(dir.path())
        .env("PLEDGEBOOK_DATABASE_URL", "postgres://pb:topsecret@db.example/pb")
        .arg("config")
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("listen = \"127.0.0.1:9999\""), "{text}");
    assert!(text.contains("postgres://pb:***@db.example/pb"), "{text}");
    assert!(!text.contains("topsecret"));
}

#[test]
fn every_command_has_help() {
    for cmd in [
        &["--help"][..],
        &["serve", "--help"],
        &["demo", "--help"],
        &["user", "add", "--help"],
        &["org", "add", "--help"],
        &["initiative", "show", "--help"],
        &["restore", "--help"],
        &["export", "pdf", "--help"],
        &["export", "iati", "--help"],
    ] {
        let out = bin().args(cmd).output().unwrap();
        assert!(out.status.success(), "{cmd:?}");
        assert!(String::from_utf8_lossy(&out.stdout).contains("Usage:"), "{cmd:?}");
    }
}

#[test]
fn the_demo_exports_as_csv_json_and_icalendar_and_the_csv_reimports() {
    let dir = tempfile::tempdir().unwrap();
    run(dir.path(), &["demo", "--no-serve"]);
    let csv = run(dir.path(), &["export", "csv", "--initiative", "iyecl-2021-action-pledges"]);
    assert!(
        csv.contains("scln-2021-encourage-major-stakeholders") || csv.contains("stop-child-labour-network-japan"),
        "{csv}"
    );
    let file = dir.path().join("pledges.csv");
    std::fs::write(&file, &csv).unwrap();
    let again = run(dir.path(), &["import", "csv", file.to_str().unwrap(), "--into", "iyecl-2021-action-pledges"]);
    assert!(again.contains("0 created, 0 updated, 1 unchanged"), "{again}");
    let json: serde_json::Value =
        serde_json::from_str(&run(dir.path(), &["export", "json", "--initiative", "basic-plan-csec"])).unwrap();
    assert_eq!(json["commitments"].as_array().unwrap().len(), 88);
    assert_eq!(
        json["commitments"][1]["reports"].as_array().unwrap().len(),
        12,
        "measure 1-(ii) and its twelve results"
    );
    let ics = run(dir.path(), &["export", "ical"]);
    assert_eq!(ics.matches("BEGIN:VEVENT").count(), 4);
    assert!(ics.contains("DTSTART;VALUE=DATE:20201116"), "the JP-MIRAI forum");
}

#[test]
fn the_demo_exports_iati_activities_and_the_report_as_pdf() {
    let dir = tempfile::tempdir().unwrap();
    run(dir.path(), &["demo", "--no-serve"]);
    let xml =
        run(dir.path(), &["export", "iati", "--initiative", "childrens-future-action", "--publisher-ref", "JP-COOP-1"]);
    assert!(xml.contains("<iati-identifier>JP-COOP-1-"), "{xml}");
    // Ambassadors: 365 on 11 July 2019 (FY2019), 1,000 by the end of FY2020.
    assert!(xml.contains(r#"<actual value="365"/>"#), "{xml}");
    assert!(xml.contains(r#"<target value="1000"/>"#), "{xml}");
    // Participants: "more than 2,400".
    assert!(xml.contains("<narrative>at least 2400</narrative>"), "{xml}");

    // The indicators' observations go out and come back unchanged.
    let obs =
        run(dir.path(), &["export", "csv", "--initiative", "childrens-future-action", "--entity", "observations"]);
    assert!(obs.starts_with("indicator,value,date,qualifier,source,reported_by,breakdown\n"), "{obs}");
    let file = dir.path().join("observations.csv");
    std::fs::write(&file, &obs).unwrap();
    let again = run(dir.path(), &["import", "csv", file.to_str().unwrap(), "--into", "childrens-future-action"]);
    assert!(again.contains("0 created, 0 updated, 2 unchanged"), "{again}");

    let pdf = dir.path().join("report.pdf");
    run(dir.path(), &["export", "pdf", "--initiative", "basic-plan-csec", "--out", pdf.to_str().unwrap()]);
    let bytes = std::fs::read(&pdf).unwrap();
    assert!(bytes.starts_with(b"%PDF-") && bytes.len() > 50_000, "{} bytes", bytes.len());

    let out = bin()
        .arg("--data-dir")
        .arg(dir.path())
        .args(["export", "pdf", "--initiative", "basic-plan-csec", "--period", "2019-Q5", "--out", "x.pdf"])
        .output()
        .unwrap();
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("\"2019-Q5\" is not a period: write FY2018"), "{err}");
}
