//! Pushing the export into another triple store: the SPARQL 1.1 Graph Store Protocol (PUT to
//! replace, POST to merge), or SPARQL Update `INSERT DATA` in batches for stores without it.
//! Connection failures and 5xx answers are retried with backoff; 4xx answers are not. After
//! the push, the target graph's triples are counted: read back through the Graph Store
//! Protocol, or after SPARQL Update by a SPARQL `COUNT` query.
//!
//! Credentials come from the environment only, never from the command line or the logs:
//! `CPSU_KG_PUSH_TOKEN` for a bearer token, or `CPSU_KG_PUSH_USER` and
//! `CPSU_KG_PUSH_PASSWORD` for basic authentication.

use super::client::{Client, ClientError};
use crate::data::model::Dataset;
use crate::graph::profile::Profile;
use crate::graph::vocab::BaseIri;
use crate::output::export::ExportFormat;
use oxhttp::model::StatusCode;
use oxigraph::model::{NamedNode, Triple};
use std::path::PathBuf;
use std::thread::sleep;
use std::time::{Duration, Instant};

/// What a push sends: the triples of one profile (for `INSERT DATA` and to check the
/// target against) and the same triples as one document for the Graph Store Protocol.
pub struct Payload {
    /// The triples, in export order.
    pub triples: Vec<Triple>,
    /// The document, in `format`.
    pub document: Vec<u8>,
    /// The document's media type.
    pub content_type: &'static str,
}

impl Payload {
    /// The payload of one profile of `data` (not [`Profile::All`]), written as `format`
    /// (N-Triples or Turtle).
    pub fn new(
        data: &Dataset,
        base: &BaseIri,
        profile: Profile,
        format: ExportFormat,
    ) -> Result<Self, PayloadError> {
        let store = crate::store::build_profile(data, base, profile)?;
        let quads = crate::output::export::sorted_quads(&store)?;
        let triples = quads.iter().map(|q| q.clone().into()).collect();
        let mut document = Vec::new();
        crate::output::export::write_graph(&quads, format, base, &mut document)?;
        Ok(Self {
            triples,
            document,
            content_type: format.media_type(),
        })
    }
}

/// Why a payload could not be made.
#[derive(Debug, thiserror::Error)]
pub enum PayloadError {
    /// The store could not be built.
    #[error(transparent)]
    Store(#[from] crate::store::StoreError),
    /// The store could not be read.
    #[error(transparent)]
    Storage(#[from] oxigraph::store::StorageError),
    /// The document could not be written.
    #[error(transparent)]
    Write(#[from] std::io::Error),
}

/// Which graph of the target store receives the data.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum GraphTarget {
    /// The default graph (`?default`).
    Default,
    /// A named graph (`?graph=IRI`).
    Named(NamedNode),
}

/// How to authenticate, read from the environment.
#[derive(Clone, PartialEq, Eq)]
pub enum Credentials {
    /// No authentication.
    None,
    /// `Authorization: Bearer …`.
    Bearer(String),
    /// `Authorization: Basic …`.
    Basic(String, String),
}

impl std::fmt::Debug for Credentials {
    // Secrets never reach a log, even a debug one.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            Self::None => "Credentials::None",
            Self::Bearer(_) => "Credentials::Bearer(…)",
            Self::Basic(..) => "Credentials::Basic(…)",
        })
    }
}

impl Credentials {
    /// Reads `CPSU_KG_PUSH_TOKEN`, or `CPSU_KG_PUSH_USER` and `CPSU_KG_PUSH_PASSWORD`.
    pub fn from_env() -> Self {
        let var = |name: &str| std::env::var(name).ok().filter(|v| !v.is_empty());
        if let Some(token) = var("CPSU_KG_PUSH_TOKEN") {
            Self::Bearer(token)
        } else if let Some(user) = var("CPSU_KG_PUSH_USER") {
            Self::Basic(user, var("CPSU_KG_PUSH_PASSWORD").unwrap_or_default())
        } else {
            Self::None
        }
    }

    fn header(&self) -> Option<String> {
        match self {
            Self::None => None,
            Self::Bearer(token) => Some(format!("Bearer {token}")),
            Self::Basic(user, password) => Some(format!(
                "Basic {}",
                base64(format!("{user}:{password}").as_bytes())
            )),
        }
    }
}

