//! Hostile input, standing: the attacks a tester who wants `serve` down would make, and the
//! odd output targets of `-o`. After every attack the server must still answer a normal
//! query within a second, its resident memory must stay under 1 GiB, and it must not be
//! burning CPU on work it gave up. Heavy cases run with small limits (`--timeout-s 1`, a
//! small memory budget) to stay quick. The servers run one at a time, so that one test's
//! load does not slow another's "within a second".

mod common;

use common::{Served, run, temp_dir};
use cpsu_kg::http::wire;
use std::io::{BufReader, Read, Write};
use std::net::TcpStream;
use std::sync::Mutex;
use std::time::{Duration, Instant};

static ONE_AT_A_TIME: Mutex<()> = Mutex::new(());

fn serialized() -> std::sync::MutexGuard<'static, ()> {
    ONE_AT_A_TIME
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner)
}

fn encode(text: &str) -> String {
    text.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => {
                (b as char).to_string()
            }
            _ => format!("%{b:02X}"),
        })
        .collect()
}

/// Sends `GET /sparql?query=…` on a fresh connection and reads the answer: the status and
/// body, or what went wrong (a stream cut short reads as an error).
fn query(port: u16, text: &str, timeout: Duration) -> Result<(u16, Vec<u8>), String> {
    let mut tcp = TcpStream::connect(("127.0.0.1", port)).map_err(|e| e.to_string())?;
    tcp.set_read_timeout(Some(timeout))
        .map_err(|e| e.to_string())?;
    write!(
        tcp,
        "GET /sparql?query={} HTTP/1.1\r\nHost: x\r\nAccept: application/sparql-results+json\r\nConnection: close\r\n\r\n",
        encode(text)
    )
    .map_err(|e| e.to_string())?;
    read_answer(&mut BufReader::new(tcp))
}

fn read_answer(reader: &mut BufReader<TcpStream>) -> Result<(u16, Vec<u8>), String> {
    let head = wire::read_head(reader)
        .map_err(|e| e.to_string())?
        .ok_or("closed without an answer")?;
    let status = head
        .start
        .split(' ')
        .nth(1)
        .and_then(|s| s.parse().ok())
        .ok_or("no status")?;
    let body = wire::read_body(reader, &head, wire::Unframed::UntilClose, 1 << 30)
        .map_err(|e| e.to_string())?;
    Ok((status, body))
}

/// The server answers a normal query, correctly, within a second. A server that is
/// restarting itself in place (to let go of abandoned queries) refuses connections for a
/// moment; the second counts from the first try.
fn answers_normally(served: &mut Served) {
    assert!(served.alive(), "the server died");
    let started = Instant::now();
    let answer = loop {
        match query(
            served.port,
            "SELECT ?label { person:stalin rdfs:label ?label FILTER(LANG(?label) = \"en\") }",
            Duration::from_secs(5),
        ) {
            Ok(answer) => break answer,
            Err(e) if started.elapsed() < Duration::from_secs(1) => {
                let _ = e;
                std::thread::sleep(Duration::from_millis(20));
            }
            Err(e) => panic!("no answer to a normal query: {e}"),
        }
    };
    let took = started.elapsed();
    let (status, body) = answer;
    assert_eq!(status, 200, "{}", String::from_utf8_lossy(&body));
    assert!(String::from_utf8_lossy(&body).contains("Joseph Stalin"));
    assert!(
        took < Duration::from_secs(1),
        "a normal query took {took:?}"
    );
}

/// Starts `count` clients that each send a query the engine cannot cancel, and returns a
/// check that every one of them was answered 503.
fn attack(port: u16, count: usize) -> impl FnOnce() {
    let attackers: Vec<_> = (0..count)
        .map(|_| std::thread::spawn(move || query(port, CROSS_COUNT, Duration::from_secs(20))))
        .collect();
    move || {
        for attacker in attackers {
            let (status, _) = attacker
                .join()
                .expect("the client thread")
                .expect("every attack is answered");
            assert_eq!(status, 503);
        }
    }
}

