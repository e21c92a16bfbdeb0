"""The formats ``khabar import`` reads, one module each, and how a file's format is told when not given.

Every format module offers the same four names: ``EXTENSIONS``, ``sniff(head)`` (does the file's beginning
look like this format?), ``estimate(path)`` (how many records, for the progress bar) and
``parse(path, dates)`` (yields ParsedArticle, Skipped or RecordError, never raises for bad input).
"""

from pathlib import Path

from . import html, jsonl, text, wxr

FORMATS = {"text": text, "html": html, "wxr": wxr, "jsonl": jsonl}
# Content is asked before the extension: crawlers save HTML as .txt and exports come without extensions.
SNIFF_ORDER = ("wxr", "html", "jsonl")
HEAD_BYTES = 4096


def _head(path):
    with open(path, "rb") as handle:
        return handle.read(HEAD_BYTES).decode("utf-8", errors="ignore")


def detect(path):
    """The format of the file at ``path``: what its content says, else its extension, else ``text``."""
    path = Path(path)
    head = _head(path)
    for name in SNIFF_ORDER:
        if FORMATS[name].sniff(head):
            return name
    suffix = path.suffix.lower()
    for name, module in FORMATS.items():
        if suffix in module.EXTENSIONS:
            return name
    return "text"


def importable(path, fmt="auto"):
    """Whether a file met while walking a folder is one to import (by extension; hidden files never are)."""
    path = Path(path)
    if path.name.startswith("."):
        return False
    suffix = path.suffix.lower()
    if fmt == "auto":
        return any(suffix in module.EXTENSIONS for module in FORMATS.values())
    return suffix in FORMATS[fmt].EXTENSIONS


def collect(paths, fmt="auto"):
    """[(path, format)] for the given files and, recursively, the importable files in the given folders,
    each once, in a stable order. Raises FileNotFoundError for a path that does not exist."""
    found = []
    for given in paths:
        given = Path(given)
        if given.is_dir():
            files = sorted(p for p in given.rglob("*") if p.is_file() and importable(p, fmt)
                           and not any(part.startswith(".") for part in p.relative_to(given).parts))
        elif given.is_file():
            files = [given]
        else:
            raise FileNotFoundError(str(given))
        found.extend(files)
    unique = list(dict.fromkeys(found))
    return [(path, detect(path) if fmt == "auto" else fmt) for path in unique]
