"""Reads a reconciliation CSV with Python's csv module, as OpenRefine's CSV importer would
(RFC 4180: header row, quoted fields with doubled quotes), and prints one line per row:
id, kind, type and the Russian label, tab-separated, so the Rust test can compare."""
import csv
import sys

with open(sys.argv[1], newline="", encoding="utf-8") as f:
    reader = csv.DictReader(f, strict=True)
    expected = sys.argv[2].split(",")
    if reader.fieldnames != expected:
        sys.exit(f"columns {reader.fieldnames} != {expected}")
    for row in reader:
        if None in row or any(v is None for v in row.values()):
            sys.exit(f"ragged row: {row}")
        print("\t".join([row["id"], row["kind"], row["type"], row["label_ru"], row["description"]]))
