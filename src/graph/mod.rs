//! The model as RDF: every IRI the project writes, the mapping to the core graph, and the Wikidata profile.

pub mod describe;
pub mod profile;
pub mod rdf;
pub mod vocab;
pub mod wikidata;
