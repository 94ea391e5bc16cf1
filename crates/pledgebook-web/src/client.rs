//! Who the client is, for rate limits and logs. Behind a reverse proxy
//! every request comes from the proxy's address; the visitor's is in
//! `Forwarded` (RFC 7239) or `X-Forwarded-For`. Those headers are anyone's
//! to write, so they are read only when the request comes from one of the
//! `trusted_proxies`, and then from the right: the first address that is
//! not a trusted proxy is the client (whatever the client wrote itself
//! stays to the left of what its proxy appended).

use std::net::{IpAddr, SocketAddr};
use std::str::FromStr;

use axum::extract::{ConnectInfo, FromRequestParts, Request, State};
use axum::http::HeaderMap;
use axum::http::request::Parts;
use axum::middleware::Next;
use axum::response::Response;

use crate::AppState;

/// Addresses and networks (`10.0.0.0/8`, `::1`) whose forwarding headers are believed.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct TrustedProxies(Vec<(IpAddr, u8)>);

#[derive(Debug, thiserror::Error, PartialEq, Eq)]
#[error("{0:?} is not an address or network (write 10.0.0.1, 10.0.0.0/8 or ::1)")]
pub struct BadProxy(String);

impl FromStr for TrustedProxies {
    type Err = BadProxy;

    /// A comma-separated list, as in `PLEDGEBOOK_TRUSTED_PROXIES`.
    fn from_str(s: &str) -> Result<Self, BadProxy> {
        s.split(',').map(str::trim).filter(|p| !p.is_empty()).map(network).collect::<Result<_, _>>().map(TrustedProxies)
    }
}

fn network(text: &str) -> Result<(IpAddr, u8), BadProxy> {
    let bad = || BadProxy(text.to_owned());
    let (addr, bits) = match text.split_once('/') {
        Some((a, b)) => (a, Some(b.parse::<u8>().map_err(|_| bad())?)),
        None => (text, None),
    };
    let addr: IpAddr = addr.parse().map_err(|_| bad())?;
    let max = if addr.is_ipv4() { 32 } else { 128 };
    let bits = bits.unwrap_or(max);
    if bits > max {
        return Err(bad());
    }
    Ok((addr, bits))
}

