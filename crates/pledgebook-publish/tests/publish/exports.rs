//! Exports read back: the CSV re-imports to the same data, the JSON holds the
//! whole initiative, the calendar holds the events.

use std::sync::Arc;

use chrono::NaiveDate;
use pledgebook_core::store::{Filter, Keyset, Store};
use pledgebook_core::{
    Actor, Commitment, Event, EventMode, Facet, FacetValue, Initiative, InitiativeKind, Intake, Kind, Localized, ops,
};
use pledgebook_import::sheet::{Mapping, commitments, read_csv};
use pledgebook_publish::export::Entity;
use pledgebook_publish::stream::{Export, Format};
use pledgebook_store_sqlite::SqliteStore;

const PLEDGES: &str = "organisation,organisation_kind,title,title_ja,description,pillar,status,tags\n\
    ACE,ngo,Train 100 teachers,教員100人の研修,\"We will train teachers, in Tokyo.\",act,approved,education; teachers\n\
    JCCU,cooperative,Hold study sessions,学習会を開く,Sessions in every prefecture.,inspire,in_progress,\n\
    Terra Renaissance,ngo,Not yet decided,,Waiting.,act,submitted,\n";

async fn store_with_campaign() -> (tempfile::TempDir, Arc<dyn Store>) {
    let dir = tempfile::tempdir().unwrap();
    let store: Arc<dyn Store> = Arc::new(SqliteStore::open(dir.path().join("t.db").to_str().unwrap()).await.unwrap());
    let mut c = Initiative::new("iyecl-2021", InitiativeKind::PledgeCampaign, Localized::en("2021 Action Pledges"));
    c.facets.push(Facet {
        key: "pillar".into(),
        label: Localized::en("Pillar"),
        values: ["act", "inspire"].iter().map(|k| FacetValue { key: (*k).into(), label: Localized::en(*k) }).collect(),
    });
    let mut tx = store.write().await.unwrap();
    ops::create(&mut *tx, &Actor::system("t"), c).await.unwrap();
    tx.commit().await.unwrap();
    (dir, store)
}

async fn import(store: &dyn Store, csv: &str) -> pledgebook_import::sheet::Outcome {
    let table = read_csv(csv).unwrap();
    let mapping = Mapping::from_headers(&table.headers);
    let mut tx = store.write().await.unwrap();
    let outcome =
        commitments::apply(&mut *tx, &Actor::system("t"), &table, &mapping, "iyecl-2021", false, &mut |_, _| {})
            .await
            .unwrap();
    tx.commit().await.unwrap();
    outcome
}

async fn export(store: &dyn Store) -> String {
    crate::support::stream(store, "iyecl-2021", Format::Csv(Entity::Commitments), 1).await
}

/// What a commitment says, without ids that differ between databases.
fn facts(c: &Commitment) -> String {
    format!("{}|{:?}|{:?}|{:?}|{:?}|{}", c.slug, c.title, c.description, c.facets, c.tags, c.status.as_str())
}

async fn public_commitments(store: &dyn Store) -> Vec<String> {
    let mut r = store.read().await.unwrap();
    let mut out: Vec<String> = ops::query::<Commitment>(&mut *r, &Filter::of(Kind::Commitment), Keyset::first(1_000))
        .await
        .unwrap()
        .iter()
        .filter(|c| c.status.is_public())
        .map(|c| facts(c))
        .collect();
    out.sort();
    out
}

#[tokio::test]
async fn the_csv_export_reimports_to_the_same_data() {
    let (_a, store) = store_with_campaign().await;
    assert_eq!(import(&*store, PLEDGES).await.created, 3);
    let csv = export(&*store).await;
    assert_eq!(csv.lines().count(), 3, "a header and the two public pledges:\n{csv}");
    assert!(csv.starts_with("key,organisation,organisation_kind,co_responsible,title,title_ja"));
    assert!(csv.contains("\"We will train teachers, in Tokyo.\""));
    // Into the same database: nothing changes.
    let again = import(&*store, &csv).await;
    assert_eq!((again.created, again.updated, again.unchanged), (0, 0, 2));
    // Into another database: the same commitments.
    let (_b, other) = store_with_campaign().await;
    assert_eq!(import(&*other, &csv).await.created, 2);
    assert_eq!(public_commitments(&*other).await, public_commitments(&*store).await);
    assert_eq!(export(&*other).await, csv, "and it exports the same again");
}

