"""File plumbing shared by the readers and writers: hashing, a parse cache, reproducible xlsx, atomic writes.

Nothing here knows what the files mean.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import os
import pickle
import re
import shutil
import tempfile
import zipfile
from collections.abc import Callable
from contextlib import contextmanager
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import TypeVar

from hscp_nb import __version__

T = TypeVar("T")
FIXED_ZIP_TIME = (2020, 1, 1, 0, 0, 0)


def sha256(path: str | Path) -> str:
    """Hex SHA-256 of a file's bytes; of a folder (an input given as several CSV files), of its files' names and
    bytes in name order."""
    digest = hashlib.sha256()
    if Path(path).is_dir():
        for item in sorted(p for p in Path(path).rglob("*") if p.is_file() and not p.name.startswith(".")):
            digest.update(item.relative_to(path).as_posix().encode())
            digest.update(sha256(item).encode())
        return digest.hexdigest()
    with open(path, "rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


@dataclass(frozen=True)
class InputFile:
    """One input of a build, as the title page, the manifest and the register of editions record it: what it is, its
    path and the SHA-256 of its bytes (of a folder: of its files). ``described`` says how a folder's files are
    named in the report's sources ("PHS's MSG data files, in the folder")."""

    what: str
    path: Path
    sha256: str
    described: str = ""
    name: str = ""  # the input's name in hscp_nb.inputs.catalogue.INPUTS ('' in editions recorded before it)

    @classmethod
    def hashed(cls, what: str, path: Path, described: str = "", name: str = "") -> InputFile:
        return cls(what, Path(path), sha256(path), described if Path(path).is_dir() else "", name)

    def to_json(self) -> dict:
        return (
            {"what": self.what, "path": str(self.path), "sha256": self.sha256}
            | ({"described": self.described} if self.described else {})
            | ({"name": self.name} if self.name else {})
        )

    @classmethod
    def from_json(cls, payload: dict) -> InputFile:
        return cls(payload["what"], Path(payload.get("path", "")), payload["sha256"], payload.get("described", ""),
                   payload.get("name", ""))  # fmt: skip

    def changed_since(self) -> str:
        """'' when the file is still where it was with the same bytes; otherwise why not, in a few words."""
        if not self.path.exists():
            return f"{self.path} is no longer there"
        if sha256(self.path) != self.sha256:
            return f"{self.path} has changed since"
        return ""


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


# ------------------------------------------------------------------------------------------------ odd files
OLE2_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # a compound file: an encrypted Office file or an old .xls
ENCRYPTED_STREAM = "EncryptionInfo".encode("utf-16-le")
# Bidirectional control characters (embeddings, overrides, isolates, marks): in free text they can make a line
# display in another order than it reads ('Trojan Source'), so readers drop them and say so.
BIDI_CONTROLS = "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u200e\u200f\u061c"
_BIDI_TABLE = str.maketrans("", "", BIDI_CONTROLS)


def without_bidi_controls(text: str) -> tuple[str, int]:
    """``text`` without bidirectional control characters, and how many were dropped."""
    clean = text.translate(_BIDI_TABLE)
    return clean, len(text) - len(clean)


def what_is(path: Path) -> str | None:
    """Why ``path`` is not a file to read, in words ('no such file', 'a folder', …), or None when it is one."""
    import stat

    try:
        mode = path.stat().st_mode
    except FileNotFoundError:
        return "no such file"
    except OSError as err:
        return f"a file that cannot be opened ({err.strerror})"
    if stat.S_ISDIR(mode):
        return "a folder"
    if not stat.S_ISREG(mode):
        kind = "a character device" if stat.S_ISCHR(mode) else "a pipe" if stat.S_ISFIFO(mode) else "a special file"
        return f"{kind}, not a file (it holds no data)"
    if path.stat().st_size == 0:
        return "an empty file (0 bytes)"
    return None


