//! A load generator for SPARQL endpoints, used by `bench/run.sh` to compare `cpsu-kg serve`
//! with the Oxigraph server on the same queries.
//!
//! `load PORT PATH CLIENTS SECONDS MODE QUERYFILE...`: `CLIENTS` threads send each query
//! file in turn as `POST PATH` (`application/sparql-query`) for `SECONDS`, on one kept-alive connection
//! each (`MODE` = `keep-alive`) or a new connection per request (`MODE` = `new`), and read
//! every answer whole. Prints one JSON object: requests, errors, requests per second, the
//! median and 99th-percentile latency, and the slowest first answer of any client.

use cpsu_kg::http::wire;
use std::io::{BufReader, Write};
use std::net::TcpStream;
use std::time::{Duration, Instant};

/// One client's results: latencies of answered requests, errors, the first answer's wait.
struct Tally {
    latencies: Vec<Duration>,
    errors: usize,
    first: Option<Duration>,
    first_error: Option<String>,
}

fn exchange(
    connection: &mut Option<(TcpStream, BufReader<TcpStream>)>,
    port: u16,
    request: &[u8],
    keep_alive: bool,
) -> Result<(), String> {
    if connection.is_none() {
        let tcp = TcpStream::connect(("127.0.0.1", port)).map_err(|e| e.to_string())?;
        tcp.set_nodelay(true).map_err(|e| e.to_string())?;
        tcp.set_read_timeout(Some(Duration::from_secs(60)))
            .map_err(|e| e.to_string())?;
        let reader = BufReader::new(tcp.try_clone().map_err(|e| e.to_string())?);
        *connection = Some((tcp, reader));
    }
    let Some((tcp, reader)) = connection.as_mut() else {
        return Err("no connection".to_owned());
    };
    tcp.write_all(request).map_err(|e| e.to_string())?;
    let head = wire::read_head(reader)
        .map_err(|e| e.to_string())?
        .ok_or("closed")?;
    let ok = head.start.split(' ').nth(1) == Some("200");
    let unframed = if keep_alive {
        wire::Unframed::Empty
    } else {
        wire::Unframed::UntilClose
    };
    wire::read_body(reader, &head, unframed, 1 << 30).map_err(|e| e.to_string())?;
    let closing = head.lists("Connection", "close");
    if !keep_alive || closing {
        *connection = None;
    }
    if ok { Ok(()) } else { Err(head.start) }
}

fn client(
    port: u16,
    requests: &[Vec<u8>],
    until: Instant,
    keep_alive: bool,
    offset: usize,
) -> Tally {
    let mut tally = Tally {
        latencies: Vec::new(),
        errors: 0,
        first: None,
        first_error: None,
    };
    let began = Instant::now();
    let mut connection = None;
    let mut i = offset;
    while Instant::now() < until {
        let request = &requests[i % requests.len()];
        i += 1;
        let started = Instant::now();
        match exchange(&mut connection, port, request, keep_alive) {
            Ok(()) => {
                tally.latencies.push(started.elapsed());
                tally.first.get_or_insert_with(|| began.elapsed());
            }
            Err(e) => {
                tally.errors += 1;
                tally.first_error.get_or_insert(e);
                connection = None;
            }
        }
    }
    tally
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    if args.len() < 7 {
        eprintln!("usage: load PORT PATH CLIENTS SECONDS keep-alive|new QUERYFILE...");
        std::process::exit(2);
    }
    let port: u16 = args[1].parse().expect("a port");
    let path = &args[2];
    let clients: usize = args[3].parse().expect("a client count");
    let seconds: f64 = args[4].parse().expect("seconds");
    let keep_alive = args[5] == "keep-alive";
    let connection = if keep_alive { "keep-alive" } else { "close" };
    let requests: Vec<Vec<u8>> = args[6..]
        .iter()
        .map(|file| {
            let text = std::fs::read_to_string(file).expect("a query file");
            // POST, not GET: the Oxigraph server refuses request lines over a few KiB with
            // 400, and the longest named queries, percent-encoded, pass that.
            format!(
                "POST {path} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nAccept: text/tab-separated-values\r\nContent-Type: application/sparql-query\r\nContent-Length: {}\r\nConnection: {connection}\r\n\r\n{text}",
                text.len()
            )
            .into_bytes()
        })
        .collect();
    let requests = std::sync::Arc::new(requests);
    let start = Instant::now();
    let until = start + Duration::from_secs_f64(seconds);
    let threads: Vec<_> = (0..clients)
        .map(|offset| {
            let requests = std::sync::Arc::clone(&requests);
            std::thread::Builder::new()
                .stack_size(256 * 1024)
                .spawn(move || client(port, &requests, until, keep_alive, offset))
                .expect("a client thread")
        })
        .collect();
    let mut latencies = Vec::new();
    let mut errors = 0;
    let mut slowest_first = Duration::ZERO;
    let mut unanswered = 0;
    let mut first_error = None;
    for thread in threads {
        let tally = thread.join().expect("a client");
        latencies.extend(tally.latencies);
        errors += tally.errors;
        first_error = first_error.or(tally.first_error);
        match tally.first {
            Some(first) => slowest_first = slowest_first.max(first),
            None => unanswered += 1,
        }
    }
    let elapsed = start.elapsed().as_secs_f64();
    latencies.sort();
    let at = |q: f64| {
        latencies
            .get(((latencies.len() as f64 * q) as usize).min(latencies.len().saturating_sub(1)))
            .map_or(0.0, |d| d.as_secs_f64() * 1000.0)
    };
    println!(
        "{{\"requests\": {}, \"errors\": {errors}, \"rps\": {:.1}, \"p50_ms\": {:.2}, \"p99_ms\": {:.2}, \"slowest_first_ms\": {:.1}, \"clients_unanswered\": {unanswered}, \"first_error\": {:?}}}",
        latencies.len(),
        latencies.len() as f64 / elapsed,
        at(0.50),
        at(0.99),
        slowest_first.as_secs_f64() * 1000.0,
        first_error.unwrap_or_default()
    );
}