/// Resident memory in bytes, from `/proc`.
fn rss(served: &Served) -> u64 {
    let status =
        std::fs::read_to_string(format!("/proc/{}/status", served.pid())).expect("/proc status");
    status
        .lines()
        .find_map(|l| l.strip_prefix("VmRSS:"))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse::<u64>().ok())
        .expect("VmRSS")
        * 1024
}

/// CPU time used so far, in clock ticks, from `/proc`.
fn cpu_ticks(served: &Served) -> u64 {
    let stat = std::fs::read_to_string(format!("/proc/{}/stat", served.pid())).expect("stat");
    // The fields after the command name, which is in parentheses and may hold spaces.
    let fields: Vec<&str> = stat
        .rsplit_once(')')
        .expect("a stat line")
        .1
        .split_whitespace()
        .collect();
    // utime and stime are fields 14 and 15 of the line, 12 and 13 after the name.
    fields[11].parse::<u64>().expect("utime") + fields[12].parse::<u64>().expect("stime")
}

const GIB: u64 = 1024 * 1024 * 1024;

/// A cross product the engine computes without reading the store again, so its
/// cancellation token is never checked.
const CROSS_COUNT: &str = "SELECT (COUNT(*) AS ?c) { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }";

fn values_product() -> String {
    let list: String = (1..=30).map(|i| format!("{i} ")).collect();
    let blocks: String = ["a", "b", "c", "d", "e", "f", "g"]
        .iter()
        .map(|v| format!("VALUES ?{v} {{ {list}}} "))
        .collect();
    format!("SELECT (COUNT(*) AS ?n) {{ {blocks}}}")
}

#[test]
fn hostile_deep_nesting_is_refused_before_parsing() {
    let _one = serialized();
    let mut served = Served::start(&["--timeout-s", "2"]);
    let depth = 800;
    let open = |s: &str| s.repeat(depth);
    let shapes = [
        format!("ASK {{ FILTER({}1{}) }}", open("("), open(")")),
        format!("ASK {}{}", open("{ "), open("} ")),
        format!(
            "SELECT * {{ ?s ?p ?o {}{} }}",
            open("OPTIONAL { ?s ?p ?o "),
            open("} ")
        ),
        format!("ASK {{ ?s {}<p>{} ?o }}", open("("), open(")")),
        format!(
            "ASK {{ {}?s ?p ?o{} }}",
            open("FILTER NOT EXISTS { "),
            open(" }")
        ),
        format!("ASK {{ {}{} }}", open("{ SELECT * { "), open("} } ")),
    ];
    for shape in &shapes {
        let (status, body) = query(served.port, shape, Duration::from_secs(10)).expect("an answer");
        assert_eq!(status, 400, "{}", String::from_utf8_lossy(&body));
        assert!(String::from_utf8_lossy(&body).contains("nest"));
    }
    answers_normally(&mut served);
    // The CLI refuses the same with exit 1 and the same message, instead of aborting.
    let refused = run(&["query", &shapes[0]]);
    assert_eq!(refused.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&refused.stderr).contains("nest"));
}

#[test]
fn hostile_work_the_engine_cannot_cancel_is_stopped_and_leaves_nothing_running() {
    let _one = serialized();
    let mut served = Served::start(&["--timeout-s", "1", "--workers", "2"]);
    for text in [CROSS_COUNT.to_owned(), values_product()] {
        let started = Instant::now();
        let (status, body) =
            query(served.port, &text, Duration::from_secs(10)).expect("an answer in time");
        assert_eq!(status, 503, "{}", String::from_utf8_lossy(&body));
        assert!(started.elapsed() < Duration::from_secs(4));
        answers_normally(&mut served);
    }
    // The abandoned work is stalled, not spinning: once the stop switch is thrown (two
    // seconds after the deadline) the process is idle.
    std::thread::sleep(Duration::from_millis(1500));
    let before = cpu_ticks(&served);
    std::thread::sleep(Duration::from_secs(1));
    let used = cpu_ticks(&served) - before;
    assert!(used < 30, "{used} ticks of CPU in a second of idling");
}

