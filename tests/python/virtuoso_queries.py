"""Run cpsu-kg's named queries on a Virtuoso server over the SPARQL 1.1 Protocol and compare
the rows with cpsu-kg's own answers.

Usage: virtuoso_queries.py ENDPOINT CASE_DIR...

Each CASE_DIR holds `query.rq` (the text to send: what `cpsu-kg queries --show` prints, with
parameter values written in by the Rust test), `graph.txt` (the IRI of the named graph that
holds the export the query runs on, sent as the protocol's `default-graph-uri`) and
`ours.tsv` (what `cpsu-kg query` answered, as W3C TSV). Virtuoso is asked for SPARQL JSON
results.

Rows are compared as sorted lists of their values (so the order of rows that tie under
ORDER BY does not count). Each term is compared whole: an IRI by its IRI, a literal by its
lexical form, datatype and language tag, with one loosening, for booleans, because Virtuoso
7.2 does not keep them as SPARQL says: it writes every xsd:boolean as "1" or "0", and it
types the constants `true` and `false` of a query as xsd:integer 1 and 0. So where cpsu-kg
answers an xsd:boolean, Virtuoso's xsd:boolean "1"/"0" and xsd:integer 1/0 count as true and
false. Nothing else is loosened: not the datatype of any other literal (a number included),
not a language tag's case, not an IRI against a string. Prints one line per case and exits
non-zero on any difference.
"""

import io
import json
import pathlib
import sys
import urllib.error
import urllib.parse
import urllib.request

from rdflib import BNode, Literal, URIRef
from rdflib.query import Result

XSD = "http://www.w3.org/2001/XMLSchema#"
TRUTH = {"true": True, "false": False, "1": True, "0": False}


def from_rdflib(term):
    if term is None:
        return ("unbound",)
    if isinstance(term, URIRef):
        return ("iri", str(term))
    if isinstance(term, BNode):
        return ("blank",)
    if isinstance(term, Literal):
        if term.language:
            return ("literal", str(term), "@" + term.language)
        return ("literal", str(term), str(term.datatype or XSD + "string"))
    raise ValueError(f"unexpected term {term!r}")


def from_json(binding, boolean):
    """Virtuoso's JSON term; `boolean` says whether cpsu-kg answered an xsd:boolean here."""
    if binding is None:
        return ("unbound",)
    kind = binding["type"]
    if kind == "uri":
        return ("iri", binding["value"])
    if kind == "bnode":
        return ("blank",)
    if kind not in ("literal", "typed-literal"):
        raise ValueError(f"unexpected JSON term {binding!r}")
    value = binding["value"]
    if "xml:lang" in binding:
        return ("literal", value, "@" + binding["xml:lang"])
    datatype = binding.get("datatype", XSD + "string")
    if boolean and datatype in (XSD + "boolean", XSD + "integer") and value in TRUTH:
        # The one loosening: see the module's description.
        return ("literal", "true" if TRUTH[value] else "false", XSD + "boolean")
    return ("literal", value, datatype)


def ask(endpoint, text, graph):
    body = urllib.parse.urlencode({"query": text, "default-graph-uri": graph}).encode()
    request = urllib.request.Request(
        endpoint,
        data=body,
        headers={
            "Accept": "application/sparql-results+json",
            "Content-Type": "application/x-www-form-urlencoded",
        },
    )
    try:
        with urllib.request.urlopen(request, timeout=60) as response:
            return json.load(response), None
    except urllib.error.HTTPError as error:
        message = error.read().decode("utf-8", "replace").split("\nSPARQL query:")[0].strip()
        return None, f"HTTP {error.code}: {message}"


def main():
    endpoint = sys.argv[1]
    failures = 0
    for case in map(pathlib.Path, sys.argv[2:]):
        name = (case / "name.txt").read_text(encoding="utf-8").strip()
        text = (case / "query.rq").read_text(encoding="utf-8")
        graph = (case / "graph.txt").read_text(encoding="utf-8").strip()
        ours = Result.parse(io.StringIO((case / "ours.tsv").read_text(encoding="utf-8")), format="tsv")
        variables = [str(v) for v in ours.vars]
        theirs, error = ask(endpoint, text, graph)
        if error:
            failures += 1
            print(f"{name}: FAILED on Virtuoso, {error}")
            continue
        if theirs["head"]["vars"] != variables:
            failures += 1
            print(f"{name}: DIFF, variables cpsu-kg {variables}, Virtuoso {theirs['head']['vars']}")
            continue
        mine = sorted(
            (tuple(from_rdflib(row.get(v)) for v in ours.vars) for row in ours.bindings), key=repr
        )
        boolean = [
            any(len(row[i]) == 3 and row[i][2] == XSD + "boolean" for row in mine)
            for i in range(len(variables))
        ]
        other = sorted(
            (
                tuple(from_json(row.get(v), boolean[i]) for i, v in enumerate(variables))
                for row in theirs["results"]["bindings"]
            ),
            key=repr,
        )
        if mine == other:
            print(f"{name}: {len(mine)} rows, same")
            continue
        failures += 1
        print(f"{name}: DIFF, cpsu-kg {len(mine)} rows, Virtuoso {len(other)} rows")
        only_mine = [r for r in mine if r not in other]
        only_other = [r for r in other if r not in mine]
        for row in only_mine[:3]:
            print(f"  only cpsu-kg  {row}")
        for row in only_other[:3]:
            print(f"  only Virtuoso {row}")
    sys.exit(1 if failures else 0)


if __name__ == "__main__":
    main()
