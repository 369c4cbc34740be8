"""Follow one job's route call by call: the hscp_nb modules it passes through, in order, how often it goes back up
from a lower room of the package to a higher one, and how often it returns to a module it had already left.

    python benchmarks/route.py [DEPTH] [PARTNERSHIP]

Runs one job (2025/26, a fresh kernel, into a temporary folder) under a profiler that records each call into an
hscp_nb function made at most DEPTH hscp_nb calls below ``run_job`` (default 2: run_job's own calls and theirs),
outside the section notebooks' kernel, as a reader following the code would: each call site once (a loop's call is
one call), properties, dunder methods, comprehensions and lambdas left out. Consecutive calls into one module are
one stop. The rooms' order is
tests/test_layout.py's: a stop in a room lower than the stop before it, followed by a higher one, is one climb.
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

ROOMS = ["domain", "inputs", "analysis", "document", "present", "writers", "editions", "report", "products", "batch"]


def room(module: str) -> int:
    parts = module.split(".")
    return ROOMS.index(parts[1]) if len(parts) > 1 and parts[1] in ROOMS else len(ROOMS)


def _plumbing(frame) -> bool:
    """Calls a reader following the code does not stop at: a property or dunder method, a comprehension, a lambda,
    a module being imported."""
    code = frame.f_code
    if code.co_name.startswith(("<", "__")):
        return True
    owner, _, name = code.co_qualname.rpartition(".")
    cls = frame.f_globals.get(owner) if owner and "." not in owner else None
    return isinstance(getattr(cls, name, None), property)


def trace(depth: int, partnership: str) -> list[str]:
    from hscp_nb.batch import job as job_module
    from hscp_nb.batch.plan import plan

    with tempfile.TemporaryDirectory() as tmp:
        (job,) = plan(2025, partnership, output_root=Path(tmp) / "outputs", editions_root=Path(tmp) / "editions",
                      reuse_kernel=False)  # fmt: skip
        stops: list[str] = []
        seen: set = set()
        level = [0]
        inside = [False]

        def profile(frame, event, arg):
            module = frame.f_globals.get("__name__", "")
            if not module.startswith("hscp_nb"):
                return
            if event == "call":
                if frame.f_code is job_module.run_job.__code__:
                    inside[0] = True
                    level[0] = 0
                    return
                if inside[0]:
                    level[0] += 1
                    site = (frame.f_back.f_code, frame.f_back.f_lineno, frame.f_code)
                    if level[0] <= depth and site not in seen and not _plumbing(frame):
                        seen.add(site)
                        if not stops or stops[-1] != module:
                            stops.append(module)
            elif event == "return" and inside[0]:
                if frame.f_code is job_module.run_job.__code__:
                    inside[0] = False
                else:
                    level[0] -= 1

        sys.setprofile(profile)
        try:
            outcome = job_module.run_job(job)
        finally:
            sys.setprofile(None)
        assert outcome.status == "built", outcome.detail
    return stops


def main() -> None:
    depth = int(sys.argv[1]) if len(sys.argv) > 1 else 2
    partnership = sys.argv[2] if len(sys.argv) > 2 else "Orkney Islands"
    stops = trace(depth, partnership)
    climbs = sum(1 for a, b in zip(stops, stops[1:]) if room(b) > room(a) and room(a) < room("hscp_nb.batch"))
    returns = sum(1 for i, m in enumerate(stops) if m in stops[: i - 1] and i > 0)
    print(" → ".join(m.removeprefix("hscp_nb.") for m in stops))
    print(f"{len(stops)} stops in {len(set(stops))} modules; {climbs} climbs from a lower room to a higher one; "
          f"{returns} returns to a module already left")  # fmt: skip


if __name__ == "__main__":
    main()
