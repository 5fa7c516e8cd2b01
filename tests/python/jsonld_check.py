"""Expands a compacted JSON-LD export with pyld (the JSON-LD processor from the Digital
Bazaar project), turns it into N-Quads, and checks with rdflib that the graph is the same as
the N-Triples export, triple for triple. Prints the triple count."""
import sys

import rdflib
from pyld import jsonld
import json

with open(sys.argv[1], encoding="utf-8") as f:
    document = json.load(f)
nquads = jsonld.to_rdf(document, {"format": "application/n-quads"})
ours = rdflib.Graph()
ours.parse(data=nquads, format="nquads")
theirs = rdflib.Graph()
theirs.parse(sys.argv[2], format="nt")
a = set(ours)
b = set(theirs)
if a != b:
    missing = list(b - a)[:3]
    extra = list(a - b)[:3]
    sys.exit(f"JSON-LD and N-Triples differ: {len(b - a)} missing, e.g. {missing}; {len(a - b)} extra, e.g. {extra}")
print(len(a))
