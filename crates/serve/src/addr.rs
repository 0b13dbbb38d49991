//! `--addr`: where `kompas serve` listens, as people write it.
//!
//! - `HOST:PORT` with an IP address or a name (`127.0.0.1:8080`,
//!   `localhost:8081`, `[::1]:8080`, `0.0.0.0:8080`); a name is resolved and
//!   its first address taken;
//! - a bare port (`8082`) means `127.0.0.1:8082`: loopback, like the default.

use std::net::{IpAddr, Ipv4Addr, SocketAddr, ToSocketAddrs};

/// Examples shown when an address cannot be read.
const EXAMPLES: &str = "e.g. 127.0.0.1:8080, localhost:8081, 0.0.0.0:8080 or just 8082";

/// Parses a listen address (see the module docs); the error says what was
/// expected, with examples.
pub fn parse_addr(text: &str) -> Result<SocketAddr, String> {
    let t = text.trim();
    if !t.is_empty() && t.bytes().all(|b| b.is_ascii_digit()) {
        return match t.parse::<u16>() {
            Ok(port) => Ok(SocketAddr::new(IpAddr::V4(Ipv4Addr::LOCALHOST), port)),
            Err(_) => Err(format!(
                "`{t}` is not a port; a port is a number from 0 to 65535 ({EXAMPLES})"
            )),
        };
    }
    if let Ok(addr) = t.parse::<SocketAddr>() {
        return Ok(addr);
    }
    let Some((host, port)) = t.rsplit_once(':') else {
        return Err(format!(
            "`{t}` has no port; expected HOST:PORT or PORT ({EXAMPLES})"
        ));
    };
    let (true, Ok(port)) = (!host.is_empty(), port.parse::<u16>()) else {
        return Err(format!(
            "`{t}` is not an address to listen on; expected HOST:PORT or PORT ({EXAMPLES})"
        ));
    };
    match (host.trim_start_matches('[').trim_end_matches(']'), port).to_socket_addrs() {
        Ok(mut addrs) => addrs.next().ok_or_else(|| {
            format!("`{host}` resolves to no address; expected HOST:PORT or PORT ({EXAMPLES})")
        }),
        Err(e) => Err(format!(
            "`{host}` cannot be resolved ({e}); expected HOST:PORT or PORT ({EXAMPLES})"
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bare_ports_listen_on_loopback() {
        assert_eq!(parse_addr("8082").unwrap().to_string(), "127.0.0.1:8082");
        assert!(parse_addr("70000").unwrap_err().contains("not a port"));
    }

    #[test]
    fn addresses_and_names_are_accepted() {
        assert_eq!(
            parse_addr("0.0.0.0:8080").unwrap().to_string(),
            "0.0.0.0:8080"
        );
        assert_eq!(parse_addr("[::1]:8080").unwrap().to_string(), "[::1]:8080");
        let local = parse_addr("localhost:8081").unwrap();
        assert!(local.ip().is_loopback(), "{local}");
        assert_eq!(local.port(), 8081);
    }

    #[test]
    fn nonsense_is_refused_with_examples() {
        for bad in ["localhost", "nowhere:port", ":8080", ""] {
            let err = parse_addr(bad).unwrap_err();
            assert!(err.contains("e.g. 127.0.0.1:8080"), "{bad}: {err}");
        }
    }
}
