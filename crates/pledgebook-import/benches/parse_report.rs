//! Parsing the reference implementation-status report (156 KB).
//! `cargo bench -p pledgebook-import` prints the throughput in MiB/s.

use criterion::{Criterion, Throughput, criterion_group, criterion_main};

const DOC: &str = include_str!("../../../data/documents/basic-plan-csec-fy2018-implementation.txt");

fn parse(c: &mut Criterion) {
    let mut group = c.benchmark_group("report");
    group.throughput(Throughput::Bytes(DOC.len() as u64));
    group.bench_function("parse the reference report", |b| {
        b.iter(|| {
            pledgebook_import::parse_report("basic-plan-csec-fy2018-implementation.txt", std::hint::black_box(DOC))
        })
    });
    group.finish();
}

criterion_group!(benches, parse);
criterion_main!(benches);
