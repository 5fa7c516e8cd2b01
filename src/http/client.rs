//! A small HTTP/1.1 client for `push` and `--fetch`: plain HTTP, or HTTPS through rustls
//! with the platform's root certificates and, for private stores, a CA given by
//! `--ca-cert`. One request per connection, every byte within one deadline, redirects
//! returned rather than followed (a write that lands elsewhere is not the write asked for).

use super::wire::{self, Deadlined, Head, Unframed, WireError};
use rustls::pki_types::pem::PemObject;
use rustls::pki_types::{CertificateDer, ServerName};
use std::io::{self, BufReader, Read, Write};
use std::net::{TcpStream, ToSocketAddrs};
use std::path::Path;
use std::sync::{Arc, OnceLock};
use std::time::Instant;

/// The largest response body read (a graph read back after a push).
pub const MAX_RESPONSE_BYTES: usize = 4 * 1024 * 1024 * 1024;

/// Why a request failed.
#[derive(Debug, thiserror::Error)]
pub enum ClientError {
    /// The URL cannot be used; asking again will not change that.
    #[error("{0}")]
    Url(String),
    /// The CA certificate file cannot be used.
    #[error("{0}")]
    Certificate(String),
    /// The server's certificate was not trusted, or TLS failed; retrying will not help.
    #[error("TLS with {host} failed: {message}")]
    Tls {
        /// The host.
        host: String,
        /// What went wrong.
        message: String,
    },
    /// No connection could be made.
    #[error("cannot connect to {address}: {source}")]
    Connect {
        /// Host and port.
        address: String,
        /// Why.
        source: io::Error,
    },
    /// The exchange failed once connected.
    #[error("the exchange with {address} failed: {source}")]
    Exchange {
        /// Host and port.
        address: String,
        /// Why.
        source: WireError,
    },
}

impl ClientError {
    /// Whether trying again may succeed: only connection and transport failures.
    pub fn is_transient(&self) -> bool {
        matches!(self, Self::Connect { .. } | Self::Exchange { .. })
    }
}

/// A response: its status, head and body.
#[derive(Debug)]
pub struct Answer {
    /// The status code.
    pub status: u16,
    /// The status line and header fields.
    pub head: Head,
    /// The body.
    pub body: Vec<u8>,
}

/// The client: where its trust comes from.
pub struct Client {
    ca_cert: Option<Vec<CertificateDer<'static>>>,
    tls: OnceLock<Result<Arc<rustls::ClientConfig>, String>>,
}

impl Client {
    /// A client trusting the platform's roots, and the certificates in the PEM file
    /// `ca_cert` as well, if given.
    pub fn new(ca_cert: Option<&Path>) -> Result<Self, ClientError> {
        let ca_cert = match ca_cert {
            None => None,
            Some(path) => {
                let certificates: Vec<_> = CertificateDer::pem_file_iter(path)
                    .and_then(Iterator::collect::<Result<Vec<_>, _>>)
                    .map_err(|e| {
                        ClientError::Certificate(format!(
                            "cannot read the CA certificate {}: {e}",
                            path.display()
                        ))
                    })?;
                if certificates.is_empty() {
                    return Err(ClientError::Certificate(format!(
                        "{} holds no PEM certificate",
                        path.display()
                    )));
                }
                Some(certificates)
            }
        };
        Ok(Self {
            ca_cert,
            tls: OnceLock::new(),
        })
    }

    /// The TLS configuration, made on first use: the platform's roots are read only when
    /// an HTTPS URL is asked for.
    fn tls(&self) -> Result<Arc<rustls::ClientConfig>, String> {
        self.tls
            .get_or_init(|| {
                let mut roots = rustls::RootCertStore::empty();
                for certificate in rustls_native_certs::load_native_certs().certs {
                    // A platform certificate rustls cannot use is skipped, as browsers do.
                    let _ = roots.add(certificate);
                }
                for certificate in self.ca_cert.iter().flatten() {
                    roots
                        .add(certificate.clone())
                        .map_err(|e| format!("the CA certificate is not usable: {e}"))?;
                }
                if roots.is_empty() {
                    return Err("no trusted root certificates: install the platform's CA certificates (Debian: ca-certificates) or pass --ca-cert".to_owned());
                }
                let provider = Arc::new(rustls::crypto::ring::default_provider());
                let config = rustls::ClientConfig::builder_with_provider(provider)
                    .with_safe_default_protocol_versions()
                    .map_err(|e| e.to_string())?
                    .with_root_certificates(roots)
                    .with_no_client_auth();
                Ok(Arc::new(config))
            })
            .clone()
    }

