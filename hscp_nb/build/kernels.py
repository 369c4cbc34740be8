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


class _PrivateSockets:
    def __init__(self, **kwargs):
        if os.name == "posix":  # Windows builds of ZeroMQ may lack IPC: TCP there, as jupyter_client does by default
            kwargs.setdefault("transport", "ipc")
        super().__init__(**kwargs)

    def _ip_default(self) -> str:
        if self.transport != "ipc":
            return super()._ip_default()
        return str(Path(tempfile.mkdtemp(prefix="hscp-nb-kernel-")) / "kernel")

    def cleanup_ipc_files(self) -> None:
        super().cleanup_ipc_files()
        if self.transport == "ipc":
            shutil.rmtree(Path(self.ip).parent, ignore_errors=True)


class IsolatedKernelManager(_PrivateSockets, AsyncKernelManager):
    """nbclient's kernel manager on private Unix sockets (pass as ``kernel_manager_class``)."""


class IsolatedSyncKernelManager(_PrivateSockets, KernelManager):
    """The blocking variant, for a kernel kept alive across many notebooks."""


def start_kernel(cwd: Path, quiet: bool = True) -> KernelManager:
    """Start a python3 kernel on private sockets with a headless matplotlib backend."""
    km = IsolatedSyncKernelManager(kernel_name="python3")
    km.start_kernel(
        cwd=str(cwd),
        env={**os.environ, **KERNEL_ENV},
        extra_arguments=["--IPKernelApp.log_level=ERROR"] if quiet else [],
    )
    return km
