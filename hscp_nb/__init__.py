"""hscp_nb: Annual Performance Reports for Scotland's Health and Social Care Partnerships.

Data flows one way through the package's rooms: ``domain`` (years, reference data, statutory facts, the rules every
verdict uses) → ``inputs`` (read and validate the PHS files, returns workbooks and parameters) → ``analysis``
(numbers and verdicts) → ``present`` (sentences, formats, charts and the blocks each section notebook shows) →
``document`` (the block model, the reader of executed notebooks, measures) → ``writers`` (one registry: HTML, PDF,
Word, ODT, the data workbooks, the QA page) → ``batch`` (plan, kernel sessions, one job, the pool, assembly, the
indexes) and ``products`` (the benchmarking pack and the explorer); ``sample`` writes the synthetic inputs. Each
module logs to ``logging.getLogger(__name__)``, below the package's one logger ``hscp_nb``, which stays silent
unless the application configures logging. A notebook that imports :mod:`hscp_nb.writers.jupyter` shows document
blocks as HTML.
"""

import logging

__version__ = "0.3.0"
# The category property of every data workbook hscp_nb writes: `validate` tells such an output from an input by it.
DATA_WORKBOOK_CATEGORY = "hscp_nb data workbook"

logging.getLogger(__name__).addHandler(logging.NullHandler())
