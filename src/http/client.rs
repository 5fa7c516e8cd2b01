//! The HTTP client of `push` and `--fetch`, on ureq: plain HTTP, or HTTPS through rustls
//! (ring) with the platform's root certificates and, for private stores, a CA given by
//! `--ca-cert`; proxies from the environment (`HTTPS_PROXY`, `HTTP_PROXY`, `ALL_PROXY`,
//! `NO_PROXY`). Every phase of a request (name lookup, connection, sending, the answer)
//! runs within one deadline; redirects are returned rather than followed (a write that
//! lands elsewhere is not the write asked for); an answer's head is capped, and so is its
//! body: an error answer is read only as far as its first [`MAX_ERROR_BYTES`].

use rustls::pki_types::CertificateDer;
use rustls::pki_types::pem::PemObject;
use std::io::Read;
use std::path::Path;
use std::sync::{Arc, OnceLock};
use std::time::Instant;

/// The largest successful response body read (a graph read back after a push).
pub const MAX_RESPONSE_BYTES: u64 = 4 * 1024 * 1024 * 1024;

/// How much of an error answer's body is read: enough for any message, never a flood.
pub const MAX_ERROR_BYTES: u64 = 64 * 1024;

/// The largest response head: a store's answer has a few headers, not megabytes of them.
const MAX_HEAD_BYTES: usize = 64 * 1024;

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
    /// No connection could be made, or the exchange broke off: worth another try.
    #[error("cannot reach {address}: {message}")]
    Connect {
        /// The URL's host and port.
        address: String,
        /// Why.
        message: String,
    },
    /// The server's answer cannot be used (a head too large, a body past the cap, a broken
    /// framing): asking again would get the same.
    #[error("the answer of {address} cannot be read: {message}")]
    Answer {
        /// The URL's host and port.
        address: String,
        /// Why.
        message: String,
    },
}

impl ClientError {
    /// Whether trying again may succeed: only connection and transport failures.
    pub fn is_transient(&self) -> bool {
        matches!(self, Self::Connect { .. })
    }
}

/// A response: its status, header fields and body.
#[derive(Debug)]
pub struct Answer {
    /// The status code.
    pub status: u16,
    /// The header fields, in the order received.
    pub headers: Vec<(String, String)>,
    /// The body (of an error answer, at most its first [`MAX_ERROR_BYTES`]).
    pub body: Vec<u8>,
}

impl Answer {
    /// The first value of a header field, by case-insensitive name.
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }

    /// The status as a line reads: `404 Not Found`.
    pub fn status_line(&self) -> String {
        let reason = oxhttp::model::StatusCode::from_u16(self.status)
            .ok()
            .and_then(|s| s.canonical_reason())
            .unwrap_or("");
        format!("{} {reason}", self.status).trim_end().to_owned()
    }
}

