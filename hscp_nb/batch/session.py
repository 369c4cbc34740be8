"""The kernel session of a batch worker: one Jupyter kernel kept alive for every section notebook of every job the
worker runs, with a namespace reset before each notebook (a test shows the outputs equal fresh-kernel runs), and the
naive fresh-kernel way kept for ``reuse_kernel=False`` and for tests."""

from __future__ import annotations

import multiprocessing.util
from pathlib import Path

from hscp_nb.domain.sections import BUILT_IN
from hscp_nb.inputs.params import NOTEBOOKS_DIR

_KERNEL = None


def kernel():
    """This worker's kernel, started on first use and shut down when the worker exits."""
    global _KERNEL
    from hscp_nb.batch.kernels import start_kernel

    if _KERNEL is None or not _KERNEL.is_alive():
        _KERNEL = start_kernel(NOTEBOOKS_DIR)  # quiet: no per-kernel notices in batch output
        multiprocessing.util.Finalize(None, _KERNEL.shutdown_kernel, kwargs={"now": True}, exitpriority=10)
    return _KERNEL


# Before each notebook in a shared kernel: forget the previous notebook's variables and figures. Once, before the
# kernel's first notebook, what survives (imported modules, caches) is moved out of the garbage collector's sight, so
# that later collections only scan new objects (about 0.1 s a notebook; outputs unchanged). Only once: freezing
# before every notebook also froze each notebook's not-yet-collected garbage for good, and a kernel grew by about
# 1 MB a report.
_RESET = (
    "%reset -f\nimport builtins as _b, gc as _gc, matplotlib.pyplot as _plt\n_plt.close('all')\n"
    "if not getattr(_b, '_hscp_nb_frozen', False):\n    _gc.collect(); _gc.freeze(); _b._hscp_nb_frozen = True\n"
    "del _b, _gc, _plt"
)


# Sent to a new kernel without waiting for the answer: the kernel imports what every section notebook imports while
# its worker imports the writers (about 1 s of each, at the same time instead of one after the other).
_WARM_UP = "\n".join(f"import {spec.warm}" for spec in BUILT_IN.values() if spec.warm)


def warm_up() -> None:
    """Start this worker's kernel if it is not running and have it import the sections' libraries; returns at
    once. The first notebook's cells queue behind the imports."""
    client = _client()
    if not getattr(client.km, "warmed", False):
        client.kc.execute(_WARM_UP, silent=True, store_history=False)
        client.km.warmed = True


def notebook_path(spec) -> Path:
    """A section's notebook: the package's own, or a path in the partnership's folder."""
    return Path(spec.notebook) if spec.own else NOTEBOOKS_DIR / spec.notebook


def _prepared(spec, parameters: dict, reset: bool):
    """The section's notebook with papermill's parameter cell injected (and a namespace reset first when sharing)."""
    import nbformat
    from papermill.iorw import load_notebook_node
    from papermill.parameterize import parameterize_notebook

    # Every section runs in the package's Python kernel (a partnership's own notebook may carry no kernelspec).
    book = parameterize_notebook(load_notebook_node(str(notebook_path(spec))), parameters, kernel_name="python3",
                                 language="python")  # fmt: skip
    if reset:
        book.cells.insert(0, nbformat.v4.new_code_cell(_RESET, metadata={"tags": ["hscp-nb-internal"]}))
    return book


_CLIENT = None


def _client():
    """One client connection to this worker's kernel, kept for every notebook of every job the worker runs (opening
    one costs about 0.2 s); a new one only if the kernel had to be restarted."""
    global _CLIENT
    import nbformat
    from nbclient import NotebookClient

    km = kernel()
    if _CLIENT is None or _CLIENT.km is not km:
        _close_client()
        _CLIENT = NotebookClient(nbformat.v4.new_notebook(), km=km, timeout=900, record_timing=False)
        _CLIENT.start_new_kernel_client()
    return _CLIENT


def _close_client() -> None:
    global _CLIENT
    if _CLIENT is not None and _CLIENT.kc is not None:
        _CLIENT.kc.stop_channels()
    _CLIENT = None


def discard_kernel() -> None:
    """Drop this worker's kernel and client (after a timeout or a crash), so that the next job starts afresh."""
    global _KERNEL
    _close_client()
    if _KERNEL is not None:
        _KERNEL.shutdown_kernel(now=True)
    _KERNEL = None


class KernelSession:
    """Runs section notebooks one after another in this worker's kernel, each after a namespace reset."""

    def __enter__(self):
        self.client = _client()
        return self

    def __exit__(self, *exc):
        return False

    def run(self, spec, parameters: dict):
        """Execute one section's notebook; CellExecutionError carries the partly executed notebook as ``.notebook``."""
        from nbclient.exceptions import CellExecutionError

        book = _prepared(spec, parameters, reset=True)
        self.client.nb = book
        for index, cell in enumerate(book.cells):
            try:
                self.client.execute_cell(cell, index)
            except CellExecutionError as err:
                err.notebook = book
                raise
        return book


def execute_section(spec, parameters: dict):
    """Run one section's notebook in a fresh kernel (the naive way, kept for ``reuse_kernel=False`` and for tests)."""
    from nbclient import NotebookClient
    from nbclient.exceptions import CellExecutionError

    from hscp_nb.batch.kernels import IsolatedKernelManager

    book = _prepared(spec, parameters, reset=False)
    client = NotebookClient(
        book,
        kernel_name="python3",
        kernel_manager_class=IsolatedKernelManager,
        timeout=900,
        record_timing=False,
        resources={"metadata": {"path": str(NOTEBOOKS_DIR)}},
    )
    try:
        client.execute()
    except CellExecutionError as err:
        err.notebook = client.nb
        raise
    return client.nb