/// Why a push failed.
#[derive(Debug, thiserror::Error)]
pub enum PushError {
    /// The URL or a request could not be built.
    #[error("invalid request: {0}")]
    Request(String),
    /// The store's certificate is not trusted, or TLS failed: retrying would not help.
    #[error("{0} (a store with a private or self-signed certificate needs --ca-cert FILE)")]
    Tls(String),
    /// The store answered with an error that retrying would not fix.
    #[error("the store refused the request: {status} {message}")]
    Refused {
        /// The HTTP status.
        status: u16,
        /// What the store said.
        message: String,
    },
    /// Credentials would go over plain HTTP to another machine.
    #[error(
        "refusing to send credentials in clear text to {0}: use https://, or pass --allow-http-credentials if the network between is trusted"
    )]
    Cleartext(String),
    /// The store could not be reached, or kept failing, after every retry.
    #[error("the store failed after {attempts} attempts: {last}")]
    Unavailable {
        /// How many requests were made.
        attempts: u32,
        /// The last failure.
        last: String,
    },
    /// The target graph does not hold what was pushed.
    #[error(
        "verification failed: the target graph has {remote} distinct triples, but {local} were pushed"
    )]
    Verification {
        /// Triples read back from the store.
        remote: usize,
        /// Triples pushed.
        local: usize,
    },
}

impl PushError {
    /// The process exit code for this failure, as documented in the README.
    pub fn exit_code(&self) -> u8 {
        match self {
            Self::Request(_) | Self::Tls(_) | Self::Cleartext(_) => 2,
            Self::Refused { .. } => 3,
            Self::Unavailable { .. } => 4,
            Self::Verification { .. } => 5,
        }
    }
}

/// How a push is made.
#[derive(Debug, Clone)]
pub struct Push {
    /// The Graph Store Protocol endpoint, such as `http://localhost:7878/store`; `None`
    /// with [`Push::update_url`].
    pub store_url: Option<String>,
    /// The graph to write.
    pub graph: GraphTarget,
    /// Replace the graph (PUT) instead of adding to it (POST).
    pub replace: bool,
    /// Send SPARQL Update to this endpoint instead of using the Graph Store Protocol.
    pub update_url: Option<String>,
    /// With [`Push::update_url`], where the target graph's triples are counted afterwards
    /// with a SPARQL query; `None` asks the update URL, as one `/sparql` endpoint answers
    /// both in Fuseki, Virtuoso and Oxigraph.
    pub query_url: Option<String>,
    /// Triples per `INSERT DATA` request.
    pub batch: usize,
    /// Requests per failure before giving up.
    pub attempts: u32,
    /// The wait before the first retry; it doubles each time.
    pub backoff: Duration,
    /// The whole push, retries and waits included, gives up after this long.
    pub deadline: Duration,
    /// The credentials.
    pub credentials: Credentials,
    /// A PEM file of CA certificates to trust besides the platform's, for a private store.
    pub ca_cert: Option<PathBuf>,
    /// Send credentials over plain `http://` to a host other than this machine's loopback.
    pub allow_http_credentials: bool,
}

/// The statuses worth another try: a timeout, too many requests, and the gateway and
/// availability errors of a store behind a proxy or starting up. Any other error is the
/// store's answer, which retrying would only repeat.
const RETRYABLE: [u16; 5] = [408, 429, 502, 503, 504];

/// The longest `Retry-After` honoured, so that a store cannot park a push for hours.
const MAX_RETRY_AFTER: Duration = Duration::from_secs(60);

/// One HTTP request of a push.
struct Call<'a> {
    method: &'static str,
    url: &'a str,
    content_type: Option<&'a str>,
    accept: Option<&'a str>,
    body: &'a [u8],
}

impl<'a> Call<'a> {
    /// A SPARQL Update request.
    fn update(url: &'a str, body: &'a [u8]) -> Self {
        Self {
            method: "POST",
            url,
            content_type: Some("application/sparql-update"),
            accept: None,
            body,
        }
    }
}

/// What a push did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Pushed {
    /// Triples sent.
    pub local: usize,
    /// Triples in the target graph afterwards.
    pub remote: usize,
    /// Requests made, retries included.
    pub requests: u32,
}

