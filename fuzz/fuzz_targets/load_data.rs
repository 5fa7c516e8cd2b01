//! Arbitrary bytes as data files: the loader must report problems, never panic.
#![no_main]

use cpsu_kg::data::diagnostic::Diagnostics;
use cpsu_kg::data::read::{SourceFile, DATA_FILES};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    // The input is split on 0xFF bytes into the texts of up to eight data files; bytes
    // that are not UTF-8 reach the loader's own UTF-8 check.
    let files: Vec<SourceFile> = data
        .split(|&b| b == 0xFF)
        .zip(DATA_FILES)
        .map(|(bytes, (name, _))| SourceFile {
            file: format!("fuzz/{name}"),
            text: String::from_utf8(bytes.to_vec()).map_err(|_| (1, "not UTF-8".to_owned())),
        })
        .collect();
    if let Ok(data) = cpsu_kg::data::check::load_files(&files, Diagnostics::default()) {
        let base = cpsu_kg::graph::vocab::BaseIri::default();
        let _ = cpsu_kg::data::consistency::findings(&data);
        let _ = cpsu_kg::store::build(&data, &base);
        let _ = cpsu_kg::graph::wikidata::to_quads(&data, &base, &oxigraph::model::GraphName::DefaultGraph);
    }
});