#[test]
fn hostile_memory_hungry_queries_stay_within_the_budget() {
    let _one = serialized();
    let mut served = Served::start(&["--timeout-s", "3", "--memory-mb", "64"]);
    let doubling: String = (1..=26)
        .map(|i| format!("BIND(CONCAT(?a{p}, ?a{p}) AS ?a{i}) ", p = i - 1))
        .collect();
    let concat =
        format!("SELECT (STRLEN(?a26) AS ?n) {{ BIND(\"0123456789abcdef\" AS ?a0) {doubling}}}");
    let sorted = "SELECT * { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i } ORDER BY ?a ?f ?i";
    for text in [concat.as_str(), sorted] {
        let (status, body) =
            query(served.port, text, Duration::from_secs(10)).expect("an answer in time");
        assert_eq!(status, 503, "{}", String::from_utf8_lossy(&body));
        assert!(rss(&served) < GIB, "{} bytes resident", rss(&served));
        answers_normally(&mut served);
    }
    // A result too large to hold is streamed, not built whole: the client reads rows as
    // they come until the deadline cuts the stream short.
    let streamed = query(
        served.port,
        "SELECT * { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }",
        Duration::from_secs(10),
    );
    assert!(
        streamed.is_err() || streamed.as_ref().is_ok_and(|(s, _)| *s == 503),
        "a cross product must not complete: {:?}",
        streamed.map(|(s, b)| (s, b.len()))
    );
    assert!(rss(&served) < GIB, "{} bytes resident", rss(&served));
    answers_normally(&mut served);
}

#[test]
fn hostile_many_abandoned_queries_do_not_freeze_the_server() {
    let _one = serialized();
    let mut served = Served::start(&[
        "--timeout-s",
        "1",
        "--workers",
        "2",
        "--queue",
        "16",
        "--max-abandoned",
        "64",
    ]);
    let answered = attack(served.port, 64);
    // During the attack, normal queries are answered: long queries do not hold every worker.
    std::thread::sleep(Duration::from_millis(500));
    answers_normally(&mut served);
    assert!(rss(&served) < GIB, "{} bytes resident", rss(&served));
    answered();
    // 64 abandoned queries is the limit: the server restarts itself, and answers after.
    answers_normally(&mut served);
    assert!(rss(&served) < GIB, "{} bytes resident", rss(&served));
}

#[test]
fn hostile_more_long_queries_than_workers_do_not_shut_out_short_ones() {
    let _one = serialized();
    let mut served = Served::start(&["--timeout-s", "5", "--workers", "2", "--max-workers", "4"]);
    // Eight queries the engine cannot cancel, twice the most workers: the longest running
    // are preempted to make room, so a normal query still gets a worker at once.
    let answered = attack(served.port, 8);
    std::thread::sleep(Duration::from_millis(700));
    answers_normally(&mut served);
    answered();
    answers_normally(&mut served);
}

#[test]
fn hostile_abandoned_memory_past_the_limit_restarts_the_server_in_place() {
    let _one = serialized();
    let mut served = Served::start(&["--memory-mb", "64", "--max-abandoned", "2"]);
    let pid = served.pid();
    // A sort that reads the store is cancelled at its memory limit and gives everything
    // back: no abandonment.
    let cancellable = "SELECT * { ?a ?b ?c . ?d ?e ?f } ORDER BY ?a ?d";
    let (status, body) =
        query(served.port, cancellable, Duration::from_secs(10)).expect("an answer");
    assert_eq!(status, 503, "{}", String::from_utf8_lossy(&body));
    assert!(String::from_utf8_lossy(&body).contains("memory"));
    answers_normally(&mut served);
    // A sort over a product of VALUES never reads the store: it stalls at twice its limit
    // and is abandoned. The second abandoned query is the limit here, and the server
    // restarts itself in place to let go of them.
    let list: String = (1..=12).map(|i| format!("{i} ")).collect();
    let blocks: String = ["a", "b", "c", "d", "e", "f", "g"]
        .iter()
        .map(|v| format!("VALUES ?{v} {{ {list}}} "))
        .collect();
    let hog = format!("SELECT * {{ {blocks}}} ORDER BY DESC(?a)");
    for _ in 0..2 {
        let (status, body) = query(served.port, &hog, Duration::from_secs(20)).expect("an answer");
        assert_eq!(status, 503, "{}", String::from_utf8_lossy(&body));
    }
    std::thread::sleep(Duration::from_millis(200));
    answers_normally(&mut served);
    assert_eq!(served.pid(), pid, "the same process, restarted in place");
    assert!(
        rss(&served) < 100 * 1024 * 1024,
        "the stalled queries' memory is let go: {} bytes resident",
        rss(&served)
    );
}

