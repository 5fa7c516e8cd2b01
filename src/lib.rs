//! `cpsu-kg` turns curated data about the office of General Secretary of the Communist
//! Party of the Soviet Union into linked data: an OWL ontology, RDF in standard
//! vocabularies, SPARQL answers and exports, with every fact cited to its source.
//!
//! The pipeline runs one way, one module per stage:
//!
//! [`read`] (TOML files) → [`check`] (the [`model`]) → [`rdf`] (triples) → [`store`]
//! (an in-memory Oxigraph store with the ontology) → [`query`] and [`export`].
//!
//! ```
//! use cpsu_kg::rdf::BaseIri;
//!
//! let data = cpsu_kg::check::load(None)?; // the data compiled into the crate
//! let store = cpsu_kg::store::build(&data, &BaseIri::default())?;
//! let answer = cpsu_kg::query::run(
//!     &store,
//!     &BaseIri::default(),
//!     "ASK { person:stalin org:holds office:general-secretary-1922 }",
//!     &[],
//! )?;
//! assert_eq!(answer, cpsu_kg::query::Outcome::Boolean(true));
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

pub mod check;
pub mod cli;
pub mod consistency;
pub mod date;
pub mod diagnostic;
pub mod dot;
pub mod export;
pub mod generate;
pub mod holders;
pub mod model;
pub mod parallel;
pub mod provenance;
pub mod push;
pub mod query;
pub mod quickstatements;
pub mod rdf;
pub mod read;
pub mod serve;
pub mod shacl;
pub mod store;
pub mod timeline;
pub mod vocab;
pub mod wikidata;
