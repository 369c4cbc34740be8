"""hscp_nb: Annual Performance Reports for Scotland's Health and Social Care Partnerships.

Data flows one way through the package's rooms: ``domain`` (years, reference data, the rules every verdict uses) →
``inputs`` (read and validate the PHS files, returns workbooks and parameters) → ``analysis`` (numbers and verdicts)
→ ``present`` (sentences, formats, charts and what each section notebook shows) → ``build`` (the batch and the
assembly of executed notebooks into reports) and ``products`` (the benchmarking pack and the explorer); ``sample``
writes the synthetic inputs; ``document`` holds the block model and its writers (HTML, PDF, Word, data
workbook). Each module logs to ``logging.getLogger(__name__)``, below the package's one logger
``hscp_nb``, which stays silent unless the application configures logging.
"""

import logging

__version__ = "0.2.0"
# The category property of every data workbook hscp_nb writes: `validate` tells such an output from an input by it.
DATA_WORKBOOK_CATEGORY = "hscp_nb data workbook"

logging.getLogger(__name__).addHandler(logging.NullHandler())
