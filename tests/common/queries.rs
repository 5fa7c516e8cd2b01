//! The named queries as cases for another engine or client: the text `cpsu-kg queries
//! --show` prints (a parameter's term written in, for engines that cannot pre-bind), the
//! graph it runs on, and `cpsu-kg query`'s answer.

use std::path::{Path, PathBuf};

/// The parameterized queries, with the value `--param` takes and the N-Triples term that
/// stands for it in the text sent to Virtuoso.
pub const PARAMS: &[(&str, &str, &str, &str)] = &[
    (
        "holder-on-date",
        "date",
        "1985-03-10",
        "\"1985-03-10\"^^<http://www.w3.org/2001/XMLSchema#date>",
    ),
    (
        "person-profile",
        "person",
        "gorbachev",
        "<https://w3id.org/cpsu-kg/person/gorbachev>",
    ),
];

/// Replaces every `?name` (and not `?names`) in `text` by `with`.
pub fn replace_variable(text: &str, name: &str, with: &str) -> String {
    let pattern = format!("?{name}");
    let mut out = String::new();
    let mut rest = text;
    while let Some(at) = rest.find(&pattern) {
        let after = &rest[at + pattern.len()..];
        out.push_str(&rest[..at]);
        if after.starts_with(|c: char| c.is_alphanumeric() || c == '_') {
            out.push_str(&pattern);
        } else {
            out.push_str(with);
        }
        rest = after;
    }
    out.push_str(rest);
    out
}

/// Virtuoso cannot pre-bind a variable, so a parameter's term is written into the text: the
/// only change made to the text `cpsu-kg queries --show` prints. In the SELECT clause `?date`
/// becomes `(TERM AS ?date)`, so the column is still answered; everywhere after it, `?date`
/// becomes the term itself.
pub fn with_parameter(text: &str, name: &str, term: &str) -> String {
    let select = text.find("\nSELECT ").expect("a SELECT clause") + 1;
    let body = select
        + text[select..]
            .find('\n')
            .expect("the end of the SELECT line");
    format!(
        "{}{}{}",
        &text[..select],
        replace_variable(&text[select..body], name, &format!("({term} AS ?{name})")),
        replace_variable(&text[body..], name, term)
    )
}

/// Writes one case folder per named query under `dir` (`name.txt`, `query.rq`, `graph.txt`
/// with what `graph` gives for the name, and `ours.tsv`, `cpsu-kg query`'s answer as W3C
/// TSV), and returns the names with their folders, in `cpsu-kg queries`' order.
pub fn write_cases(dir: &Path, graph: impl Fn(&str) -> String) -> Vec<(String, PathBuf)> {
    let listed = super::run_ok(&["queries"]);
    let names: Vec<&str> = listed.lines().filter(|l| !l.starts_with(' ')).collect();
    assert!(names.len() >= 23, "{listed}");
    let queries = cpsu_kg::store::query::named_queries();
    let mut cases = Vec::new();
    for name in names {
        let query = queries
            .iter()
            .find(|q| q.name == name)
            .expect("a listed query is a named query");
        // A parameter every query takes has a value here, so a new one cannot be missed.
        for param in &query.params {
            assert!(
                PARAMS
                    .iter()
                    .any(|(q, p, _, _)| *q == name && *p == param.name),
                "{name}: give `--param {}` a value in PARAMS",
                param.name
            );
        }
        let shown = super::run_ok(&["queries", "--show", name]);
        let mut text = shown.clone();
        let mut args = vec![
            "query".to_owned(),
            name.to_owned(),
            "--results".to_owned(),
            "tsv".to_owned(),
        ];
        for (_, param, value, term) in PARAMS.iter().filter(|(q, ..)| *q == name) {
            text = with_parameter(&text, param, term);
            args.extend(["--param".to_owned(), format!("{param}={value}")]);
        }
        if query.params.is_empty() {
            assert_eq!(text, shown, "{name}: sent verbatim");
        }
        let case = dir.join(name.replace('/', "-"));
        std::fs::create_dir_all(&case).expect("a case folder");
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        std::fs::write(case.join("ours.tsv"), super::run_ok(&args)).expect("write");
        std::fs::write(case.join("query.rq"), text).expect("write");
        std::fs::write(case.join("graph.txt"), graph(name)).expect("write");
        std::fs::write(case.join("name.txt"), name).expect("write");
        cases.push((name.to_owned(), case));
    }
    cases
}