    /// Sends one request and reads the answer, all before `deadline`.
    pub fn request(
        &self,
        method: &str,
        url: &str,
        headers: &[(&str, &str)],
        body: &[u8],
        deadline: Instant,
    ) -> Result<Answer, ClientError> {
        let target = Target::parse(url)?;
        let address = format!("{}:{}", target.host, target.port);
        let tcp = connect(&target, deadline).map_err(|source| ClientError::Connect {
            address: address.clone(),
            source,
        })?;
        let stream = Deadlined::new(tcp, deadline);
        let mut head = format!(
            "{method} {} HTTP/1.1\r\nHost: {}\r\nUser-Agent: cpsu-kg/{}\r\nConnection: close\r\nContent-Length: {}\r\n",
            target.path,
            target.host_header(),
            env!("CARGO_PKG_VERSION"),
            body.len()
        );
        for (name, value) in headers {
            head.push_str(&format!("{name}: {value}\r\n"));
        }
        head.push_str("\r\n");
        let exchanged = if target.tls {
            let config = self.tls().map_err(|message| ClientError::Tls {
                host: target.host.clone(),
                message,
            })?;
            let name = ServerName::try_from(target.host.clone())
                .map_err(|e| ClientError::Url(format!("`{url}`: {e}")))?;
            let connection =
                rustls::ClientConnection::new(config, name).map_err(|e| ClientError::Tls {
                    host: target.host.clone(),
                    message: e.to_string(),
                })?;
            exchange(
                rustls::StreamOwned::new(connection, stream),
                &head,
                body,
                method,
            )
        } else {
            exchange(stream, &head, body, method)
        };
        exchanged.map_err(|source| match tls_failure(&source) {
            Some(message) => ClientError::Tls {
                host: target.host.clone(),
                message,
            },
            None => ClientError::Exchange { address, source },
        })
    }
}

/// A rustls error inside an I/O error: a certificate or handshake failure.
fn tls_failure(error: &WireError) -> Option<String> {
    let WireError::Io(io) = error else {
        return None;
    };
    io.get_ref()
        .and_then(|inner| inner.downcast_ref::<rustls::Error>())
        .map(ToString::to_string)
}

fn exchange(
    mut stream: impl Read + Write,
    head: &str,
    body: &[u8],
    method: &str,
) -> Result<Answer, WireError> {
    stream.write_all(head.as_bytes())?;
    stream.write_all(body)?;
    stream.flush()?;
    let mut reader = BufReader::new(stream);
    loop {
        let head = wire::read_head(&mut reader)?.ok_or(WireError::Closed)?;
        let status = head
            .start
            .split(' ')
            .nth(1)
            .and_then(|code| code.parse::<u16>().ok())
            .filter(|_| head.start.starts_with("HTTP/1."))
            .ok_or_else(|| {
                WireError::Malformed(format!("not an HTTP status line: {:.80}", head.start))
            })?;
        // Interim answers (100 Continue) are followed by the real one.
        if (100..200).contains(&status) {
            continue;
        }
        let body = if method == "HEAD" || status == 204 || status == 304 {
            Vec::new()
        } else {
            wire::read_body(&mut reader, &head, Unframed::UntilClose, MAX_RESPONSE_BYTES)?
        };
        return Ok(Answer { status, head, body });
    }
}

