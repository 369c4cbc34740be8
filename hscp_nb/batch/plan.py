"""Plan a batch: check its parameters once, before any job starts, and list one job per partnership and reporting
year, each with its cache key, in the order that keeps every worker busy to the end. One plan covers a whole run,
one year or every year the PHS file covers (``all``, ``2019-2025``): the PHS file is read once for it. A job carries
the report's one typed parameter object (:class:`hscp_nb.inputs.params.ReportParams`), so a partnership keeps one
name, ``partnership``, from the command line to the notebook and back."""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from hscp_nb import __version__
from hscp_nb.domain import reference
from hscp_nb.domain.errors import InputError, Problem
from hscp_nb.domain.sections import BUILT_IN, SectionSpec
from hscp_nb.domain.years import FIRST_REPORTING_YEAR, parse_years
from hscp_nb.inputs.catalogue import INPUTS
from hscp_nb.inputs.files import sha256
from hscp_nb.inputs.layout import NATIONAL, Layout, read_layout
from hscp_nb.inputs.params import NOTEBOOKS_DIR, ReportParams, default_output_root
from hscp_nb.writers import registry


@dataclass
class Job:
    """One partnership's report for one year: its parameters, its layout (the sections to build, in order), the
    formats, where to. ``problem``: why it cannot be built (its layout's one located line), if it cannot."""

    params: ReportParams
    layout: Layout
    formats: tuple[str, ...]  # names of registry writers
    output_root: str
    cache_key: str = ""
    force: bool = False
    reuse_kernel: bool = True
    editions_root: str = ""  # the register of published editions this build compares itself with
    code: str = ""  # digest of the package's code, templates and reference data (an edition records it)
    problem: tuple[Problem, ...] = ()

    @property
    def partnership(self) -> reference.Partnership:
        return self.params.partnership

    @property
    def sections(self) -> list[str]:
        return self.layout.names

    @property
    def reads(self) -> set[str]:
        """The inputs its sections read."""
        return self.layout.reads

    @property
    def target(self) -> Path:
        return Path(self.output_root) / self.params.year.slug / self.partnership.slug

    @property
    def failed_dir(self) -> Path:
        return Path(self.output_root) / self.params.year.slug / "failed" / self.partnership.slug

    @property
    def writers(self) -> tuple[registry.Writer, ...]:
        return tuple(registry.writer(name) for name in self.formats)

    def notebook_parameters(self, spec: SectionSpec, output_dir: Path) -> dict:
        """What papermill injects into a section's notebook (literals only): the partnership, year and output
        folder, and each input the section reads."""
        values = {"partnership": self.partnership.code, "year": self.params.year.start, "output_dir": str(output_dir)}
        return values | {name: str(getattr(self.params, name) or "") for name in spec.reads}

    def __str__(self) -> str:
        return f"{self.partnership.name} {self.params.year.label}"


def default_editions_root(output_root: Path, editions_root=None) -> Path:
    """The register of editions: ``editions_root``, else ``editions/`` beside the output folder, never inside it (the
    output folder is regenerated)."""
    from hscp_nb.editions import register

    found = Path(editions_root or output_root.parent / register.DEFAULT_ROOT)
    if found.resolve().is_relative_to(output_root.resolve()):
        where = f"a folder outside the output folder {output_root} (it is regenerated)"
        raise InputError(Problem(file="parameters", column="editions", found=str(found), expected=where))
    return found


