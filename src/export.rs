//! Exports: the store's content in a standard RDF format, byte-identical for identical data.
//!
//! Triples are sorted by subject, with `rdf:type` first, then by predicate and object, so
//! Turtle groups each subject's statements together. Only the prefixes the output uses
//! are declared, all in one block at the top. Output files are written atomically: a
//! failed run leaves no file and does not touch an existing one.
//!
//! ```
//! use cpsu_kg::export::{write_graph, ExportFormat};
//! use cpsu_kg::rdf::BaseIri;
//!
//! let base = BaseIri::default();
//! let store = cpsu_kg::store::build(&cpsu_kg::check::load(None)?, &base)?;
//! let mut out = Vec::new();
//! write_graph(&cpsu_kg::export::sorted_quads(&store)?, ExportFormat::Turtle, &base, &mut out)?;
//! assert!(String::from_utf8(out)?.contains("\nperson:stalin a schema:Person , foaf:Person , cpsu:Person ;\n"));
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

use crate::model::Dataset;
use crate::rdf::BaseIri;
use crate::store::Profile;
use crate::vocab::rdf;
use oxigraph::io::{JsonLdProfileSet, RdfFormat, RdfSerializer};
use oxigraph::model::{GraphName, GraphNameRef, NamedOrBlankNodeRef, Quad, TermRef};
use oxigraph::store::{StorageError, Store};
use std::cmp::Ordering;
use std::collections::{BTreeSet, HashSet};
use std::fs;
use std::io::{self, BufWriter, Write};
use std::path::{Path, PathBuf};

/// An RDF serialization the project writes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ExportFormat {
    /// Turtle, `.ttl`.
    Turtle,
    /// N-Triples, `.nt`.
    NTriples,
    /// N-Quads, `.nq`.
    NQuads,
    /// TriG, `.trig`.
    TriG,
    /// RDF/XML, `.rdf`.
    RdfXml,
    /// JSON-LD, `.jsonld`.
    JsonLd,
}

impl ExportFormat {
    /// Every format, for help texts and tests.
    pub const ALL: [Self; 6] = [
        Self::Turtle,
        Self::NTriples,
        Self::NQuads,
        Self::TriG,
        Self::RdfXml,
        Self::JsonLd,
    ];

    /// The usual file extension.
    pub fn extension(self) -> &'static str {
        match self {
            Self::Turtle => "ttl",
            Self::NTriples => "nt",
            Self::NQuads => "nq",
            Self::TriG => "trig",
            Self::RdfXml => "rdf",
            Self::JsonLd => "jsonld",
        }
    }

    /// The format for a name given on the command line: an extension (`ttl`), a short
    /// name (`turtle`) or a media type (`text/turtle`).
    pub fn from_name(name: &str) -> Option<Self> {
        let name = name.trim().to_ascii_lowercase();
        let by_name = match name.as_str() {
            "turtle" => Some(Self::Turtle),
            "ntriples" | "n-triples" => Some(Self::NTriples),
            "nquads" | "n-quads" => Some(Self::NQuads),
            "rdfxml" | "rdf/xml" | "xml" => Some(Self::RdfXml),
            "json-ld" | "json" => Some(Self::JsonLd),
            _ => None,
        };
        by_name
            .or_else(|| Self::ALL.into_iter().find(|f| f.extension() == name))
            .or_else(|| {
                name.contains('/')
                    .then(|| RdfFormat::from_media_type(&name))
                    .flatten()
                    .and_then(Self::from_rdf_format)
            })
    }

    /// The format a file name's extension calls for.
    pub fn from_path(path: &Path) -> Option<Self> {
        let extension = path.extension()?.to_str()?;
        Self::from_name(extension)
    }

    fn from_rdf_format(format: RdfFormat) -> Option<Self> {
        Some(match format {
            RdfFormat::Turtle => Self::Turtle,
            RdfFormat::NTriples => Self::NTriples,
            RdfFormat::NQuads => Self::NQuads,
            RdfFormat::TriG => Self::TriG,
            RdfFormat::RdfXml => Self::RdfXml,
            RdfFormat::JsonLd { .. } => Self::JsonLd,
            _ => return None,
        })
    }

    /// The matching oxigraph format.
    pub fn rdf_format(self) -> RdfFormat {
        match self {
            Self::Turtle => RdfFormat::Turtle,
            Self::NTriples => RdfFormat::NTriples,
            Self::NQuads => RdfFormat::NQuads,
            Self::TriG => RdfFormat::TriG,
            Self::RdfXml => RdfFormat::RdfXml,
            Self::JsonLd => RdfFormat::JsonLd {
                profile: JsonLdProfileSet::empty(),
            },
        }
    }
}

