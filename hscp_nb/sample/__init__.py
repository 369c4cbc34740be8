"""The synthetic sample: every input file of the toolkit, made up, seeded and reproducible byte for byte."""

from __future__ import annotations

from pathlib import Path


def write_sample(target: str | Path) -> list[Path]:
    """Write the whole sample into ``target`` (data/sample): the PHS Core Suite and locality extract, the 31 returns
    workbooks (:mod:`hscp_nb.sample.generate`) and the MSG data (:mod:`hscp_nb.sample.msg`, in ``msg/``)."""
    from hscp_nb.sample.generate import write_national_and_returns
    from hscp_nb.sample.msg import write_msg_sample

    target = Path(target)
    return write_national_and_returns(target) + write_msg_sample(target / "msg")
