"""``python -m hscp_nb``: the hscp-nb command line."""

from hscp_nb.cli import app

app()
