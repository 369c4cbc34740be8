"""The one typed parameter model shared by the command line, the batch runner and the notebooks."""

from __future__ import annotations

from pathlib import Path

from pydantic import BaseModel, ConfigDict, ValidationError, field_validator

from . import reference
from .errors import InputError, Problem
from .years import ReportingYear, parse_year

PROJECT_ROOT = Path(__file__).resolve().parents[1]
SAMPLE_DIR = PROJECT_ROOT / "data" / "sample"
DEFAULT_DATA = SAMPLE_DIR / "core_suite_sample.xlsx"
DEFAULT_LOCALITY_DATA = SAMPLE_DIR / "locality_extract_sample.xlsx"
DEFAULT_RETURNS = SAMPLE_DIR / "returns"
DEFAULT_OUTPUT_ROOT = PROJECT_ROOT / "outputs"


class ReportParams(BaseModel):
    """Partnership, reporting year and input files of one report (or one section of it)."""

    model_config = ConfigDict(arbitrary_types_allowed=True, frozen=True)

    partnership: reference.Partnership
    year: ReportingYear
    data: Path = DEFAULT_DATA
    locality_data: Path = DEFAULT_LOCALITY_DATA
    returns: Path = DEFAULT_RETURNS
    output_dir: Path | None = None

    @field_validator("partnership", mode="before")
    @classmethod
    def _partnership(cls, value):
        return reference.resolve_partnership(value)

    @field_validator("year", mode="before")
    @classmethod
    def _year(cls, value):
        return parse_year(value)

    @field_validator("data", "locality_data", "returns", mode="before")
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
    def report_dir(self) -> Path:
        """outputs/<YYYY-YY>/<partnership-slug> unless the runner chose another (temporary) folder."""
        return self.output_dir or DEFAULT_OUTPUT_ROOT / self.year.slug / self.partnership.slug

    @classmethod
    def build(cls, **values) -> "ReportParams":
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
                    problems.append(Problem(file="parameters", column=".".join(map(str, item["loc"])),
                                            found=item.get("input"), expected=item["msg"]))
            raise InputError(problems) from None
