"""A partnership's own layout: ``<local>/<slug>/report.yml`` says which sections its report has, in which order, with
which titles, and lists its own sections (notebooks and Markdown files in that folder). Without one, the national
layout (every built-in section, in :data:`~hscp_nb.domain.sections.BUILT_IN` order).

The minimal form::

    sections:
      - foreword.md          # a Markdown file in this folder
      - indicators
      - msg
      - carers.ipynb         # a parameterised notebook in this folder
      - finance: Our money   # a section with its own title
      - localities
      - governance

An entry is a section's name, a file name, or a one-key mapping of either to its title. The national-indicator annex
and "About this report" are not listed: they always close the report, in the national layout. A built-in section the
layout leaves out is not built; the statutory requirements it answers are listed MISSING ("left out by the layout
(report.yml, line N)").
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from hscp_nb.domain.errors import InputError, Problem
from hscp_nb.domain.requirements import LEFT_OUT
from hscp_nb.domain.sections import BUILT_IN, SectionSpec

LAYOUT_FILE = "report.yml"
OWN_KINDS = {".ipynb": "notebook", ".md": "markdown"}
FIXED = {"annex": "the national-indicator annex", "about": '"About this report"'}


@dataclass(frozen=True)
class Layout:
    """The sections of one partnership's report, in order; ``file`` the report.yml they come from (None: the national
    layout); ``left_out``: each requirement a left-out built-in section would have answered → why it is missing."""

    sections: tuple[SectionSpec, ...]
    file: Path | None = None
    left_out: dict[str, str] = field(default_factory=dict)
    numbering: tuple[str, ...] = ()  # every section the layout lists, when only some are built (--sections)

    @property
    def reads(self) -> set[str]:
        """The inputs its sections read."""
        return {name for spec in self.sections for name in spec.reads}

    @property
    def names(self) -> list[str]:
        return [s.name for s in self.sections]

    def __getitem__(self, name: str) -> SectionSpec:
        for spec in self.sections:
            if spec.name == name:
                return spec
        raise KeyError(name)

    def number(self, name: str) -> int:
        """The section's number in the report (its place in the layout, from 1)."""
        return list(self.numbering or self.names).index(name) + 1

    def chosen(self, names: list[str] | None) -> Layout:
        """Only the sections ``names`` (``--sections``), keeping their places and numbers' order; None: all."""
        if not names:
            return self
        unknown = [n for n in names if n not in self.names]
        if unknown:
            raise InputError(Problem(file="parameters", column="sections", found=", ".join(unknown),
                                     expected="some of " + ", ".join(self.names)))  # fmt: skip
        return Layout(tuple(s for s in self.sections if s.name in names), self.file, self.left_out,
                      self.numbering or tuple(self.names))  # fmt: skip


NATIONAL = Layout(tuple(BUILT_IN.values()))


def read_layout(folder: Path | None) -> Layout:
    """The layout in ``folder`` (the partnership's own folder), or the national one when it has no report.yml. A
    file that does not parse, an unknown section, a missing file or a section listed twice is one InputError naming
    report.yml and the line."""
    path = Path(folder) / LAYOUT_FILE if folder is not None else None
    if path is None or not path.is_file():
        return NATIONAL
    import yaml

    def problem(line: int | None, found, expected: str) -> InputError:
        return InputError(Problem(file=str(path), line=line, found=found, expected=expected))

    try:
        root = yaml.compose(path.read_text(encoding="utf-8"), Loader=yaml.SafeLoader)
    except UnicodeDecodeError:
        raise problem(None, "bytes that are not UTF-8 text", "a YAML file (UTF-8 text)") from None
    except yaml.YAMLError as err:
        mark = getattr(err, "problem_mark", None)
        line = mark.line + 1 if mark is not None else None
        raise problem(
            line, getattr(err, "problem", None) or str(err), "YAML that parses (a 'sections:' list)"
        ) from None
    key_line, listing = _sections_node(root, problem)
    specs: list[SectionSpec] = []
    for item in listing.value:
        line = item.start_mark.line + 1
        entry, title = _entry(item, line, problem)
        spec = _spec(entry, title, Path(folder), line, problem)
        if spec.name in (s.name for s in specs):
            raise problem(line, entry, "each section once (it is listed twice)")
        specs.append(spec)
    if not specs:
        raise problem(listing.start_mark.line + 1, "no sections", "at least one section under 'sections:'")
    listed = {s.name for s in specs}
    left_out = {
        requirement: f"{LEFT_OUT} ({LAYOUT_FILE}, line {key_line}): the {spec.name} section"
        for spec in BUILT_IN.values()
        if spec.name not in listed
        for requirement in spec.answers
    }
    return Layout(tuple(specs), path, left_out)


