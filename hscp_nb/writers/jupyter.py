"""JupyterLab's view of document blocks: importing this module in a notebook (every notebook's first cell does)
shows them as the HTML writer renders them. The block model itself never imports a writer; a block displayed
without this still carries its JSON, which is what the writers read. ``%load_ext hscp_nb.writers.jupyter`` works
too."""

from __future__ import annotations

from hscp_nb.writers.html import render_blocks


def load_ipython_extension(ipython) -> None:
    html = ipython.display_formatter.formatters["text/html"]
    html.for_type_by_name("hscp_nb.document.blocks", "Blocks", render_blocks)


def _register() -> None:
    """In a running IPython kernel, on import (once: a module is imported once per kernel)."""
    try:
        from IPython import get_ipython
    except ImportError:  # pragma: no cover - IPython comes with Jupyter
        return
    shell = get_ipython()
    if shell is not None and hasattr(shell, "display_formatter"):
        load_ipython_extension(shell)


_register()