/// Percent-encodes a query-string value.
fn encode(value: &str) -> String {
    value
        .bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => {
                (b as char).to_string()
            }
            _ => format!("%{b:02X}"),
        })
        .collect()
}

fn base64(bytes: &[u8]) -> String {
    const TABLE: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::new();
    for chunk in bytes.chunks(3) {
        let n = (u32::from(chunk[0]) << 16)
            | (u32::from(*chunk.get(1).unwrap_or(&0)) << 8)
            | u32::from(*chunk.get(2).unwrap_or(&0));
        for i in 0..4 {
            if i <= chunk.len() {
                out.push(TABLE[(n >> (18 - 6 * i)) as usize & 63] as char);
            } else {
                out.push('=');
            }
        }
    }
    out
}

impl Push {
    fn graph_url(&self, store_url: &str) -> String {
        let separator = if store_url.contains('?') { '&' } else { '?' };
        match &self.graph {
            GraphTarget::Default => format!("{store_url}{separator}default"),
            GraphTarget::Named(iri) => {
                format!("{store_url}{separator}graph={}", encode(iri.as_str()))
            }
        }
    }

    /// The URLs a push sends to: the store, the update and the query endpoint.
    fn urls(&self) -> impl Iterator<Item = &String> {
        self.store_url
            .iter()
            .chain(&self.update_url)
            .chain(&self.query_url)
    }

    /// A store's message with every credential value masked: an error body that echoes the
    /// request's `Authorization` must not print the token.
    fn masked(&self, message: &str) -> String {
        let mut secrets: Vec<String> = Vec::new();
        match &self.credentials {
            Credentials::None => {}
            Credentials::Bearer(token) => secrets.push(token.clone()),
            Credentials::Basic(user, password) => {
                secrets.push(base64(format!("{user}:{password}").as_bytes()));
                secrets.push(password.clone());
            }
        }
        let mut message = message.to_owned();
        for secret in secrets.iter().filter(|s| s.len() >= 3) {
            message = message.replace(secret.as_str(), "…");
        }
        message
    }

    /// What the store said, masked, with a hint where one is known.
    fn refusal(&self, status: StatusCode, body: &[u8]) -> PushError {
        let message = self.masked(String::from_utf8_lossy(body).trim());
        let mut message = reason(status, &message);
        if self.graph == GraphTarget::Default && message.to_lowercase().contains("default graph") {
            message.push_str(
                " (hint: this store may have no writable default graph; push into a named graph with --graph IRI)",
            );
        }
        PushError::Refused {
            status: status.as_u16(),
            message,
        }
    }

    /// Sends one request, retrying connection failures and the statuses in [`RETRYABLE`]
    /// (honouring `Retry-After`) with backoff, until the attempts or the deadline run out.
    /// Any other error answer ends the push at once with the store's message.
    fn send(
        &self,
        client: &Client,
        call: Call<'_>,
        requests: &mut u32,
        deadline: Instant,
    ) -> Result<Vec<u8>, PushError> {
        let Call {
            method,
            url,
            content_type,
            accept,
            body,
        } = call;
        let mut wait = self.backoff;
        let mut last = String::new();
        let authorization = self.credentials.header();
        let mut headers: Vec<(&str, &str)> = Vec::new();
        if let Some(content_type) = content_type {
            headers.push(("Content-Type", content_type));
        }
        if let Some(accept) = accept {
            headers.push(("Accept", accept));
        }
        if let Some(authorization) = &authorization {
            headers.push(("Authorization", authorization));
        }
        for attempt in 1..=self.attempts.max(1) {
            *requests += 1;
            match client.request(method, url, &headers, body, deadline) {
                Ok(answer) if (200..300).contains(&answer.status) => return Ok(answer.body),
                Ok(answer) if !RETRYABLE.contains(&answer.status) => {
                    let status = StatusCode::from_u16(answer.status)
                        .unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
                    return Err(self.refusal(status, &answer.body));
                }
                Ok(answer) => {
                    if let Some(after) = answer
                        .header("Retry-After")
                        .and_then(|v| v.trim().parse::<u64>().ok())
                    {
                        wait = Duration::from_secs(after).min(MAX_RETRY_AFTER);
                    }
                    let status = StatusCode::from_u16(answer.status)
                        .unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
                    last = reason(
                        status,
                        &self.masked(String::from_utf8_lossy(&answer.body).trim()),
                    );
                }
                // A URL the client cannot use, a certificate it does not trust: the same
                // every time.
                Err(error @ ClientError::Tls { .. }) => {
                    return Err(PushError::Tls(self.masked(&error.to_string())));
                }
                Err(error) if !error.is_transient() => {
                    return Err(PushError::Request(self.masked(&error.to_string())));
                }
                Err(error) => last = self.masked(&error.to_string()),
            }
            if attempt < self.attempts {
                if Instant::now() + wait >= deadline {
                    last = format!("{last}; the deadline would pass before the next attempt");
                    return Err(PushError::Unavailable {
                        attempts: attempt,
                        last,
                    });
                }
                sleep(wait);
                wait *= 2;
            }
        }
        Err(PushError::Unavailable {
            attempts: self.attempts.max(1),
            last,
        })
    }

