//! Limits on how often one client may try to sign in, submit a pledge or
//! typeset a PDF, and one account may call the API: governor's GCRA, keyed
//! by client address ([`crate::client`]) or account, kept in memory (each
//! instance counts its own requests, which is enough to stop guessing and
//! flooding). `max` requests may come at once; then one more each
//! `window / max`.

use std::hash::Hash;
use std::num::NonZeroU32;
use std::time::Duration;

use governor::{DefaultKeyedRateLimiter, Quota};

/// Keys kept before the ones at rest are forgotten, so a flood of new
/// addresses cannot fill memory.
const KEPT: usize = 10_000;

#[derive(Debug)]
pub struct RateLimit<K: Hash + Eq + Clone = std::net::IpAddr> {
    limiter: DefaultKeyedRateLimiter<K>,
}

impl<K: Hash + Eq + Clone> RateLimit<K> {
    pub fn new(max: u32, window: Duration) -> Self {
        let max = NonZeroU32::new(max.max(1)).expect("at least one");
        let period = (window / max.get()).max(Duration::from_nanos(1));
        let quota = Quota::with_period(period).expect("a period above zero").allow_burst(max);
        RateLimit { limiter: DefaultKeyedRateLimiter::keyed(quota) }
    }

    /// Counts a request of `key`; false when it is over the limit.
    pub fn allow(&self, key: K) -> bool {
        if self.limiter.len() > KEPT {
            self.limiter.retain_recent();
        }
        self.limiter.check_key(&key).is_ok()
    }
}

#[cfg(test)]
mod tests {
    use std::net::IpAddr;

    use super::*;

    #[test]
    fn allows_up_to_the_limit_per_key() {
        let rl = RateLimit::new(2, Duration::from_secs(60));
        let a: IpAddr = "127.0.0.1".parse().unwrap();
        let b: IpAddr = "127.0.0.2".parse().unwrap();
        assert!(rl.allow(a) && rl.allow(a));
        assert!(!rl.allow(a));
        assert!(rl.allow(b));
        let accounts = RateLimit::<i64>::new(1, Duration::from_secs(60));
        assert!(accounts.allow(7) && !accounts.allow(7) && accounts.allow(8));
    }

    #[test]
    fn requests_are_allowed_again_as_time_passes() {
        let rl = RateLimit::new(1, Duration::from_millis(20));
        let a: IpAddr = "::1".parse().unwrap();
        assert!(rl.allow(a) && !rl.allow(a));
        std::thread::sleep(Duration::from_millis(30));
        assert!(rl.allow(a));
    }
}