#[test]
fn hostile_finished_queries_give_back_their_share_of_the_total_memory() {
    let _one = serialized();
    // Each query takes at least a megabyte of the total while it runs; 300 in a row under a
    // 16 MiB total must all be answered, so each gives its share back.
    let mut served = Served::start(&["--memory-total-mb", "16"]);
    for i in 0..300 {
        let (status, body) = query(
            served.port,
            &format!("SELECT ?s {{ ?s a cpsu:Person }} LIMIT {}", i % 20 + 1),
            Duration::from_secs(5),
        )
        .expect("an answer");
        assert_eq!(status, 200, "query {i}: {}", String::from_utf8_lossy(&body));
    }
    answers_normally(&mut served);
}

#[test]
fn hostile_slow_and_idle_clients_cannot_starve_real_ones() {
    let _one = serialized();
    let mut served = Served::start(&["--header-timeout-s", "2", "--idle-timeout-s", "1"]);
    let port = served.port;
    let mut trickling: Vec<TcpStream> = (0..64)
        .map(|_| {
            let mut tcp = TcpStream::connect(("127.0.0.1", port)).expect("connect");
            tcp.write_all(b"GET / HTTP/1.1\r\n").expect("write");
            tcp
        })
        .collect();
    let idle: Vec<TcpStream> = (0..64)
        .map(|_| TcpStream::connect(("127.0.0.1", port)).expect("connect"))
        .collect();
    for _ in 0..3 {
        for tcp in &mut trickling {
            let _ = tcp.write_all(b"X-Slow: 1\r\n");
        }
        answers_normally(&mut served);
        std::thread::sleep(Duration::from_millis(500));
    }
    // Past the header deadline, the trickling clients are told 408 and closed, and the idle
    // ones closed.
    std::thread::sleep(Duration::from_secs(2));
    for mut tcp in trickling.into_iter().chain(idle) {
        tcp.set_read_timeout(Some(Duration::from_secs(5)))
            .expect("timeout");
        let mut answer = Vec::new();
        let _ = tcp.read_to_end(&mut answer);
        let answer = String::from_utf8_lossy(&answer);
        assert!(
            answer.is_empty() || answer.starts_with("HTTP/1.1 408"),
            "{answer}"
        );
    }
    answers_normally(&mut served);
}

#[test]
fn hostile_slow_request_bodies_cannot_fill_memory() {
    let _one = serialized();
    let mut served = Served::start(&[]);
    let chunk = vec![b' '; 64 * 1024];
    // 300 clients announce 1 MiB bodies and send all but the last byte: the server holds at
    // most 64 MiB of bodies at once and answers the others 503.
    let held: Vec<TcpStream> = (0..300)
        .map(|_| {
            let mut tcp = TcpStream::connect(("127.0.0.1", served.port)).expect("connect");
            let _ = write!(
                tcp,
                "POST /sparql HTTP/1.1\r\nHost: x\r\nContent-Type: application/sparql-query\r\nContent-Length: 1048576\r\n\r\n"
            );
            for _ in 0..15 {
                let _ = tcp.write_all(&chunk);
            }
            let _ = tcp.write_all(&chunk[1..]);
            tcp
        })
        .collect();
    std::thread::sleep(Duration::from_millis(300));
    assert!(
        rss(&served) < 200 * 1024 * 1024,
        "{} bytes resident",
        rss(&served)
    );
    answers_normally(&mut served);
    drop(held);
}

