"""Run cpsu-kg's named queries on `cpsu-kg serve` through real SPARQL clients with their
default settings, and compare the rows with cpsu-kg's own answers.

Usage: protocol_clients.py ENDPOINT [--jena CLASSPATH] CASE_DIR...

Each CASE_DIR holds `name.txt`, `query.rq` (the text `cpsu-kg queries --show` prints, with
parameter values written in), `graph.txt` (empty for a core query; for a `wikidata/` query
the IRI of the served graph that holds the Wikidata export) and `ours.tsv` (what `cpsu-kg
query` answered, as W3C TSV).

The clients, each left at its defaults but for naming the graph of a `wikidata/` query the
way that client names one:
- SPARQLWrapper: GET, its default XML return format (its own Accept header), and
  `addDefaultGraph(graph)`; the raw answer is parsed by rdflib's SPARQL XML parser.
- rdflib's SPARQLStore: `Graph(SPARQLStore(endpoint))`, or with `identifier=graph`, which
  makes SPARQLStore send `default-graph-uri`; its own Accept header and parser.
- Jena's `rsparql` (when a class path is given): `--service ENDPOINT`, with
  `?default-graph-uri=graph` in the service URL, asked to print SPARQL JSON.

Also checks each client's default for an ASK and a CONSTRUCT (SPARQLWrapper asks for
RDF/XML, SPARQLStore too), and, with urllib, that a streamed answer is gzipped when asked
and that its ETag and Last-Modified get 304; and the service description, read by rdflib. Rows are compared as sorted lists of terms, a date-time's `Z`
taken as `+00:00` (rdflib's parsers write it either way). Prints one line per
case and client and exits non-zero on any difference.
"""

import gzip
import io
import pathlib
import subprocess
import sys
import tempfile
import urllib.error
import urllib.parse
import urllib.request

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.plugins.stores.sparqlstore import SPARQLStore
from rdflib.query import Result
from SPARQLWrapper import SPARQLWrapper

XSD = "http://www.w3.org/2001/XMLSchema#"


def term(value):
    if value is None:
        return ("unbound",)
    if isinstance(value, URIRef):
        return ("iri", str(value))
    if isinstance(value, BNode):
        return ("blank",)
    if isinstance(value, Literal):
        if value.language:
            return ("literal", str(value), "@" + value.language)
        lexical = str(value)
        if value.datatype == URIRef(XSD + "dateTime") and lexical.endswith("Z"):
            # rdflib reads a date-time's `Z` from TSV as written, and from XML and JSON as
            # `+00:00`: the same value.
            lexical = lexical[:-1] + "+00:00"
        return ("literal", lexical, str(value.datatype or XSD + "string"))
    raise ValueError(f"unexpected term {value!r}")


def result_rows(result, variables):
    """Rows of an rdflib Result, whose bindings are dicts keyed by Variable."""
    return sorted(
        (tuple(term(binding.get(v)) for v in variables) for binding in result.bindings),
        key=repr,
    )


def sparqlwrapper(endpoint, text, graph):
    client = SPARQLWrapper(endpoint)
    client.setQuery(text)
    if graph:
        client.addDefaultGraph(graph)
    raw = client.query().response.read()
    return Result.parse(io.BytesIO(raw), format="xml")


def sparqlstore(endpoint, text, graph):
    store = SPARQLStore(endpoint)
    dataset = Graph(store, identifier=URIRef(graph)) if graph else Graph(store)
    return dataset.query(text)


def rsparql(classpath, endpoint, text, graph):
    service = endpoint + (f"?default-graph-uri={graph}" if graph else "")
    with tempfile.NamedTemporaryFile("w", suffix=".rq", encoding="utf-8") as query:
        query.write(text)
        query.flush()
        done = subprocess.run(
            ["java", "-cp", classpath, "arq.rsparql", "--service", service,
             "--query", query.name, "--results", "json"],
            capture_output=True, timeout=120, check=False,
        )
    if done.returncode != 0:
        raise RuntimeError(done.stderr.decode("utf-8", "replace").strip()[-800:])
    return Result.parse(io.BytesIO(done.stdout), format="json")


def defaults(endpoint, person, failures):
    """ASK and CONSTRUCT with each client's defaults."""
    ask = f"ASK {{ <{person}> ?p ?o }}"
    construct = f"CONSTRUCT {{ <{person}> ?p ?o }} WHERE {{ <{person}> ?p ?o }}"
    client = SPARQLWrapper(endpoint)
    client.setQuery(ask)
    said = client.query().convert()
    answered = said.getElementsByTagName("boolean")[0].firstChild.data == "true"
    client.setQuery(construct)
    graph = client.query().convert()
    check(failures, "defaults SPARQLWrapper", answered and len(graph) > 10,
          f"ASK {answered}, CONSTRUCT {len(graph)} triples")
    store = Graph(SPARQLStore(endpoint))
    answered = store.query(ask).askAnswer
    triples = len(list(store.query(construct)))
    check(failures, "defaults SPARQLStore", answered and triples > 10,
          f"ASK {answered}, CONSTRUCT {triples} triples")


