//! Criterion micro-benchmarks of the hot paths: loading the TOML, mapping it to triples,
//! writing sorted Turtle, and evaluating the two heaviest named queries.
//!
//! Each group runs on the embedded data and on generated data of about 10^4 triples
//! (`generate --scale 115`), so a change that only helps one size shows. Run with
//! `cargo bench --bench hot_paths`; compare within one run, as the machines are noisy.
#![allow(missing_docs)]

use cpsu_kg::data::check;
use cpsu_kg::data::model::Dataset;
use cpsu_kg::data::read::{self, SourceFile};
use cpsu_kg::graph::profile::Profile;
use cpsu_kg::graph::rdf;
use cpsu_kg::graph::vocab::BaseIri;
use cpsu_kg::output::export::{self, ExportFormat};
use cpsu_kg::store;
use cpsu_kg::store::query::{self, Outcome};
use criterion::{BatchSize, Criterion, criterion_group, criterion_main};
use oxigraph::model::Quad;
use std::hash::{DefaultHasher, Hash, Hasher};
use std::hint::black_box;
use std::path::PathBuf;

/// Persons in the generated data set: about 10^4 triples.
const GENERATED_SCALE: u64 = 115;

struct Input {
    name: &'static str,
    files: Vec<SourceFile>,
}

fn inputs() -> Vec<Input> {
    let dir: PathBuf = std::env::temp_dir().join(format!(
        "cpsu-kg-bench-{}-{GENERATED_SCALE}",
        std::process::id()
    ));
    cpsu_kg::output::generate::write(GENERATED_SCALE, &dir).expect("generate synthetic data");
    let mut diagnostics = cpsu_kg::data::diagnostic::Diagnostics::default();
    let generated = read::directory_files(&dir, &mut diagnostics);
    diagnostics.finish(()).expect("read generated data");
    let _ = std::fs::remove_dir_all(&dir);
    vec![
        Input {
            name: "embedded",
            files: read::embedded_files(),
        },
        Input {
            name: "generated-1e4",
            files: generated,
        },
    ]
}

fn load(files: &[SourceFile]) -> Dataset {
    check::load_files(files, Default::default()).expect("benchmark data is valid")
}

/// The quads in an order unrelated to the export order, the same in every run: sorting a
/// reversed or sorted slice would measure the sort's best case.
fn shuffled(quads: &[Quad]) -> Vec<Quad> {
    let mut keyed: Vec<(u64, Quad)> = quads
        .iter()
        .map(|quad| {
            let mut hasher = DefaultHasher::new();
            quad.hash(&mut hasher);
            (hasher.finish(), quad.clone())
        })
        .collect();
    keyed.sort_unstable_by_key(|(key, _)| *key);
    keyed.into_iter().map(|(_, quad)| quad).collect()
}

fn hot_paths(c: &mut Criterion) {
    let base = BaseIri::new(cpsu_kg::graph::vocab::DEFAULT_BASE_IRI).expect("default base IRI");
    for input in inputs() {
        let data = load(&input.files);

        c.bench_function(&format!("load-toml/{}", input.name), |b| {
            b.iter(|| load(black_box(&input.files)))
        });
        c.bench_function(&format!("map-to-triples/{}", input.name), |b| {
            b.iter(|| rdf::to_triples(black_box(&data), &base))
        });
        c.bench_function(&format!("profile-quads/{}", input.name), |b| {
            b.iter(|| export::profile_quads(black_box(&data), &base, Profile::Core))
        });
        let quads = export::profile_quads(&data, &base, Profile::Core);
        let shuffled = shuffled(&quads);
        c.bench_function(&format!("sort-quads/{}", input.name), |b| {
            b.iter_batched_ref(
                || shuffled.clone(),
                |unsorted| export::sort_quads(unsorted),
                BatchSize::LargeInput,
            )
        });
        c.bench_function(&format!("write-turtle/{}", input.name), |b| {
            b.iter(|| {
                export::write_graph(&quads, ExportFormat::Turtle, &base, std::io::sink())
                    .expect("writing to a sink")
            })
        });
        c.bench_function(&format!("build-store/{}", input.name), |b| {
            b.iter(|| store::build(black_box(&data), &base).expect("store"))
        });

        let store = store::build(&data, &base).expect("store");
        for (name, params) in [
            ("disputed-claims", vec![]),
            (
                "holder-on-date",
                vec![("date".to_owned(), "1964-10-14".to_owned())],
            ),
        ] {
            let named = query::named_query(name).expect("named query exists");
            let text = named.full_text(&base);
            let bindings = query::bind_params(&named, &base, &params).expect("parameters");
            c.bench_function(&format!("query-{name}/{}", input.name), |b| {
                b.iter(|| match query::run(&store, &base, &text, &bindings) {
                    Ok(Outcome::Solutions { rows, .. }) => rows.len(),
                    Ok(_) => panic!("{name} is a SELECT"),
                    Err(e) => panic!("{name}: {e}"),
                })
            });
        }
    }
}

criterion_group!(benches, hot_paths);
criterion_main!(benches);
