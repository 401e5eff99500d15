"""Read any supported report file into one `Document`.

Every failure becomes a `ReadError` with a one-line reason; nothing else
escapes, so a batch can report the file and go on.
"""
from __future__ import annotations

import hashlib
import re
from pathlib import Path

from ..document import Document
from .errors import ReadError

SUFFIXES = {".pdf": "pdf", ".txt": "text", ".md": "markdown", ".markdown": "markdown",
            ".html": "html", ".htm": "html"}
DEFAULT_MAX_BYTES = 100 * 1024 * 1024

__all__ = ["ReadError", "SUFFIXES", "read", "decode"]


def decode(data: bytes) -> tuple[str, str]:
    """Text and the encoding it was read with: UTF-8 (with or without BOM), UTF-16 with BOM, else GB18030."""
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8"), "utf-8-sig"
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16"), "utf-16"
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    try:
        # GB18030 is a superset of GBK and GB2312 and decodes every byte sequence those produce
        return data.decode("gb18030"), "gb18030"
    except UnicodeDecodeError:
        raise ReadError("not a text file (neither UTF-8 nor GB18030)") from None


_CTRL = re.compile("[\x00-\x08\x0b\x0e-\x1f\ufffd]")


def _looks_binary(text: str) -> bool:
    sample = text[:20000]
    if not sample:
        return False
    return "\x00" in sample or len(_CTRL.findall(sample)) / len(sample) > 0.02


def read(path: str | Path, max_bytes: int = DEFAULT_MAX_BYTES) -> Document:
    p = Path(path)
    try:
        return _read(p, max_bytes)
    except ReadError as e:
        e.path = str(path)
        raise
    except MemoryError:
        raise ReadError("out of memory while reading", str(path)) from None
    except Exception as e:  # any parser crash on hostile input is a read failure, not a traceback
        raise ReadError(f"could not be read ({type(e).__name__}: {str(e)[:120]})", str(path)) from None


def _read(p: Path, max_bytes: int) -> Document:
    if not p.exists():
        raise ReadError("no such file or directory")
    if p.is_dir():
        raise ReadError("is a directory")
    size = p.stat().st_size
    if size == 0:
        raise ReadError("empty file")
    if size > max_bytes:
        raise ReadError(f"file too large ({size / 1e6:.1f} MB > limit {max_bytes / 1e6:.1f} MB; see --max-size)")
    try:
        data = p.read_bytes()
    except OSError as e:
        raise ReadError(f"cannot open ({e.strerror})") from None
    sha = hashlib.sha256(data).hexdigest()
    fmt = SUFFIXES.get(p.suffix.lower())
    is_pdf = data[:1024].lstrip().startswith(b"%PDF") or b"%PDF-" in data[:1024]
    if fmt == "pdf" or (fmt is None and is_pdf):
        if not is_pdf:
            raise ReadError("not a PDF (no %PDF header)")
        from .pdf import read_pdf

        pages, tables, warnings = read_pdf(str(p))
        return Document(path=str(p), sha256=sha, format="pdf", pages=pages, tables=tables, warnings=warnings)
    if is_pdf:
        raise ReadError(f"a PDF file with a {p.suffix} name")
    text, enc = decode(data)
    if _looks_binary(text):
        raise ReadError("binary data, not a report")
    if not text.strip():
        raise ReadError("no text (file holds only whitespace)")
    from .text import read_text

    pages, tables = read_text(text)
    return Document(path=str(p), sha256=sha, format=fmt or "text", encoding=enc, pages=pages, tables=tables)
