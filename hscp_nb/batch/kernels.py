"""Jupyter kernels that talk over Unix sockets in a private folder, never TCP ports.

jupyter_client's default picks free TCP ports in the client and hands them to the kernel to bind. Two kernels started
at once (two batch workers, two test processes) can race for the same port, or a client can connect to a port just
as another kernel takes it; the client then waits for a reply that never comes. Unix sockets at an absolute path in a
fresh temporary folder cannot collide. Use ``IsolatedKernelManager`` for nbclient/papermill
(``kernel_manager_class=...``) and ``start_kernel()`` for a long-lived kernel of one's own.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path

from jupyter_client import AsyncKernelManager, KernelManager

KERNEL_ENV = {"MPLBACKEND": "Agg", "PYDEVD_DISABLE_FILE_VALIDATION": "1"}
BATCH_KERNEL = ("--InteractiveShell.cache_size=0", "--HistoryManager.enabled=False")
FOLDER_PREFIX = "hscp-nb-kernel-"
OWNER_FILE = "owner.pid"
on_start: list = []  # callbacks(kernel pid, socket folder) run when start_kernel has started a kernel


def pid_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # someone else's process: alive
        return True
    return True


def clean_stale_folders(root: str | None = None) -> int:
    """Remove socket folders that crashed or killed runs left in the temporary directory: those whose owning process
    is gone. Folders of live runs (another batch on the same machine) are kept. Returns how many were removed."""
    removed = 0
    for folder in Path(root or tempfile.gettempdir()).glob(FOLDER_PREFIX + "*"):
        try:
            owner = int((folder / OWNER_FILE).read_text())
        except (OSError, ValueError):
            owner = None
        if owner is None or not pid_alive(owner):
            shutil.rmtree(folder, ignore_errors=True)
            removed += 1
    return removed


class _PrivateSockets:
    def __init__(self, **kwargs):
        if os.name == "posix":  # Windows builds of ZeroMQ may lack IPC: TCP there, as jupyter_client does by default
            kwargs.setdefault("transport", "ipc")
        super().__init__(**kwargs)

    def _ip_default(self) -> str:
        if self.transport != "ipc":
            return super()._ip_default()
        folder = Path(tempfile.mkdtemp(prefix=FOLDER_PREFIX))
        (folder / OWNER_FILE).write_text(str(os.getpid()))
        return str(folder / "kernel")

    def cleanup_ipc_files(self) -> None:
        super().cleanup_ipc_files()
        if self.transport == "ipc":
            shutil.rmtree(Path(self.ip).parent, ignore_errors=True)


class IsolatedKernelManager(_PrivateSockets, AsyncKernelManager):
    """nbclient's kernel manager on private Unix sockets (pass as ``kernel_manager_class``)."""


class IsolatedSyncKernelManager(_PrivateSockets, KernelManager):
    """The blocking variant, for a kernel kept alive across many notebooks."""


def start_kernel(cwd: Path, quiet: bool = True) -> KernelManager:
    """Start a python3 kernel on private sockets with a headless matplotlib backend. It keeps no output cache
    (``Out``) and no input history, which a batch never reads: with an output cache every notebook's ``%reset -f``
    ran a full garbage collection, and every cell's source went into IPython's SQLite history (together about 6% of
    a report's CPU time)."""
    km = IsolatedSyncKernelManager(kernel_name="python3")
    km.start_kernel(
        cwd=str(cwd),
        env={**os.environ, **KERNEL_ENV},
        extra_arguments=[*(["--IPKernelApp.log_level=ERROR"] if quiet else []), *BATCH_KERNEL],
    )
    folder = str(Path(km.ip).parent) if km.transport == "ipc" else ""
    for callback in on_start:
        callback(km.provisioner.pid, folder)
    return km
