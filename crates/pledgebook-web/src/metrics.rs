//! `/metrics` in Prometheus' text format: requests by route and status,
//! their latency as histograms, the database pool's use, how far the
//! search index is behind, and the outbox. Routes are labelled by their
//! template (`/commitments/{id}`), so the series stay few whatever the
//! traffic; a request that matched no route counts as `unmatched`.
//!
//! Written by hand: a few counters and histograms behind one mutex need no
//! metrics framework, and the format is a page of text.

use std::collections::BTreeMap;
use std::fmt::Write;
use std::sync::Mutex;
use std::time::{Duration, Instant};

use axum::extract::{MatchedPath, Request, State};
use axum::http::header;
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

use crate::AppState;

/// Upper bounds of the latency buckets, in seconds.
const BUCKETS: [f64; 12] = [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0];

#[derive(Debug, Default)]
struct RouteStats {
    by_status: BTreeMap<u16, u64>,
    /// Requests at or under each bound of [`BUCKETS`] (not cumulative here).
    buckets: [u64; BUCKETS.len()],
    count: u64,
    sum: f64,
}

/// What the server has answered since it started.
#[derive(Debug, Default)]
pub struct Metrics {
    routes: Mutex<BTreeMap<String, RouteStats>>,
}

impl Metrics {
    pub fn record(&self, route: &str, status: u16, took: Duration) {
        let seconds = took.as_secs_f64();
        let mut routes = self.routes.lock().unwrap_or_else(|p| p.into_inner());
        let r = routes.entry(route.to_owned()).or_default();
        *r.by_status.entry(status).or_default() += 1;
        if let Some(i) = BUCKETS.iter().position(|b| seconds <= *b) {
            r.buckets[i] += 1;
        }
        r.count += 1;
        r.sum += seconds;
    }

    fn write_requests(&self, out: &mut String) {
        let routes = self.routes.lock().unwrap_or_else(|p| p.into_inner());
        out.push_str("# HELP pledgebook_http_requests_total Requests answered, by route template and status.\n");
        out.push_str("# TYPE pledgebook_http_requests_total counter\n");
        for (route, r) in routes.iter() {
            for (status, n) in &r.by_status {
                let _ = writeln!(
                    out,
                    "pledgebook_http_requests_total{{route=\"{}\",status=\"{status}\"}} {n}",
                    label(route)
                );
            }
        }
        out.push_str(
            "# HELP pledgebook_http_request_duration_seconds Time to the answer's headers, by route template.\n",
        );
        out.push_str("# TYPE pledgebook_http_request_duration_seconds histogram\n");
        for (route, r) in routes.iter() {
            let route = label(route);
            let mut cumulative = 0;
            for (bound, n) in BUCKETS.iter().zip(r.buckets) {
                cumulative += n;
                let _ = writeln!(
                    out,
                    "pledgebook_http_request_duration_seconds_bucket{{route=\"{route}\",le=\"{bound}\"}} {cumulative}"
                );
            }
            let _ = writeln!(
                out,
                "pledgebook_http_request_duration_seconds_bucket{{route=\"{route}\",le=\"+Inf\"}} {}",
                r.count
            );
            let _ = writeln!(out, "pledgebook_http_request_duration_seconds_sum{{route=\"{route}\"}} {}", r.sum);
            let _ = writeln!(out, "pledgebook_http_request_duration_seconds_count{{route=\"{route}\"}} {}", r.count);
        }
    }
}

/// A label value with `\`, `"` and line breaks escaped.
fn label(value: &str) -> String {
    value.replace('\\', "\\\\").replace('"', "\\\"").replace('\n', "\\n")
}

/// The route template a request matched, carried out on the response for [`observe`].
#[derive(Debug, Clone)]
struct Route(String);