def workbook_problem(path: Path) -> str | None:
    """Why an existing file cannot be read as an .xlsx workbook (encrypted, old format, not a workbook), or None."""
    with open(path, "rb") as fh:
        head = fh.read(8)
        if head == OLE2_MAGIC:
            if ENCRYPTED_STREAM in head + fh.read():
                return (
                    "a password-protected (encrypted) workbook, which cannot be read; remove the password (in Excel: "
                    "File › Info › Protect Workbook › Encrypt with Password, clear it; in LibreOffice: File › Save As "
                    "without 'Save with password') and save it again"
                )
            return "an old-format Excel file (.xls); open it and save it as an Excel workbook (.xlsx)"
    if not zipfile.is_zipfile(path):
        if head.startswith(b"PK"):
            return "a damaged or truncated workbook (its zip package is incomplete); save it again or copy it afresh"
        return "a file that is not an .xlsx workbook (not a zip package)"
    return None


def open_workbook(path: Path, expected: str):
    """The workbook at ``path`` opened for reading values, or one InputError saying in words what the file is
    instead: missing, a folder, a device such as /dev/null, empty, encrypted, an old .xls, damaged.

    Read by calamine (:class:`CalamineWorkbook`, about ten times faster than openpyxl: 0.1 s for a Core Suite
    instead of 1 s), with openpyxl's answers; a workbook with error cells (#N/A, #DIV/0!), which calamine reads as
    blanks, or one calamine cannot open, is read by openpyxl instead (read-only, saved values)."""
    from hscp_nb.domain.errors import InputError, Problem

    problem = what_is(path) or workbook_problem(path)
    if problem is None:
        try:
            return CalamineWorkbook(path)
        except Exception:  # noqa: BLE001 (openpyxl reads it or says what is wrong)
            pass
        from openpyxl import load_workbook

        try:
            return load_workbook(path, read_only=True, data_only=True)
        except Exception as err:
            problem = f"a damaged workbook ({type(err).__name__})"
    raise InputError(Problem(file=str(path), found=problem, expected=expected))


_ERROR_CELL = re.compile(rb"""<c\b[^>]*\bt\s*=\s*["']e["']""")
_EXACT_INT = 2**53  # floats below this are whole numbers exactly


class CalamineWorkbook:
    """A workbook read by python-calamine that answers as openpyxl's read-only workbook does (``sheetnames``,
    ``wb[name].iter_rows(values_only=True, max_row=…)``, ``properties.category``, ``close()``), with openpyxl's
    values: a blank cell is None (calamine: ''), a whole number an int (calamine: float), a date a datetime at
    midnight (calamine: date); rows start at A1. It refuses (ValueError) a workbook with error cells."""

    def __init__(self, path: Path):
        from python_calamine import CalamineWorkbook as Reader

        with zipfile.ZipFile(path) as package:
            for name in package.namelist():
                if name.startswith("xl/worksheets/") and name.endswith(".xml"):
                    if _ERROR_CELL.search(package.read(name)):
                        raise ValueError(f"{name} has error cells")
            try:
                core = package.read("docProps/core.xml").decode("utf-8", "replace")
            except KeyError:
                core = ""
        self.path = path
        self._reader = Reader.from_path(str(path))
        self.sheetnames = list(self._reader.sheet_names)
        if not self.sheetnames:  # a workbook always has a sheet: its workbook part is missing or unreadable
            raise ValueError("no sheets found")
        self.properties = _Properties(core)

    def __getitem__(self, name: str) -> _CalamineSheet:
        return _CalamineSheet(self._reader, name, self.path)

    def close(self) -> None:
        self._reader.close()


class _Properties:
    def __init__(self, core_xml: str):
        import html

        found = re.search(r"<cp:category>(.*?)</cp:category>", core_xml, re.S)
        self.category = html.unescape(found.group(1)) if found else None