/// What `export` writes: RDF in one format, or QuickStatements.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Output {
    /// An RDF serialization.
    Rdf(ExportFormat),
    /// QuickStatements V1 commands, `.qs`.
    QuickStatements,
    /// A Graphviz rendering, `.dot`.
    Dot,
}

impl Output {
    /// The output for a format name, as [`ExportFormat::from_name`], plus
    /// `quickstatements` and `qs`.
    pub fn from_name(name: &str) -> Option<Self> {
        match name.trim().to_ascii_lowercase().as_str() {
            "quickstatements" | "qs" => Some(Self::QuickStatements),
            "dot" | "gv" | "graphviz" => Some(Self::Dot),
            _ => ExportFormat::from_name(name).map(Self::Rdf),
        }
    }

    /// The output a file name's extension calls for.
    pub fn from_path(path: &Path) -> Option<Self> {
        Self::from_name(path.extension()?.to_str()?)
    }
}

/// Every quad of the store in export order: by graph, by subject, `rdf:type` first, then
/// by predicate and object.
pub fn sorted_quads(store: &Store) -> Result<Vec<Quad>, StorageError> {
    let mut quads = store.iter().collect::<Result<Vec<_>, _>>()?;
    sort_quads(&mut quads);
    Ok(quads)
}

/// The quads of a profile, straight from the model without a store, sorted and without
/// repeats: the same set [`crate::store::build_profile`] loads, built faster.
pub fn profile_quads(data: &Dataset, base: &BaseIri, profile: Profile) -> Vec<Quad> {
    let ontology = |graph: &GraphName| -> Vec<Quad> {
        oxigraph::io::RdfParser::from_format(RdfFormat::Turtle)
            .with_default_graph(graph.clone())
            .for_slice(crate::store::ONTOLOGY)
            .filter_map(Result::ok)
            .collect()
    };
    let mut quads = Vec::new();
    let mut add = |triples: Vec<oxigraph::model::Triple>, graph: GraphName| {
        quads.extend(ontology(&graph));
        quads.extend(triples.into_iter().map(|t| t.in_graph(graph.clone())));
    };
    match profile {
        Profile::Core => add(crate::rdf::to_triples(data, base), GraphName::DefaultGraph),
        Profile::Wikidata => add(
            crate::wikidata::to_triples(data, base),
            GraphName::DefaultGraph,
        ),
        Profile::All => {
            add(
                crate::rdf::to_triples(data, base),
                Profile::Core.graph(base),
            );
            add(
                crate::wikidata::to_triples(data, base),
                Profile::Wikidata.graph(base),
            );
        }
    }
    sort_quads(&mut quads);
    quads.dedup();
    quads
}

/// Orders terms without allocating: literals, then IRIs, then blank nodes; literals by
/// value, datatype and language.
fn compare_terms(a: TermRef<'_>, b: TermRef<'_>) -> Ordering {
    let rank = |t: &TermRef<'_>| match t {
        TermRef::Literal(_) => 0,
        TermRef::NamedNode(_) => 1,
        _ => 2,
    };
    match (a, b) {
        (TermRef::Literal(x), TermRef::Literal(y)) => x
            .value()
            .cmp(y.value())
            .then_with(|| x.datatype().as_str().cmp(y.datatype().as_str()))
            .then_with(|| x.language().cmp(&y.language())),
        (TermRef::NamedNode(x), TermRef::NamedNode(y)) => x.as_str().cmp(y.as_str()),
        (x, y) if rank(&x) != rank(&y) => rank(&x).cmp(&rank(&y)),
        (x, y) => x.to_string().cmp(&y.to_string()),
    }
}

/// Sorts quads into export order: by graph, by subject, `rdf:type` first, then by
/// predicate and object.
pub fn sort_quads(quads: &mut [Quad]) {
    quads.sort_unstable_by(|a, b| {
        let graph = |q: &Quad| match q.graph_name.as_ref() {
            GraphNameRef::DefaultGraph => None,
            GraphNameRef::NamedNode(n) => Some(n.as_str().to_owned()),
            GraphNameRef::BlankNode(b) => Some(b.to_string()),
        };
        let same_graph = a.graph_name == b.graph_name;
        (if same_graph {
            Ordering::Equal
        } else {
            graph(a).cmp(&graph(b))
        })
        .then_with(|| compare_terms(a.subject.as_ref().into(), b.subject.as_ref().into()))
        .then_with(|| (a.predicate != rdf::TYPE).cmp(&(b.predicate != rdf::TYPE)))
        .then_with(|| a.predicate.as_str().cmp(b.predicate.as_str()))
        .then_with(|| compare_terms(a.object.as_ref(), b.object.as_ref()))
    });
}

