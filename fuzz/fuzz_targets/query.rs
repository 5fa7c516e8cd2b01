//! Arbitrary text as a query: the query command must answer or explain, never panic.
#![no_main]

use cpsu_kg::rdf::BaseIri;
use libfuzzer_sys::fuzz_target;
use oxigraph::store::Store;
use std::sync::OnceLock;

fn store() -> &'static Store {
    static STORE: OnceLock<Store> = OnceLock::new();
    STORE.get_or_init(|| {
        let data = cpsu_kg::check::load(None).expect("the embedded data loads");
        cpsu_kg::store::build(&data, &BaseIri::default()).expect("the store builds")
    })
}

fuzz_target!(|data: &[u8]| {
    if let Ok(text) = std::str::from_utf8(data) {
        let _ = cpsu_kg::query::run(store(), &BaseIri::default(), text, &[]);
    }
});
