//! The HTTP client of `push`, against stub servers on loopback that misbehave on purpose:
//! an error answer with an endless body is read only as far as its cap, a huge head is
//! refused without retrying, and a proxy named in the environment is used.

mod common;

use common::cpsu_kg;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// A stub server on a free loopback port: each connection's request head is recorded, then
/// `answer` writes whatever it likes. It stops after `connections` connections.
fn stub(
    connections: usize,
    answer: impl Fn(&mut TcpStream) + Send + Sync + 'static,
) -> (u16, Arc<Mutex<Vec<String>>>, std::thread::JoinHandle<()>) {
    let listener = TcpListener::bind("127.0.0.1:0").expect("bind");
    let port = listener.local_addr().expect("address").port();
    let heads = Arc::new(Mutex::new(Vec::new()));
    let seen = Arc::clone(&heads);
    let handle = std::thread::spawn(move || {
        for stream in listener.incoming().take(connections) {
            let Ok(mut stream) = stream else { continue };
            let _ = stream.set_read_timeout(Some(Duration::from_secs(10)));
            let mut reader = BufReader::new(stream.try_clone().expect("clone"));
            let mut head = String::new();
            let mut length = 0usize;
            loop {
                let mut line = String::new();
                if reader.read_line(&mut line).unwrap_or(0) == 0 || line == "\r\n" {
                    break;
                }
                if let Some(value) = line.to_ascii_lowercase().strip_prefix("content-length:") {
                    length = value.trim().parse().unwrap_or(0);
                }
                head.push_str(&line);
            }
            let mut body = vec![0; length];
            let _ = reader.read_exact(&mut body);
            seen.lock().expect("lock").push(head);
            answer(&mut stream);
        }
    });
    (port, heads, handle)
}

/// Runs `cpsu-kg push` against `url` with the given environment, and returns its exit
/// code, standard error and how long it took.
fn push(url: &str, env: &[(&str, &str)]) -> (Option<i32>, String, Duration) {
    let start = Instant::now();
    let mut command = cpsu_kg(&[
        "push",
        "--store-url",
        url,
        "--default",
        "--deadline-s",
        "30",
    ]);
    for (name, value) in env {
        command.env(name, value);
    }
    for name in [
        "HTTP_PROXY",
        "HTTPS_PROXY",
        "ALL_PROXY",
        "http_proxy",
        "https_proxy",
    ] {
        if !env.iter().any(|(n, _)| *n == name) {
            command.env_remove(name);
        }
    }
    let output = command.output().expect("cpsu-kg runs");
    (
        output.status.code(),
        String::from_utf8_lossy(&output.stderr).into_owned(),
        start.elapsed(),
    )
}

#[test]
fn client_reads_only_the_start_of_an_endless_error_answer() {
    let written = Arc::new(AtomicUsize::new(0));
    let count = Arc::clone(&written);
    let (port, heads, server) = stub(1, move |stream| {
        let _ = stream.write_all(b"HTTP/1.1 500 Internal Server Error\r\nContent-Type: text/plain\r\nContent-Length: 2147483648\r\n\r\n");
        let chunk = vec![b'x'; 64 * 1024];
        // Up to 2 GiB, for as long as the client reads.
        for _ in 0..32 * 1024 {
            if stream.write_all(&chunk).is_err() {
                break;
            }
            count.fetch_add(chunk.len(), Ordering::Relaxed);
        }
    });
    let (code, stderr, _) = push(&format!("http://127.0.0.1:{port}/store"), &[]);
    server.join().expect("the stub");
    assert_eq!(code, Some(3), "{stderr}");
    assert!(stderr.contains("500"), "{stderr}");
    assert_eq!(heads.lock().expect("lock").len(), 1, "a 500 is not retried");
    // The socket buffers hold a few megabytes at most; the client read 64 KiB and hung up.
    let sent = written.load(Ordering::Relaxed);
    assert!(
        sent < 64 * 1024 * 1024,
        "the server got to write {sent} bytes"
    );
}

#[test]
fn client_refuses_a_huge_head_without_retrying() {
    let (port, heads, server) = stub(1, |stream| {
        let _ = stream.write_all(b"HTTP/1.1 401 Unauthorized\r\nX-Padding: ");
        let _ = stream.write_all(&vec![b'a'; 4 * 1024 * 1024]);
        let _ = stream.write_all(b"\r\nContent-Length: 0\r\n\r\n");
    });
    let (code, stderr, elapsed) = push(
        &format!("http://127.0.0.1:{port}/store"),
        &[("CPSU_KG_PUSH_TOKEN", "secret-token")],
    );
    server.join().expect("the stub");
    assert_eq!(code, Some(2), "{stderr}");
    assert!(stderr.contains("cannot be read"), "{stderr}");
    assert!(!stderr.contains("secret-token"), "{stderr}");
    assert_eq!(heads.lock().expect("lock").len(), 1, "not retried");
    assert!(elapsed < Duration::from_secs(20), "{elapsed:?}");
}

#[test]
fn client_goes_through_the_proxy_the_environment_names() {
    // The store's name does not resolve: only through the proxy could it be reached.
    let (port, heads, server) = stub(2, |stream| {
        let _ = stream.write_all(b"HTTP/1.1 204 No Content\r\nConnection: close\r\n\r\n");
    });
    let proxy = format!("http://127.0.0.1:{port}");
    let (code, stderr, _) = push(
        "http://store.invalid:7878/store",
        &[("HTTP_PROXY", &proxy), ("http_proxy", &proxy)],
    );
    // The read-back may come on the same kept-alive connection: the stub is not waited for.
    drop(server);
    let heads = heads.lock().expect("lock");
    // ureq tunnels through the proxy (CONNECT) for plain HTTP too; the stub's 204 is no
    // tunnel, so the push fails, but only after asking the proxy for the store.
    assert!(
        heads
            .first()
            .is_some_and(|h| h.starts_with("CONNECT store.invalid:7878 HTTP/1.1")),
        "{heads:?}"
    );
    assert_ne!(code, Some(0), "{stderr}");
}
