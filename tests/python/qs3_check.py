"""A second, independent reader of a QuickStatements V1 batch, written from the command
syntax that QuickStatements 3.0 documents, and applied the way it edits: every line is a
command (a comment or blank line is an error), `CREATE` starts an item that `LAST` names,
and a statement line whose item, property and value match a statement already made adds
its qualifiers and its reference to that statement instead of making a new one.

Prints the statements the batch would leave, one JSON object per line, sorted, for the
Rust test to compare with its own model."""
import json
import re
import sys

ITEM = re.compile(r"^Q[1-9][0-9]*$")
PROP = re.compile(r"^P[1-9][0-9]*$")
TIME = re.compile(r"^[+-][0-9]{4,}-[0-9]{2}-[0-9]{2}T00:00:00Z/(9|10|11)$")
STRING = re.compile(r'^"[^\t]*"$')
MONO = re.compile(r'^[a-z]{2,3}(-[a-z0-9]+)*:"[^\t]*"$')


def value(text, line):
    if ITEM.match(text) or TIME.match(text) or STRING.match(text) or MONO.match(text):
        return text
    sys.exit(f"not a value: {text!r} in {line!r}")


def main(path):
    statements = {}
    last = None
    pending = False
    with open(path, encoding="utf-8") as f:
        for number, line in enumerate(f.read().split("\n"), 1):
            if line == "" and number > 1:
                continue  # the final newline
            if line.startswith("/*") or line.startswith("#") or not line.strip():
                sys.exit(f"line {number}: not a command: {line!r}")
            if line == "CREATE":
                pending = True
                continue
            cols = line.split("\t")
            if len(cols) < 3:
                sys.exit(f"line {number}: too few columns: {line!r}")
            subject, key = cols[0], cols[1]
            if subject != "LAST" and not ITEM.match(subject):
                sys.exit(f"line {number}: bad item {subject!r}")
            if key[:1] in "LDA" and key[1:] in ("en", "ru"):
                if subject != "LAST":
                    sys.exit(f"line {number}: terms only on created items")
                if key == "Len" and pending:
                    last = json.loads(cols[2])
                    pending = False
                continue
            if pending:
                sys.exit(f"line {number}: CREATE must be followed by its label")
            if not PROP.match(key):
                sys.exit(f"line {number}: bad property {key!r}")
            if subject == "LAST":
                if last is None:
                    sys.exit(f"line {number}: LAST before any CREATE")
                subject = last
            main_value = value(cols[2], line)
            rest = cols[3:]
            if len(rest) % 2:
                sys.exit(f"line {number}: unpaired column")
            qualifiers, groups = set(), []
            for k, v in zip(rest[::2], rest[1::2]):
                v = value(v, line)
                if k.startswith("!S"):
                    groups.append({("P" + k[2:], v)})
                elif k.startswith("S"):
                    if not groups:
                        groups.append(set())
                    groups[-1].add(("P" + k[1:], v))
                elif PROP.match(k):
                    if groups:
                        sys.exit(f"line {number}: a qualifier after a source")
                    qualifiers.add((k, v))
                else:
                    sys.exit(f"line {number}: bad key {k!r}")
            made = statements.setdefault((subject, key, main_value), (set(), set()))
            made[0].update(qualifiers)
            for group in groups:
                made[1].add(frozenset(group))
    out = []
    for (subject, prop, val), (qualifiers, refs) in statements.items():
        out.append(json.dumps({
            "subject": subject, "property": prop, "value": val,
            "qualifiers": sorted(map(list, qualifiers)),
            "references": sorted(sorted(map(list, g)) for g in refs),
        }, ensure_ascii=False, sort_keys=True))
    for line in sorted(out):
        print(line)


main(sys.argv[1])
