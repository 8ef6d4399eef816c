"""Schemathesis hooks (scripts/fuzz.sh).

- Writes the links the stateful phase walked to $IEUM_LINKS_OUT, one per line, so the run can say how many of the
  document's declared links it covered (schemathesis prints only a count).
- In the stateful phase, a list that links on to its first record is read as its first page, unfiltered: a random
  search word or page number answers an empty list with nothing to follow. The other phases fuzz those parameters.
"""
import atexit
import os

import schemathesis
from schemathesis.cli.commands.run.handlers import output

_seen: set[str] = set()
_stateful = False
_init = output.StatefulProgressManager.__init__
_update = output.StatefulProgressManager.update


def _starting(self, *args, **kwargs):
    global _stateful
    _stateful = True
    return _init(self, *args, **kwargs)


def _recording_update(self, links_covered, status=None):
    _seen.update(links_covered)
    return _update(self, links_covered, status)


output.StatefulProgressManager.__init__ = _starting
output.StatefulProgressManager.update = _recording_update


def _links_from_list(operation) -> bool:
    if operation is None or operation.method.lower() != "get":
        return False
    answer = (operation.definition.raw.get("responses") or {}).get("200") or {}
    return bool(answer.get("links"))


@schemathesis.hook
def map_query(context, query):
    if _stateful and _links_from_list(context.operation):
        return {}
    return query


@atexit.register
def _write() -> None:
    path = os.environ.get("IEUM_LINKS_OUT")
    if path:
        with open(path, "w") as out:
            out.writelines(link + "\n" for link in sorted(_seen))
