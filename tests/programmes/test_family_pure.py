"""The pure parts of the families pages: terms, what consent shows, clouds, talking points,
and the newsletter as plain text. No database."""

from __future__ import annotations

from datetime import date

import pytest

from horizons.careers import library
from horizons.core import terms
from horizons.programmes import family


@pytest.mark.parametrize(
    ("year", "easter"),
    [
        (2024, date(2024, 3, 31)),
        (2025, date(2025, 4, 20)),
        (2027, date(2027, 3, 28)),
        (2038, date(2038, 4, 25)),
        (2008, date(2008, 3, 23)),
    ],
)
def test_easter_sunday(year: int, easter: date) -> None:
    assert terms.easter_sunday(year) == easter


def test_the_three_terms_cover_the_school_year_without_gaps() -> None:
    autumn, spring, summer = (terms.dates(2026, t) for t in terms.Term)
    assert (autumn.first, autumn.last) == (date(2026, 9, 1), date(2026, 12, 31))
    assert (spring.first, spring.last) == (date(2027, 1, 1), date(2027, 3, 28))
    assert (summer.first, summer.last) == (date(2027, 3, 29), date(2027, 8, 31))
    assert spring.label == "Spring term 2026/27"
    assert terms.term_of(date(2026, 12, 4)).term is terms.Term.AUTUMN
    assert terms.term_of(date(2027, 3, 29)).term is terms.Term.SUMMER
    assert terms.term_of(date(2027, 8, 31)).year == 2026
    with pytest.raises(ValueError):
        terms.dates(2026, "winter")


@pytest.mark.parametrize(
    ("applied", "answer", "withdrawn", "removed", "state"),
    [
        (True, "granted", False, False, family.SHOWN),
        (True, "pending", False, False, family.PENDING),
        (True, "refused", False, False, family.REFUSED),
        (True, "refused", True, False, family.WITHDRAWN),
        (False, "granted", False, False, family.NOT_APPLIED),
        (True, "granted", False, True, family.REMOVED),
        # A parent who withdrew and then said yes again: the yes counts.
        (True, "granted", True, False, family.SHOWN),
    ],
)
def test_what_a_parents_page_shows_follows_consent(
    applied: bool, answer: str, withdrawn: bool, removed: bool, state: str
) -> None:
    assert (
        family.consent_state(
            applied=applied, parent_consent=answer, withdrawn=withdrawn, removed=removed
        )
        == state
    )


def test_a_cloud_reads_choices_as_pictures_and_words_and_drops_unknown_codes() -> None:
    cloud = family.cloud_from_data(
        {
            "job": {"text": "vet", "slug": "vet", "title": "Vet"},
            "pets": ["dog", "dragon"],
            "home": ["seaside"],
        }
    )
    assert cloud is not None
    assert cloud.job == "vet" and cloud.job_slug == "vet"
    sections = {s.prompt: [(i.emoji, i.label) for i in s.items] for s in cloud.sections}
    assert sections["Do I have pets?"] == [("🐶", "A dog")]
    assert sections["Where do I live?"] == [("🏖️", "By the sea")]
    assert family.cloud_from_data({}) is None
    assert family.cloud_from_data({"pets": ["dragon"]}) is None


def test_a_talking_point_has_a_sentence_and_questions_from_the_profile() -> None:
    profile = library.catalogue().get("nurse")
    assert profile is not None
    point = family.talking_point(profile, "In Amira's Future Cloud")
    assert point.sentence == "A nurse cares for people who are ill or injured."
    assert point.questions[0] == "What do you think a nurse does all day?"
    assert "listening and teamwork" in point.questions[1]
    assert point.questions[2] == "Which lessons would help: Science or Maths?"
    accountant = library.catalogue().get("accountant")
    assert accountant is not None
    assert family.talking_point(accountant).questions[0] == (
        "What do you think an accountant does all day?"
    )


def test_an_introduction_is_tidied_and_a_bad_one_says_what_to_fix() -> None:
    assert family.clean_introduction("  Hello   families.\r\n\r\n\r\nSecond  para. ") == (
        "Hello families.\n\nSecond para."
    )
    with pytest.raises(ValueError, match="Write an introduction"):
        family.clean_introduction("   \n ")
    with pytest.raises(ValueError, match="Keep it to 1,500 characters"):
        family.clean_introduction("word " * 400)


def test_the_newsletter_as_text_keeps_every_section() -> None:
    letter = family.Newsletter(
        school="Felling Primary School",
        term_label="Autumn term 2026/27",
        first=date(2026, 9, 1),
        last=date(2026, 12, 31),
        introduction="First paragraph.\n\nSecond paragraph.",
        year_groups=(
            family.NewsletterYearGroup(
                5,
                "fewer than 5",
                (
                    family.NewsletterEncounter(
                        date(2026, 10, 6),
                        "Build a bridge",
                        ("an engineer from Quayside Engineering",),
                        ("Civil engineer",),
                        ("5B",),
                    ),
                ),
            ),
        ),
        programmes=(
            family.ProgrammeHighlight(
                "Aspirations: health and care",
                6,
                3,
                24,
                ("a nurse from City Hospital",),
                (("Nurse", 6),),
            ),
        ),
        notes=("Numbers under 5 are hidden.",),
    )
    text = family.newsletter_text(letter)
    assert text.startswith("Careers news from Felling Primary School\nAutumn term 2026/27\n")
    assert "First paragraph.\n\nSecond paragraph." in text
    assert "Year 5 (fewer than 5 children)" in text
    assert "- 6 October 2026: Build a bridge" in text
    assert "Who came: an engineer from Quayside Engineering." in text
    assert "Jobs they met: Civil engineer." in text
    assert "24 children took part in 3 sessions this term." in text
    assert "Jobs most often in their Future Clouds: Nurse (6)." in text
    assert text.endswith("Numbers under 5 are hidden.\n")
    empty = family.Newsletter(
        "A School", "Spring term 2026/27", date(2027, 1, 1), date(2027, 3, 28), "Hello."
    )
    assert "No encounters or programme sessions were recorded this term." in (
        family.newsletter_text(empty)
    )
