//! The network: the read-only SPARQL endpoint and Linked Data server, and pushing the export into other stores.

pub mod client;
pub mod fetch;
pub mod push;
pub mod serve;
pub mod wire;
