"""A partnership's own folder (``<local>/<slug>/``) as a section reads it: where it is, whether it is the bundled
sample's, and its layout (:mod:`hscp_nb.inputs.layout`)."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from hscp_nb.domain.errors import InputError, Problem
from hscp_nb.inputs.layout import Layout, read_layout


@dataclass(frozen=True)
class LocalFolder:
    """The partnership's own folder (it need not exist: then the national layout)."""

    source: Path
    layout: Layout
    synthetic: bool
    notes: list[str] = field(default_factory=list)

    def file(self, name: str) -> Path:
        """A file of the folder that a section reads (a table of its own), or one InputError naming it."""
        path = self.source / name
        if Path(name).is_absolute() or ".." in Path(name).parts or not path.is_file():
            raise InputError(Problem(file=str(path), found="no such file", expected=f"a file in {self.source}"))
        return path


def read_local(path: Path, params) -> LocalFolder:
    """The catalogue's reader (:mod:`hscp_nb.inputs.catalogue`): the partnership's folder and its layout."""
    from hscp_nb.inputs.params import SAMPLE_DIR

    path = Path(path)
    sample = path.is_dir() and path.resolve().is_relative_to(SAMPLE_DIR.resolve())  # the bundled sample's own files
    return LocalFolder(path, read_layout(path), sample)
