"""Every input a report reads, declared once. The report's parameters (:class:`~hscp_nb.inputs.params.ReportParams`),
the command line's options (and the Makefile's variables, which reach it as environment variables), the notebooks'
parameters, the cache key, the manifest's and the title page's list of inputs, and the reason given when a figure
moves between editions all derive from :data:`INPUTS`. Which sections read an input is each section's declaration
(:attr:`hscp_nb.domain.sections.SectionSpec.reads`).

Adding an input: one line here, its reader, and the sections that read it; no other module, and no notebook that
does not read it.
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass
from pathlib import Path

REASON_KINDS = ("phs", "returns", "method")  # editions.compare.REASONS: why a figure moved


@dataclass(frozen=True)
class InputSpec:
    """One input. ``name``: the parameter (``--locality-data`` on the command line, ``LOCALITY_DATA=`` for make);
    ``label``: what it is, as the title page and the manifest name it (``{partnership}`` and ``{partnerships}``, its
    possessive, are filled in);
    ``default``: below the bundled sample folder; ``kind``: ``file``, ``folder`` or ``file or folder``;
    ``per_partnership``: inside a folder, the partnership's own (``{slug}.xlsx``, ``{slug}``); ``reason``: why a
    figure moved when this input changed (``phs``, ``returns`` or ``method``); ``reader``: ``module:function``
    taking (path, params) and returning what the section reads; ``in_sources``: listed among the report's sources
    (``"own"``: when the report has sections of the partnership's own, which read it);
    ``described``: how a folder's files are named in the sources."""

    name: str
    label: str
    default: str
    kind: str
    expected: str
    reason: str
    reader: str
    per_partnership: str = ""
    in_sources: bool | str = True
    described: str = ""
    help: str = ""

    @property
    def option(self) -> str:
        return "--" + self.name.replace("_", "-")

    @property
    def make(self) -> str:
        return self.name.upper()

    def label_for(self, partnership) -> str:
        name = partnership.name
        return self.label.format(partnership=name, partnerships=f"{name}'" if name.endswith("s") else f"{name}'s")

    def is_source(self, own_sections: bool) -> bool:
        """Listed among the report's sources (and flagging its figures synthetic when it is the sample's):
        ``own_sections``, the report (or section) is the partnership's own, which reads its own folder."""
        return own_sections if self.in_sources == "own" else bool(self.in_sources)

    def read(self, path: Path, params):
        module, function = self.reader.split(":")
        return getattr(importlib.import_module(module), function)(path, params)


INPUTS: dict[str, InputSpec] = {
    spec.name: spec
    for spec in (
        InputSpec("data", "PHS Core Suite of Integration Indicators", "core_suite_sample.xlsx", "file",
                  "the PHS Core Suite workbook", "phs", "hscp_nb.inputs.phs:read_core_suite_for",
                  help="PHS Core Suite workbook"),
        InputSpec("locality_data", "PHS locality extract", "locality_extract_sample.xlsx", "file",
                  "the PHS locality extract", "phs", "hscp_nb.inputs.phs:read_locality_extract_for",
                  help="PHS locality extract"),
        InputSpec("returns", "{partnership} local returns", "returns", "file or folder",
                  "a returns workbook or a folder of <partnership-slug>.xlsx", "returns",
                  "hscp_nb.inputs.returns:read_returns_for", per_partnership="{slug}.xlsx",
                  help="Returns workbook, or a folder of <partnership-slug>.xlsx"),
        InputSpec("msg_data", "PHS Ministerial Strategic Group indicators", "msg", "file or folder",
                  "PHS's MSG data: a workbook, or a folder of its CSV files", "phs", "hscp_nb.inputs.msg:read_msg_for",
                  described="PHS's MSG data files, in the folder", help="PHS MSG data: a workbook, or a folder of its "
                  "CSV files"),
        InputSpec("local", "{partnerships} own layout, sections and look", "local", "folder",
                  "a folder of partnerships' own folders (<partnership-slug>/report.yml, …)", "method",
                  "hscp_nb.inputs.local:read_local", per_partnership="{slug}", in_sources="own",
                  described="its own files (sections, their tables and its look), in the folder",
                  help="Partnerships' own files: <folder>/<partnership-slug>/report.yml, its sections and brand"),
    )
}  # fmt: skip


def sources(inputs, own_sections: bool = False) -> list:
    """Of a build's inputs (:class:`~hscp_nb.inputs.files.InputFile`), those the report lists among its sources
    (``own_sections``: the report has sections of the partnership's own)."""
    return [i for i in inputs if INPUTS.get(i.name) is None or INPUTS[i.name].is_source(own_sections)]


def reason_of(input_file) -> str:
    """The reason kind a change of this recorded input gives (an edition recorded before inputs had names: by its
    label)."""
    if input_file.name in INPUTS:
        return INPUTS[input_file.name].reason
    return "phs" if input_file.what.startswith("PHS") else "returns" if "local returns" in input_file.what else "method"
