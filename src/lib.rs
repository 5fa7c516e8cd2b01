//! `cpsu-kg` turns curated data about the office of General Secretary of the Communist
//! Party of the Soviet Union into linked data: an OWL ontology, RDF in standard
//! vocabularies, SPARQL answers and exports, with every fact cited to its source.
//!
//! The pipeline runs one way, and the folders of `src/` are its stages:
//!
//! [`data`] (TOML files → [`data::check`] → the [`data::model`]) → [`graph`] (the model as
//! triples, core and Wikidata profile) → [`store`] (an in-memory Oxigraph store with the
//! ontology; SPARQL and SHACL on it) and [`output`] (exports, QuickStatements, pictures,
//! reports) → [`http`] (serving and pushing) and [`cli`] (the command line). A module never
//! imports from a stage after its own.
//!
//! ```
//! use cpsu_kg::graph::vocab::BaseIri;
//!
//! let data = cpsu_kg::data::check::load(None)?; // the data compiled into the crate
//! let store = cpsu_kg::store::build(&data, &BaseIri::default())?;
//! let answer = cpsu_kg::store::query::run(
//!     &store,
//!     &BaseIri::default(),
//!     "ASK { person:stalin org:holds office:general-secretary-1922 }",
//!     &[],
//! )?;
//! assert_eq!(answer, cpsu_kg::store::query::Outcome::Boolean(true));
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

pub mod budget;
pub mod cli;
pub mod data;
pub mod graph;
pub mod http;
pub mod markup;
pub mod output;
pub mod parallel;
pub mod store;
pub mod suggest;
pub mod table;
