"""The block model: every kind survives its JSON form, and a table refuses what a writer could not render faithfully."""

import pandas as pd
import pytest

from hscp_nb.document.blocks import KINDS, MIMETYPE, MODEL_VERSION, Blocks, Column, Paragraph, Table, from_json
from tests.blocks_sample import every_kind


def test_every_kind_round_trips_through_json(document):
    blocks = Blocks(*document.title_blocks, *every_kind())
    assert {b.kind for b in blocks} == set(KINDS)
    assert from_json(blocks.to_json()) == blocks


def test_jupyter_gets_html_from_the_registered_formatter_and_the_structured_blocks():
    """The model knows no writer: IPython adds the HTML through the formatter hscp_nb.writers.jupyter registers by
    type name (every notebook imports it)."""
    from IPython.core.interactiveshell import InteractiveShell

    from hscp_nb.writers import jupyter

    shell = InteractiveShell.instance()
    jupyter.load_ipython_extension(shell)
    bundle, _ = shell.display_formatter.format(every_kind())
    assert bundle[MIMETYPE]["version"] == MODEL_VERSION and len(bundle[MIMETYPE]["blocks"]) == 8
    assert "<table" in bundle["text/html"] and "&lt;per 100,000&gt;" in bundle["text/html"]


def test_a_newer_model_is_refused_rather_than_misread():
    payload = every_kind().to_json() | {"version": MODEL_VERSION + 1}
    with pytest.raises(ValueError, match=f"model version {MODEL_VERSION + 1}"):
        from_json(payload)


def test_column_roles_first_names_the_row_numbers_are_numbers():
    table = every_kind()[6]
    assert [c.role for c in table.columns] == ["row-header", "text", "number", "number"]
    assert table.data.rows[0][0] == "NI-11"


def test_a_table_refuses_unformatted_cells_and_ragged_rows():
    with pytest.raises(TypeError, match="unformatted"):
        Table("t", "caption", (Column("A"),), ((1.5,),))
    with pytest.raises(ValueError, match="row 1 has 2 cells"):
        Table("t", "caption", (Column("A"),), (("a", "b"),))
    with pytest.raises(ValueError, match="roles"):
        Table("t", "caption", (Column("A", "colour"),), (("a",),))


def test_blocks_take_nested_lists_and_skip_none_but_refuse_html_strings():
    blocks = Blocks(None, [Paragraph("a"), [Paragraph("b")]], Blocks(Paragraph("c")))
    assert [b.text for b in blocks] == ["a", "b", "c"]
    with pytest.raises(TypeError, match="not a document block"):
        Blocks("<p>raw html</p>")


def test_data_keep_missing_values_as_none_and_numbers_as_numbers():
    frame = pd.DataFrame({"value": [1.5, float("nan")], "when": pd.to_datetime(["2025-06-15", None])})
    data = Table.from_frame(frame.astype(str), "t", "c", data=frame).data
    assert data.rows == ((1.5, "2025-06-15T00:00:00"), (None, None))
