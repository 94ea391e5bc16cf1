//! The consolidated report over HTTP, as a reader gets it: the HTML page
//! (load from SQLite, build, render with the who-does-what matrix) and the
//! PDF download, for the reference report (88 measures, 177 results).
//! `cargo bench -p pledgebook-web --bench report_page`; the PDF needs
//! Debian's fonts-ipaexfont.

use std::sync::Arc;

use axum::body::Body;
use axum::http::Request;
use criterion::{Criterion, criterion_group, criterion_main};
use pledgebook_core::store::Store;
use pledgebook_core::{Actor, Period};
use pledgebook_web::{AppState, WebConfig};
use tower::ServiceExt;

const REFERENCE: &str = include_str!("../../../data/documents/basic-plan-csec-fy2018-implementation.txt");

fn bench(c: &mut Criterion) {
    let rt = tokio::runtime::Builder::new_multi_thread().enable_all().build().expect("runtime");
    let dir = tempfile::tempdir().expect("temporary directory");
    let store: Arc<dyn Store> = rt.block_on(async {
        let path = dir.path().join("b.db");
        let store =
            pledgebook_store_sqlite::SqliteStore::open(path.to_str().expect("utf-8 path")).await.expect("store");
        let report = pledgebook_import::parse_report("r.txt", REFERENCE);
        let target = pledgebook_import::report::Target {
            initiative: "basic-plan-csec",
            period: Period::FiscalYear(2018),
            title: Some("Basic Plan"),
            accept_departures: false,
        };
        let mut tx = store.write().await.expect("tx");
        pledgebook_import::report::apply(&mut *tx, &Actor::system("bench"), &report, &target, &mut |_, _| {})
            .await
            .expect("import");
        tx.commit().await.expect("commit");
        Arc::new(store)
    });
    // As many PDFs as the benchmark asks for, from one address the server would see.
    let config = WebConfig { pdf_per_minute: u32::MAX, ..WebConfig::default() };
    let peer = std::net::SocketAddr::from(([127, 0, 0, 1], 4000));
    let app =
        pledgebook_web::router(AppState::new(store, config)).layer(axum::extract::connect_info::MockConnectInfo(peer));
    let get = |uri: &str| {
        rt.block_on(async {
            let res =
                app.clone().oneshot(Request::get(uri).body(Body::empty()).expect("request")).await.expect("response");
            assert!(res.status().is_success(), "{uri}: {}", res.status());
            axum::body::to_bytes(res.into_body(), usize::MAX).await.expect("body").len()
        })
    };
    let mut g = c.benchmark_group("consolidated report over HTTP");
    g.sample_size(20);
    g.bench_function("HTML page", |b| b.iter(|| get("/initiatives/basic-plan-csec/report?period=FY2018")));
    g.bench_function("PDF download", |b| {
        b.iter(|| get("/initiatives/basic-plan-csec/report?period=FY2018&format=pdf"))
    });
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