#[test]
fn hostile_connections_past_the_limit_are_refused_at_once() {
    let _one = serialized();
    let mut served = Served::start(&["--max-connections", "20"]);
    let held: Vec<TcpStream> = (0..20)
        .map(|_| TcpStream::connect(("127.0.0.1", served.port)).expect("connect"))
        .collect();
    std::thread::sleep(Duration::from_millis(200));
    let (status, body) = query(served.port, "ASK {}", Duration::from_secs(5)).expect("refused");
    assert_eq!(status, 503, "{}", String::from_utf8_lossy(&body));
    drop(held);
    std::thread::sleep(Duration::from_millis(200));
    answers_normally(&mut served);
}

#[test]
fn hostile_two_hundred_keep_alive_clients_all_get_a_first_answer_within_five_seconds() {
    let _one = serialized();
    let mut served = Served::start(&[]);
    let port = served.port;
    let start = std::sync::Arc::new(std::sync::Barrier::new(200));
    let clients: Vec<_> = (0..200)
        .map(|i| {
            let start = std::sync::Arc::clone(&start);
            std::thread::spawn(move || -> Result<Duration, String> {
                let tcp = TcpStream::connect(("127.0.0.1", port)).map_err(|e| e.to_string())?;
                tcp.set_read_timeout(Some(Duration::from_secs(30)))
                    .map_err(|e| e.to_string())?;
                let mut reader = BufReader::new(tcp.try_clone().map_err(|e| e.to_string())?);
                let mut tcp = tcp;
                start.wait();
                let began = Instant::now();
                let mut first = None;
                for round in 0..3 {
                    let text = format!("SELECT ?s {{ ?s a cpsu:Person }} LIMIT {}", i + round + 1);
                    write!(
                        tcp,
                        "GET /sparql?query={} HTTP/1.1\r\nHost: x\r\nAccept: text/csv\r\n\r\n",
                        encode(&text)
                    )
                    .map_err(|e| e.to_string())?;
                    let (status, _) = read_answer(&mut reader)?;
                    if status != 200 {
                        return Err(format!("status {status}"));
                    }
                    first.get_or_insert_with(|| began.elapsed());
                }
                first.ok_or_else(|| "no answer".to_owned())
            })
        })
        .collect();
    let mut slowest = Duration::ZERO;
    for client in clients {
        let first = client
            .join()
            .expect("the client thread")
            .expect("every client is answered, three times, on one connection");
        slowest = slowest.max(first);
    }
    assert!(
        slowest < Duration::from_secs(5),
        "the slowest first answer took {slowest:?}"
    );
    answers_normally(&mut served);
}

#[test]
fn hostile_the_engines_sort_panic_is_worked_around_and_the_server_keeps_serving() {
    let _one = serialized();
    let mut served = Served::start(&[]);
    // The reproduction in docs/interop.md: a sort over mixed numbers and strings panics in
    // spareval 0.2.9. The query is run again with a total order: numbers, then strings.
    let values: String = (1..=50).map(|i| format!("{i} \"{}\" ", i * 7)).collect();
    let text = format!("SELECT ?x {{ VALUES ?x {{ {values}}} }} ORDER BY ?x");
    let mut tcp = TcpStream::connect(("127.0.0.1", served.port)).expect("connect");
    write!(
        tcp,
        "GET /sparql?query={} HTTP/1.1\r\nHost: x\r\nAccept: text/tab-separated-values\r\nConnection: close\r\n\r\n",
        encode(&text)
    )
    .expect("write");
    let (status, body) = read_answer(&mut BufReader::new(tcp)).expect("an answer");
    let body = String::from_utf8(body).expect("UTF-8");
    assert_eq!(status, 200, "{body}");
    let rows: Vec<&str> = body.lines().skip(1).collect();
    let numbers: Vec<String> = (1..=50).map(|i| i.to_string()).collect();
    let mut strings: Vec<String> = (1..=50).map(|i| format!("\"{}\"", i * 7)).collect();
    strings.sort();
    let expected: Vec<&str> = numbers.iter().chain(&strings).map(String::as_str).collect();
    assert_eq!(rows, expected);
    answers_normally(&mut served);
    let cli = common::run_ok(&["query", &text, "--results", "tsv"]);
    assert_eq!(cli, body);
}

