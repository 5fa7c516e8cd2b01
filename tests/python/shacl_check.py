"""Validate an RDF file with pySHACL and print the verdict in a form the Rust tests compare
with cpsu-kg's own: the conforms value, then one `focus<TAB>path<TAB>component<TAB>value`
line per result, sorted.

Usage: shacl_check.py DATA SHAPES
"""

import sys

from pyshacl import validate
from rdflib import Graph, URIRef
from rdflib.namespace import SH

FORMATS = {"ttl": "turtle", "nt": "nt", "trig": "trig", "nq": "nquads"}


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
        focus = report.value(result, SH.focusNode)
        path = report.value(result, SH.resultPath)
        path = str(path) if isinstance(path, URIRef) else ""
        component = report.value(result, SH.sourceConstraintComponent)
        value = report.value(result, SH.value)
        value = "" if value is None else str(value)
        lines.add(f"{focus}\t{path}\t{component}\t{value}")
    for line in sorted(lines):
        print(line)


if __name__ == "__main__":
    main()
