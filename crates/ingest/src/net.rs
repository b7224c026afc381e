//! Outbound HTTP for feeds and pages: the agent every fetch uses and the address guard in it.
//! A feed is someone else's data, and its links and redirects may point anywhere; unless the
//! caller allows it, a request to a loopback, private, link-local (cloud metadata), multicast
//! or otherwise non-public address is refused. The check runs on the addresses DNS returned,
//! inside the connection's own resolution, so it holds on every redirect and a name cannot be
//! re-resolved to another address between the check and the connection.

use std::net::{IpAddr, Ipv4Addr, Ipv6Addr};

use ureq::unversioned::resolver::{DefaultResolver, ResolvedSocketAddrs, Resolver};
use ureq::unversioned::transport::{DefaultConnector, NextTimeout};

/// A refused address: the error a guarded resolution fails with.
#[derive(Debug, thiserror::Error)]
#[error(
    "{host} resolves to {ip}, a loopback, private or link-local address (pass --allow-private to fetch it)"
)]
pub struct Blocked {
    /// The host asked for.
    pub host: String,
    /// The first refused address.
    pub ip: IpAddr,
}

/// Whether `ip` is an address on the public Internet (the only kind a guarded fetch reaches).
pub fn is_public(ip: IpAddr) -> bool {
    match ip {
        IpAddr::V4(v4) => is_public_v4(v4),
        IpAddr::V6(v6) => is_public_v6(v6),
    }
}

fn is_public_v4(ip: Ipv4Addr) -> bool {
    let [a, b, c, _] = ip.octets();
    !(ip.is_unspecified()
        || ip.is_loopback()
        || ip.is_private()
        || ip.is_link_local()
        || ip.is_broadcast()
        || ip.is_multicast()
        || ip.is_documentation()
        || a == 0
        // Carrier-grade NAT, IETF protocol assignments, benchmarking, reserved.
        || (a == 100 && (64..128).contains(&b))
        || (a == 192 && b == 0 && c == 0)
        || (a == 198 && (b == 18 || b == 19))
        || a >= 240)
}

fn is_public_v6(ip: Ipv6Addr) -> bool {
    // Addresses that carry an IPv4 address are judged by it (mapped, NAT64, 6to4).
    if let Some(v4) = ip.to_ipv4_mapped() {
        return is_public_v4(v4);
    }
    let s = ip.segments();
    if s[0] == 0x64 && s[1] == 0xff9b && s[2..6] == [0, 0, 0, 0] {
        return is_public_v4(embedded_v4(s[6], s[7]));
    }
    if s[0] == 0x2002 {
        return is_public_v4(embedded_v4(s[1], s[2]));
    }
    !(ip.is_unspecified()
        || ip.is_loopback()
        || ip.is_multicast()
        // IPv4-compatible (deprecated) ::a.b.c.d.
        || s[..6] == [0, 0, 0, 0, 0, 0]
        // Unique local (fc00::/7, cloud metadata among them), link-local, site-local.
        || (s[0] & 0xfe00) == 0xfc00
        || (s[0] & 0xffc0) == 0xfe80
        || (s[0] & 0xffc0) == 0xfec0
        // Documentation.
        || (s[0] == 0x2001 && s[1] == 0x0db8))
}

fn embedded_v4(hi: u16, lo: u16) -> Ipv4Addr {
    let [a, b] = hi.to_be_bytes();
    let [c, d] = lo.to_be_bytes();
    Ipv4Addr::new(a, b, c, d)
}

/// Resolves as ureq does, then keeps only the addresses `allowed` accepts.
#[derive(Debug)]
struct Guard {
    inner: DefaultResolver,
    allowed: fn(IpAddr) -> bool,
}

impl Resolver for Guard {
    fn resolve(
        &self,
        uri: &ureq::http::Uri,
        config: &ureq::config::Config,
        timeout: NextTimeout,
    ) -> Result<ResolvedSocketAddrs, ureq::Error> {
        let all = self.inner.resolve(uri, config, timeout)?;
        let mut kept = self.empty();
        let mut refused = None;
        for a in all.iter() {
            if (self.allowed)(a.ip()) {
                kept.push(*a);
            } else {
                refused.get_or_insert(a.ip());
            }
        }
        match refused {
            Some(ip) if kept.is_empty() => Err(ureq::Error::Other(Box::new(Blocked {
                host: uri.host().unwrap_or_default().to_owned(),
                ip,
            }))),
            _ => Ok(kept),
        }
    }
}

/// The agent for one fetch: timeout, user agent, redirects, and the address guard unless
/// `allow_private`. A proxy would hide where a request goes, so a guarded agent uses none.
pub(crate) fn agent(timeout: std::time::Duration, allow_private: bool) -> ureq::Agent {
    let allowed: fn(IpAddr) -> bool = if allow_private { |_| true } else { is_public };
    agent_with(timeout, allow_private, allowed)
}

