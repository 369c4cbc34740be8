"""The renderers as nbconvert exporters, registered under entry points, so that

    jupyter nbconvert --to hscp-html report.ipynb
    jupyter nbconvert --to hscp-pdf notebooks/10_indicators.ipynb   (an executed section notebook)
    jupyter nbconvert --to hscp-docx report.ipynb

give the same files as the batch, which calls these classes itself. Both read the notebook's blocks
(:mod:`hscp_nb.document.notebook`), never its HTML.
"""

from __future__ import annotations

from nbconvert.exporters import Exporter

from hscp_nb.document.docx import render_docx
from hscp_nb.document.html import render_document
from hscp_nb.document.notebook import read_notebook
from hscp_nb.document.typst import render_pdf


class _BlocksExporter(Exporter):
    def from_notebook_node(self, nb, resources=None, **kw):
        # The base class deep-copies the notebook and runs preprocessors; these writers change nothing in it and
        # use no preprocessor, so the copy (0.1 s for a report with 40 vector charts) is skipped.
        resources = self._init_resources(resources)
        resources["output_extension"] = self.file_extension
        return self.render(read_notebook(nb)), resources


class ReportHTMLExporter(_BlocksExporter):
    """The accessible HTML report (or section) from the notebook's blocks."""

    export_from_notebook = "hscp_nb report (HTML)"
    output_mimetype = "text/html"

    def _file_extension_default(self):
        return ".html"

    def render(self, document):
        return render_document(document)


class ReportPDFExporter(_BlocksExporter):
    """The tagged PDF/UA-1 report (or section), set by Typst from the notebook's blocks."""

    export_from_notebook = "hscp_nb report (PDF)"
    output_mimetype = "application/pdf"

    def _file_extension_default(self):
        return ".pdf"

    def render(self, document):
        return render_pdf(document)


class ReportDocxExporter(_BlocksExporter):
    """The editable Word report (or section) from the notebook's blocks."""

    export_from_notebook = "hscp_nb report (Word)"
    output_mimetype = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"

    def _file_extension_default(self):
        return ".docx"

    def render(self, document):
        return render_docx(document)