#[tokio::test]
async fn cells_a_spreadsheet_would_run_are_exported_as_text_and_reimport_as_written() {
    let (_a, store) = store_with_campaign().await;
    let pledge = "organisation,title,description,status\n\
        ACE,\"=HYPERLINK(\"\"http://evil.example\"\",\"\"click\"\")\",-5% child labour by 2025,approved\n";
    assert_eq!(import(&*store, pledge).await.created, 1);
    let csv = export(&*store).await;
    assert!(csv.contains(",\"'=HYPERLINK(") && csv.contains(",'-5% child labour"), "{csv}");
    let (_b, other) = store_with_campaign().await;
    assert_eq!(import(&*other, &csv).await.created, 1);
    assert_eq!(public_commitments(&*other).await, public_commitments(&*store).await, "the texts come back unchanged");
    // In the workbook the same cells are text, never formulas, and read back as written.
    use calamine::Reader;
    let bytes = crate::support::xlsx(&*store, "iyecl-2021", Entity::Commitments).await;
    let mut book: calamine::Xlsx<_> = calamine::open_workbook_from_rs(std::io::Cursor::new(bytes.clone())).unwrap();
    let sheet = book.sheet_names()[0].clone();
    let formulas = book.worksheet_formula(&sheet).unwrap();
    assert!(formulas.used_cells().all(|(_, _, f)| f.is_empty()), "no cell is a formula");
    let table = pledgebook_import::sheet::read_xlsx(&bytes).unwrap();
    let cells: Vec<&String> = table.rows.iter().flat_map(|(_, r)| r).collect();
    assert!(
        cells.iter().any(|c| c.starts_with("=HYPERLINK(")) && cells.iter().any(|c| c.starts_with("-5% child")),
        "{cells:?}"
    );
}

#[tokio::test]
async fn the_json_export_is_the_same_whatever_the_page_size() {
    let (_a, store) = store_with_campaign().await;
    import(&*store, PLEDGES).await;
    let one: serde_json::Value =
        serde_json::from_str(&crate::support::stream(&*store, "iyecl-2021", Format::Json, 1).await).unwrap();
    let all: serde_json::Value =
        serde_json::from_str(&crate::support::stream(&*store, "iyecl-2021", Format::Json, 500).await).unwrap();
    assert_eq!(one, all);
    assert_eq!(one["indicators"], serde_json::json!([]), "an empty list is an empty array");
    assert_eq!(one["commitments"][0]["commitment"]["slug"], "iyecl-2021/ace/train-100-teachers");
}

#[tokio::test]
async fn nothing_private_is_exported() {
    let (_a, store) = store_with_campaign().await;
    import(&*store, PLEDGES).await;
    let mut tx = store.write().await.unwrap();
    let ace = ops::find::<Commitment>(&mut *tx, "iyecl-2021/ace/train-100-teachers").await.unwrap().unwrap();
    let mut with_contact = ace.value.clone();
    with_contact.intake = Some(Intake {
        contact_name: "Aiko".into(),
        contact_email: "aiko@example.org".into(),
        token_hash: "secret-hash".into(),
        lang: None,
        later_token_hashes: Vec::new(),
    });
    ops::update(&mut *tx, &Actor::system("t"), ace.id, ace.version, with_contact).await.unwrap();
    tx.commit().await.unwrap();
    let json = crate::support::stream(&*store, "iyecl-2021", Format::Json, 1).await;
    let csv = export(&*store).await;
    for private in ["aiko@example.org", "secret-hash", "Not yet decided"] {
        assert!(!json.contains(private) && !csv.contains(private), "{private} leaked");
    }
    let v: serde_json::Value = serde_json::from_str(&json).unwrap();
    assert_eq!(v["initiative"]["slug"], "iyecl-2021");
    assert_eq!(v["commitments"].as_array().unwrap().len(), 2);
    assert_eq!(v["organisations"].as_array().unwrap().len(), 2);
}