/// [`agent`] with the address test given (tests refuse one loopback address and not another).
pub(crate) fn agent_with(
    timeout: std::time::Duration,
    keep_proxy: bool,
    allowed: fn(IpAddr) -> bool,
) -> ureq::Agent {
    let mut cfg = ureq::Agent::config_builder()
        .timeout_global(Some(timeout))
        .user_agent(concat!("sitrep/", env!("CARGO_PKG_VERSION")));
    if !keep_proxy {
        cfg = cfg.proxy(None);
    }
    let guard = Guard {
        inner: DefaultResolver::default(),
        allowed,
    };
    ureq::Agent::with_parts(cfg.build(), DefaultConnector::default(), guard)
}

/// Whether a fetch error is the guard's refusal.
pub(crate) fn is_blocked(e: &ureq::Error) -> bool {
    matches!(e, ureq::Error::Other(b) if b.downcast_ref::<Blocked>().is_some())
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;
    use std::io::{Read, Write};
    use std::net::TcpListener;
    use std::time::Duration;

    /// Serves `response` to every connection on `addr`; returns the port.
    fn serve(addr: &str, response: String) -> u16 {
        let l = TcpListener::bind(addr).unwrap();
        let port = l.local_addr().unwrap().port();
        std::thread::spawn(move || {
            for s in l.incoming() {
                let Ok(mut s) = s else { return };
                let mut buf = [0u8; 4096];
                let _ = s.read(&mut buf);
                let _ = s.write_all(response.as_bytes());
            }
        });
        port
    }

    fn ok_page() -> String {
        let body = "<html><body><p>Harbour page.</p></body></html>";
        format!(
            "HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
            body.len()
        )
    }

    fn code(r: Result<(Vec<u8>, Option<String>), crate::InputError>) -> String {
        match r {
            Ok(_) => "ok".to_owned(),
            Err(e) => e.code,
        }
    }

    #[test]
    fn loopback_is_refused_unless_allowed() {
        let port = serve("127.0.0.1:0", ok_page());
        let opts = crate::ReadOptions {
            timeout: Duration::from_secs(10),
            ..crate::ReadOptions::default()
        };
        for url in [
            format!("http://127.0.0.1:{port}/"),
            format!("http://localhost:{port}/"),
        ] {
            assert_eq!(code(crate::fetch(&url, &opts)), "fetch_blocked", "{url}");
        }
        let open = crate::ReadOptions {
            allow_private: true,
            ..opts
        };
        let (body, _) = crate::fetch(&format!("http://127.0.0.1:{port}/"), &open).unwrap();
        assert!(String::from_utf8_lossy(&body).contains("Harbour page"));
    }

    #[test]
    fn every_redirect_is_checked() {
        // 127.0.0.2 stands for the private address behind the redirect: the test's guard
        // refuses it and accepts 127.0.0.1, where the redirecting server is.
        let inner = TcpListener::bind("127.0.0.2:0").unwrap();
        let inner_port = inner.local_addr().unwrap().port();
        inner.set_nonblocking(true).unwrap();
        let redirect = format!(
            "HTTP/1.1 302 Found\r\nLocation: http://127.0.0.2:{inner_port}/secret\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"
        );
        let port = serve("127.0.0.1:0", redirect);
        let agent = agent_with(Duration::from_secs(10), false, |ip| {
            ip != IpAddr::V4(Ipv4Addr::new(127, 0, 0, 2))
        });
        let r = crate::fetch_with(&agent, &format!("http://127.0.0.1:{port}/feed"), 1 << 20);
        assert_eq!(code(r), "fetch_blocked");
        assert!(inner.accept().is_err(), "the refused address was contacted");
    }

    fn ip(s: &str) -> IpAddr {
        s.parse().unwrap_or(IpAddr::V4(Ipv4Addr::UNSPECIFIED))
    }

    #[test]
    fn private_and_special_addresses_are_not_public() {
        for a in [
            "127.0.0.1",
            "10.1.2.3",
            "172.16.0.1",
            "192.168.1.1",
            "169.254.169.254",
            "0.0.0.0",
            "100.64.0.1",
            "224.0.0.1",
            "255.255.255.255",
            "::1",
            "::",
            "fe80::1",
            "fd00:ec2::254",
            "::ffff:127.0.0.1",
            "::ffff:169.254.169.254",
            "64:ff9b::a00:1",
            "2002:7f00:1::",
            "::127.0.0.1",
        ] {
            assert!(!is_public(ip(a)), "{a}");
        }
        for a in [
            "93.184.215.14",
            "8.8.8.8",
            "2606:4700::1111",
            "::ffff:8.8.8.8",
        ] {
            assert!(is_public(ip(a)), "{a}");
        }
    }
}
