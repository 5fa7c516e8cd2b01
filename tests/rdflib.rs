//! Cross-check with rdflib: every export format, parsed by an independent implementation,
//! gives the same graph as our store. Needs the venv that `scripts/test.sh` installs; the
//! test fails, never skips, when it is missing.

mod common;

use common::{python, root, run_ok, temp_dir};
use cpsu_kg::output::export::ExportFormat;
use std::process::Command;

#[test]
fn rdflib_parses_every_export_format_to_the_same_graph() {
    let python = python();
    let dir = temp_dir("rdflib");
    let mut files = Vec::new();
    for format in ExportFormat::ALL {
        let path = dir.join(format!("graph.{}", format.extension()));
        run_ok(&["export", "-o", path.to_str().expect("path")]);
        files.push(path.to_string_lossy().into_owned());
    }
    let base = cpsu_kg::graph::vocab::BaseIri::default();
    let store = cpsu_kg::store::build(&cpsu_kg::data::check::load(None).expect("data"), &base)
        .expect("store");
    let expected = store.len().expect("count").to_string();
    let output = Command::new(python)
        .arg(root().join("tests/python/rdflib_check.py"))
        .arg(&expected)
        .args(&files)
        .output()
        .expect("python runs");
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(
        output.status.success(),
        "rdflib disagrees:\n{stdout}\n{}",
        String::from_utf8_lossy(&output.stderr)
    );
    assert_eq!(
        stdout.lines().filter(|l| l.ends_with(", ok")).count(),
        ExportFormat::ALL.len(),
        "{stdout}"
    );
}