    /// Refuses, before any request (and before the payload is made), a push that cannot
    /// work: URLs the client cannot use, `--query-url` without `--update-url`, and
    /// credentials bound for clear text off the machine. [`Push::run`] checks it too.
    pub fn check(&self) -> Result<(), PushError> {
        if self.query_url.is_some() && self.update_url.is_none() {
            return Err(PushError::Request(
                "--query-url counts what --update-url wrote; a Graph Store Protocol push is read back from --store-url".to_owned(),
            ));
        }
        for url in self.urls() {
            check_url(url)?;
        }
        // A password or token on plain HTTP can be read by anyone on the way, on every
        // retry: only loopback, or the user's explicit word, lets it go.
        if !matches!(self.credentials, Credentials::None) && !self.allow_http_credentials {
            for url in self.urls() {
                let cleartext = super::client::cleartext_off_machine(url)
                    .map_err(|e| PushError::Request(e.to_string()))?;
                if cleartext {
                    return Err(PushError::Cleartext(url.clone()));
                }
            }
        }
        Ok(())
    }

    /// Pushes the triples (sent as `document`, of media type `content_type`, over the Graph
    /// Store Protocol) and reads the target graph back to count them.
    pub fn run(
        &self,
        triples: &[Triple],
        document: &[u8],
        content_type: &str,
    ) -> Result<Pushed, PushError> {
        let deadline = Instant::now() + self.deadline;
        self.check()?;
        // No request may outlive the push's deadline; redirects are not followed, since a
        // write that lands elsewhere is not the write asked for.
        let client =
            Client::new(self.ca_cert.as_deref()).map_err(|e| PushError::Request(e.to_string()))?;
        let mut requests = 0;
        let nt = |triples: &[Triple]| {
            triples
                .iter()
                .map(|t| format!("{t} .\n"))
                .collect::<String>()
        };
        let remote = match (&self.update_url, &self.store_url) {
            (None, None) => {
                return Err(PushError::Request(
                    "nowhere to push: give --store-url (Graph Store Protocol) or --update-url (SPARQL Update)".to_owned(),
                ));
            }
            (None, Some(store_url)) => {
                let method = if self.replace { "PUT" } else { "POST" };
                self.send(
                    &client,
                    Call {
                        method,
                        url: &self.graph_url(store_url),
                        content_type: Some(content_type),
                        accept: None,
                        body: document,
                    },
                    &mut requests,
                    deadline,
                )?;
                self.count_by_graph_store(&client, store_url, &mut requests, deadline)?
            }
            (Some(update_url), _) => {
                let (open, close) = match &self.graph {
                    GraphTarget::Default => (String::new(), String::new()),
                    GraphTarget::Named(iri) => {
                        (format!("GRAPH <{}> {{ ", iri.as_str()), " }".to_owned())
                    }
                };
                if self.replace {
                    let clear = match &self.graph {
                        GraphTarget::Default => "CLEAR SILENT DEFAULT".to_owned(),
                        GraphTarget::Named(iri) => format!("CLEAR SILENT GRAPH <{}>", iri.as_str()),
                    };
                    self.send(
                        &client,
                        Call::update(update_url, clear.as_bytes()),
                        &mut requests,
                        deadline,
                    )?;
                }
                for batch in triples.chunks(self.batch.max(1)) {
                    let update = format!("INSERT DATA {{ {open}{}{close} }}", nt(batch));
                    self.send(
                        &client,
                        Call::update(update_url, update.as_bytes()),
                        &mut requests,
                        deadline,
                    )?;
                }
                // A store without the Graph Store Protocol is asked by SPARQL, as it was
                // written to.
                let query_url = self.query_url.as_ref().unwrap_or(update_url);
                self.count_by_query(&client, query_url, &mut requests, deadline)?
            }
        };
        let local = triples
            .iter()
            .collect::<std::collections::HashSet<_>>()
            .len();
        let ok = if self.replace {
            remote == local
        } else {
            remote >= local
        };
        if !ok {
            return Err(PushError::Verification { remote, local });
        }
        Ok(Pushed {
            local,
            remote,
            requests,
        })
    }
}