fn connect(target: &Target, deadline: Instant) -> io::Result<TcpStream> {
    let mut last = io::Error::new(io::ErrorKind::NotFound, "the host has no address");
    for address in (target.host.as_str(), target.port).to_socket_addrs()? {
        let left = deadline.saturating_duration_since(Instant::now());
        if left.is_zero() {
            return Err(io::Error::new(
                io::ErrorKind::TimedOut,
                "the deadline passed",
            ));
        }
        match TcpStream::connect_timeout(&address, left) {
            Ok(tcp) => {
                let _ = tcp.set_nodelay(true);
                return Ok(tcp);
            }
            Err(e) => last = e,
        }
    }
    Err(last)
}

/// Where a URL points.
#[derive(Debug, PartialEq, Eq)]
struct Target {
    tls: bool,
    host: String,
    port: u16,
    path: String,
}

impl Target {
    fn parse(url: &str) -> Result<Self, ClientError> {
        let uri: oxhttp::model::Uri = url
            .parse()
            .map_err(|e| ClientError::Url(format!("`{url}` is not a URL: {e}")))?;
        let tls = match uri.scheme_str() {
            Some("http") => false,
            Some("https") => true,
            other => {
                return Err(ClientError::Url(format!(
                    "`{url}` has the scheme {}: use http:// or https://",
                    other.unwrap_or("(none)")
                )));
            }
        };
        let host = uri
            .host()
            .filter(|h| !h.is_empty())
            .ok_or_else(|| ClientError::Url(format!("`{url}` names no host")))?
            .trim_start_matches('[')
            .trim_end_matches(']')
            .to_owned();
        let port = uri.port_u16().unwrap_or(if tls { 443 } else { 80 });
        if port == 0 {
            return Err(ClientError::Url(format!("`{url}` names port 0")));
        }
        let path = uri
            .path_and_query()
            .map_or("/".to_owned(), |p| p.as_str().to_owned());
        Ok(Self {
            tls,
            host,
            port,
            path: if path.is_empty() {
                "/".to_owned()
            } else {
                path
            },
        })
    }

    fn host_header(&self) -> String {
        let host = if self.host.contains(':') {
            format!("[{}]", self.host)
        } else {
            self.host.clone()
        };
        if self.port == if self.tls { 443 } else { 80 } {
            host
        } else {
            format!("{host}:{}", self.port)
        }
    }
}

/// Refuses, before any request, a URL the client cannot use.
pub fn check_url(url: &str) -> Result<(), ClientError> {
    Target::parse(url).map(drop)
}

/// Whether a request to `url` would cross the network in clear text: plain `http://` to a
/// host that is not this machine's loopback (`localhost`, 127.0.0.0/8, `::1`).
pub fn cleartext_off_machine(url: &str) -> Result<bool, ClientError> {
    let target = Target::parse(url)?;
    let host = target.host.as_str();
    let loopback = host.eq_ignore_ascii_case("localhost")
        || host.to_ascii_lowercase().ends_with(".localhost")
        || host
            .parse::<std::net::IpAddr>()
            .is_ok_and(|ip| ip.is_loopback());
    Ok(!target.tls && !loopback)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn urls_are_read_or_refused() {
        let target = Target::parse("https://store.example/x?graph=a").expect("a URL");
        assert_eq!(
            target,
            Target {
                tls: true,
                host: "store.example".into(),
                port: 443,
                path: "/x?graph=a".into()
            }
        );
        assert_eq!(target.host_header(), "store.example");
        let target = Target::parse("http://[::1]:7878").expect("a URL");
        assert_eq!((target.host.as_str(), target.port), ("::1", 7878));
        assert_eq!(target.host_header(), "[::1]:7878");
        assert_eq!(target.path, "/");
        for bad in ["ftp://x/", "x", "http:///a", "http://x:0/"] {
            assert!(
                matches!(Target::parse(bad), Err(ClientError::Url(_))),
                "{bad}"
            );
        }
    }

    #[test]
    fn a_ca_file_without_certificates_is_refused() {
        let path = std::env::temp_dir().join(format!("cpsu-kg-empty-ca-{}", std::process::id()));
        std::fs::write(&path, "not a certificate\n").expect("write");
        assert!(matches!(
            Client::new(Some(&path)),
            Err(ClientError::Certificate(_))
        ));
        let _ = std::fs::remove_file(path);
    }
}
