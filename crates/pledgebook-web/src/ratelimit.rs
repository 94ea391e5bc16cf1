//! Limits on how often one address may try to sign in or submit a pledge:
//! a fixed window per address, kept in memory (each instance counts its own
//! requests, which is enough to stop guessing and flooding).

use std::collections::HashMap;
use std::net::IpAddr;
use std::sync::Mutex;
use std::time::{Duration, Instant};

#[derive(Debug)]
pub struct RateLimit {
    max: u32,
    window: Duration,
    seen: Mutex<HashMap<IpAddr, (Instant, u32)>>,
}

impl RateLimit {
    pub fn new(max: u32, window: Duration) -> Self {
        RateLimit { max, window, seen: Mutex::new(HashMap::new()) }
    }

    /// Counts a request from `ip`; false when it is over the limit.
    pub fn allow(&self, ip: IpAddr) -> bool {
        let now = Instant::now();
        let mut seen = self.seen.lock().unwrap_or_else(|p| p.into_inner());
        if seen.len() > 10_000 {
            seen.retain(|_, (start, _)| now.duration_since(*start) < self.window);
        }
        let entry = seen.entry(ip).or_insert((now, 0));
        if now.duration_since(entry.0) >= self.window {
            *entry = (now, 0);
        }
        entry.1 += 1;
        entry.1 <= self.max
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn allows_up_to_the_limit_per_address() {
        let rl = RateLimit::new(2, Duration::from_secs(60));
        let a: IpAddr = "127.0.0.1".parse().unwrap();
        let b: IpAddr = "127.0.0.2".parse().unwrap();
        assert!(rl.allow(a) && rl.allow(a));
        assert!(!rl.allow(a));
        assert!(rl.allow(b));
    }

    #[test]
    fn the_window_resets() {
        let rl = RateLimit::new(1, Duration::from_millis(20));
        let a: IpAddr = "::1".parse().unwrap();
        assert!(rl.allow(a) && !rl.allow(a));
        std::thread::sleep(Duration::from_millis(30));
        assert!(rl.allow(a));
    }
}
