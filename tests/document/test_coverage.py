"""The ledger check finds a number the text prints that no block declared, and passes one that is declared."""

from hscp_nb.document import coverage
from hscp_nb.document.blocks import Blocks, Paragraph, Value
from hscp_nb.document.model import Document, FrontMatter, Part


def _document(*blocks):
    return Document(FrontMatter(title="t"), [Part("finance", "2. Finance", Blocks(*blocks))])


SPENT = Value("finance/total-spend/value/highland/2025-26", "finance", "Total spend", "", "Highland", "2025/26",
              608190000.0, "£608.19m", "£", "returns.xlsx, sheet Finance")  # fmt: skip


def test_an_undeclared_number_in_a_sentence_is_found():
    missing = coverage.unledgered(_document(Paragraph("In 2025/26 Highland spent £608.19m, 3 more than planned.")))
    assert [number for _, number, _ in missing] == ["£608.19m", "3"]


def test_a_declared_number_passes_and_dates_years_and_codes_are_not_figures():
    text = "On 31 July 2026 (2025/26) Highland spent £608.19m on NI-12 and Outcome 9, per 100,000 aged 18+."
    assert coverage.unledgered(_document(Paragraph(text, values=(SPENT,)))) == []
    assert coverage.checked(_document(Paragraph(text, values=(SPENT,)))) == 1


def test_a_number_never_takes_the_comma_after_it_and_a_regulation_is_no_figure():
    from hscp_nb.document.coverage import numbers

    assert numbers("the extract's own total is 91,734, because") == ["91,734"]
    assert numbers("Regulation 4 proportions; regulation 4 matters; Section 42") == []
    assert numbers("rolling 12-month figures; each month of the 12 whose records") == []
    assert numbers('"provisional value within 0.1 points of the objective" (for a count, "within 1")') == []
