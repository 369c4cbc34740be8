"""Is every claim the words make traced like every number? The check the QA page reports and a test enforces, beside
the number coverage check (:mod:`hscp_nb.document.coverage`): each comparative or directional phrase in a block's
words ("better than Scotland", "improved", "objective met", "outside the 99.8% limits", "higher (worse)") must lie
inside the words of a verdict that block declared (:class:`hscp_nb.document.blocks.Claim`, its ``stated``), and no
two claims of one identifier may give different verdicts.

What is a comparative or directional phrase is named here, once (:data:`PHRASES`), and so is what looks like one but
states no verdict (:data:`NOT_CLAIMS`: a definition such as "higher is better", an inspection grade "good or better",
a chart axis "positive = better").
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from hscp_nb.document.coverage import texts_of
from hscp_nb.document.model import Document
from hscp_nb.domain import reference
from hscp_nb.domain.msg import MSG_INDICATORS
from hscp_nb.domain.requirements import REQUIREMENTS

PHRASES = re.compile(
    r"\b(?:"
    + "|".join(
        (
            r"better|worse|best|worst|similar|same as",
            r"improved|improving|improve[sd]?|worsened|worsening|got (?:better|worse)|getting (?:better|worse)",
            r"little change|no change|unchanged|changed little",
            r"(?:not )?met|missed|achieved|on track|off track",
            r"outside|inside|within the (?:95|99\.8)% limits|beyond",
            r"higher|lower|highest|lowest|above|below|more than|less than|fewer than",
            r"increased?|increasing|decreased?|decreasing|rose|risen|rising|fell|fallen|falling|grew|dropped",
            r"overspen[dt]|underspen[dt]|over budget|under budget",
        )
    )
    + r")\b",
    re.IGNORECASE,
)
NOT_CLAIMS = re.compile(
    "|".join(
        (
            r"\b(?:higher|lower) (?:is|values? (?:is|are)) (?:better|worse)\b",  # an indicator's direction
            # how an axis or a rank reads
            r"\bpositive = better\b|\bnegative = worse\b|\b1(?:st)? = best(?: \((?:lowest|highest)\))?",
            r"\bgood or better\b|\b\d \(\w+\) or (?:better|above)\b",  # an inspection grade's band
            r"\bor better\b(?= on the Care Inspectorate)",
            r"\bunder \d+% complete\b|\bbelow \d+% complete\b",  # PHS's completeness standard
            r"\b(?:aged|age) \d+ (?:and|or) (?:over|above)\b",
            r"\bsimilar to Scotland, the gap is too small to matter\b",  # the summary's definition of 'similar'
            r"\bbest value\b",  # the duty of best value (a topic, not a verdict)
            r"\b(?:taken |decisions? )?outside the strategic plan\b",  # the Act's s36 decisions (a topic)
            r"\b[Uu]nder- (?:and|or) overspend\b|\bunder/overspends?\b",  # the name of a measure
            r"\bthe (?:table|chart|figure|list) above\b",  # where to look
            r"\bWhat needs to improve\b|\bWhat went well\b",  # the summary's headings (topics)
        )
    ),
    re.IGNORECASE,
)


@cache
def _names() -> re.Pattern:
    """The indicators' titles, the outcomes' wording and the statutory requirements, which are names, not verdicts
    ("Intensive care needs met at home", "People are able to look after and improve their own health", "Whether best
    value was achieved")."""
    names = [i.title for i in reference.indicators()] + [o.text for o in reference.outcomes()]
    names += [m.title for m in MSG_INDICATORS] + list(REQUIREMENTS.values())
    names += [plain.name for plain in reference.plain_names().values()]  # the summary's plain names
    alternatives = "|".join(re.escape(n) for n in sorted(set(names), key=len, reverse=True) if n)
    return re.compile(alternatives, re.IGNORECASE)


@dataclass(frozen=True)
class Untied:
    where: str
    phrase: str
    text: str


# The phrases without their word boundaries: a text none of them occurs in states no verdict, whatever blanking the
# names and definitions would do (blanking puts spaces, never letters), and most texts skip the costly blanking.
_ANYWHERE = re.compile(PHRASES.pattern.replace(r"\b", ""), re.IGNORECASE)


def phrases(text: str) -> list[re.Match]:
    """The comparative and directional phrases of ``text`` that may state a verdict."""
    if not _ANYWHERE.search(text):
        return []
    blank = " ".__mul__
    blanked = NOT_CLAIMS.sub(lambda m: blank(len(m.group())), _names().sub(lambda m: blank(len(m.group())), text))
    return list(PHRASES.finditer(blanked))


@dataclass(frozen=True)
class Tally:
    """The claims check of one document: how many phrases its words hold, and those no claim states."""

    found: int
    untied: list[Untied]

    @property
    def tied(self) -> int:
        return self.found - len(self.untied)


def tally(document: Document, skip: tuple[str, ...] = ()) -> Tally:
    """Every comparative or directional phrase of the document's words, each checked against the claims its block
    declared (the partnership's own words are not checked). ``skip``: parts (by title) whose words state rules, not
    verdicts."""
    found, out = 0, []
    for where, text, claims in texts_of(document, skip):
        if claims is None:  # the partnership's own words
            continue
        matches = phrases(text)
        found += len(matches)
        if not matches:
            continue
        spans = [(m.start(), m.end()) for c in claims for m in re.finditer(re.escape(c.stated), text) if c.stated]
        for match in matches:
            if not any(start <= match.start() and match.end() <= end for start, end in spans):
                out.append(Untied(where, match.group(), text))
    return Tally(found, out)


def untied(document: Document, skip: tuple[str, ...] = ()) -> list[Untied]:
    """Every comparative or directional phrase of the document's words that no claim of its block states; [] when
    every claim is traced."""
    return tally(document, skip).untied


def contradictions(document: Document) -> list[tuple[str, set[str]]]:
    """(identifier, verdicts) for every claim identifier stated with more than one verdict."""
    verdicts: dict[str, set[str]] = {}
    for claim in document.claims:
        verdicts.setdefault(claim.id, set()).add(claim.verdict)
    return [(claim_id, found) for claim_id, found in verdicts.items() if len(found) > 1]


def tied(document: Document, skip: tuple[str, ...] = ()) -> int:
    """How many comparative or directional phrases were tied to a declared claim."""
    return tally(document, skip).tied
