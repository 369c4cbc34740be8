"""hscp_nb: Annual Performance Reports for Scotland's Health and Social Care Partnerships.

Data flows one way through the package's rooms: ``domain`` (years, reference data, statutory facts, the rules every
verdict uses) → ``inputs`` (read and validate the PHS files, returns workbooks and parameters) → ``analysis``
(numbers and verdicts) → ``present`` (sentences, formats, charts and the blocks each section notebook shows) →
``document`` (the block model, the reader of executed notebooks, measures) → ``writers`` (one registry: HTML, PDF,
Word, ODT, the data workbooks, the QA page) → ``batch`` (plan, kernel sessions, one job, the pool, assembly, the
indexes) and ``products`` (the benchmarking pack and the explorer); ``sample`` writes the synthetic inputs. Each
module logs to ``logging.getLogger(__name__)``, below the package's one logger ``hscp_nb``, which stays silent
unless the application configures logging.
"""

import logging
import sys

__version__ = "0.3.0"
# The category property of every data workbook hscp_nb writes: `validate` tells such an output from an input by it.
DATA_WORKBOOK_CATEGORY = "hscp_nb data workbook"

logging.getLogger(__name__).addHandler(logging.NullHandler())


def _blocks_as_html(blocks) -> str:
    from hscp_nb.writers.html import render_blocks

    return render_blocks(blocks)


def _register_jupyter_display() -> None:
    """In a Jupyter kernel, show document blocks as the HTML writer renders them. Registered here, above every room,
    by type name: the block model never imports a writer."""
    if "IPython" not in sys.modules:
        return
    from IPython import get_ipython

    shell = get_ipython()
    if shell is not None and hasattr(shell, "display_formatter"):
        html = shell.display_formatter.formatters["text/html"]
        html.for_type_by_name("hscp_nb.document.blocks", "Blocks", _blocks_as_html)


_register_jupyter_display()