#[test]
fn hostile_output_targets_are_written_as_what_they_are() {
    use std::os::unix::fs::{FileTypeExt, PermissionsExt, symlink};
    let dir = temp_dir("hostile-output");
    // A symbolic link: its target gets the export, the link stays a link.
    let target = dir.join("target.ttl");
    std::fs::write(&target, "old").expect("write");
    let link = dir.join("link.ttl");
    symlink(&target, &link).expect("symlink");
    let out = run(&["export", "-o", link.to_str().expect("path")]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(
        std::fs::symlink_metadata(&link)
            .expect("stat")
            .file_type()
            .is_symlink()
    );
    assert!(
        std::fs::read_to_string(&target)
            .expect("read")
            .contains("@prefix")
    );
    // An existing file keeps its mode.
    let private = dir.join("private.svg");
    std::fs::write(&private, "old").expect("write");
    std::fs::set_permissions(&private, std::fs::Permissions::from_mode(0o600)).expect("chmod");
    let out = run(&["timeline", "-o", private.to_str().expect("path")]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let mode = std::fs::metadata(&private)
        .expect("stat")
        .permissions()
        .mode()
        & 0o777;
    assert_eq!(mode, 0o600);
    // A device is written in place and stays a device.
    let out = run(&["export", "--format", "nt", "-o", "/dev/null"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(
        std::fs::metadata("/dev/null")
            .expect("stat")
            .file_type()
            .is_char_device()
    );
    // A FIFO is written in place: a reader gets the whole export, and it stays a FIFO.
    let fifo = dir.join("pipe.nt");
    let made = std::process::Command::new("mkfifo")
        .arg(&fifo)
        .status()
        .expect("mkfifo runs");
    assert!(made.success());
    let reader_path = fifo.clone();
    let reader = std::thread::spawn(move || std::fs::read_to_string(reader_path).expect("read"));
    let out = run(&[
        "export",
        "--format",
        "nt",
        "-o",
        fifo.to_str().expect("path"),
    ]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let read = reader.join().expect("the reader");
    assert_eq!(read, common::run_ok(&["export", "--format", "nt"]));
    assert!(
        std::fs::symlink_metadata(&fifo)
            .expect("stat")
            .file_type()
            .is_fifo()
    );
}

/// A run stopped by SIGTERM while it writes `-o` leaves neither the output nor its
/// temporary file behind, and an existing output untouched.
#[test]
fn hostile_sigterm_during_a_write_leaves_no_temporary_file() {
    let dir = temp_dir("sigterm");
    let data = dir.join("data");
    let generated = run(&[
        "generate",
        "--scale",
        "3000",
        "-o",
        data.to_str().expect("path"),
    ]);
    assert!(generated.status.success());
    let out_dir = dir.join("out");
    std::fs::create_dir_all(&out_dir).expect("mkdir");
    let output = out_dir.join("graph.ttl");
    std::fs::write(&output, "the old export\n").expect("write");
    let temporaries = || -> Vec<String> {
        std::fs::read_dir(&out_dir)
            .expect("list")
            .filter_map(|e| e.ok())
            .map(|e| e.file_name().to_string_lossy().into_owned())
            .filter(|n| n.starts_with(".cpsu-kg-"))
            .collect()
    };
    let mut child = common::cpsu_kg(&[
        "export",
        "--data",
        data.to_str().expect("path"),
        "-o",
        output.to_str().expect("path"),
    ])
    .spawn()
    .expect("the export starts");
    // Wait until the temporary file is being written, then stop the run.
    let start = Instant::now();
    while temporaries().is_empty() {
        assert!(
            child.try_wait().expect("wait").is_none(),
            "the export ended before its temporary file was seen"
        );
        assert!(
            start.elapsed() < Duration::from_secs(120),
            "no temporary file"
        );
        std::thread::sleep(Duration::from_millis(2));
    }
    let killed = std::process::Command::new("kill")
        .args(["-TERM", &child.id().to_string()])
        .status()
        .expect("kill runs");
    assert!(killed.success());
    let status = child.wait().expect("the export ends");
    assert!(!status.success(), "{status}");
    assert_eq!(temporaries(), Vec::<String>::new());
    assert_eq!(
        std::fs::read_to_string(&output).expect("read"),
        "the old export\n"
    );
}