#[tokio::test]
async fn events_export_as_icalendar() {
    let (_a, store) = store_with_campaign().await;
    import(&*store, PLEDGES).await;
    let mut tx = store.write().await.unwrap();
    let ini = ops::find::<Initiative>(&mut *tx, "iyecl-2021").await.unwrap().unwrap();
    let ace = ops::query::<pledgebook_core::Organisation>(&mut *tx, &Filter::of(Kind::Organisation), Keyset::first(1))
        .await
        .unwrap()[0]
        .id;
    ops::create(
        &mut *tx,
        &Actor::system("t"),
        Event {
            key: "meeting".into(),
            title: Localized::en("Stakeholder Meeting; hybrid, in Tokyo"),
            summary: Localized::en("Actions for the International Year."),
            starts: NaiveDate::from_ymd_opt(2021, 3, 17).unwrap(),
            ends: None,
            place: Some("House of Councillors Building, Tokyo".into()),
            mode: EventMode::Hybrid,
            initiative: Some(ini.id),
            organisers: vec![ace],
            co_organisers: vec![],
            presenters: vec![],
            attendance: None,
            commitments: vec![],
            links: vec![],
        },
    )
    .await
    .unwrap();
    tx.commit().await.unwrap();
    let mut r = store.read().await.unwrap();
    let mut ics = Vec::new();
    Export::events("pledgebook.example").write_to(&mut *r, &mut ics, &mut |_| {}).await.unwrap();
    let ics = String::from_utf8(ics).unwrap();
    assert!(ics.ends_with("END:VEVENT\r\nEND:VCALENDAR\r\n"), "{ics}");
    assert!(ics.starts_with("BEGIN:VCALENDAR"), "{ics}");
    assert!(ics.contains("DTSTART;VALUE=DATE:20210317") && ics.contains("DTEND;VALUE=DATE:20210318"), "{ics}");
    assert!(ics.contains("SUMMARY:Stakeholder Meeting\\; hybrid\\, in Tokyo"), "text is escaped: {ics}");
    assert!(ics.contains("UID:event-") && ics.contains("@pledgebook.example"));
}

#[tokio::test]
async fn the_xlsx_export_reimports_to_the_same_data() {
    let (_a, store) = store_with_campaign().await;
    import(&*store, PLEDGES).await;
    let bytes = crate::support::xlsx(&*store, "iyecl-2021", Entity::Commitments).await;
    let table = pledgebook_import::sheet::read_xlsx(&bytes).unwrap();
    assert_eq!(table.rows.len(), 2);
    let (_b, other) = store_with_campaign().await;
    let mapping = Mapping::from_headers(&table.headers);
    let mut tx = other.write().await.unwrap();
    let outcome =
        commitments::apply(&mut *tx, &Actor::system("t"), &table, &mapping, "iyecl-2021", false, &mut |_, _| {})
            .await
            .unwrap();
    tx.commit().await.unwrap();
    assert_eq!(outcome.created, 2);
    assert_eq!(public_commitments(&*other).await, public_commitments(&*store).await);
}

#[tokio::test]
async fn an_xlsx_sheet_past_its_row_limit_is_refused_and_points_to_the_csv() {
    let (_a, store) = store_with_campaign().await;
    import(&*store, PLEDGES).await;
    let mut r = store.read().await.unwrap();
    let mut out = Vec::new();
    let two_rows = pledgebook_publish::stream::xlsx(&mut *r, "iyecl-2021", Entity::Commitments, &mut out, 2).await;
    assert_eq!(two_rows.unwrap(), 2, "the two public pledges fit");
    let refused =
        pledgebook_publish::stream::xlsx(&mut *r, "iyecl-2021", Entity::Commitments, Vec::new(), 1).await.unwrap_err();
    assert!(matches!(refused, pledgebook_publish::Error::TooManyRows { limit: 1, .. }), "{refused}");
    assert!(refused.to_string().contains("download it as CSV"), "{refused}");
}
