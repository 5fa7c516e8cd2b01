//! Arbitrary text as a query: the query command must answer or explain, never panic.
#![no_main]

use cpsu_kg::graph::vocab::BaseIri;
use libfuzzer_sys::fuzz_target;
use oxigraph::store::Store;
use std::sync::OnceLock;

/// A few people and an office from the real data: enough for every kind of pattern to
/// match, small enough that no fuzzed join runs for long.
fn store() -> &'static Store {
    static STORE: OnceLock<Store> = OnceLock::new();
    STORE.get_or_init(|| {
        let data = cpsu_kg::data::check::load(None).expect("the embedded data loads");
        let full = cpsu_kg::store::build(&data, &BaseIri::default()).expect("the store builds");
        let small = Store::new().expect("a store");
        for quad in full.iter().filter_map(Result::ok).filter(|q| {
            let s = q.subject.to_string();
            s.contains("/person/gorbachev>") || s.contains("/office/general-secretary>") || s.contains("/tenure/ivashko")
        }) {
            small.insert(&quad).expect("insert");
        }
        small
    })
}

fuzz_target!(|data: &[u8]| {
    if let Ok(text) = std::str::from_utf8(data) {
        let base = BaseIri::default();
        let _ = cpsu_kg::store::query::run(store(), &base, text, &[]);
        if let Some(named) = cpsu_kg::store::query::named_query("person-profile") {
            let _ = cpsu_kg::store::query::bind_params(&named, &base, &[("person".to_owned(), text.to_owned())]);
        }
    }
});
