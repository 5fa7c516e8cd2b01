"""Run cpsu-kg's named queries verbatim with rdflib's SPARQL engine, an independent
implementation, and compare the rows with cpsu-kg's own answers.

Usage: rdflib_queries.py GRAPH.ttl CASE_DIR...

Each CASE_DIR holds `query.rq` (the text `cpsu-kg queries --show` prints), `ours.tsv` (what
`cpsu-kg query` answered, as W3C TSV) and `bindings.txt` (one `name<TAB>N-Triples term` line
per parameter). Rows are compared as sorted lists of their values: terms by their lexical
form and language tag, so that the engines' choice of numeric type does not count, and the
order of rows that tie under ORDER BY does not either; date-times by value (see canon). Prints one line per case and exits
non-zero on any difference.
"""

import io
import pathlib
import sys

from rdflib import XSD, Graph, Literal, Variable
from rdflib.query import Result
from rdflib.util import from_n3


def canon(term):
    if term is None:
        return ""
    # rdflib's SPARQL engine gives back an xsd:dateTime read as `…T00:00:00Z` as
    # `…T00:00:00+00:00`: the same instant in another lexical form. Date-times are compared
    # by value; nothing else is loosened.
    if isinstance(term, Literal) and term.datatype == XSD.dateTime:
        value = term.toPython()
        return value.isoformat() if hasattr(value, "isoformat") else str(term)
    if isinstance(term, Literal):
        return f"{term}@{term.language}" if term.language else str(term)
    return str(term)


def main():
    graph = Graph()
    graph.parse(sys.argv[1], format="turtle")
    failures = 0
    for case in map(pathlib.Path, sys.argv[2:]):
        text = (case / "query.rq").read_text(encoding="utf-8")
        ours = Result.parse(io.StringIO((case / "ours.tsv").read_text(encoding="utf-8")), format="tsv")
        bindings = {}
        for line in (case / "bindings.txt").read_text(encoding="utf-8").splitlines():
            name, term = line.split("\t", 1)
            bindings[Variable(name)] = from_n3(term)
        theirs = graph.query(text, initBindings=bindings)
        variables = list(ours.vars)
        mine = sorted(tuple(canon(row.get(v)) for v in variables) for row in ours.bindings)
        other = sorted(tuple(canon(row.get(v)) for v in variables) for row in theirs.bindings)
        if mine == other:
            print(f"{case.name}: {len(mine)} rows, same")
            continue
        failures += 1
        print(f"{case.name}: DIFF, cpsu-kg {len(mine)} rows, rdflib {len(other)} rows")
        for a, b in zip(mine, other):
            if a != b:
                print(f"  cpsu-kg {a}\n  rdflib  {b}")
                break
    sys.exit(1 if failures else 0)


if __name__ == "__main__":
    main()
