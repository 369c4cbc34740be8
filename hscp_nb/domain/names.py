"""How a name reads inside a sentence, for every room that writes one (the sample's returns as well as the
report's text)."""

from __future__ import annotations


def in_sentence(title: str) -> str:
    """A title as it reads inside a sentence: each word's capital dropped, except in an abbreviation or a name
    spelt with more than one capital ('A&E attendances' stays, 'Emergency admissions' → 'emergency admissions',
    'GP practice' keeps GP)."""

    def word(w: str) -> str:
        return w if sum(c.isupper() for c in w) != 1 or not w[:1].isupper() or w == "I" else w[:1].lower() + w[1:]

    return " ".join(word(w) for w in title.split(" "))
