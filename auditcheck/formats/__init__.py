"""One renderer per --format (one module each); `render` picks it, `AtomicWriter` writes --output.

Renderers take the finished reports (batch Outcomes or bare ReportResults) and return the text
(bytes for xlsx) to write.
"""
from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

FORMATS = ("text", "json", "jsonl", "csv", "markdown", "html", "xlsx")
BINARY = ("xlsx",)


def render(results, fmt: str, lang: str = "zh", color: bool = False) -> str | bytes:
    if fmt == "json":
        from .json_ import render_json
        return render_json(results)
    if fmt == "jsonl":
        from .json_ import render_jsonl
        return render_jsonl(results)
    if fmt == "csv":
        from .csv_ import render_csv
        return render_csv(results)
    if fmt == "markdown":
        from .markdown import render_markdown
        return render_markdown(results, lang=lang)
    if fmt == "html":
        from .html import render_html
        return render_html(results, lang=lang)
    if fmt == "xlsx":
        from .xlsx import render_xlsx
        return render_xlsx(results)
    from .terminal import render_text
    return render_text(results, lang=lang, color=color)


class AtomicWriter:
    """Write `path` all at once: into a temporary file beside it, renamed over it on success.

    Without a path, writes straight to stdout. On an exception the temporary file is removed and
    an existing `path` is left as it was.
    """

    def __init__(self, path: str | None):
        self.path = Path(path) if path else None
        self._fh = None
        self._tmp = None

    def __enter__(self) -> AtomicWriter:
        if self.path is not None:
            fd, self._tmp = tempfile.mkstemp(prefix=f".{self.path.name}.", suffix=".tmp",
                                             dir=str(self.path.parent or "."))
            self._fh = os.fdopen(fd, "wb")
        return self

    def write(self, data: str | bytes) -> None:
        b = data.encode("utf-8") if isinstance(data, str) else data
        if self._fh is not None:
            self._fh.write(b)
        elif isinstance(data, bytes):
            sys.stdout.flush()
            sys.stdout.buffer.write(data)
            sys.stdout.buffer.flush()
        else:
            sys.stdout.write(data)
            sys.stdout.flush()

    def __exit__(self, exc_type, exc, tb) -> None:
        if self._fh is None:
            return
        try:
            if exc_type is None:
                self._fh.flush()
                os.fsync(self._fh.fileno())
            self._fh.close()
            if exc_type is None:
                umask = os.umask(0)
                os.umask(umask)
                os.chmod(self._tmp, 0o666 & ~umask)
                os.replace(self._tmp, self.path)
                self._tmp = None
        finally:
            if self._tmp is not None and os.path.exists(self._tmp):
                os.unlink(self._tmp)
