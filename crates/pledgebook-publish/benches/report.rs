//! Regenerating the reference report (88 measures, 177 results) from the
//! data, as text, Markdown and PDF: `cargo bench -p pledgebook-publish`.
//! Loading from the store is timed apart from building and writing; the
//! PDF needs Debian's fonts-ipaexfont, read once as a server does.

use criterion::{Criterion, criterion_group, criterion_main};
use pledgebook_core::store::Store;
use pledgebook_core::{Actor, Period};
use pledgebook_publish::report::Report;

const REFERENCE: &str = include_str!("../../../data/documents/basic-plan-csec-fy2018-implementation.txt");

fn bench(c: &mut Criterion) {
    let rt = tokio::runtime::Builder::new_multi_thread().enable_all().build().expect("runtime");
    let dir = tempfile::tempdir().expect("temporary directory");
    let store = rt.block_on(async {
        let store = pledgebook_store_sqlite::SqliteStore::open(dir.path().join("b.db").to_str().expect("utf-8 path"))
            .await
            .expect("store");
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
        store
    });
    let load = || {
        rt.block_on(async {
            pledgebook_publish::load(&mut *store.read().await.expect("read"), "basic-plan-csec").await.expect("load")
        })
    };
    let data = load();
    let mut g = c.benchmark_group("consolidated report");
    g.bench_function("load the initiative from SQLite", |b| b.iter(load));
    g.bench_function("build the report", |b| {
        b.iter(|| Report::build(std::hint::black_box(&data), Period::FiscalYear(2018)))
    });
    let report = Report::build(&data, Period::FiscalYear(2018));
    g.bench_function("write it as text", |b| b.iter(|| report.to_text()));
    g.bench_function("write it as Markdown", |b| b.iter(|| report.to_markdown()));
    let today = chrono::NaiveDate::from_ymd_opt(2026, 11, 23).expect("date");
    match pledgebook_publish::pdf::Fonts::locate(None) {
        Ok(fonts) => {
            g.sample_size(20);
            g.bench_function("typeset it as PDF (40 pages)", |b| {
                b.iter(|| {
                    pledgebook_publish::pdf::report_pdf(&report, &fonts, today, pledgebook_core::Lang::En).expect("pdf")
                })
            });
        }
        Err(e) => eprintln!("PDF not measured: {e}"),
    }
    g.bench_function("read the PDF fonts", |b| b.iter(|| pledgebook_publish::pdf::Fonts::locate(None)));
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