/// The client: where its trust comes from, and the agent, made on first use.
pub struct Client {
    ca_cert: Option<Vec<CertificateDer<'static>>>,
    agent: OnceLock<Result<ureq::Agent, String>>,
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
            agent: OnceLock::new(),
        })
    }

    /// The agent, made on first use: the platform's roots are read once, and only then.
    fn agent(&self) -> Result<&ureq::Agent, String> {
        self.agent
            .get_or_init(|| {
                let mut roots: Vec<ureq::tls::Certificate<'static>> =
                    rustls_native_certs::load_native_certs()
                        .certs
                        .into_iter()
                        .map(|c| ureq::tls::Certificate::from_der(c.as_ref()).to_owned())
                        .collect();
                for certificate in self.ca_cert.iter().flatten() {
                    roots.push(ureq::tls::Certificate::from_der(certificate.as_ref()).to_owned());
                }
                if roots.is_empty() {
                    return Err("no trusted root certificates: install the platform's CA certificates (Debian: ca-certificates) or pass --ca-cert".to_owned());
                }
                let tls = ureq::tls::TlsConfig::builder()
                    .provider(ureq::tls::TlsProvider::Rustls)
                    .root_certs(ureq::tls::RootCerts::Specific(Arc::new(roots)))
                    .build();
                let config = ureq::Agent::config_builder()
                    .tls_config(tls)
                    .http_status_as_error(false)
                    .max_redirects(0)
                    .max_response_header_size(MAX_HEAD_BYTES)
                    .user_agent(concat!("cpsu-kg/", env!("CARGO_PKG_VERSION")))
                    .build();
                Ok(ureq::Agent::new_with_config(config))
            })
            .as_ref()
            .map_err(Clone::clone)
    }

    /// Sends one request and reads the answer, every phase of it before `deadline`.
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
        let agent = self.agent().map_err(|message| ClientError::Tls {
            host: target.host.clone(),
            message,
        })?;
        let left = deadline.saturating_duration_since(Instant::now());
        if left.is_zero() {
            return Err(ClientError::Connect {
                address,
                message: "the deadline passed".to_owned(),
            });
        }
        let mut builder = ureq::http::Request::builder().method(method).uri(url);
        for (name, value) in headers {
            builder = builder.header(*name, *value);
        }
        let fail = |error: ureq::Error| classify(error, &target, &address);
        let request = builder
            .body(body.to_vec())
            .map_err(|e| ClientError::Url(format!("`{url}`: {e}")))?;
        let request = agent
            .configure_request(request)
            .timeout_global(Some(left))
            .build();
        let response = agent.run(request).map_err(fail)?;
        let status = response.status().as_u16();
        let headers = response
            .headers()
            .iter()
            .map(|(name, value)| {
                (
                    name.as_str().to_owned(),
                    String::from_utf8_lossy(value.as_bytes()).into_owned(),
                )
            })
            .collect();
        let mut body_reader = response.into_body();
        let body = if (200..300).contains(&status) {
            body_reader
                .with_config()
                .limit(MAX_RESPONSE_BYTES)
                .read_to_vec()
                .map_err(fail)?
        } else {
            // Only the start of an error answer: a store that answers 500 with gigabytes
            // costs no more than this.
            let mut start = Vec::new();
            body_reader
                .as_reader()
                .take(MAX_ERROR_BYTES)
                .read_to_end(&mut start)
                .map_err(|e| ClientError::Connect {
                    address: address.clone(),
                    message: e.to_string(),
                })?;
            start
        };
        Ok(Answer {
            status,
            headers,
            body,
        })
    }
}

/// Sorts ureq's errors into what the caller does next: give up (a URL, TLS, an answer that
/// cannot be read) or try again (a connection or transport failure, a timeout).
fn classify(error: ureq::Error, target: &Target, address: &str) -> ClientError {
    use ureq::Error as E;
    let tls = |message: String| ClientError::Tls {
        host: target.host.clone(),
        message,
    };
    let answer = |message: String| ClientError::Answer {
        address: address.to_owned(),
        message,
    };
    match error {
        E::BadUri(message) => ClientError::Url(format!("bad URL: {message}")),
        E::Http(e) => ClientError::Url(e.to_string()),
        E::InvalidProxyUrl => ClientError::Url(
            "the proxy named by HTTPS_PROXY, HTTP_PROXY or ALL_PROXY is not a URL".to_owned(),
        ),
        E::Tls(message) => tls(message.to_owned()),
        E::Rustls(e) => tls(e.to_string()),
        E::Pem(e) => tls(e.to_string()),
        E::Io(e) => match e
            .get_ref()
            .and_then(|inner| inner.downcast_ref::<rustls::Error>())
        {
            Some(rustls) => tls(rustls.to_string()),
            None => ClientError::Connect {
                address: address.to_owned(),
                message: e.to_string(),
            },
        },
        E::BodyExceedsLimit(limit) => answer(format!("the body is larger than {limit} bytes")),
        E::LargeResponseHeader(size, limit) => answer(format!(
            "its head is {size} bytes, past the {limit} this client reads"
        )),
        E::Protocol(e) => answer(e.to_string()),
        other => ClientError::Connect {
            address: address.to_owned(),
            message: other.to_string(),
        },
    }
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
        if !url.contains("://") {
            let guess = format!("http://{url}");
            return Err(ClientError::Url(if Self::parse(&guess).is_ok() {
                format!("`{url}` has no scheme: write {guess} (or https:// for TLS)")
            } else {
                format!("`{url}` is not a URL: write it as http://HOST:PORT/PATH")
            }));
        }
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
        let target = Target::parse("http://[::1]:7878").expect("a URL");
        assert_eq!((target.host.as_str(), target.port), ("::1", 7878));
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