class _CalamineSheet:
    def __init__(self, reader, name: str, path: Path):
        self._reader, self._name, self._path = reader, name, path

    def iter_rows(self, values_only: bool = True, max_row: int | None = None):
        from hscp_nb.domain.errors import InputError, Problem

        if not values_only:
            raise NotImplementedError("cells are read as values only")
        try:
            sheet = self._reader.get_sheet_by_name(self._name)
            rows = sheet.to_python(skip_empty_area=False, **({"nrows": max_row} if max_row else {}))
        except Exception as err:  # a sheet's XML cut short or garbled inside a sound zip package
            problem = Problem(file=str(self._path), sheet=self._name, found=f"a damaged sheet ({type(err).__name__})",
                              expected="a sheet Excel or LibreOffice can open; save it again")  # fmt: skip
            raise InputError(problem) from err
        return (tuple(_openpyxl_value(v) for v in row) for row in rows)


def _openpyxl_value(value):
    """A calamine value as openpyxl gives it (see :class:`CalamineWorkbook`)."""
    if value == "" and isinstance(value, str):
        return None
    if isinstance(value, float):
        return int(value) if value.is_integer() and abs(value) < _EXACT_INT else value
    if type(value) is dt.date:
        return dt.datetime(value.year, value.month, value.day)
    return value


def uncalculated_formulas(path: Path, sheets) -> dict[str, list[tuple[int, int]]]:
    """For each of ``sheets`` (names), the (row, column) of every formula cell with no saved value, as a script
    (openpyxl, pandas) leaves a formula it wrote: read for its value it is blank, which is not what the sheet says.
    Columns count from 1. A formula Excel or LibreOffice calculated and saved is read as its value elsewhere."""
    import html

    found: dict[str, list[tuple[int, int]]] = {}
    with zipfile.ZipFile(path) as package:
        names = set(package.namelist())
        book = package.read("xl/workbook.xml").decode("utf-8", "replace")
        rels = package.read("xl/_rels/workbook.xml.rels").decode("utf-8", "replace")
        targets = {}
        for element in re.findall(r"<Relationship\b[^>]*>", rels):
            ident, target = re.search(r'\bId="([^"]+)"', element), re.search(r'\bTarget="([^"]+)"', element)
            if ident and target:
                target = target.group(1).lstrip("/")
                targets[ident.group(1)] = target if target.startswith("xl/") else f"xl/{target}"
        for element in re.findall(r"<sheet\b[^>]*>", book):
            name, ident = re.search(r'\bname="([^"]*)"', element), re.search(r'\br:id="([^"]+)"', element)
            if not (name and ident) or html.unescape(name.group(1)) not in sheets:
                continue
            part = targets.get(ident.group(1))
            if part not in names:
                continue
            xml = package.read(part)
            if b"<f" not in xml:
                continue
            for cell in re.finditer(rb"<c\b([^>]*?)>(.*?)</c>", xml, re.S):
                body = cell.group(2)
                if b"<f" in body and not re.search(rb"<v>[^<]+</v>", body):
                    ref = re.search(rb'\br="([A-Z]+)(\d+)"', cell.group(1))
                    if ref:
                        found.setdefault(html.unescape(name.group(1)), []).append(
                            (int(ref.group(2)), _column_number(ref.group(1).decode()))
                        )
    return found


def _column_number(letters: str) -> int:
    number = 0
    for letter in letters:
        number = number * 26 + ord(letter) - 64
    return number


def formula_problems(path: Path, sheets, headers: dict[str, list[str]] | None = None) -> list:
    """One Problem for each formula that was never calculated in ``sheets``, naming its column by the sheet's header
    (``headers``: sheet → header cells) where known."""
    from openpyxl.utils import get_column_letter

    from hscp_nb.domain.errors import Problem

    problems = []
    for sheet, cells in uncalculated_formulas(path, set(sheets)).items():
        header = (headers or {}).get(sheet) or []
        for row, column in cells:
            name = header[column - 1] if column <= len(header) and header[column - 1] else get_column_letter(column)
            problems.append(
                Problem(
                    file=str(path),
                    sheet=sheet,
                    row=row,
                    column=str(name),
                    found="a formula that was never calculated (the file has no saved value for it)",
                    expected="a value: open the workbook in Excel or LibreOffice and save it, so that the formula "
                    "is calculated and its value saved",
                )
            )
    return problems
