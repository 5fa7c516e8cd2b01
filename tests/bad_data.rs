//! The bad-input corpus: each folder of `tests/bad-data/` is a small data directory with
//! one kind of mistake and, in `expected.txt`, the exact message the user must see.
//! Every case must exit 1, write nothing, and never panic.

mod common;

use common::{check_golden, entries, root, run, temp_dir};

/// The kinds of mistake the corpus must cover at the least.
const REQUIRED_CASES: &[&str] = &[
    "toml-syntax",
    "unknown-field",
    "duplicate-id",
    "dangling-reference",
    "impossible-date",
    "end-before-start",
    "missing-label",
    "unknown-source",
];

/// A problem line, as opposed to the closing count and the snippet lines under a problem
/// (`  |`, `3 | text`, `  |   ^`).
fn is_problem(line: &str) -> bool {
    !line.starts_with("cpsu-kg: ")
        && !line.starts_with(' ')
        && !line
            .split_once(" | ")
            .is_some_and(|(n, _)| n.bytes().all(|b| b.is_ascii_digit()))
}

fn cases() -> Vec<String> {
    entries(&root().join("tests/bad-data"))
}

fn check_case(case: &str, data: &str) {
    let dir = temp_dir(&format!("bad-{case}"));
    let output_file = dir.join("graph.ttl");
    let output = run(&[
        "export",
        "--data",
        data,
        "-o",
        output_file.to_str().expect("path"),
    ]);
    let stderr = String::from_utf8(output.stderr).expect("UTF-8 messages");
    assert_eq!(
        output.status.code(),
        Some(1),
        "{case}: exit code; stderr:\n{stderr}"
    );
    assert!(output.stdout.is_empty(), "{case}: wrote to standard output");
    assert!(!stderr.contains("panicked"), "{case}: panicked:\n{stderr}");
    assert_eq!(
        entries(&dir),
        Vec::<String>::new(),
        "{case}: left an output file"
    );
    let problems = stderr.lines().filter(|l| is_problem(l)).count();
    assert!(problems >= 1, "{case}: no problem line:\n{stderr}");
    assert!(
        stderr.ends_with(&format!(
            "cpsu-kg: {problems} problem{} found in the data\n",
            if problems == 1 { "" } else { "s" }
        )),
        "{case}: the last line must count the problems:\n{stderr}"
    );
    check_golden(&format!("tests/bad-data/{case}/expected.txt"), &stderr);
}

#[test]
fn bad_data_every_case_gives_its_exact_messages() {
    let cases = cases();
    for required in REQUIRED_CASES {
        assert!(
            cases.iter().any(|c| c == required),
            "missing bad-data case {required}"
        );
    }
    for case in &cases {
        check_case(case, &format!("tests/bad-data/{case}"));
    }
}

#[test]
fn bad_data_every_line_names_file_and_line() {
    for case in cases() {
        let expected =
            std::fs::read_to_string(root().join(format!("tests/bad-data/{case}/expected.txt")))
                .expect("expected.txt");
        for line in expected.lines().filter(|l| is_problem(l)) {
            let (place, message) = line.split_once(": ").expect("`place: message`");
            assert!(
                place.starts_with(&format!("tests/bad-data/{case}")),
                "{case}: {line}"
            );
            assert!(
                !message.ends_with('.'),
                "{case}: messages have no final period: {line}"
            );
            let first = message.chars().next().expect("a message");
            assert!(
                !first.is_uppercase(),
                "{case}: messages start lowercase: {line}"
            );
        }
    }
}

#[test]
fn bad_data_oversized_file_is_refused_without_reading_it_all() {
    let dir = temp_dir("oversized");
    let data = dir.join("data");
    std::fs::create_dir(&data).expect("create");
    let mut text = String::from("[[person]]\nid = \"a\"\n");
    while text.len() < 50 * 1024 * 1024 {
        text.push_str("# padding padding padding padding padding padding padding padding\n");
    }
    std::fs::write(data.join("persons.toml"), text).expect("write 50 MB");
    let output = run(&["export", "--data", data.to_str().expect("path")]);
    assert_eq!(output.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains("persons.toml:1: file is larger than the 16 MiB limit for a data file"),
        "{stderr}"
    );
}

#[test]
fn bad_data_missing_directory_is_reported() {
    let output = run(&["stats", "--data", "tests/no-such-folder"]);
    assert_eq!(output.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&output.stderr);
    // Its own error, not a count of problems in the data.
    assert_eq!(
        stderr,
        "cpsu-kg: no such directory: tests/no-such-folder (--data takes a directory of data files laid out like data/; leave it out for the data compiled in)\n"
    );
}

#[test]
fn bad_data_a_fifo_for_a_data_file_is_refused_without_hanging() {
    // A FIFO cannot be committed, so this case is made here. Opening it for reading would
    // block until a writer came: the load must refuse it without opening it.
    let dir = temp_dir("bad-fifo");
    std::fs::copy(
        root().join("tests/bad-data/data-file-kinds/sources.toml"),
        dir.join("sources.toml"),
    )
    .expect("copy");
    let made = std::process::Command::new("mkfifo")
        .arg(dir.join("persons.toml"))
        .status()
        .expect("mkfifo runs");
    assert!(made.success());
    let mut child = common::cpsu_kg(&["check", "--data", dir.to_str().expect("path")])
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .expect("the binary runs");
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(30);
    let status = loop {
        if let Some(status) = child.try_wait().expect("the child's status") {
            break status;
        }
        if std::time::Instant::now() > deadline {
            let _ = child.kill();
            panic!("the load hangs on a FIFO");
        }
        std::thread::sleep(std::time::Duration::from_millis(20));
    };
    let mut stderr = String::new();
    std::io::Read::read_to_string(&mut child.stderr.take().expect("stderr"), &mut stderr)
        .expect("UTF-8");
    assert_eq!(status.code(), Some(1), "{stderr}");
    assert!(
        stderr.contains("persons.toml: is not a regular file (a FIFO, a socket or a device)"),
        "{stderr}"
    );
}
