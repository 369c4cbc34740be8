"""File plumbing shared by the readers and writers: hashing, a parse cache, reproducible xlsx, atomic writes.

Nothing here knows what the files mean.
"""

from __future__ import annotations

import hashlib
import io
import os
import pickle
import shutil
import tempfile
import zipfile
from collections.abc import Callable
from contextlib import contextmanager
from functools import cache
from pathlib import Path
from typing import TypeVar

from hscp_nb import __version__

T = TypeVar("T")
FIXED_ZIP_TIME = (2020, 1, 1, 0, 0, 0)


def sha256(path: str | Path) -> str:
    """Hex SHA-256 of a file's bytes."""
    digest = hashlib.sha256()
    with open(path, "rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def cache_dir() -> Path:
    """Where parsed inputs are kept between notebook kernels (``HSCP_NB_CACHE`` overrides)."""
    root = os.environ.get("HSCP_NB_CACHE") or Path(os.environ.get("XDG_CACHE_HOME", Path.home() / ".cache")) / "hscp_nb"
    return Path(root)


@cache
def reader_digest() -> str:
    """A digest of the code and reference data that reading depends on (``inputs/`` and ``domain/``), so that a
    parse cached by an older reader is never reused after the reader changes."""
    digest = hashlib.sha256(__version__.encode())
    package = Path(__file__).resolve().parents[1]
    for room in ("inputs", "domain"):
        for path in sorted((package / room).rglob("*")):
            if path.suffix in {".py", ".csv"}:
                digest.update(path.relative_to(package).as_posix().encode())
                digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


def cached_parse(kind: str, path: Path, parse: Callable[[Path], T]) -> T:
    """``parse(path)``, remembered on disk by file content, parser kind and the reading code's digest.

    Kernels that ask for the same parse at once (two batch workers starting on the national files) parse it once:
    the first holds a lock on the entry while it parses, the others wait and read what it wrote."""
    import fcntl

    key = f"{kind}-{reader_digest()}-{sha256(path)}.pkl"
    target = cache_dir() / key
    cached = _load(target)
    if cached is not None:
        return cached[0]
    target.parent.mkdir(parents=True, exist_ok=True)
    with open(target.with_suffix(".lock"), "a") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)  # released when the file closes, also if this process dies
        cached = _load(target)  # parsed by another process while this one waited
        if cached is not None:
            return cached[0]
        result = parse(path)
        with atomic_path(target) as tmp:
            with open(tmp, "wb") as fh:
                pickle.dump(result, fh, protocol=pickle.HIGHEST_PROTOCOL)
    return result


def _load(target: Path) -> tuple | None:
    """A cache entry as a one-item tuple, or None when there is none; a truncated or stale entry is removed, never
    trusted."""
    if not target.exists():
        return None
    try:
        with open(target, "rb") as fh:
            return (pickle.load(fh),)
    except Exception:
        target.unlink(missing_ok=True)
        return None


@contextmanager
def atomic_path(target: str | Path):
    """Yield a temporary path beside ``target``; move it into place only if the block succeeds."""
    target = Path(target)
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".part")
    os.close(fd)
    try:
        yield Path(tmp)
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(tmp, 0o666 & ~umask)
        os.replace(tmp, target)
    finally:
        if os.path.exists(tmp):
            os.unlink(tmp)


def save_workbook_reproducibly(workbook, target: str | Path) -> None:
    """Save an openpyxl workbook so that the same content gives the same bytes (fixed zip times and metadata)."""
    import datetime as dt

    workbook.properties.created = dt.datetime(2020, 1, 1)
    workbook.properties.modified = dt.datetime(2020, 1, 1)
    workbook.properties.creator = "hscp_nb"
    buffer = io.BytesIO()
    workbook.save(buffer)
    buffer.seek(0)
    with atomic_path(target) as tmp:
        with zipfile.ZipFile(buffer) as src, zipfile.ZipFile(tmp, "w", zipfile.ZIP_DEFLATED) as dst:
            for item in src.infolist():
                data = src.read(item.filename)
                if item.filename == "docProps/core.xml":
                    data = _pin_core_dates(data)
                info = zipfile.ZipInfo(item.filename, date_time=FIXED_ZIP_TIME)
                info.compress_type = zipfile.ZIP_DEFLATED
                dst.writestr(info, data)


def _pin_core_dates(xml: bytes) -> bytes:
    import re

    return re.sub(rb"(<dcterms:(?:created|modified)[^>]*>)[^<]*(<)", rb"\g<1>2020-01-01T00:00:00Z\g<2>", xml)


def replace_dir(source: Path, target: Path) -> None:
    """Move a finished folder into place, replacing the old one only once the new one is complete."""
    target.parent.mkdir(parents=True, exist_ok=True)
    old = target.with_name(f".{target.name}.old")
    if old.exists():
        shutil.rmtree(old)
    if target.exists():
        os.replace(target, old)
    os.replace(source, target)
    if old.exists():
        shutil.rmtree(old)
