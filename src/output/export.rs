//! Exports: the store's content in a standard RDF format, byte-identical for identical data.
//!
//! Triples are sorted by subject, with `rdf:type` first, then by predicate and object, so
//! Turtle groups each subject's statements together. Only the prefixes the output uses
//! are declared, all in one block at the top. Output files are written atomically: a
//! failed run leaves no file and does not touch an existing one.
//!
//! ```
//! use cpsu_kg::output::export::{write_graph, ExportFormat};
//! use cpsu_kg::graph::vocab::BaseIri;
//!
//! let base = BaseIri::default();
//! let store = cpsu_kg::store::build(&cpsu_kg::data::check::load(None)?, &base)?;
//! let mut out = Vec::new();
//! write_graph(&cpsu_kg::output::export::sorted_quads(&store)?, ExportFormat::Turtle, &base, &mut out)?;
//! assert!(String::from_utf8(out)?.contains("\nperson:stalin a schema:Person , foaf:Person , cpsu:Person ;\n"));
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

use crate::data::model::Dataset;
use crate::graph::profile::{ONTOLOGY, Profile};
use crate::graph::vocab::rdf;
use crate::graph::vocab::{BaseIri, Prefixes};
use crate::parallel::Thresholds;
use oxigraph::io::{JsonLdProfileSet, RdfFormat, RdfSerializer};
use oxigraph::model::{GraphNameRef, NamedOrBlankNodeRef, Quad, TermRef};
use oxigraph::store::{StorageError, Store};
use rustc_hash::FxHashMap;
use std::cmp::Ordering;
use std::collections::{BTreeSet, HashSet};
use std::io::{self, BufWriter, Write};
use std::path::Path;

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

    /// The format's IANA media type, such as `application/n-triples`.
    pub fn media_type(self) -> &'static str {
        self.rdf_format().media_type()
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
/// repeats: the same set `store::build_profile` loads, built faster.
pub fn profile_quads(data: &Dataset, base: &BaseIri, profile: Profile) -> Vec<Quad> {
    profile_quads_with(data, base, profile, &Thresholds::MEASURED)
}

/// [`profile_quads`] with the parallel thresholds given: the same quads either way.
pub fn profile_quads_with(
    data: &Dataset,
    base: &BaseIri,
    profile: Profile,
    thresholds: &Thresholds,
) -> Vec<Quad> {
    let mut quads = Vec::new();
    for (part, graph) in profile.graphs(base) {
        let mapped = match part {
            Profile::Wikidata => crate::graph::wikidata::to_quads(data, base, &graph),
            Profile::Core | Profile::All => {
                crate::graph::rdf::to_quads_with(data, base, &graph, thresholds)
            }
        };
        if quads.is_empty() {
            quads = mapped;
        } else {
            quads.extend(mapped);
        }
        quads.extend(
            oxigraph::io::RdfParser::from_format(RdfFormat::Turtle)
                .with_default_graph(graph)
                .for_slice(ONTOLOGY)
                .filter_map(Result::ok),
        );
    }
    sort_quads_with(&mut quads, thresholds);
    quads.dedup();
    // Each graph describes itself (VoID and DCAT), counted on what it holds; the few
    // statements are merged into the sorted quads rather than sorting everything again.
    let mut descriptions = Vec::new();
    for (part, graph) in profile.graphs(base) {
        let from = quads
            .partition_point(|q| compare_graphs(q.graph_name.as_ref(), graph.as_ref()).is_lt());
        let to = quads
            .partition_point(|q| compare_graphs(q.graph_name.as_ref(), graph.as_ref()).is_le());
        descriptions.extend(crate::graph::describe::describe(
            &quads[from..to],
            base,
            part,
            &graph,
            None,
        ));
    }
    merge_sorted(quads, descriptions)
}

/// The export order of two whole quads.
fn compare_quads(a: &Quad, b: &Quad) -> Ordering {
    compare_graphs(a.graph_name.as_ref(), b.graph_name.as_ref())
        .then_with(|| compare_terms(a.subject.as_ref().into(), b.subject.as_ref().into()))
        .then_with(|| compare_within_subject(a, b))
}