def fetch(url, headers):
    """`(status, header fields, body)` of a GET; a 304 is an answer, not an error."""
    try:
        with urllib.request.urlopen(urllib.request.Request(url, headers=headers), timeout=60) as response:
            return response.status, response.headers, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.headers, error.read()


def caching(endpoint, failures):
    """Over the wire: a streamed (chunked) answer gzipped, its ETag and Last-Modified, 304."""
    query = "SELECT * { GRAPH ?g { ?s ?p ?o } }"
    url = endpoint + "?" + urllib.parse.urlencode({"query": query, "format": "xml"})
    status, plain_headers, plain = fetch(url, {})
    status_gz, headers, zipped = fetch(url, {"Accept-Encoding": "gzip"})
    good = (
        status == status_gz == 200
        and headers.get("Content-Encoding") == "gzip"
        and headers.get("Transfer-Encoding") == "chunked"
        and gzip.decompress(zipped) == plain
        and plain_headers.get("ETag") != headers.get("ETag")
    )
    check(failures, "gzip", good, f"{len(plain)} bytes, {len(zipped)} gzipped, streamed")
    tag, modified = headers.get("ETag"), headers.get("Last-Modified")
    answers = [
        fetch(url, {"Accept-Encoding": "gzip", "If-None-Match": tag})[0],
        fetch(url, {"Accept-Encoding": "gzip", "If-Modified-Since": modified})[0],
        fetch(url, {"Accept-Encoding": "gzip", "If-None-Match": '"stale"'})[0],
        fetch(endpoint, {"If-None-Match": fetch(endpoint, {})[1].get("ETag")})[0],
    ]
    check(failures, "conditional", answers == [304, 304, 200, 304], f"statuses {answers}")


def service_description(endpoint, failures):
    """The service description at GET /sparql, read by rdflib in Turtle and in RDF/XML."""
    sd = "http://www.w3.org/ns/sparql-service-description#"
    for accept, syntax in [("", "turtle"), ("application/rdf+xml", "xml")]:
        status, headers, body = fetch(endpoint, {"Accept": accept} if accept else {})
        graph = Graph().parse(data=body, format=syntax)
        blank = [t for triple in graph for t in triple if isinstance(t, BNode)]
        services = list(graph.subjects(URIRef(sd + "supportedLanguage"), URIRef(sd + "SPARQL11Query")))
        formats = len(list(graph.objects(None, URIRef(sd + "resultFormat"))))
        named = len(list(graph.objects(None, URIRef(sd + "namedGraph"))))
        good = status == 200 and not blank and len(services) == 1 and formats == 10 and named == 2
        check(failures, f"service description {syntax}", good,
              f"{len(graph)} triples, {formats} result formats, {named} named graphs, {len(blank)} blank nodes")


def check(failures, what, good, detail):
    print(f"{what}: {detail}{', same' if good else ', DIFF'}")
    if not good:
        failures.append(what)


def main():
    arguments = sys.argv[1:]
    endpoint = arguments.pop(0)
    classpath = None
    if arguments and arguments[0] == "--jena":
        arguments.pop(0)
        classpath = arguments.pop(0)
    clients = [("SPARQLWrapper", sparqlwrapper), ("SPARQLStore", sparqlstore)]
    if classpath:
        clients.append(("rsparql", lambda e, t, g: rsparql(classpath, e, t, g)))
    failures = []
    defaults(endpoint, "https://w3id.org/cpsu-kg/person/stalin", failures)
    caching(endpoint, failures)
    service_description(endpoint, failures)
    for case in map(pathlib.Path, arguments):
        name = (case / "name.txt").read_text(encoding="utf-8").strip()
        text = (case / "query.rq").read_text(encoding="utf-8")
        graph = (case / "graph.txt").read_text(encoding="utf-8").strip()
        ours = Result.parse(io.StringIO((case / "ours.tsv").read_text(encoding="utf-8")), format="tsv")
        mine = result_rows(ours, ours.vars)
        for client, run in clients:
            try:
                theirs = run(endpoint, text, graph)
            except Exception as error:  # noqa: BLE001 - any failure of a client is reported
                failures.append(name)
                print(f"{name} {client}: FAILED, {type(error).__name__}: {error}")
                continue
            if [str(v) for v in theirs.vars] != [str(v) for v in ours.vars]:
                failures.append(name)
                print(f"{name} {client}: DIFF, variables {ours.vars} against {theirs.vars}")
                continue
            other = result_rows(theirs, ours.vars)
            if other == mine:
                print(f"{name} {client}: {len(mine)} rows, same")
                continue
            failures.append(name)
            print(f"{name} {client}: DIFF, cpsu-kg {len(mine)} rows, {client} {len(other)} rows")
            for row in [r for r in mine if r not in other][:3]:
                print(f"  only cpsu-kg {row}")
            for row in [r for r in other if r not in mine][:3]:
                print(f"  only {client} {row}")
    sys.exit(1 if failures else 0)


if __name__ == "__main__":
    main()
