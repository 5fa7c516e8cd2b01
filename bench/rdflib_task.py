"""One rdflib contender run: `query FILE.ttl QUERY.rq` parses and queries;
`convert FILE.nt OUT.ttl` parses N-Triples and writes Turtle."""

import sys

from rdflib import Graph


def main():
    task, source = sys.argv[1], sys.argv[2]
    graph = Graph()
    graph.parse(source, format="turtle" if source.endswith(".ttl") else "nt")
    if task == "query":
        rows = list(graph.query(open(sys.argv[3], encoding="utf-8").read()))
        print(len(rows))
    else:
        graph.serialize(sys.argv[3], format="turtle")


if __name__ == "__main__":
    main()