def _sections_node(root, problem):
    import yaml

    if not isinstance(root, yaml.MappingNode):
        raise problem(1 if root is None else root.start_mark.line + 1, "no 'sections:' list",
                      "a mapping with a 'sections:' list of section names and files")  # fmt: skip
    for key, _ in root.value:
        if key.value != "sections":
            raise problem(key.start_mark.line + 1, key.value, "only 'sections:' (a list of section names and files)")
    found = [(key.start_mark.line + 1, value) for key, value in root.value if key.value == "sections"]
    if not found or not isinstance(found[0][1], yaml.SequenceNode):
        line = found[0][0] if found else 1
        raise problem(line, "no list under 'sections:'", "'sections:' followed by a list ('- indicators', …)")
    return found[0]


def _entry(item, line: int, problem) -> tuple[str, str | None]:
    """A list item's section (name or file) and its own title, if it gives one."""
    import yaml

    if isinstance(item, yaml.ScalarNode) and item.value.strip():
        return item.value.strip(), None
    if isinstance(item, yaml.MappingNode) and len(item.value) == 1:
        key, value = item.value[0]
        if isinstance(key, yaml.ScalarNode) and isinstance(value, yaml.ScalarNode) and value.value.strip():
            return key.value.strip(), value.value.strip()
    return "", _refuse(problem, line, "an entry that is neither a name nor 'name: title'")


def _refuse(problem, line, found):
    raise problem(line, found, "a section's name, a file name, or 'name: Its own title'")


def _spec(entry: str, title: str | None, folder: Path, line: int, problem) -> SectionSpec:
    if entry in BUILT_IN:
        spec = BUILT_IN[entry]
        return spec.titled(title or spec.title, line)
    if entry in FIXED:
        raise problem(line, entry, f"not listed: {FIXED[entry]} always comes last, in the national layout")
    suffix = Path(entry).suffix.lower()
    if suffix not in OWN_KINDS:
        raise problem(line, entry, "one of " + ", ".join(BUILT_IN) + ", or a notebook (.ipynb) or Markdown file (.md) "
                      f"in {folder}")  # fmt: skip
    path = folder / entry
    if Path(entry).is_absolute() or ".." in Path(entry).parts:
        raise problem(line, entry, f"a file name inside {folder}")
    if not path.is_file():
        raise problem(line, f"{entry}: no such file in {folder}", "a file in the partnership's folder")
    name = Path(entry).stem.lower().replace(" ", "-")
    if name in BUILT_IN or name in FIXED:
        raise problem(line, entry, f"a file name other than a built-in section's ({name})")
    own_title = title or _title_of(path)
    common = dict(title=own_title, own=True, line=line, source="local", warm="")
    if OWN_KINDS[suffix] == "notebook":
        from hscp_nb.inputs.catalogue import INPUTS

        return SectionSpec(name, notebook=str(path), reads=tuple(INPUTS), **common)
    return SectionSpec(name, markdown=path, reads=("local",), **common)


def _title_of(path: Path) -> str:
    """A section's title when report.yml gives none: a Markdown file's first '# ' heading, else the file's name."""
    if path.suffix.lower() == ".md":
        for text in path.read_text(encoding="utf-8", errors="replace").splitlines():
            if text.startswith("# "):
                return text[2:].strip()
    return path.stem.replace("-", " ").replace("_", " ").capitalize()
