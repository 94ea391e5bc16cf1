//! The consolidated report as PDF, IATI XML, the figures page and the sheets, over HTTP.

use pledgebook_core::{Actor, ops};
use pledgebook_web::WebConfig;
use reqwest::StatusCode;

use crate::{TestApp, header};

#[tokio::test]
async fn the_report_downloads_as_pdf_and_the_plan_as_iati_xml() {
    let app = TestApp::spawn().await;
    app.import_reference_report().await;
    // A Japanese title, as a secretariat would add it, shows under the English one.
    let mut tx = app.store.write().await.unwrap();
    let c = ops::find::<pledgebook_core::Commitment>(&mut *tx, "basic-plan-csec/1-(ii)").await.unwrap().unwrap();
    let mut titled = c.value.clone();
    titled.title.ja = Some("広報啓発活動の推進".into());
    ops::update(&mut *tx, &Actor::system("test"), c.id, c.version, titled).await.unwrap();
    tx.commit().await.unwrap();
    let page = reqwest::get(app.url("/initiatives/basic-plan-csec/report")).await.unwrap().text().await.unwrap();
    assert!(page.contains(r#"href="?period=FY2018&amp;format=pdf""#), "the report page links its PDF");
    assert!(page.contains(r#"<span lang="ja" class="meta">広報啓発活動の推進</span>"#));
    // In Japanese: the Japanese title first, the page's own words in Japanese, and
    // one notice per pillar (not per line) that the texts are English.
    let ja = reqwest::get(app.url("/initiatives/basic-plan-csec/report?lang=ja")).await.unwrap().text().await.unwrap();
    assert!(ja.contains("広報啓発活動の推進</a><br><span lang=\"en\" class=\"meta\">"), "Japanese title first");
    let pillars = ja.matches("<section class=\"report-pillar\">").count();
    assert!(pillars > 1 && ja.matches("日本語版がないため").count() == pillars, "a notice per pillar");
    assert!(!ja.contains("fallback-marker") && !ja.contains(">Abbreviations<"), "no English words of the page's own");
    let pdf =
        reqwest::get(app.url("/initiatives/basic-plan-csec/report?period=FY2018&format=pdf&lang=ja")).await.unwrap();
    assert_eq!(pdf.status(), StatusCode::OK, "a Japanese PDF too (its words: publish's pdf tests)");

    let res = reqwest::get(app.url("/initiatives/basic-plan-csec/report?period=FY2018&format=pdf")).await.unwrap();
    assert_eq!(res.status(), StatusCode::OK);
    assert_eq!(header(&res, "content-type"), "application/pdf");
    assert!(header(&res, "content-disposition").contains("basic-plan-csec-FY2018.pdf"));
    let pdf = res.bytes().await.unwrap();
    assert!(pdf.starts_with(b"%PDF-") && pdf.len() > 50_000, "{} bytes", pdf.len());

    let res = reqwest::get(app.url("/initiatives/basic-plan-csec/iati.xml")).await.unwrap();
    assert_eq!(res.status(), StatusCode::OK);
    assert!(header(&res, "content-type").starts_with("application/xml"));
    let xml = res.text().await.unwrap();
    assert!(xml.contains(r#"<iati-activities version="2.03""#));
    assert_eq!(xml.matches("<iati-activity ").count(), 88);
    let missing = reqwest::get(app.url("/initiatives/no-such-plan/iati.xml")).await.unwrap();
    assert_eq!(missing.status(), StatusCode::NOT_FOUND);

    let reports = reqwest::get(app.url("/initiatives/basic-plan-csec/reports.csv")).await.unwrap();
    assert_eq!(reports.status(), StatusCode::OK);
    assert!(header(&reports, "content-disposition").contains("basic-plan-csec-reports.csv"));
    // The byte-order mark tells Excel the file is UTF-8, so Japanese opens as Japanese.
    let bytes = reports.bytes().await.unwrap();
    assert!(bytes.starts_with(b"\xEF\xBB\xBFkey,commitment,measure,period,reported_by,agencies"));
    assert_eq!(bytes.windows(3).filter(|w| *w == b"\xEF\xBB\xBF").count(), 1, "once, at the start");
    let xlsx = reqwest::get(app.url("/initiatives/basic-plan-csec/observations.xlsx")).await.unwrap();
    assert_eq!(xlsx.status(), StatusCode::OK);
    assert!(xlsx.bytes().await.unwrap().starts_with(b"PK"), "an XLSX is a zip");
    for unknown in ["nothing.csv", "reports.pdf", "reports"] {
        let res = reqwest::get(app.url(&format!("/initiatives/basic-plan-csec/{unknown}"))).await.unwrap();
        assert_eq!(res.status(), StatusCode::NOT_FOUND, "{unknown}");
    }
}

#[tokio::test]
async fn without_a_font_the_pdf_is_unavailable_and_says_why() {
    let config = WebConfig { pdf_font: Some("/nonexistent/font.ttf".into()), ..WebConfig::default() };
    let app = TestApp::spawn_with(config).await;
    app.import_reference_report().await;
    let res = reqwest::get(app.url("/initiatives/basic-plan-csec/report?format=pdf")).await.unwrap();
    assert_eq!(res.status(), StatusCode::SERVICE_UNAVAILABLE);
    let body = res.text().await.unwrap();
    assert!(body.contains("cannot read the font /nonexistent/font.ttf"), "{body}");
    // The rest of the report is still served.
    let txt = reqwest::get(app.url("/initiatives/basic-plan-csec/report?format=txt")).await.unwrap();
    assert_eq!(txt.status(), StatusCode::OK);
}

#[tokio::test]
async fn pdfs_are_limited_per_address() {
    let app = TestApp::spawn_with(WebConfig { pdf_per_minute: 2, ..WebConfig::default() }).await;
    app.import_reference_report().await;
    let url = app.url("/initiatives/basic-plan-csec/report?format=pdf");
    let mut statuses = Vec::new();
    for _ in 0..3 {
        statuses.push(reqwest::get(&url).await.unwrap().status());
    }
    assert_eq!(statuses, [StatusCode::OK, StatusCode::OK, StatusCode::TOO_MANY_REQUESTS]);
    // The page itself is not limited.
    let page = reqwest::get(app.url("/initiatives/basic-plan-csec/report")).await.unwrap();
    assert_eq!(page.status(), StatusCode::OK);
}

#[tokio::test]
async fn figures_are_added_up_and_drawn_for_a_period_and_downloadable() {
    let app = TestApp::spawn().await;
    app.import_reference_report().await;
    let html = reqwest::get(app.url("/initiatives/basic-plan-csec/figures?period=FY2018"))
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(html.contains("Figures and distribution · FY2018"), "{html}");
    // Persons counted in FY2018 results, read off the report: 470,722 in 15 figures.
    let persons = &html[html.find("<th scope=\"row\">persons</th>").expect("a persons row")..];
    assert!(persons.starts_with(r#"<th scope="row">persons</th><td class="num">470,722</td><td class="num">15</td>"#));
    // Every measure is led by government bodies: one bar, 88 commitments.
    let kinds = &html[html.find(r#"id="by-kind""#).unwrap()..html.find(r#"id="by-level""#).unwrap()];
    assert_eq!(kinds.matches("<rect class=\"bar\"").count(), 1, "{kinds}");
    assert!(kinds.contains("<title>Government body: 88</title>"), "{kinds}");

    // The same page in Japanese; a period with no reports has no figures.
    let ja = reqwest::get(app.url("/initiatives/basic-plan-csec/figures?period=FY2019&lang=ja"))
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(ja.contains("この期間に報告された数値はありません。"), "{ja}");
    assert!(ja.contains("<title>政府機関: 88</title>"), "{ja}");

    let csv = reqwest::get(app.url("/initiatives/basic-plan-csec/tables.csv?period=FY2018"))
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(csv.starts_with("\u{feff}table,group,unit,value\n"), "with the byte-order mark for Excel");
    assert!(csv.contains("figures_by_unit,,persons,470722\n"), "{csv}");
    assert!(csv.contains("commitments_by_org_kind,government_body,commitments,88\n"), "{csv}");
    let bad = reqwest::get(app.url("/initiatives/basic-plan-csec/figures?period=soon")).await.unwrap();
    assert_eq!(bad.status(), StatusCode::BAD_REQUEST);
}