/// The prefixes whose namespaces the quads use, longest namespace winning.
fn used_prefixes(quads: &[Quad], base: &BaseIri) -> Vec<(String, String)> {
    let prefixes = base.prefixes();
    // IRIs of one namespace share everything up to their last `/` or `#`: gather the
    // distinct stems first (a million-triple export has a few dozen), then look each up.
    let mut stems: HashSet<&str> = HashSet::new();
    for quad in quads {
        let mut iris: [Option<&str>; 4] = [None; 4];
        if let GraphNameRef::NamedNode(g) = quad.graph_name.as_ref() {
            iris[0] = Some(g.as_str());
        }
        if let NamedOrBlankNodeRef::NamedNode(s) = quad.subject.as_ref() {
            iris[1] = Some(s.as_str());
        }
        // Turtle writes `rdf:type` as `a`, which needs no prefix.
        if quad.predicate != rdf::TYPE {
            iris[2] = Some(quad.predicate.as_str());
        }
        iris[3] = match quad.object.as_ref() {
            TermRef::NamedNode(n) => Some(n.as_str()),
            TermRef::Literal(l) => Some(l.datatype().as_str()),
            _ => None,
        };
        for iri in iris.into_iter().flatten() {
            stems.insert(iri.rfind(['/', '#']).map_or(iri, |i| &iri[..=i]));
        }
    }
    let used: BTreeSet<usize> = stems
        .iter()
        .filter_map(|stem| {
            prefixes
                .iter()
                .enumerate()
                .filter(|(_, (_, ns))| stem.starts_with(ns.as_str()))
                .max_by_key(|(_, (_, ns))| ns.len())
                .map(|(i, _)| i)
        })
        .collect();
    used.into_iter().map(|i| prefixes[i].clone()).collect()
}

/// Serializes sorted quads in `format`, declaring only the prefixes used.
pub fn write_graph(
    quads: &[Quad],
    format: ExportFormat,
    base: &BaseIri,
    out: impl Write,
) -> io::Result<()> {
    let mut serializer = RdfSerializer::from_format(format.rdf_format());
    // N-Triples and N-Quads have no prefixes: skip the scan for them.
    let prefixed = !matches!(format, ExportFormat::NTriples | ExportFormat::NQuads);
    let prefixes = if prefixed {
        used_prefixes(quads, base)
    } else {
        Vec::new()
    };
    for (prefix, namespace) in prefixes {
        serializer = serializer
            .with_prefix(prefix, namespace)
            .map_err(io::Error::other)?;
    }
    let mut writer = serializer.for_writer(BufWriter::new(out));
    let dataset = matches!(format, ExportFormat::NQuads | ExportFormat::TriG);
    for quad in quads {
        if dataset {
            writer.serialize_quad(quad)?;
        } else {
            writer.serialize_triple(quad.as_ref())?;
        }
    }
    writer.finish()?.flush()
}

/// Writes a file atomically: the content goes to a temporary file beside `path`, which
/// replaces `path` only once everything was written.
pub fn write_atomically(
    path: &Path,
    write: impl FnOnce(&mut fs::File) -> io::Result<()>,
) -> io::Result<()> {
    let dir = match path.parent() {
        Some(dir) if !dir.as_os_str().is_empty() => dir.to_path_buf(),
        _ => PathBuf::from("."),
    };
    let name = path.file_name().ok_or_else(|| {
        io::Error::new(io::ErrorKind::InvalidInput, "the output path names no file")
    })?;
    let temporary = dir.join(format!(
        ".{}.{}.tmp",
        name.to_string_lossy(),
        std::process::id()
    ));
    let result = fs::File::create(&temporary).and_then(|mut file| {
        write(&mut file)?;
        file.sync_all()
    });
    match result.and_then(|()| fs::rename(&temporary, path)) {
        Ok(()) => Ok(()),
        Err(e) => {
            // The temporary file is ours alone; removing it can only fail if it never existed.
            let _ = fs::remove_file(&temporary);
            Err(e)
        }
    }
}

/// A gzip stream into `out`. The header carries no time stamp, so the same export gives
/// the same bytes.
pub fn gzip_writer<W: Write>(out: W) -> flate2::write::GzEncoder<W> {
    flate2::GzBuilder::new()
        .mtime(0)
        .write(out, flate2::Compression::default())
}
