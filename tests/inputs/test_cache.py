"""The parse cache follows the code: its key holds a digest of the reading code; a corrupt entry is rebuilt."""

import pickle

from hscp_nb.inputs import files
from hscp_nb.inputs.phs import read_core_suite
from tests.conftest import CORE_SUITE


def test_the_cache_key_changes_when_the_reading_code_changes(monkeypatch):
    before = files.reader_digest()
    assert len(before) == 16
    files.reader_digest.cache_clear()
    real = files.Path.read_bytes

    def edited(path):
        data = real(path)
        return data + b"\n# an edit" if path.name == "phs.py" else data

    monkeypatch.setattr(files.Path, "read_bytes", edited)
    try:
        assert files.reader_digest() != before
    finally:
        files.reader_digest.cache_clear()


def test_a_corrupt_cache_entry_is_rebuilt(tmp_path, monkeypatch):
    monkeypatch.setenv("HSCP_NB_CACHE", str(tmp_path))
    first = read_core_suite(CORE_SUITE)
    [entry] = list(tmp_path.glob("core-suite-*.pkl"))
    assert files.reader_digest() in entry.name
    entry.write_bytes(b"not a pickle")
    again = read_core_suite(CORE_SUITE)
    assert len(again.table) == len(first.table)
    assert pickle.loads(entry.read_bytes()).table.equals(again.table)


def _slow_count(path):
    """A parse that takes a while and leaves a mark for every time it runs."""
    import os
    import time

    with open(path.parent / "parses", "a") as fh:
        fh.write(f"{os.getpid()}\n")
    time.sleep(0.5)
    return path.read_text()


def _ask(args):
    cache, path = args
    import os

    os.environ["HSCP_NB_CACHE"] = cache
    return files.cached_parse("slow", path, _slow_count)


def test_processes_asking_at_once_parse_the_file_once(tmp_path):
    import multiprocessing

    source = tmp_path / "input.txt"
    source.write_text("the national file")
    with multiprocessing.get_context("spawn").Pool(3) as pool:
        answers = pool.map(_ask, [(str(tmp_path / "cache"), source)] * 3)
    assert answers == ["the national file"] * 3
    assert len((tmp_path / "parses").read_text().split()) == 1
