//! Descriptions and notes are the editors' own words: none shares a run of eight or more
//! consecutive words with the source article. Names, titles and dates are facts and may be
//! copied, so every name the graph gives (labels, other names, claimed titles) counts as a
//! single word, and footnote markers and punctuation are ignored.
//!
//! This test reads the article from `../shared/seed/`, the one place it is kept: the
//! project carries facts taken from it, never its text, so the comparison can only be made
//! against the copy beside the checkout. It checks every prose text in the data files
//! (descriptions, notes, periods, who wrote a value) and every prose literal of both
//! exported profiles, which is what reaches users and Wikidata.

mod common;

use common::{root, run_ok};
use oxigraph::io::{RdfFormat, RdfParser};
use oxigraph::model::Term;
use std::collections::BTreeSet;

/// Runs this long or longer count as copied.
const LIMIT: usize = 8;

/// Predicates whose literals are names, not prose.
const NAME_PREDICATES: &[&str] = &[
    "http://www.w3.org/2000/01/rdf-schema#label",
    "http://www.w3.org/2004/02/skos/core#altLabel",
    "http://www.w3.org/2004/02/skos/core#prefLabel",
    "http://schema.org/name",
    "http://schema.org/alternateName",
    "https://w3id.org/cpsu-kg/ontology#claimedValue",
    "https://w3id.org/cpsu-kg/ontology#titleHeld",
];

/// Lower-case words, without footnote markers such as `[12]` and without punctuation.
fn words(text: &str) -> Vec<String> {
    let mut cleaned = String::with_capacity(text.len());
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        if c == '[' {
            let rest: String = chars.clone().take_while(|&d| d != ']').collect();
            if !rest.is_empty() && rest.chars().all(|d| d.is_ascii_digit()) {
                for _ in 0..=rest.len() {
                    chars.next();
                }
                continue;
            }
        }
        cleaned.push(c);
    }
    cleaned
        .split(|c: char| !(c.is_alphanumeric() || c == '\'' || c == '’'))
        .filter(|w| !w.is_empty())
        .map(|w| w.to_lowercase().replace('’', "'"))
        .collect()
}

/// The words of a text with every known multi-word name folded into one word.
fn fold(text: &str, names: &[Vec<String>]) -> Vec<String> {
    let words = words(text);
    let mut folded = Vec::with_capacity(words.len());
    let mut i = 0;
    'outer: while i < words.len() {
        for name in names {
            if words[i..].starts_with(name) {
                folded.push(format!("<{}>", name.join(" ")));
                i += name.len();
                continue 'outer;
            }
        }
        folded.push(words[i].clone());
        i += 1;
    }
    folded
}

/// The longest run of consecutive words that `a` and `b` share, and its words.
fn longest_shared_run(a: &[String], b: &[String]) -> (usize, String) {
    let mut best = (0, 0);
    let mut previous = vec![0usize; b.len() + 1];
    for i in 1..=a.len() {
        let mut current = vec![0usize; b.len() + 1];
        for j in 1..=b.len() {
            if a[i - 1] == b[j - 1] {
                current[j] = previous[j - 1] + 1;
                if current[j] > best.0 {
                    best = (current[j], i);
                }
            }
        }
        previous = current;
    }
    (best.0, a[best.1 - best.0..best.1].join(" "))
}

/// Every string under one of `keys` in a TOML value, with where it was found.
fn strings_under(value: &toml::Value, keys: &[&str], key: Option<&str>, out: &mut Vec<String>) {
    match value {
        toml::Value::Table(table) => {
            for (k, v) in table {
                strings_under(v, keys, Some(k), out);
            }
        }
        toml::Value::Array(items) => {
            for item in items {
                strings_under(item, keys, key, out);
            }
        }
        toml::Value::String(text) if key.is_some_and(|k| keys.contains(&k)) => {
            out.push(text.clone());
        }
        _ => {}
    }
}

#[test]
fn wording_shares_no_clause_with_the_article() {
    let article_path = root().join("../shared/seed/general-secretary-cpsu.txt");
    let article = std::fs::read_to_string(&article_path).unwrap_or_else(|e| {
        panic!(
            "the source article is needed to compare wording ({}): {e}",
            article_path.display()
        )
    });

    let mut names: BTreeSet<String> = BTreeSet::new();
    let mut prose: BTreeSet<(String, String)> = BTreeSet::new();
    for entry in std::fs::read_dir(root().join("data")).expect("data/") {
        let path = entry.expect("an entry").path();
        let file = path
            .file_name()
            .expect("a name")
            .to_string_lossy()
            .into_owned();
        let text = std::fs::read_to_string(&path).expect("a data file");
        let value: toml::Value = toml::from_str(&text).expect("the data file parses");
        let mut found = Vec::new();
        strings_under(
            &value,
            &["label_en", "alt_labels", "value"],
            None,
            &mut found,
        );
        names.extend(found);
        let mut found = Vec::new();
        strings_under(
            &value,
            &["description", "note", "period", "by"],
            None,
            &mut found,
        );
        prose.extend(found.into_iter().map(|t| (format!("data/{file}"), t)));
    }

    let nquads = run_ok(&["export", "--profile", "all", "--format", "nq"]);
    for quad in RdfParser::from_format(RdfFormat::NQuads).for_slice(nquads.as_bytes()) {
        let quad = quad.expect("the export parses");
        let Term::Literal(literal) = &quad.object else {
            continue;
        };
        if !(literal.language() == Some("en")
            || literal.datatype().as_str() == "http://www.w3.org/2001/XMLSchema#string")
        {
            continue;
        }
        if NAME_PREDICATES.contains(&quad.predicate.as_str()) {
            names.insert(literal.value().to_owned());
        } else {
            prose.insert((
                format!("the export ({})", quad.predicate.as_str()),
                literal.value().to_owned(),
            ));
        }
    }
    assert!(prose.len() > 100, "too few texts found: {}", prose.len());

    let mut names: Vec<Vec<String>> = names
        .iter()
        .map(|n| words(n))
        .filter(|w| w.len() > 1)
        .collect();
    names.sort_by_key(|n| std::cmp::Reverse(n.len()));
    names.dedup();
    let article = fold(&article, &names);

    let mut copied = Vec::new();
    for (place, text) in &prose {
        let (length, run) = longest_shared_run(&fold(text, &names), &article);
        if length >= LIMIT {
            copied.push(format!(
                "{place}: {length} words shared with the article (\"{run}\") in: {text}"
            ));
        }
    }
    assert!(
        copied.is_empty(),
        "{} texts copy the article; write them in your own words:\n{}",
        copied.len(),
        copied.join("\n")
    );
}

#[test]
fn the_measure_finds_a_copied_clause() {
    let names = vec![words("Boris Yeltsin"), words("President of Russia")];
    let article = fold(
        "before Boris Yeltsin, the President of Russia, suspended all activity in the Communist Party.[20]",
        &names,
    );
    let copy = fold(
        "Boris Yeltsin, the President of Russia, suspended all activity in the party.",
        &names,
    );
    assert_eq!(
        longest_shared_run(&copy, &article),
        (
            8,
            "<boris yeltsin> the <president of russia> suspended all activity in the".to_owned()
        )
    );
    let ours = fold("Russia's president halted the party's activities.", &names);
    assert!(longest_shared_run(&ours, &article).0 < 3);
}