/// Merges a few more quads into sorted quads, keeping the export order and no repeats.
fn merge_sorted(quads: Vec<Quad>, mut extra: Vec<Quad>) -> Vec<Quad> {
    extra.sort_by(compare_quads);
    extra.dedup();
    let mut merged = Vec::with_capacity(quads.len() + extra.len());
    let mut extra = extra.into_iter().peekable();
    for quad in quads {
        while let Some(next) = extra.next_if(|e| compare_quads(e, &quad).is_lt()) {
            merged.push(next);
        }
        if extra.peek() == Some(&quad) {
            extra.next();
        }
        merged.push(quad);
    }
    merged.extend(extra);
    merged
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

/// Orders graph names: the default graph first, then named graphs by IRI.
fn compare_graphs(a: GraphNameRef<'_>, b: GraphNameRef<'_>) -> Ordering {
    let key = |g: GraphNameRef<'_>| match g {
        GraphNameRef::DefaultGraph => None,
        GraphNameRef::NamedNode(n) => Some(n.as_str().to_owned()),
        GraphNameRef::BlankNode(b) => Some(b.to_string()),
    };
    if a == b {
        Ordering::Equal
    } else {
        key(a).cmp(&key(b))
    }
}

/// Orders two statements about the same subject: `rdf:type` first, then by predicate and
/// object.
fn compare_within_subject(a: &Quad, b: &Quad) -> Ordering {
    (a.predicate != rdf::TYPE)
        .cmp(&(b.predicate != rdf::TYPE))
        .then_with(|| a.predicate.as_str().cmp(b.predicate.as_str()))
        .then_with(|| compare_terms(a.object.as_ref(), b.object.as_ref()))
}

/// Sorts quads into export order: by graph, by subject, `rdf:type` first, then by
/// predicate and object.
///
/// A million quads name a few hundred thousand subjects whose IRIs share long prefixes, so
/// comparing whole quads spends most of its time comparing the same subject strings again
/// and again. Instead the distinct (graph, subject) pairs are sorted once, the quads are
/// distributed into one bucket per pair (a counting sort), and each small bucket is sorted
/// by predicate and object. The order is the same total order either way.
pub fn sort_quads(quads: &mut [Quad]) {
    sort_quads_with(quads, &Thresholds::MEASURED);
}

/// [`sort_quads`] with the parallel threshold given: the same order either way.
pub fn sort_quads_with(quads: &mut [Quad], thresholds: &Thresholds) {
    let quads_len = quads.len();
    let (bucket_of, bucket_count) = subject_buckets(quads);
    // Where each bucket starts once the quads are in order.
    let mut starts = vec![0usize; bucket_count + 1];
    for &bucket in &bucket_of {
        starts[bucket + 1] += 1;
    }
    for i in 1..starts.len() {
        starts[i] += starts[i - 1];
    }
    let mut next = starts.clone();
    let mut destination: Vec<usize> = bucket_of
        .iter()
        .map(|&bucket| {
            let slot = &mut next[bucket];
            *slot += 1;
            *slot - 1
        })
        .collect();
    // Move every quad to its destination by following the permutation's cycles.
    for i in 0..quads.len() {
        while destination[i] != i {
            let target = destination[i];
            quads.swap(i, target);
            destination.swap(i, target);
        }
    }
    // Sort the buckets, those of the second half on a second thread for a large export.
    let middle = starts.partition_point(|&start| start < quads.len() / 2);
    let offset = starts[middle];
    let (left, right) = quads.split_at_mut(offset);
    let sort_buckets = |quads: &mut [Quad], starts: &[usize], offset: usize| {
        for bucket in starts.windows(2) {
            quads[bucket[0] - offset..bucket[1] - offset].sort_unstable_by(compare_within_subject);
        }
    };
    crate::parallel::join(
        quads_len > thresholds.sort_quads,
        || sort_buckets(right, &starts[middle..], offset),
        || sort_buckets(left, &starts[..=middle], 0),
    );
}

