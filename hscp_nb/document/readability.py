"""How hard a document is to read, as a resident reads it: the words of its paragraphs and list items (headings,
tables and captions left out), measured with textstat 0.7.3 (syllables counted with pyphen's dictionaries, no
network): word count, sentences, the longest sentence, Flesch reading ease and Flesch-Kincaid grade.

A grade of 6 is a reading age of about 11 to 12; mygov.scot puts the average reading age of adults in Scotland at
9 to 11. The targets the summary is held to are here, once.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from hscp_nb.document.model import Document

LONGEST_SENTENCE_WORDS = 25
GRADE_AT_MOST = 7.0  # a test fails a summary above this; the aim is 6 or lower
GRADE_AIM = 6.0

# A sentence ends at . ! or ? followed by a space and a capital, a digit or a quote, or at the end of the text.
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-Z0-9“\"'£])")


@dataclass(frozen=True)
class Readability:
    words: int
    sentences: int
    longest_words: int
    longest: str
    reading_ease: float
    grade: float

    @property
    def meets_targets(self) -> bool:
        return self.longest_words <= LONGEST_SENTENCE_WORDS and self.grade <= GRADE_AT_MOST

    def line(self) -> str:
        """The QA page's line."""
        verdict = "meets the targets" if self.meets_targets else "MISSES the targets"
        return (
            f"{self.words:,} words in {self.sentences} sentences; longest sentence {self.longest_words} words; "
            f"Flesch reading ease {self.reading_ease:.0f}; Flesch-Kincaid grade {self.grade:.1f} (aim: {GRADE_AIM:g} "
            f"or lower; at most {GRADE_AT_MOST:g}, and no sentence over {LONGEST_SENTENCE_WORDS} words): {verdict}."
        )


def prose(document: Document) -> list[str]:
    """The document's running text: paragraphs and list items, in reading order."""
    out = []
    for part in document.parts:
        for block in part.blocks:
            if block.kind == "paragraph":
                out.append(block.text)
            elif block.kind == "list":
                out.extend(block.items)
    return out


def sentences(texts: list[str]) -> list[str]:
    out = []
    for text in texts:
        out += [s.strip() for s in _SENTENCE_END.split(text.strip()) if s.strip()]
    return out


def words(sentence: str) -> int:
    return len(re.findall(r"[\w£%’'-]+", sentence))


def measure(document: Document) -> Readability:
    import textstat

    texts = prose(document)
    said = sentences(texts)
    # each list item is its own sentence for textstat too
    text = " ".join(s if s.endswith((".", "!", "?", ":")) else s + "." for s in said)
    longest = max(said, key=words, default="")
    return Readability(
        words=textstat.lexicon_count(text),
        sentences=len(said),
        longest_words=words(longest),
        longest=longest,
        reading_ease=float(textstat.flesch_reading_ease(text)),
        grade=float(textstat.flesch_kincaid_grade(text)),
    )
