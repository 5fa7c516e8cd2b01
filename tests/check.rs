//! `cpsu-kg check`: the consistency checks on the real data (which must pass) and on one
//! small data directory per kind of inconsistency under `tests/check-data/`, each with the
//! exact expected report in `expected.txt`.

mod common;

use common::{check_golden, entries, root, run, run_ok};

#[test]
fn check_real_data_passes_with_warnings_only() {
    let out = run_ok(&["check"]);
    assert!(!out.contains(": error: "), "{out}");
    assert!(
        out.contains("gap of 325 to 332 days between `stalin-general-secretary`"),
        "{out}"
    );
    assert!(
        out.trim_end()
            .ends_with("0 errors and 9 warnings in 133 records"),
        "{out}"
    );
    let strict = run(&["check", "--strict"]);
    assert_eq!(
        strict.status.code(),
        Some(1),
        "warnings fail under --strict"
    );
}

#[test]
fn check_every_case_gives_its_exact_report() {
    let cases = entries(&root().join("tests/check-data"));
    for required in [
        "congress-order",
        "event-tenure-dates",
        "gaps-only",
        "julian-pair",
        "lifetime",
        "lifetime-claims",
        "lineage-incomplete",
        "overlap",
        "part-of-cycle",
        "succession-order",
    ] {
        assert!(
            cases.iter().any(|c| c == required),
            "missing case {required}"
        );
    }
    for case in cases {
        let dir = format!("tests/check-data/{case}");
        let output = run(&["check", "--data", &dir]);
        let stdout = String::from_utf8(output.stdout).expect("UTF-8");
        let errors = stdout.contains(": error: ");
        assert_eq!(
            output.status.code(),
            Some(if errors { 1 } else { 0 }),
            "{case}: exit code\n{stdout}"
        );
        for line in stdout.lines().filter(|l| !l.starts_with("cpsu-kg: ")) {
            assert!(
                line.starts_with(&format!("{dir}/")),
                "{case}: every finding names its file: {line}"
            );
        }
        check_golden(&format!("{dir}/expected.txt"), &stdout);
        if !errors {
            let strict = run(&["check", "--strict", "--data", &dir]);
            assert_eq!(
                strict.status.code(),
                Some(1),
                "{case}: warnings fail under --strict"
            );
        }
    }
}
