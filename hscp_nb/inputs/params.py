"""The one typed parameter model shared by the command line, the batch runner and the notebooks."""

from __future__ import annotations

from pathlib import Path

from pydantic import BaseModel, ConfigDict, ValidationError, create_model, field_validator

from hscp_nb.domain import reference
from hscp_nb.domain.errors import InputError, Problem
from hscp_nb.domain.years import FIRST_REPORTING_YEAR, ReportingYear, parse_year
from hscp_nb.inputs.catalogue import INPUTS
from hscp_nb.inputs.files import InputFile, what_is

PACKAGE_DIR = Path(__file__).resolve().parents[1]


def shipped(inside_package: str, in_checkout: str) -> Path:
    """A folder the built package carries (pyproject's force-include) or, in a checkout, its place in the repository."""
    packaged = PACKAGE_DIR / inside_package
    return packaged if packaged.is_dir() else PACKAGE_DIR.parent / in_checkout


NOTEBOOKS_DIR = shipped("notebooks", "notebooks")
SAMPLE_DIR = shipped("sample/data", "data/sample")


def default_path(name: str) -> Path:
    """The bundled sample's file (or folder) for the input ``name``."""
    return SAMPLE_DIR / INPUTS[name].default


def default_output_root() -> Path:
    """outputs/ of the checkout when running from one (make, notebooks opened in JupyterLab), else of the folder the
    command runs in (an installed package)."""
    checkout = PACKAGE_DIR.parent
    if (checkout / "pyproject.toml").is_file() and (checkout / "notebooks").is_dir():
        return checkout / "outputs"
    return Path.cwd() / "outputs"


class _Params(BaseModel):
    """Partnership, reporting year and output folder of one report; its inputs are fields too (see ReportParams)."""

    model_config = ConfigDict(arbitrary_types_allowed=True, frozen=True)

    partnership: reference.Partnership
    year: ReportingYear
    output_dir: Path | None = None

    @field_validator("partnership", mode="before")
    @classmethod
    def _partnership(cls, value):
        return reference.resolve_partnership(value)

    @field_validator("year", mode="before")
    @classmethod
    def _year(cls, value):
        year = parse_year(value)
        if year.start < FIRST_REPORTING_YEAR:
            raise InputError(
                Problem(
                    file="parameters",
                    column="year",
                    found=year.label,
                    expected=f"a reporting year from {ReportingYear(FIRST_REPORTING_YEAR).label} on "
                    "(statutory performance reports began then; SSI 2014/326)",
                )
            )
        return year

    @field_validator("output_dir", *INPUTS, mode="before", check_fields=False)
    @classmethod
    def _path(cls, value):
        return Path(value).expanduser().resolve() if value not in (None, "") else None

    def path(self, name: str) -> Path | None:
        """Where the input ``name`` is for this partnership: the path given, or inside a folder of partnerships'
        files, the partnership's own (``<slug>.xlsx``, ``<slug>/``)."""
        spec, path = INPUTS[name], getattr(self, name)
        if path is not None and spec.per_partnership and (path.is_dir() or spec.kind == "folder"):
            return path / spec.per_partnership.format(slug=self.partnership.slug)
        return path

    @property
    def returns_file(self) -> Path:
        """The partnership's returns workbook."""
        return self.path("returns")

    @property
    def local_folder(self) -> Path:
        """The partnership's own files (its layout, sections and brand): ``<local>/<partnership-slug>/``, which may
        not exist (then the national layout and look)."""
        return self.path("local")

    @property
    def report_dir(self) -> Path:
        """outputs/<YYYY-YY>/<partnership-slug> unless the runner chose another (temporary) folder."""
        return self.output_dir or default_output_root() / self.year.slug / self.partnership.slug

    def check_files(self) -> None:
        """Every input named exists and is of its kind (a file; a folder; or either)."""
        problems = []
        for spec in INPUTS.values():
            path = getattr(self, spec.name)
            if path is None or (spec.kind != "file" and path.is_dir()):
                continue
            found = what_is(path)
            if spec.kind == "folder" and found is None:
                found = "a file"
            if found:
                found = found if (found != "no such file" or spec.kind == "file") else f"no such {spec.kind}"
                problems.append(Problem(file=str(path), found=found,
                                        expected=f"{spec.expected} ({spec.option}, {spec.make}=)"))  # fmt: skip
        if problems:
            raise InputError(problems)

    @classmethod
    def build(cls, **values) -> ReportParams:
        """Validate parameters, raising InputError (not a pydantic traceback) for anything wrong."""
        values = {k: v for k, v in values.items() if v not in (None, "")}
        try:
            return cls(**values)
        except ValidationError as err:
            problems = []
            for item in err.errors():
                cause = item.get("ctx", {}).get("error")
                if isinstance(cause, InputError):
                    problems += cause.problems
                else:
                    problems.append(
                        Problem(
                            file="parameters",
                            column=".".join(map(str, item["loc"])),
                            found=item.get("input"),
                            expected=item["msg"],
                        )
                    )
            raise InputError(problems) from None


ReportParams = create_model(
    "ReportParams",
    __base__=_Params,
    __doc__="Partnership, reporting year, output folder and every input (:data:`~hscp_nb.inputs.catalogue.INPUTS`, "
    "each a field of its name, by default the bundled sample's) of one report, or of one section of it.",
    **{spec.name: (Path | None, default_path(spec.name)) for spec in INPUTS.values()},
)


def input_files(params: ReportParams, read: set[str] | None = None) -> list[InputFile]:
    """Every input of a report (of those ``read`` by its sections, when given) that is there, with what it is and its
    SHA-256, hashed once for the title page and the manifest."""
    files = []
    for spec in INPUTS.values():
        path = params.path(spec.name)
        if (read is None or spec.name in read) and path is not None and path.exists():
            label = spec.label_for(params.partnership)
            files.append(InputFile.hashed(label, path, spec.described, name=spec.name))
    return files
