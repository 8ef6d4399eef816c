"""Schemathesis hook (scripts/fuzz.sh): writes the links the stateful phase walked to $IEUM_LINKS_OUT, one per
line, so the run can say how many of the document's declared links it covered. Schemathesis prints only a count."""
import atexit
import os

from schemathesis.cli.commands.run.handlers import output

_seen: set[str] = set()
_update = output.StatefulProgressManager.update


def _recording_update(self, links_covered, status=None):
    _seen.update(links_covered)
    return _update(self, links_covered, status)


output.StatefulProgressManager.update = _recording_update


@atexit.register
def _write() -> None:
    path = os.environ.get("IEUM_LINKS_OUT")
    if path:
        with open(path, "w") as out:
            out.writelines(link + "\n" for link in sorted(_seen))
