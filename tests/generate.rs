//! `cpsu-kg generate`: synthetic data for tests and benchmarks is deterministic and passes
//! the loader, `check` and `validate`.

mod common;

use common::{entries, run, run_ok, temp_dir};

#[test]
fn generate_is_deterministic_and_passes_check_and_validate() {
    let dir = temp_dir("generate");
    let (a, b) = (dir.join("a"), dir.join("b"));
    run_ok(&[
        "generate",
        "--scale",
        "300",
        "-o",
        a.to_str().expect("path"),
    ]);
    run_ok(&[
        "generate",
        "--scale",
        "300",
        "-o",
        b.to_str().expect("path"),
    ]);
    assert_eq!(entries(&a).len(), 6);
    for file in entries(&a) {
        assert_eq!(
            std::fs::read(a.join(&file)).expect("read"),
            std::fs::read(b.join(&file)).expect("read"),
            "{file}"
        );
    }
    let check = run_ok(&["check", "--data", a.to_str().expect("path")]);
    assert!(check.contains(" 0 errors and "), "{check}");
    let validate = run_ok(&["validate", "--data", a.to_str().expect("path")]);
    assert!(validate.contains("the graph conforms"), "{validate}");
    let stats = run_ok(&["stats", "--data", a.to_str().expect("path")]);
    assert!(
        stats.contains("cpsu:Person                  300"),
        "{stats}"
    );
    let precisions = std::fs::read_to_string(a.join("tenures.toml")).expect("read");
    assert!(
        precisions.contains("start = [{ value = \"1")
            && precisions.lines().any(|l| {
                l.strip_prefix("end = [{ value = \"")
                    .and_then(|rest| rest.split_once('"'))
                    .is_some_and(|(date, _)| date.len() == 4)
            }),
        "dates of year precision appear"
    );
}

/// `generate` never overwrites data silently and checks its scale before it allocates.
#[test]
fn generate_refuses_a_folder_with_data_and_a_scale_past_the_largest() {
    let dir = temp_dir("generate-refusals");
    let out = dir.join("data");
    run_ok(&[
        "generate",
        "--scale",
        "5",
        "-o",
        out.to_str().expect("path"),
    ]);
    std::fs::write(out.join("persons.toml"), "# edited by hand\n").expect("write");
    let again = run(&[
        "generate",
        "--scale",
        "5",
        "-o",
        out.to_str().expect("path"),
    ]);
    assert_eq!(again.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&again.stderr);
    assert!(
        stderr.contains("already holds data (sources.toml, persons.toml")
            && stderr.contains("pass --force"),
        "{stderr}"
    );
    assert_eq!(
        std::fs::read_to_string(out.join("persons.toml")).expect("read"),
        "# edited by hand\n"
    );
    run_ok(&[
        "generate",
        "--scale",
        "5",
        "-o",
        out.to_str().expect("path"),
        "--force",
    ]);
    assert!(
        std::fs::read_to_string(out.join("persons.toml"))
            .expect("read")
            .starts_with("[[person]]")
    );
    let huge = dir.join("huge");
    let too_large = run(&[
        "generate",
        "--scale",
        "1000000000000",
        "-o",
        huge.to_str().expect("path"),
    ]);
    assert_eq!(too_large.status.code(), Some(1));
    assert!(
        String::from_utf8_lossy(&too_large.stderr)
            .contains("is too large: at most 1000000 persons")
    );
    assert!(!huge.exists(), "nothing is written for a refused scale");
}
