//! What the edge reads from any visitor, fuzzed: list and search query
//! strings are read or refused with a 400, never a panic, and a query the
//! lists accept always has a page size within the limit.
//!
//! 2,000 cases a property in CI; `PLEDGEBOOK_FUZZ_CASES=N` for more.

use proptest::prelude::*;

use crate::api::list::ListParams;
use crate::forms::FormData;

fn config() -> ProptestConfig {
    let cases = std::env::var("PLEDGEBOOK_FUZZ_CASES").ok().and_then(|v| v.parse().ok()).unwrap_or(2000);
    ProptestConfig { cases, ..ProptestConfig::default() }
}

/// Query strings made of the names and values the routes take, and noise.
fn query() -> impl Strategy<Value = String> {
    let name = prop_oneof![
        Just("per_page"),
        Just("after"),
        Just("page"),
        Just("q"),
        Just("kind"),
        Just("status"),
        Just("pillar"),
        Just("initiative"),
        Just("lang"),
        Just("colour"),
    ];
    let value = prop_oneof![
        Just("".to_owned()),
        Just("1".to_owned()),
        Just("200".to_owned()),
        Just("201".to_owned()),
        Just("1000000000000".to_owned()),
        Just("-1".to_owned()),
        Just("pledge".to_owned()),
        Just("%FF%FE".to_owned()),
        Just("子供".to_owned()),
        "\\PC{0,12}",
    ];
    prop::collection::vec((name, value), 0..8)
        .prop_map(|pairs| pairs.iter().map(|(n, v)| format!("{n}={v}")).collect::<Vec<_>>().join("&"))
}

proptest! {
    #![proptest_config(config())]

    #[test]
    fn any_query_string_is_read_or_refused(q in query(), raw in "\\PC{0,60}") {
        for text in [q.as_str(), raw.as_str()] {
            for allowed in [&crate::api::COMMITMENT_FILTERS[..], &["kind"], &[]] {
                if let Ok(p) = ListParams::parse_api(Some(text), allowed) {
                    prop_assert!((1..=200).contains(&p.cursor().size()));
                    let _ = p.typed::<pledgebook_core::CommitmentKind>("kind");
                }
            }
            if let Ok(q) = crate::pages::search::parse_query(Some(text)) {
                prop_assert!((1..=500).contains(&q.paging.number()));
            }
            let _ = FormData::parse(text.as_bytes());
        }
    }
}