/// The rank of each quad's (graph, subject) pair among the distinct pairs in export order,
/// and how many distinct pairs there are.
fn subject_buckets(quads: &[Quad]) -> (Vec<usize>, usize) {
    type Key<'a> = (GraphNameRef<'a>, NamedOrBlankNodeRef<'a>);
    let mut ids: FxHashMap<Key<'_>, usize> = FxHashMap::default();
    let mut keys: Vec<Key<'_>> = Vec::new();
    let mut id_of = Vec::with_capacity(quads.len());
    let mut previous: Option<(Key<'_>, usize)> = None;
    for quad in quads {
        let key = (quad.graph_name.as_ref(), quad.subject.as_ref());
        // Statements about one subject mostly come together: skip the lookup for a run.
        let id = match previous {
            Some((last, id)) if last == key => id,
            _ => *ids.entry(key).or_insert_with(|| {
                keys.push(key);
                keys.len() - 1
            }),
        };
        previous = Some((key, id));
        id_of.push(id);
    }
    let mut by_order: Vec<usize> = (0..keys.len()).collect();
    by_order.sort_unstable_by(|&a, &b| {
        let (ga, sa) = keys[a];
        let (gb, sb) = keys[b];
        compare_graphs(ga, gb).then_with(|| compare_terms(sa.into(), sb.into()))
    });
    let mut rank = vec![0; keys.len()];
    for (position, &id) in by_order.iter().enumerate() {
        rank[id] = position;
    }
    let bucket_of = id_of.into_iter().map(|id| rank[id]).collect();
    (bucket_of, keys.len())
}

/// The prefixes whose namespaces the quads use, longest namespace winning.
fn used_prefixes(quads: &[Quad], base: &BaseIri) -> Vec<(String, String)> {
    let prefixes = Prefixes::new(base);
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
    // A stem is a whole namespace or more, so the prefix for it is the longest namespace it
    // starts with (a stem equal to a namespace counts too).
    let pairs = prefixes.pairs();
    let used: BTreeSet<usize> = stems
        .iter()
        .filter_map(|stem| {
            pairs
                .iter()
                .enumerate()
                .filter(|(_, (_, ns))| stem.starts_with(ns.as_str()))
                .max_by_key(|(_, (_, ns))| ns.len())
                .map(|(i, _)| i)
        })
        .collect();
    used.into_iter().map(|i| pairs[i].clone()).collect()
}

/// Serializes sorted quads in `format`, declaring only the prefixes used.
pub fn write_graph(
    quads: &[Quad],
    format: ExportFormat,
    base: &BaseIri,
    out: impl Write,
) -> io::Result<()> {
    write_graph_with(quads, format, base, out, &Thresholds::MEASURED)
}

/// Serializes quads in `format` as they come, for graphs too large to sort in memory (the
/// server's `/store`): the prefixed formats with every
/// prefix declared (which prefixes are used is not known before the end). JSON-LD, whose
/// objects gather each subject's triples, is collected first.
pub fn stream_graph(
    quads: impl Iterator<Item = Quad>,
    format: ExportFormat,
    base: &BaseIri,
    out: impl Write,
) -> io::Result<()> {
    let out = BufWriter::new(out);
    match format {
        ExportFormat::JsonLd => {
            let mut quads: Vec<Quad> = quads.collect();
            sort_quads(&mut quads);
            crate::output::jsonld::write(&quads, base, out)
        }
        _ => {
            let mut serializer = RdfSerializer::from_format(format.rdf_format());
            if !matches!(format, ExportFormat::NTriples | ExportFormat::NQuads) {
                for (prefix, namespace) in Prefixes::new(base).pairs() {
                    serializer = serializer
                        .with_prefix(prefix, namespace)
                        .map_err(io::Error::other)?;
                }
            }
            let dataset = matches!(format, ExportFormat::NQuads | ExportFormat::TriG);
            let mut writer = serializer.for_writer(out);
            for quad in quads {
                if dataset {
                    writer.serialize_quad(&quad)?;
                } else {
                    writer.serialize_triple(quad.as_ref())?;
                }
            }
            writer.finish()?.flush()
        }
    }
}

/// [`write_graph`] with the N-Triples chunk size given: the same bytes either way.
pub fn write_graph_with(
    quads: &[Quad],
    format: ExportFormat,
    base: &BaseIri,
    out: impl Write,
    thresholds: &Thresholds,
) -> io::Result<()> {
    // N-Triples and N-Quads have no prefixes and no state from one line to the next.
    if matches!(format, ExportFormat::NTriples | ExportFormat::NQuads) {
        return write_lines(quads, format, out, thresholds.line_chunk);
    }
    // JSON-LD compacted with the graph's own context, one object per entity.
    if format == ExportFormat::JsonLd {
        return crate::output::jsonld::write(quads, base, BufWriter::new(out));
    }
    let mut serializer = RdfSerializer::from_format(format.rdf_format());
    for (prefix, namespace) in used_prefixes(quads, base) {
        serializer = serializer
            .with_prefix(prefix, namespace)
            .map_err(io::Error::other)?;
    }
    serialize(quads, format, serializer, BufWriter::new(out))?.flush()
}

/// [`write_graph`] declaring `extra` prefixes beside the project's, for documents in
/// vocabularies the project does not write into its graph (the server's service
/// description). N-Triples, N-Quads and JSON-LD are written as [`write_graph`] writes them.
pub fn write_graph_with_prefixes(
    quads: &[Quad],
    format: ExportFormat,
    base: &BaseIri,
    extra: &[(&str, &str)],
    out: impl Write,
) -> io::Result<()> {
    if matches!(
        format,
        ExportFormat::NTriples | ExportFormat::NQuads | ExportFormat::JsonLd
    ) {
        return write_graph(quads, format, base, out);
    }
    let mut serializer = RdfSerializer::from_format(format.rdf_format());
    let project = used_prefixes(quads, base);
    let declared = project
        .iter()
        .map(|(p, n)| (p.as_str(), n.as_str()))
        .chain(extra.iter().copied());
    for (prefix, namespace) in declared {
        serializer = serializer
            .with_prefix(prefix, namespace)
            .map_err(io::Error::other)?;
    }
    serialize(quads, format, serializer, BufWriter::new(out))?.flush()
}

/// Serializes quads in `format` with `serializer`, returning the writer.
fn serialize<W: Write>(
    quads: &[Quad],
    format: ExportFormat,
    serializer: RdfSerializer,
    out: W,
) -> io::Result<W> {
    let mut writer = serializer.for_writer(out);
    let dataset = matches!(format, ExportFormat::NQuads | ExportFormat::TriG);
    for quad in quads {
        if dataset {
            writer.serialize_quad(quad)?;
        } else {
            writer.serialize_triple(quad.as_ref())?;
        }
    }
    writer.finish()
}

/// Writes a line-based format on two threads: while this one writes a chunk of lines, a
/// second one formats the next chunk into memory. Memory stays bounded by one chunk.
fn write_lines(
    quads: &[Quad],
    format: ExportFormat,
    out: impl Write,
    chunk: usize,
) -> io::Result<()> {
    let chunk = chunk.max(1);
    let serializer = || RdfSerializer::from_format(format.rdf_format());
    let mut out = BufWriter::new(out);
    for pair in quads.chunks(chunk.saturating_mul(2)) {
        let (first, second) = pair.split_at(pair.len().min(chunk));
        let (formatted, written) = crate::parallel::join(
            !second.is_empty(),
            || serialize(second, format, serializer(), Vec::new()),
            || serialize(first, format, serializer(), out),
        );
        out = written?;
        out.write_all(&formatted?)?;
    }
    out.flush()
}

/// A gzip stream into `out`. The header carries no time stamp, so the same export gives
/// the same bytes.
pub fn gzip_writer<W: Write>(out: W) -> flate2::write::GzEncoder<W> {
    flate2::GzBuilder::new()
        .mtime(0)
        .write(out, flate2::Compression::default())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::output::generate::Rng;
    use oxigraph::model::{BlankNode, GraphName, Literal, NamedNode, Term};

    /// The export order spelled out as one comparison of whole quads.
    fn reference_order(a: &Quad, b: &Quad) -> Ordering {
        compare_graphs(a.graph_name.as_ref(), b.graph_name.as_ref())
            .then_with(|| compare_terms(a.subject.as_ref().into(), b.subject.as_ref().into()))
            .then_with(|| compare_within_subject(a, b))
    }

    /// Quads over a small vocabulary, so subjects repeat in runs and out of them, in two
    /// named graphs and the default graph, with blank and named subjects and objects of
    /// every kind.
    fn random_quads(rng: &mut Rng, count: usize) -> Vec<Quad> {
        let iri = |i: u64| NamedNode::new_unchecked(format!("https://example.org/x/{i}"));
        (0..count)
            .map(|_| {
                let subject: oxigraph::model::NamedOrBlankNode = if rng.below(5) == 0 {
                    BlankNode::new_unchecked(format!("b{}", rng.below(4))).into()
                } else {
                    iri(rng.below(30)).into()
                };
                let predicate = if rng.below(4) == 0 {
                    rdf::TYPE.into_owned()
                } else {
                    iri(100 + rng.below(5))
                };
                let object: Term = match rng.below(4) {
                    0 => iri(rng.below(30)).into(),
                    1 => Literal::new_simple_literal(rng.below(3).to_string()).into(),
                    2 => Literal::new_language_tagged_literal_unchecked("x", "en").into(),
                    _ => Literal::from(i64::try_from(rng.below(3)).unwrap_or(0)).into(),
                };
                let graph = match rng.below(3) {
                    0 => GraphName::DefaultGraph,
                    n => iri(200 + n).into(),
                };
                Quad::new(subject, predicate, object, graph)
            })
            .collect()
    }

    #[test]
    fn the_bucketed_sort_gives_the_same_order_as_comparing_whole_quads() {
        let mut rng = Rng::new(7);
        for count in [0, 1, 2, 17, 500, 5000] {
            let quads = random_quads(&mut rng, count);
            let mut expected = quads.clone();
            expected.sort_by(reference_order);
            for thresholds in [Thresholds::NEVER, Thresholds::ALWAYS, Thresholds::MEASURED] {
                let mut sorted = quads.clone();
                sort_quads_with(&mut sorted, &thresholds);
                assert_eq!(sorted, expected, "{count} quads, {thresholds:?}");
            }
        }
    }

    #[test]
    fn line_formats_written_in_chunks_equal_one_serializer_pass() {
        let mut quads = random_quads(&mut Rng::new(11), 500);
        sort_quads(&mut quads);
        for (format, chunk) in [
            (ExportFormat::NTriples, Thresholds::ALWAYS.line_chunk),
            (ExportFormat::NQuads, 1),
            (ExportFormat::NTriples, 250),
        ] {
            let mut chunked = Vec::new();
            write_lines(&quads, format, &mut chunked, chunk).expect("writing to memory");
            let whole = serialize(
                &quads,
                format,
                RdfSerializer::from_format(format.rdf_format()),
                Vec::new(),
            )
            .expect("writing to memory");
            assert!(chunked == whole, "{format:?} differs");
        }
    }

    /// Every parallel branch, run on the embedded data, gives the bytes of the sequential
    /// path: the mapping, the sort and the chunked writer, in every format and profile.
    #[test]
    fn parallel_branches_give_the_sequential_bytes() {
        let data = crate::data::check::load(None).expect("the embedded data loads");
        let base = BaseIri::default();
        for profile in [Profile::Core, Profile::Wikidata, Profile::All] {
            let write = |thresholds: &Thresholds, format: ExportFormat| {
                let quads = profile_quads_with(&data, &base, profile, thresholds);
                let mut out = Vec::new();
                write_graph_with(&quads, format, &base, &mut out, thresholds)
                    .expect("writing to memory");
                out
            };
            for format in ExportFormat::ALL {
                if profile == Profile::All
                    && !matches!(format, ExportFormat::TriG | ExportFormat::NQuads)
                {
                    continue;
                }
                assert!(
                    write(&Thresholds::ALWAYS, format) == write(&Thresholds::NEVER, format),
                    "{profile:?} {format:?}"
                );
            }
        }
    }

    /// Every graph of an export describes itself, counted on the rest of it, and the
    /// description merged in keeps the export order.
    #[test]
    fn every_export_describes_itself() {
        let data = crate::data::check::load(None).expect("the embedded data loads");
        let base = BaseIri::default();
        for profile in [Profile::Core, Profile::Wikidata, Profile::All] {
            let quads = profile_quads(&data, &base, profile);
            let mut resorted = quads.clone();
            sort_quads(&mut resorted);
            assert!(resorted == quads, "{profile:?}: out of order");
            for (part, graph) in profile.graphs(&base) {
                let dataset = crate::graph::describe::dataset_iri(&base, part);
                let in_graph: Vec<&Quad> = quads.iter().filter(|q| q.graph_name == graph).collect();
                let about = |q: &&&Quad| {
                    q.subject
                        .to_string()
                        .contains(&dataset.as_str()[..dataset.as_str().len()])
                };
                let described = in_graph.iter().filter(|q| !about(q)).count();
                let triples = in_graph
                    .iter()
                    .find(|q| {
                        q.subject == dataset.clone().into()
                            && q.predicate == crate::graph::vocab::void::TRIPLES
                    })
                    .map(|q| q.object.to_string())
                    .expect("void:triples");
                assert_eq!(
                    triples,
                    format!("\"{described}\"^^<http://www.w3.org/2001/XMLSchema#integer>"),
                    "{profile:?} {part:?}"
                );
                assert!(in_graph.iter().any(|q| q.subject == dataset.clone().into()
                    && q.predicate == crate::graph::vocab::dcterms::LICENSE));
            }
        }
    }
}