/// Added with `route_layer`, where the matched route is known: puts its
/// template on the response.
pub async fn tag_route(req: Request, next: Next) -> Response {
    let route = req.extensions().get::<MatchedPath>().map(|m| m.as_str().to_owned());
    let mut res = next.run(req).await;
    if let Some(route) = route {
        res.extensions_mut().insert(Route(route));
    }
    res
}

/// Times every request and counts it under its route and status.
pub async fn observe(State(state): State<AppState>, req: Request, next: Next) -> Response {
    let started = Instant::now();
    let res = next.run(req).await;
    let route = res.extensions().get::<Route>().map_or("unmatched", |r| r.0.as_str());
    state.metrics.record(route, res.status().as_u16(), started.elapsed());
    res
}

/// `GET /metrics`. Aggregates only: no record, address or account appears.
pub async fn metrics(State(state): State<AppState>) -> Response {
    let mut out = String::new();
    state.metrics.write_requests(&mut out);
    let pool = state.store.pool_stats();
    out.push_str(
        "# HELP pledgebook_db_pool_connections The database pool: connections open, idle, and the most it opens.\n",
    );
    out.push_str("# TYPE pledgebook_db_pool_connections gauge\n");
    for (state, n) in [("open", pool.open), ("idle", pool.idle), ("max", pool.max)] {
        let _ = writeln!(out, "pledgebook_db_pool_connections{{state=\"{state}\"}} {n}");
    }
    let ask = async {
        let mut r = state.store.read().await.ok()?;
        Some((r.last_seq().await.ok()?, r.outbox_counts().await.ok()?))
    };
    let answered = tokio::time::timeout(crate::HEALTH_WAIT, ask).await.ok().flatten();
    out.push_str("# HELP pledgebook_store_up Whether the store answered this scrape.\n");
    out.push_str("# TYPE pledgebook_store_up gauge\n");
    let _ = writeln!(out, "pledgebook_store_up {}", u8::from(answered.is_some()));
    if let Some((head, outbox)) = answered {
        if let Some(behind) = state.search_behind(head) {
            out.push_str("# HELP pledgebook_search_changes_behind Changes the search index has still to apply.\n");
            out.push_str("# TYPE pledgebook_search_changes_behind gauge\n");
            let _ = writeln!(out, "pledgebook_search_changes_behind {behind}");
        }
        out.push_str(
            "# HELP pledgebook_outbox_messages Notifications not sent: waiting (due or to retry), retrying (failed at least once), given up.\n",
        );
        out.push_str("# TYPE pledgebook_outbox_messages gauge\n");
        for (state, n) in [("waiting", outbox.waiting), ("retrying", outbox.retrying), ("given_up", outbox.given_up)] {
            let _ = writeln!(out, "pledgebook_outbox_messages{{state=\"{state}\"}} {n}");
        }
    }
    ([(header::CONTENT_TYPE, "text/plain; version=0.0.4; charset=utf-8")], out).into_response()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn latencies_fall_into_cumulative_buckets() {
        let m = Metrics::default();
        m.record("/", 200, Duration::from_millis(3));
        m.record("/", 200, Duration::from_millis(30));
        m.record("/", 500, Duration::from_secs(20));
        let mut out = String::new();
        m.write_requests(&mut out);
        assert!(out.contains("pledgebook_http_requests_total{route=\"/\",status=\"200\"} 2\n"), "{out}");
        assert!(out.contains("pledgebook_http_requests_total{route=\"/\",status=\"500\"} 1\n"));
        assert!(out.contains("_bucket{route=\"/\",le=\"0.005\"} 1\n"));
        assert!(out.contains("_bucket{route=\"/\",le=\"0.05\"} 2\n"));
        assert!(out.contains("_bucket{route=\"/\",le=\"10\"} 2\n"), "20 s is past every bound");
        assert!(out.contains("_bucket{route=\"/\",le=\"+Inf\"} 3\n") && out.contains("_count{route=\"/\"} 3\n"));
        assert_eq!(label("a\"b\\c"), "a\\\"b\\\\c");
    }
}