@cache
def code_digest() -> str:
    """The digest of the package's code, templates and reference data: a build and an edition record it."""
    digest = hashlib.sha256(__version__.encode())
    package = Path(__file__).resolve().parents[1]
    for path in sorted(package.rglob("*")):
        if path.is_file() and path.suffix in {".py", ".csv", ".j2", ".css", ".json", ".typ"}:
            digest.update(path.relative_to(package).as_posix().encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()


def section_names(sections: str | list[str] | None) -> list[str]:
    """The sections ``--sections`` names (none: every section of each partnership's layout)."""
    names = [s.strip() for s in sections.split(",")] if isinstance(sections, str) else list(sections or [])
    return [s for s in names if s]


def plan(
    years,
    partnerships: str | list[str] | None = None,
    sections: str | list[str] | None = None,
    *,
    output_root=None,
    formats: str | list[str] | None = None,
    force=False,
    reuse_kernel=True,
    editions_root=None,
    **inputs,
) -> list[Job]:
    """Validate the batch's parameters and list one job per partnership and year (``years``: one year, a range such
    as ``2019-2025``, ``all``, or several separated by commas), each with its layout and cache key, longest first.
    ``inputs``: input name → path (:data:`~hscp_nb.inputs.catalogue.INPUTS`; the sample's where not given). A
    partnership whose layout cannot be read gets a job that fails at once, naming the line; the others build. A
    report's cache key holds everything it is made from: the code, each input its sections read (the partnership's
    own returns and folder), the sections' notebooks, its layout and formats, and its latest published edition
    (``editions_root``), so that publishing one makes the next build compare itself with it."""
    from hscp_nb.editions import register

    chosen = reference.resolve_partnerships(partnerships)
    names = section_names(sections)
    writers = registry.select(formats)
    chosen_formats = tuple(w.name for w in writers)
    unknown = [n for n in inputs if n not in INPUTS]
    if unknown:
        raise InputError(Problem(file="parameters", column="input", found=", ".join(unknown),
                                 expected="one of " + ", ".join(INPUTS)))  # fmt: skip
    base = ReportParams.build(partnership=chosen[0].code, year=FIRST_REPORTING_YEAR, **inputs)
    base.check_files()
    chosen_years = parse_years(years, latest_year_in_data(base), latest_in=base.data.name)
    root = check_output_root(Path(output_root or default_output_root()))
    editions_root = default_editions_root(root, editions_root)
    code = code_digest()
    layouts = {p: _layout(base.model_copy(update={"partnership": p}), names) for p in chosen}
    listed = {n for layout, _ in layouts.values() for n in layout.names}
    if names and not set(names) <= listed:
        known = "some of " + ", ".join(dict.fromkeys([*BUILT_IN, *sorted(listed)]))
        found = ", ".join(sorted(set(names) - listed))
        raise InputError(Problem(file="parameters", column="sections", found=found, expected=known))
    digests: dict[str, str] = {}  # each file or folder hashed once for the whole plan

    def digest(path: Path | None) -> str:
        key = str(path)
        if key not in digests:
            digests[key] = sha256(path) if path is not None and path.exists() else "missing"
        return digests[key]

    jobs = []
    for year in chosen_years:
        for partnership in chosen:
            params = base.model_copy(update={"partnership": partnership, "year": year})
            layout, problem = layouts[partnership]
            key = hashlib.sha256(code.encode())
            for spec in layout.sections:
                built_in = NOTEBOOKS_DIR / spec.notebook if spec.notebook and not spec.own else None
                key.update(f"{spec.name} {spec.title} {digest(built_in) if built_in else ''}".encode())
            for name in INPUTS:
                key.update(f"{name} {digest(params.path(name)) if name in layout.reads else '-'}".encode())
            key.update(json.dumps([chosen_formats, partnership.code, year.start, [str(p) for p in problem]]).encode())
            last = register.latest(editions_root, year.slug, partnership.slug)
            key.update(f"edition {last.folder if last else None}".encode())
            jobs.append(Job(params, layout, chosen_formats, str(root), key.hexdigest(), force, reuse_kernel,
                            str(editions_root), code, problem))  # fmt: skip
    return longest_first(jobs)


def _layout(params: ReportParams, names: list[str]) -> tuple[Layout, tuple[Problem, ...]]:
    """The partnership's layout, only the sections ``names`` when given; or the national one and its problems."""
    try:
        layout = read_layout(params.local_folder)
    except InputError as err:
        return NATIONAL, tuple(err.problems)
    return layout.chosen([n for n in names if n in layout.names]) if names else layout, ()


def expected_seconds(job: Job) -> float:
    """How long a job is expected to take: its report's last build time when there is one (the manifest says),
    else an estimate from the partnership's number of localities (their tables and charts)."""
    from hscp_nb.editions.manifest import Manifest

    built = Manifest.read(job.target)
    try:
        return float(built.timings_seconds["total"])
    except (AttributeError, KeyError, TypeError, ValueError):
        return 4.0 + 0.2 * len(reference.localities(job.partnership, job.params.year.start))


def longest_first(jobs: list[Job]) -> list[Job]:
    """Longest jobs first, so that the last ones to start are short and both workers finish together; equal ones
    keep the plan's order (year, then partnership)."""
    return sorted(jobs, key=expected_seconds, reverse=True)


def check_output_root(root: Path) -> Path:
    """The output folder, created if need be and shown to be writable, or one InputError saying why not."""
    import tempfile

    root = root.expanduser().resolve()
    problem = None
    if root.exists() and not root.is_dir():
        problem = "a file"
    else:
        try:
            root.mkdir(parents=True, exist_ok=True)
            with tempfile.TemporaryFile(dir=root):
                pass
        except OSError as err:
            problem = err.strerror or type(err).__name__
    if problem:
        raise InputError(Problem(file=str(root), found=problem, expected="a folder the reports can be written to "
                                 "(--output)"))  # fmt: skip
    return root


def latest_year_in_data(params: ReportParams) -> int:
    """The latest reporting year the PHS file can report: its latest financial year. Reading it here also validates
    the file once for the whole run, rather than in every job."""
    from hscp_nb.inputs.phs import read_core_suite

    table = read_core_suite(params.data).table
    financial = table[table["period_basis"] == "financial"]["year_start"]
    return int((financial if len(financial) else table["year_start"]).max())


def is_cached(job: Job) -> bool:
    """The report exists with every file the job would write, built from the same inputs, code and formats."""
    from hscp_nb.editions.manifest import Manifest

    built = None if job.force else Manifest.read(job.target)
    return (
        built is not None and built.cache_key == job.cache_key and all((job.target / f).exists() for f in built.files)
    )