impl TrustedProxies {
    pub fn from_list(list: &[String]) -> Result<Self, BadProxy> {
        list.iter().map(|p| network(p.trim())).collect::<Result<_, _>>().map(TrustedProxies)
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    fn contains(&self, ip: IpAddr) -> bool {
        let ip = canonical(ip);
        self.0.iter().any(|&(net, bits)| match (canonical(net), ip) {
            (IpAddr::V4(n), IpAddr::V4(a)) => {
                prefix(u128::from(u32::from(n)) << 96, u128::from(u32::from(a)) << 96, bits)
            }
            (IpAddr::V6(n), IpAddr::V6(a)) => prefix(u128::from(n), u128::from(a), bits),
            _ => false,
        })
    }

    /// The client's address: `peer` unless it is a trusted proxy, else the
    /// right-most forwarded address that is not one.
    pub fn client(&self, peer: IpAddr, headers: &HeaderMap) -> IpAddr {
        if !self.contains(peer) {
            return peer;
        }
        let chain = forwarded_chain(headers);
        for hop in chain.iter().rev() {
            match hop {
                Some(ip) if self.contains(*ip) => continue,
                Some(ip) => return *ip,
                // An obfuscated or unreadable hop: nothing to its left can be believed.
                None => return peer,
            }
        }
        chain.first().copied().flatten().unwrap_or(peer)
    }
}

fn prefix(net: u128, addr: u128, bits: u8) -> bool {
    bits == 0 || (net ^ addr) >> (128 - u32::from(bits)) == 0
}

/// `::ffff:10.0.0.1` is `10.0.0.1`.
fn canonical(ip: IpAddr) -> IpAddr {
    match ip {
        IpAddr::V6(v6) => v6.to_ipv4_mapped().map_or(ip, IpAddr::V4),
        v4 => v4,
    }
}

/// The addresses the proxies recorded, oldest first: `Forwarded: for=` if
/// present, else `X-Forwarded-For`. `None` for a hop that names no address.
fn forwarded_chain(headers: &HeaderMap) -> Vec<Option<IpAddr>> {
    let values = |name| headers.get_all(name).iter().filter_map(|v| v.to_str().ok()).collect::<Vec<_>>().join(",");
    let forwarded = values("forwarded");
    if !forwarded.is_empty() {
        return forwarded
            .split(',')
            .filter_map(|element| {
                element.split(';').find_map(|pair| {
                    let (k, v) = pair.trim().split_once('=')?;
                    k.trim().eq_ignore_ascii_case("for").then(|| node(v.trim().trim_matches('"')))
                })
            })
            .collect();
    }
    values("x-forwarded-for").split(',').map(str::trim).filter(|h| !h.is_empty()).map(node).collect()
}

/// `192.0.2.60`, `192.0.2.60:4711`, `[2001:db8::1]:4711`, `2001:db8::1`.
fn node(text: &str) -> Option<IpAddr> {
    if let Ok(ip) = text.parse() {
        return Some(ip);
    }
    if let Some(rest) = text.strip_prefix('[') {
        return rest.split_once(']').and_then(|(ip, _)| ip.parse().ok());
    }
    text.parse::<SocketAddr>().ok().map(|s| s.ip())
}

/// The client's address, worked out once per request by [`remember`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ClientIp(pub IpAddr);

/// A number for each request of this instance, in its log lines and its
/// answer's `X-Request-Id`, so a user's report of a failure finds its log.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RequestId(pub u64);

static NEXT_REQUEST: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(1);

/// Works out the client's address and keeps it in the request, for the
/// handlers' rate limits ([`ClientIp`]) and the request's log span, with
/// the request's [`RequestId`].
pub async fn remember(State(state): State<AppState>, mut req: Request, next: Next) -> Response {
    let peer = req.extensions().get::<ConnectInfo<SocketAddr>>().map(|c| c.0.ip());
    if let Some(peer) = peer {
        let ip = state.config.trusted_proxies.client(peer, req.headers());
        req.extensions_mut().insert(ClientIp(ip));
    }
    let id = NEXT_REQUEST.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
    req.extensions_mut().insert(RequestId(id));
    let mut res = next.run(req).await;
    res.headers_mut().insert("x-request-id", axum::http::HeaderValue::from(id));
    res
}

impl<S: Send + Sync> FromRequestParts<S> for ClientIp {
    type Rejection = crate::error::AppError;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, Self::Rejection> {
        parts
            .extensions
            .get::<ClientIp>()
            .copied()
            .ok_or_else(|| crate::error::AppError::Internal("the server was started without client addresses".into()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn headers(pairs: &[(&str, &str)]) -> HeaderMap {
        let mut h = HeaderMap::new();
        for (k, v) in pairs {
            h.append(axum::http::HeaderName::from_bytes(k.as_bytes()).unwrap(), v.parse().unwrap());
        }
        h
    }

    fn ip(s: &str) -> IpAddr {
        s.parse().unwrap()
    }

    #[test]
    fn forwarded_headers_count_only_from_a_trusted_proxy() {
        let trusted: TrustedProxies = "10.0.0.0/8, ::1".parse().unwrap();
        let h = headers(&[("x-forwarded-for", "203.0.113.7")]);
        assert_eq!(trusted.client(ip("10.1.2.3"), &h), ip("203.0.113.7"));
        assert_eq!(trusted.client(ip("::1"), &h), ip("203.0.113.7"));
        assert_eq!(trusted.client(ip("198.51.100.1"), &h), ip("198.51.100.1"), "an untrusted peer is the client");
        assert_eq!(TrustedProxies::default().client(ip("10.1.2.3"), &h), ip("10.1.2.3"), "no proxies trusted");
    }

    #[test]
    fn the_client_is_the_right_most_untrusted_hop() {
        let trusted: TrustedProxies = "10.0.0.0/8".parse().unwrap();
        // The client wrote a false address; its proxy appended the real one, then ours.
        let h = headers(&[("x-forwarded-for", "1.2.3.4, 203.0.113.7, 10.0.0.2")]);
        assert_eq!(trusted.client(ip("10.0.0.1"), &h), ip("203.0.113.7"));
        let h = headers(&[("forwarded", "for=1.2.3.4, for=\"[2001:db8::1]:4711\";proto=https, for=10.0.0.2")]);
        assert_eq!(trusted.client(ip("10.0.0.1"), &h), ip("2001:db8::1"));
        let h = headers(&[("forwarded", "for=_hidden, for=10.0.0.2")]);
        assert_eq!(trusted.client(ip("10.0.0.1"), &h), ip("10.0.0.1"), "an obfuscated hop is not believed");
        assert_eq!(
            trusted.client(ip("::ffff:10.0.0.1"), &headers(&[("x-forwarded-for", "203.0.113.9")])),
            ip("203.0.113.9")
        );
    }

    #[test]
    fn proxies_are_read_with_clear_errors() {
        assert!("10.0.0.1".parse::<TrustedProxies>().is_ok());
        assert_eq!("10.0.0.0/33".parse::<TrustedProxies>(), Err(BadProxy("10.0.0.0/33".into())));
        assert_eq!("proxy.local".parse::<TrustedProxies>(), Err(BadProxy("proxy.local".into())));
        assert!("".parse::<TrustedProxies>().unwrap().is_empty());
    }
}
