"""Prints which of an OpenAPI document's declared response links the stateful phase walked (scripts/fuzz.sh).
Fails when half or fewer were walked. Usage: declared_links.py openapi.json walked-links-file..."""
import json
import sys

document = json.load(open(sys.argv[1]))
declared = []
for path, operations in document["paths"].items():
    for method, operation in operations.items():
        if not isinstance(operation, dict):
            continue
        for status, response in operation.get("responses", {}).items():
            for name in (response.get("links") or {}):
                declared.append(f"{method.upper()} {path} -> [{status}] {name}")
walked = set()
for file in sys.argv[2:]:
    walked.update(line.strip().rsplit(" -> ", 1)[0] for line in open(file) if line.strip())
covered = [link for link in declared if link in walked]
for link in declared:
    print(("  walked   " if link in walked else "  not yet  ") + link)
print(f"stateful: {len(covered)} of {len(declared)} declared links walked")
# Most of the document's links must be walked, or the links (or the walk) have stopped leading anywhere.
if 2 * len(covered) <= len(declared):
    print("stateful: fewer than half of the declared links were walked", file=sys.stderr)
    sys.exit(1)
