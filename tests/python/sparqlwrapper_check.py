"""Query a cpsu-kg endpoint with SPARQLWrapper, a real SPARQL client, and print what came back.

Usage: sparqlwrapper_check.py ENDPOINT
"""

import sys

from SPARQLWrapper import JSON, TURTLE, SPARQLWrapper

PREFIXES = "PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>\n"


def main():
    endpoint = sys.argv[1]
    person = endpoint.rsplit("/", 1)[0] + "/person/stalin"
    client = SPARQLWrapper(endpoint)
    client.setQuery(PREFIXES + f'SELECT ?label WHERE {{ <{person}> rdfs:label ?label FILTER(LANG(?label) = "en") }}')
    client.setReturnFormat(JSON)
    for row in client.query().convert()["results"]["bindings"]:
        print("select", row["label"]["value"])
    client.setQuery(f"ASK {{ <{person}> ?p ?o }}")
    print("ask", client.query().convert()["boolean"])
    client.setQuery(PREFIXES + f"CONSTRUCT {{ <{person}> rdfs:label ?l }} WHERE {{ <{person}> rdfs:label ?l }}")
    client.setReturnFormat(TURTLE)
    client.setMethod("POST")
    graph = client.queryAndConvert()
    from rdflib import Graph

    parsed = Graph().parse(data=graph, format="turtle")
    print("construct", len(parsed))


if __name__ == "__main__":
    main()
