"""Every document writer of the registry as an nbconvert exporter, so that

    jupyter nbconvert --to hscp-html report.ipynb
    jupyter nbconvert --to hscp-pdf notebooks/10_indicators.ipynb   (an executed section notebook)
    jupyter nbconvert --to hscp-odt report.ipynb

give the same files as the batch. The classes are made from :data:`hscp_nb.writers.registry.WRITERS` (the entry
point ``hscp-<name>`` names ``hscp_nb.writers.exporters:hscp_<name>``); each reads the notebook's blocks
(:mod:`hscp_nb.document.notebook`), never its HTML.
"""

from __future__ import annotations

from functools import cache

from nbconvert.exporters import Exporter

from hscp_nb.document.notebook import read_notebook
from hscp_nb.writers.registry import BY_NAME, QA, Writer


class BlocksExporter(Exporter):
    """An exporter over one writer of the registry."""

    writer: Writer

    def _file_extension_default(self):
        return self.writer.extension

    def from_notebook_node(self, nb, resources=None, **kw):
        # The base class deep-copies the notebook and runs preprocessors; these writers change nothing in it and
        # use no preprocessor, so the copy (0.1 s for a report with 40 vector charts) is skipped.
        resources = self._init_resources(resources)
        resources["output_extension"] = self.file_extension
        return self.writer.render(read_notebook(nb)), resources


@cache
def exporter_class(name: str) -> type[BlocksExporter]:
    writer = BY_NAME[name]
    return type(
        f"{name.capitalize()}Exporter",
        (BlocksExporter,),
        {
            "__module__": __name__,
            "writer": writer,
            "output_mimetype": writer.media_type,
            "export_from_notebook": f"hscp_nb report ({writer.label})",
            "__doc__": f"The {writer.label} of a report (or section) from the notebook's blocks.",
        },
    )


def __getattr__(attribute: str):
    """``hscp_<name>``: the exporter class of writer ``<name>`` (what the entry points load)."""
    name = attribute.removeprefix("hscp_")
    if attribute.startswith("hscp_") and name in BY_NAME and BY_NAME[name].audience != QA:
        return exporter_class(name)
    raise AttributeError(attribute)
