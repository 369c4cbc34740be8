"""The one typed parameter model shared by the command line, the batch runner and the notebooks."""

from __future__ import annotations

from pathlib import Path

from pydantic import BaseModel, ConfigDict, ValidationError, field_validator

from hscp_nb.domain import reference
from hscp_nb.domain.errors import InputError, Problem
from hscp_nb.domain.years import FIRST_REPORTING_YEAR, ReportingYear, parse_year
from hscp_nb.inputs.files import InputFile, what_is

PACKAGE_DIR = Path(__file__).resolve().parents[1]


def shipped(inside_package: str, in_checkout: str) -> Path:
    """A folder the built package carries (pyproject's force-include) or, in a checkout, its place in the repository."""
    packaged = PACKAGE_DIR / inside_package
    return packaged if packaged.is_dir() else PACKAGE_DIR.parent / in_checkout


NOTEBOOKS_DIR = shipped("notebooks", "notebooks")
SAMPLE_DIR = shipped("sample/data", "data/sample")
DEFAULT_DATA = SAMPLE_DIR / "core_suite_sample.xlsx"
DEFAULT_LOCALITY_DATA = SAMPLE_DIR / "locality_extract_sample.xlsx"
DEFAULT_RETURNS = SAMPLE_DIR / "returns"
DEFAULT_MSG_DATA = SAMPLE_DIR / "msg"
DEFAULT_LOCAL = SAMPLE_DIR / "local"


def default_output_root() -> Path:
    """outputs/ of the checkout when running from one (make, notebooks opened in JupyterLab), else of the folder the
    command runs in (an installed package)."""
    checkout = PACKAGE_DIR.parent
    if (checkout / "pyproject.toml").is_file() and (checkout / "notebooks").is_dir():
        return checkout / "outputs"
    return Path.cwd() / "outputs"


class ReportParams(BaseModel):
    """Partnership, reporting year and input files of one report (or one section of it)."""

    model_config = ConfigDict(arbitrary_types_allowed=True, frozen=True)

    partnership: reference.Partnership
    year: ReportingYear
    data: Path = DEFAULT_DATA
    locality_data: Path = DEFAULT_LOCALITY_DATA
    returns: Path = DEFAULT_RETURNS
    msg_data: Path | None = DEFAULT_MSG_DATA
    local: Path = DEFAULT_LOCAL
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

    @field_validator("data", "locality_data", "returns", "msg_data", "local", mode="before")
    @classmethod
    def _path(cls, value):
        return Path(value).expanduser().resolve() if value not in (None, "") else None

    @field_validator("output_dir", mode="before")
    @classmethod
    def _output(cls, value):
        return Path(value).expanduser().resolve() if value not in (None, "") else None

    @property
    def returns_file(self) -> Path:
        """The partnership's workbook: ``returns`` itself, or ``<slug>.xlsx`` inside a folder of workbooks."""
        if self.returns.is_dir():
            return self.returns / f"{self.partnership.slug}.xlsx"
        return self.returns

    @property
    def local_folder(self) -> Path:
        """The partnership's own files (its layout, sections and brand): ``<local>/<partnership-slug>/``, which may
        not exist (then the national layout and look)."""
        return self.local / self.partnership.slug

    @property
    def report_dir(self) -> Path:
        """outputs/<YYYY-YY>/<partnership-slug> unless the runner chose another (temporary) folder."""
        return self.output_dir or default_output_root() / self.year.slug / self.partnership.slug

    def check_files(self) -> None:
        """Every input named exists and is of the right kind (a file, or for returns a file or folder)."""
        problems = []
        for path, what, option in (
            (self.data, "the PHS Core Suite workbook", "--data, DATA="),
            (self.locality_data, "the PHS locality extract", "--locality-data, LOCALITY_DATA="),
        ):
            if path is not None and (found := what_is(path)):
                problems.append(Problem(file=str(path), found=found, expected=f"{what} ({option})"))
        if not self.returns.is_dir() and (found := what_is(self.returns)):
            problems.append(
                Problem(
                    file=str(self.returns),
                    found=found if found != "no such file" else "no such file or folder",
                    expected="a returns workbook or a folder of <partnership-slug>.xlsx (--returns, RETURNS=)",
                )
            )
        if self.msg_data is not None and not self.msg_data.is_dir() and (found := what_is(self.msg_data)):
            problems.append(
                Problem(
                    file=str(self.msg_data),
                    found=found if found != "no such file" else "no such file or folder",
                    expected="PHS's MSG data: a workbook, or a folder of its CSV files (--msg-data, MSG_DATA=)",
                )
            )
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


def input_files(params: ReportParams) -> list[InputFile]:
    """Every input of a report with what it is and its SHA-256, hashed once for the title page and the manifest."""
    files = [InputFile.hashed("PHS Core Suite of Integration Indicators", params.data)]
    if params.locality_data and params.locality_data.exists():
        files.append(InputFile.hashed("PHS locality extract", params.locality_data))
    files.append(InputFile.hashed(f"{params.partnership.name} local returns", params.returns_file))
    if params.msg_data and params.msg_data.exists():
        what = "PHS Ministerial Strategic Group indicators"
        files.append(InputFile.hashed(what, params.msg_data, "PHS's MSG data files, in the folder"))
    return files
