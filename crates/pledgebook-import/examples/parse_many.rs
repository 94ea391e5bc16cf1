//! Parses the reference report many times, for profilers:
//! `cargo build --release --example parse_many -p pledgebook-import`.

fn main() {
    let doc = include_str!("../../../data/documents/basic-plan-csec-fy2018-implementation.txt");
    let n: usize = std::env::args().nth(1).and_then(|a| a.parse().ok()).unwrap_or(200);
    let mut measures = 0;
    for _ in 0..n {
        measures += pledgebook_import::parse_report("reference", std::hint::black_box(doc)).measures.len();
    }
    println!("{measures}");
}