impl Push {
    /// Reads the target graph back through the Graph Store Protocol and counts its distinct
    /// triples: a store that returns one triple many times holds one triple, not many.
    fn count_by_graph_store(
        &self,
        client: &Client,
        store_url: &str,
        requests: &mut u32,
        deadline: Instant,
    ) -> Result<usize, PushError> {
        let body = self.send(
            client,
            Call {
                method: "GET",
                url: &self.graph_url(store_url),
                content_type: None,
                accept: Some("application/n-triples"),
                body: &[],
            },
            requests,
            deadline,
        )?;
        Ok(
            oxigraph::io::RdfParser::from_format(oxigraph::io::RdfFormat::NTriples)
                .for_slice(&body)
                .filter_map(Result::ok)
                .map(Triple::from)
                .collect::<std::collections::HashSet<_>>()
                .len(),
        )
    }

    /// Counts the target graph's triples with a SPARQL query (a graph is a set, so the
    /// count is of distinct triples), answered as SPARQL JSON results.
    fn count_by_query(
        &self,
        client: &Client,
        query_url: &str,
        requests: &mut u32,
        deadline: Instant,
    ) -> Result<usize, PushError> {
        let query = match &self.graph {
            GraphTarget::Default => "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }".to_owned(),
            GraphTarget::Named(iri) => format!(
                "SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH <{}> {{ ?s ?p ?o }} }}",
                iri.as_str()
            ),
        };
        let body = self.send(
            client,
            Call {
                method: "POST",
                url: query_url,
                content_type: Some("application/sparql-query"),
                accept: Some("application/sparql-results+json"),
                body: query.as_bytes(),
            },
            requests,
            deadline,
        )?;
        count_in_results(&body).ok_or_else(|| {
            PushError::Request(format!(
                "the count of the target graph from {query_url} is not a SPARQL JSON answer with a number: {}",
                self.masked(String::from_utf8_lossy(&body[..body.len().min(200)]).trim())
            ))
        })
    }
}

/// The number in the first cell of a SPARQL JSON answer.
fn count_in_results(body: &[u8]) -> Option<usize> {
    use oxigraph::sparql::results::{
        QueryResultsFormat, QueryResultsParser, SliceQueryResultsParserOutput,
    };
    let SliceQueryResultsParserOutput::Solutions(mut solutions) =
        QueryResultsParser::from_format(QueryResultsFormat::Json)
            .for_slice(body)
            .ok()?
    else {
        return None;
    };
    let solution = solutions.next()?.ok()?;
    match solution.get("n")? {
        oxigraph::model::Term::Literal(n) => n.value().parse().ok(),
        _ => None,
    }
}

/// Refuses a URL that is not `http://` or `https://` with a host, before any request:
/// retrying would not change it.
fn check_url(url: &str) -> Result<(), PushError> {
    super::client::check_url(url).map_err(|e: ClientError| PushError::Request(e.to_string()))
}

