"""A school's request read as the solver's wishes (pure: no Django).

The request form has ticked sectors ("kinds of work you would most like children to see") and a
free-text "what you hope for", whose own hint reads "women in engineering for Year 6, or jobs
in health for Year 4". Each ticked sector is a wish for the whole school; each sentence of the
hopes that names a kind of work, a year group or a role model against the stereotype is a wish
for that (for example ``{"sector": "engineering", "year": 6, "counter_stereotype": true}``).
Text that names none of these ("anything hands-on") adds nothing: it stays for people to read.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

from horizons.core.sectors import SECTORS

# Words in the hopes that point at a sector (whole words, lower case; a trailing "s" is allowed).
SECTOR_WORDS: dict[str, tuple[str, ...]] = {
    "health-and-care": ("health", "healthcare", "nurse", "nursing", "doctor", "care", "carer",
                        "medicine", "paramedic", "midwife", "dentist", "pharmacist"),
    "engineering": ("engineering", "engineer", "manufacturing", "mechanic", "robotics"),
    "energy": ("energy", "electricity", "utilities", "renewable"),
    "emergency-services": ("emergency", "police", "firefighter", "fire", "army", "forces",
                           "soldier"),
    "construction": ("construction", "builder", "building", "architect", "plumber",
                     "electrician"),
    "creative": ("creative", "art", "arts", "artist", "media", "music", "musician", "design",
                 "designer", "film", "theatre", "games"),
    "retail": ("retail", "shop", "shops", "customer"),
    "finance": ("finance", "business", "bank", "banking", "accountant"),
    "public-sector": ("law", "lawyer", "council", "public"),
    "transport": ("transport", "logistics", "driver", "pilot", "railway", "train"),
    "education": ("education", "teaching", "teacher", "childcare", "nursery"),
    "science": ("science", "scientist", "research", "lab", "laboratory"),
    "digital": ("digital", "computer", "computing", "coding", "programmer", "software", "tech",
                "technology"),
    "sport": ("sport", "sports", "athlete", "coach", "leisure", "football"),
    "animals-and-land": ("animal", "animals", "vet", "farming", "farmer", "environment",
                         "gardener", "zoo"),
    "hospitality": ("hospitality", "food", "chef", "cook", "beauty", "hairdresser", "hotel"),
}  # fmt: skip
_WORD_TO_SECTOR = {w: s for s, words in SECTOR_WORDS.items() for w in words}

# "women in engineering", "male nurses", "challenge stereotypes", "counter-stereotype"
_COUNTER = re.compile(
    r"\b(women|woman|female|girls?|men|man|male|boys?)\s+(in|as|who|engineers?|nurses?|"
    r"scientists?|builders?|pilots?|carers?|teachers?|mechanics?)\b|stereotyp",
    re.IGNORECASE,
)
_YEAR = re.compile(r"\b(?:years?|yrs?|y)\s*([1-6])\b((?:\s*(?:,|and|&|or)\s*(?:years?\s*)?[1-6]\b)*)",
                   re.IGNORECASE)  # fmt: skip
_MORE_YEARS = re.compile(r"[1-6]")


def _sectors_in(text: str) -> list[str]:
    found: list[str] = []
    for word in re.findall(r"[a-z]+", text.lower()):
        sector = _WORD_TO_SECTOR.get(word) or _WORD_TO_SECTOR.get(word.removesuffix("s"))
        if sector and sector not in found:
            found.append(sector)
    return found


def _years_in(text: str) -> list[int]:
    years: list[int] = []
    for m in _YEAR.finditer(text):
        for y in [m.group(1), *_MORE_YEARS.findall(m.group(2) or "")]:
            if int(y) not in years:
                years.append(int(y))
    return years


def wishes_from_request(sectors_wanted: Iterable[str], hopes: str) -> list[dict[str, Any]]:
    """The wishes in a school's request, in the order asked, without repeats."""
    out: list[dict[str, Any]] = []

    def add(sector: str | None, year: int | None, counter: bool) -> None:
        wish = {"sector": sector, "year": year, "counter_stereotype": counter}
        if (sector or year or counter) and wish not in out:
            out.append(wish)

    for ticked in sectors_wanted:
        if ticked in SECTORS:
            add(ticked, None, False)
    for sentence in re.split(r"[.;\n!?]+", hopes or ""):
        sectors: list[str | None] = list(_sectors_in(sentence)) or [None]
        years: list[int | None] = list(_years_in(sentence)) or [None]
        counter = bool(_COUNTER.search(sentence))
        for sector in sectors:
            for year in years:
                add(sector, year, counter)
    return out
