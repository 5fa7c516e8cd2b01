//! What the tool writes for people and other tools: RDF exports, QuickStatements, Graphviz, the timeline, the provenance report, and synthetic data for tests and benchmarks.

pub mod dot;
pub mod export;
pub mod file;
pub mod generate;
pub mod jsonld;
pub mod live;
pub mod provenance;
pub mod quickstatements;
pub mod reconcile;
pub mod report;
pub mod timeline;
