//! Search latency over 100,000 generated commitments, in English and
//! Japanese, with and without facets: `cargo bench -p pledgebook-search`.
//! Prints p50, p95 and p99 per kind of query (criterion reports means;
//! the issue asks for the 95th percentile).

use std::time::{Duration, Instant};

use pledgebook_core::Kind;
use pledgebook_search::{IndexDoc, SearchIndex, SearchQuery};

const COMMITMENTS: usize = 100_000;
const QUERIES: usize = 400;

const EN: [&str; 12] = [
    "awareness",
    "campaign",
    "teachers",
    "supply",
    "chain",
    "trafficking",
    "children",
    "training",
    "survey",
    "cocoa",
    "ambassadors",
    "hotline",
];
const JA: [&str; 8] = ["子供", "学習会", "被害防止", "児童労働", "啓発", "研修", "貧困", "相談窓口"];

/// A small deterministic generator, so every run indexes the same text.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> usize {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0 as usize
    }

    fn pick<'a>(&mut self, words: &[&'a str]) -> &'a str {
        words[self.next() % words.len()]
    }
}

fn document(i: usize, rng: &mut Rng) -> IndexDoc {
    let title: Vec<&str> = (0..6).map(|_| rng.pick(&EN)).collect();
    let mut body: Vec<String> = (0..40).map(|_| rng.pick(&EN).to_owned()).collect();
    if i.is_multiple_of(3) {
        body.extend((0..10).map(|_| format!("{}を進める", rng.pick(&JA))));
    }
    IndexDoc {
        id: i as i64 + 1,
        kind: Kind::Commitment,
        title: title.join(" "),
        body: body.join(" "),
        url: format!("/commitments/{}", i + 1),
        facets: vec![
            "/kind/commitment".into(),
            format!("/initiative/campaign-{}", i % 20),
            format!("/pillar/{}", ["act", "inspire", "scale-up"][i % 3]),
            format!("/organisation/org-{}", i % 2000),
            format!("/period/{}", 2018 + i % 6),
        ],
    }
}

fn percentile(sorted: &[Duration], p: f64) -> Duration {
    sorted[((sorted.len() as f64 - 1.0) * p).round() as usize]
}

fn measure(index: &SearchIndex, name: &str, make: impl Fn(&mut Rng) -> SearchQuery) {
    let mut rng = Rng(0x5eed);
    let mut times = Vec::with_capacity(QUERIES);
    let mut hits = 0;
    for _ in 0..QUERIES {
        let q = make(&mut rng);
        let start = Instant::now();
        hits += index.search(&q).expect("search").total;
        times.push(start.elapsed());
    }
    times.sort();
    println!(
        "{name:<34} p50 {:>8.2?}  p95 {:>8.2?}  p99 {:>8.2?}  (mean hits {})",
        percentile(&times, 0.50),
        percentile(&times, 0.95),
        percentile(&times, 0.99),
        hits / QUERIES
    );
}

fn main() {
    let dir = tempfile::tempdir().expect("temporary directory");
    let index = SearchIndex::open(dir.path()).expect("index");
    let mut rng = Rng(42);
    let start = Instant::now();
    index.index_documents((0..COMMITMENTS).map(|i| document(i, &mut rng))).expect("indexing");
    println!("indexed {COMMITMENTS} commitments in {:.1?}", start.elapsed());
    let q = |text: String, filters: Vec<(String, String)>| SearchQuery { text, filters, ..SearchQuery::default() };
    measure(&index, "one English word", |r| q(r.pick(&EN).to_owned(), vec![]));
    measure(&index, "two English words", |r| q(format!("{} {}", r.pick(&EN), r.pick(&EN)), vec![]));
    measure(&index, "Japanese word", |r| q(r.pick(&JA).to_owned(), vec![]));
    measure(&index, "English word + pillar + initiative", |r| {
        q(
            r.pick(&EN).to_owned(),
            vec![("pillar".into(), "act".into()), ("initiative".into(), format!("campaign-{}", r.next() % 20))],
        )
    });
}
