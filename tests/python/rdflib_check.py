"""Parse cpsu-kg exports with rdflib, an independent RDF implementation, and compare them.

Usage: rdflib_check.py EXPECTED_TRIPLES FILE...

Every file must parse, hold exactly EXPECTED_TRIPLES triples, contain no blank node, and be
isomorphic to the first file. Prints one line per file and exits non-zero on any mismatch.
"""

import sys

from rdflib import BNode, Dataset, Graph
from rdflib.compare import isomorphic

FORMATS = {
    "ttl": "turtle",
    "nt": "nt",
    "nq": "nquads",
    "trig": "trig",
    "rdf": "xml",
    "jsonld": "json-ld",
}


def load(path):
    fmt = FORMATS[path.rsplit(".", 1)[1]]
    if fmt in ("nquads", "trig"):
        dataset = Dataset()
        dataset.parse(path, format=fmt)
        graph = Graph()
        for s, p, o, _ in dataset.quads((None, None, None, None)):
            graph.add((s, p, o))
        return graph
    graph = Graph()
    graph.parse(path, format=fmt)
    return graph


def main():
    expected = int(sys.argv[1])
    paths = sys.argv[2:]
    reference = None
    failures = 0
    for path in paths:
        graph = load(path)
        blanks = sum(1 for t in graph for term in t if isinstance(term, BNode))
        same = True if reference is None else isomorphic(reference, graph)
        ok = len(graph) == expected and blanks == 0 and same
        failures += not ok
        print(f"{path}: {len(graph)} triples, {blanks} blank nodes, isomorphic={same}, {'ok' if ok else 'FAIL'}")
        if reference is None:
            reference = graph
    sys.exit(1 if failures else 0)


if __name__ == "__main__":
    main()
