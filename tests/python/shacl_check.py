"""Validate an RDF file with pySHACL and print the verdict in a form the Rust tests compare
with cpsu-kg's own: the conforms value, then one `focus<TAB>path<TAB>component<TAB>value`
line per result, sorted. A path that is not a single IRI is written as in SPARQL with a
prefix for each operator (`(a / b)`, `(a | b)`, `^a`, `*a`, `+a`, `?a`) and a blank node as
`_:`, so that reports of different engines compare.

Usage: shacl_check.py DATA SHAPES
"""

import sys

from pyshacl import validate
from rdflib import BNode, Graph, URIRef
from rdflib.collection import Collection
from rdflib.namespace import RDF, SH

FORMATS = {"ttl": "turtle", "nt": "nt", "trig": "trig", "nq": "nquads"}


def path_text(graph, node):
    """A SHACL path in the report graph, as text."""
    if isinstance(node, URIRef) and node != RDF.nil and graph.value(node, RDF.first) is None:
        return str(node)
    if graph.value(node, RDF.first) is not None:
        return "(" + " / ".join(path_text(graph, m) for m in Collection(graph, node)) + ")"
    for predicate, symbol in ((SH.inversePath, "^"), (SH.zeroOrMorePath, "*"), (SH.oneOrMorePath, "+"), (SH.zeroOrOnePath, "?")):
        inner = graph.value(node, predicate)
        if inner is not None:
            return symbol + path_text(graph, inner)
    members = graph.value(node, SH.alternativePath)
    if members is not None:
        return "(" + " | ".join(path_text(graph, m) for m in Collection(graph, members)) + ")"
    return f"unknown path {node}"


def term_text(term):
    if term is None:
        return ""
    return "_:" if isinstance(term, BNode) else str(term)


def main():
    data, shapes = sys.argv[1], sys.argv[2]
    graph = Graph()
    graph.parse(data, format=FORMATS[data.rsplit(".", 1)[1]])
    shapes_graph = Graph()
    shapes_graph.parse(shapes, format="turtle")
    conforms, report, _ = validate(graph, shacl_graph=shapes_graph, inference="none", advanced=False, allow_warnings=False)
    print(f"conforms\t{str(conforms).lower()}")
    lines = set()
    # Only the report's own results: pySHACL also nests the results of sh:node and sh:or
    # alternatives under sh:detail, which are not results of the data graph.
    top = report.value(predicate=SH.conforms, any=False)
    for result in report.objects(top, SH.result):
        focus = term_text(report.value(result, SH.focusNode))
        path = report.value(result, SH.resultPath)
        path = "" if path is None else path_text(report, path)
        component = report.value(result, SH.sourceConstraintComponent)
        value = term_text(report.value(result, SH.value))
        lines.add(f"{focus}\t{path}\t{component}\t{value}")
    for line in sorted(lines):
        print(line)


if __name__ == "__main__":
    main()