fn reason(status: StatusCode, message: &str) -> String {
    let mut text = status.canonical_reason().unwrap_or("").to_owned();
    if !message.is_empty() {
        let message: String = message.chars().take(500).collect();
        text = format!("{text}: {message}");
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn encodes_for_query_strings_and_headers() {
        assert_eq!(
            encode("https://w3id.org/cpsu-kg/graph/core"),
            "https%3A%2F%2Fw3id.org%2Fcpsu-kg%2Fgraph%2Fcore"
        );
        assert_eq!(base64(b"user:pass"), "dXNlcjpwYXNz");
        assert_eq!(base64(b"ab"), "YWI=");
        assert_eq!(base64(b"a"), "YQ==");
        assert_eq!(
            format!("{:?}", Credentials::Bearer("secret".into())),
            "Credentials::Bearer(…)"
        );
    }
}

#[cfg(test)]
mod policy_tests {
    use super::*;

    fn push(credentials: Credentials, graph: GraphTarget) -> Push {
        Push {
            store_url: Some("http://127.0.0.1:9/store".to_owned()),
            graph,
            replace: true,
            update_url: None,
            query_url: None,
            batch: 10,
            attempts: 3,
            backoff: Duration::from_millis(1),
            deadline: Duration::from_secs(5),
            credentials,
            ca_cert: None,
            allow_http_credentials: false,
        }
    }

    #[test]
    fn credentials_never_go_in_clear_text_off_the_machine() {
        let basic = || Credentials::Basic("user".into(), "secret".into());
        let mut remote = push(basic(), GraphTarget::Default);
        remote.store_url = Some("http://store.example/store".into());
        let error = remote.run(&[], b"", "text/turtle").expect_err("refused");
        assert!(matches!(error, PushError::Cleartext(_)), "{error}");
        assert!(
            error.to_string().contains("--allow-http-credentials"),
            "{error}"
        );
        assert_eq!(error.exit_code(), 2);
        // An update URL in clear text is refused too, and a token like a password.
        let mut update = push(Credentials::Bearer("t".into()), GraphTarget::Default);
        update.update_url = Some("http://10.0.0.1:8890/sparql".into());
        assert!(matches!(
            update.run(&[], b"", "text/turtle"),
            Err(PushError::Cleartext(_))
        ));
        for url in [
            "http://localhost:9/x",
            "http://127.0.0.2:9/x",
            "http://[::1]:9/x",
        ] {
            assert!(
                !crate::http::client::cleartext_off_machine(url).expect("a URL"),
                "{url}"
            );
        }
        assert!(
            !crate::http::client::cleartext_off_machine("https://store.example/").expect("a URL")
        );
        // Without credentials, or with the user's word, nothing is refused before connecting.
        let mut allowed = push(basic(), GraphTarget::Default);
        allowed.store_url = Some("http://store.example.invalid/store".into());
        allowed.allow_http_credentials = true;
        allowed.deadline = Duration::from_millis(200);
        assert!(!matches!(
            allowed.run(&[], b"", "text/turtle"),
            Err(PushError::Cleartext(_))
        ));
    }

    #[test]
    fn urls_that_cannot_work_fail_before_any_request() {
        assert!(check_url("http://localhost:7878/store").is_ok());
        assert!(check_url("https://store.example/store").is_ok());
        for (url, words) in [
            ("http://store.example:0/store", "port 0"),
            ("ftp://store.example/store", "scheme ftp"),
            ("http:///store", "not a URL"),
            ("not a url", "not a URL"),
        ] {
            let error = check_url(url).expect_err(url).to_string();
            assert!(error.contains(words), "{url}: {error}");
        }
        assert_eq!(check_url("ftp://x/").expect_err("refused").exit_code(), 2);
    }

    #[test]
    fn error_bodies_never_print_a_credential() {
        let bearer = push(
            Credentials::Bearer("s3cret-token".into()),
            GraphTarget::Default,
        );
        assert_eq!(
            bearer.masked("bad token s3cret-token in Authorization: Bearer s3cret-token"),
            "bad token … in Authorization: Bearer …"
        );
        let basic = push(
            Credentials::Basic("admin".into(), "hunter22".into()),
            GraphTarget::Default,
        );
        let echoed = format!("Basic {} / hunter22", base64(b"admin:hunter22"));
        assert_eq!(basic.masked(&echoed), "Basic … / …");
    }

    #[test]
    fn a_store_without_a_default_graph_gets_a_hint() {
        let error = push(Credentials::None, GraphTarget::Default).refusal(
            StatusCode::INTERNAL_SERVER_ERROR,
            b"SPARQL error: no default graph",
        );
        assert!(error.to_string().contains("--graph IRI"), "{error}");
        assert_eq!(error.exit_code(), 3);
        assert!(RETRYABLE.contains(&503) && !RETRYABLE.contains(&500) && !RETRYABLE.contains(&301));
    }
}
