"""Printable Future Clouds (one A4 page per child with consent) and the termly newsletter."""

from __future__ import annotations

import html
import re
import zlib
from datetime import date, timedelta

import pytest
from django.test import RequestFactory
from django.urls import reverse
from django.utils import timezone

from horizons.core import terms
from horizons.core.models import PupilDataAccess
from horizons.programmes import family, selectors_family, services
from horizons.programmes.views.family import clouds_html
from tests.programmes.factories import add_pupils, make_cohort, set_dates
from tests.programmes.family_factories import give_cloud, past_encounter

pytestmark = pytest.mark.django_db


def _pages(pdf: bytes) -> int:
    """The number of pages in the PDF, from its page tree's /Count (which WeasyPrint may
    write inside a compressed object stream)."""
    chunks = [pdf]
    for stream in re.findall(rb"stream\r?\n(.*?)\r?\nendstream", pdf, re.S):
        try:
            chunks.append(zlib.decompress(stream))
        except zlib.error:
            continue
    counts = [
        int(n) for chunk in chunks for n in re.findall(rb"/Type /Pages[^>]*?/Count (\d+)", chunk)
    ]
    assert counts, "no page tree found"
    return max(counts)


@pytest.fixture
def group(world):  # type: ignore[no-untyped-def]
    """5B: three children with consent and a cloud, one with consent but no cloud yet, one
    whose parent withdrew, one waiting for a reply. 5R: one child with a cloud."""
    cohort = make_cohort(world.school)
    with_cloud = add_pupils(cohort, 3, first_names=["Amira", "Ben", "Chloe"])
    add_pupils(cohort, 1, first_names=["Dev"])
    (withdrawn,) = add_pupils(cohort, 1, first_names=["Eliza"])
    (waiting,) = add_pupils(cohort, 1, consent="pending", first_names=["Finley"])
    (other,) = add_pupils(cohort, 1, first_names=["Grace"])
    other.class_name = "5R"
    other.save(update_fields=["class_name"])
    for pupil in [*with_cloud, withdrawn, other]:
        give_cloud(pupil, "Vet", "vet")
    services.consent_by_parent(consent=withdrawn.consent, granted=False)
    return cohort


def test_the_download_page_counts_who_is_left_out_without_naming_them(
    world, client_for, group
) -> None:  # type: ignore[no-untyped-def]
    response = client_for("teacher").get(reverse("programmes:cohort_clouds", args=[group.pk]))
    assert response.status_code == 200
    page = html.unescape(response.content.decode())
    printing = selectors_family.clouds_for_printing(group)
    five_b = printing.for_class("5B")
    assert five_b is not None
    assert [c.first_name for c in five_b.clouds] == ["Amira", "Ben", "Chloe"]
    assert (five_b.without_consent, five_b.not_made) == (2, 1)
    for name in ["Amira", "Dev", "Eliza", "Finley", "Grace"]:
        assert name not in page
    assert "PDF for 5B" in page and "PDF for 5R" in page
    assert "Download every class (4 pages)" in page


def test_a_class_pdf_has_one_page_per_child_with_consent(world, client_for, group) -> None:  # type: ignore[no-untyped-def]
    url = reverse("programmes:cohort_clouds_pdf", args=[group.pk])
    response = client_for("lead").get(url, {"class": "5B"})
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert 'filename="future-clouds-year-5-2026-5b.pdf"' in response["Content-Disposition"]
    pdf = response.content
    assert pdf.startswith(b"%PDF")
    assert _pages(pdf) == 3
    # What WeasyPrint was given: the three children's names and clouds, nobody else's.
    request = RequestFactory().get(url)
    printing = selectors_family.clouds_for_printing(group)
    five_b = printing.for_class("5B")
    assert five_b is not None
    source = html.unescape(clouds_html(request, group, five_b.clouds, "Future Clouds: 5B"))
    assert source.count('class="cloud-page"') == 3
    for name in ["Amira", "Ben", "Chloe"]:
        assert f'<p class="name">{name}</p>' in source
    for name in ["Dev", "Eliza", "Finley", "Grace"]:
        assert name not in source
    assert "vet" in source and "A dog" in source and "By the sea" in source
    entry = PupilDataAccess.objects.get(action="print")
    assert entry.user == world.lead and "3 Future Clouds" in entry.what


def test_every_class_at_once(world, client_for, group) -> None:  # type: ignore[no-untyped-def]
    response = client_for("lead").get(reverse("programmes:cohort_clouds_pdf", args=[group.pk]))
    assert response.status_code == 200 and _pages(response.content) == 4


def test_someone_elses_group_or_class_is_a_404(world, client_for, group) -> None:  # type: ignore[no-untyped-def]
    outsider = client_for("outsider")
    assert outsider.get(reverse("programmes:cohort_clouds", args=[group.pk])).status_code == 404
    pdf = reverse("programmes:cohort_clouds_pdf", args=[group.pk])
    assert outsider.get(pdf).status_code == 404
    assert client_for("lead").get(pdf, {"class": "6Z"}).status_code == 404
    assert client_for("anonymous").get(pdf).status_code == 302
    assert not PupilDataAccess.objects.filter(action="print").exists()


def test_a_class_with_nothing_to_print_says_so(world, client_for) -> None:  # type: ignore[no-untyped-def]
    cohort = make_cohort(world.school)
    add_pupils(cohort, 2, consent="pending")
    client = client_for("lead")
    response = client.get(reverse("programmes:cohort_clouds_pdf", args=[cohort.pk]), follow=True)
    assert response.redirect_chain[-1][0] == reverse("programmes:cohort_clouds", args=[cohort.pk])
    assert "There are no Future Clouds to print" in html.unescape(response.content.decode())


# --- The newsletter ---------------------------------------------------------------------------


@pytest.fixture
def term_with_events(world):  # type: ignore[no-untyped-def]
    """This term so far: Year 5 (two classes of 28 and 27) and Year 3 (a group of 3) met
    employers; a programme held two sessions with six children taking part."""
    today = timezone.localdate()
    term = terms.term_of(today)
    day = max(term.first, today - timedelta(days=1))
    past_encounter(
        world.school,
        day=day,
        employer=world.employer,
        volunteers=[world.volunteer_profile],
        classes=[("5B", 5, 28), ("5R", 5, 27)],
        title="Build a bridge",
    )
    past_encounter(
        world.school,
        day=day,
        employer=world.employer,
        classes=[("Nurture group", 3, 3)],
        title="Robots for small groups",
        job_slugs=["robotics-engineer"],
    )
    cohort = make_cohort(world.school)
    set_dates(cohort, day)
    cohort.sessions.filter(step__in=[0, 1]).update(held=True)
    pupils = add_pupils(cohort, 6, first_names=["Amira", "Ben", "Chloe", "Dev", "Eve", "Finn"])
    for pupil in pupils:
        give_cloud(pupil, "Nurse", "nurse")
    return term


def test_the_draft_shows_the_term_by_year_group_with_small_groups_hidden(
    world, client_for, term_with_events
) -> None:  # type: ignore[no-untyped-def]
    response = client_for("lead").get(
        reverse("programmes:school_newsletter", args=[world.school.pk])
    )
    assert response.status_code == 200
    page = html.unescape(response.content.decode())
    assert "Build a bridge" in page and "an engineer from Quayside Engineering" in page
    assert "Civil engineer" in page and "Robotics engineer" in page
    # Year 3's three children are hidden, and so is Year 5's figure (else 58 - 55 = 3).
    assert "Fewer than 5 children met people" not in page  # not the total: it is 58
    assert "Some children met people from the world of work" in page
    assert "55 children" not in page and "3 children" not in page
    assert "6 children took part in 2 sessions this term" in page
    assert "Jobs most often in their Future Clouds" not in page  # one job only: left out
    for name in ["Amira", "Chloe", "Finn", "Okafor", "Maya"]:
        assert name not in page


def test_the_introduction_is_edited_and_downloaded_as_text_and_pdf(
    world, client_for, term_with_events
) -> None:  # type: ignore[no-untyped-def]
    client = client_for("lead")
    url = reverse("programmes:school_newsletter", args=[world.school.pk])
    key = f"{term_with_events.year}-{term_with_events.term.value}"
    intro = "Dear families,\n\nWhat a busy term!"
    response = client.post(url, {"term": key, "introduction": intro, "action": "text"})
    assert response.status_code == 200
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    text = response.content.decode()
    assert text.startswith(f"Careers news from {world.school.name}\n{term_with_events.label}\n")
    assert "Dear families,\n\nWhat a busy term!" in text
    assert "Build a bridge" in text and "Amira" not in text
    response = client.post(url, {"term": key, "introduction": intro, "action": "pdf"})
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    response = client.post(url, {"term": key, "introduction": intro, "action": "preview"})
    assert "What a busy term!" in html.unescape(response.content.decode())


def test_a_too_long_introduction_is_refused_and_kept(world, client_for, term_with_events) -> None:  # type: ignore[no-untyped-def]
    url = reverse("programmes:school_newsletter", args=[world.school.pk])
    key = f"{term_with_events.year}-{term_with_events.term.value}"
    long = "Our term. " * 200
    response = client_for("lead").post(url, {"term": key, "introduction": long, "action": "pdf"})
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/html")
    page = html.unescape(response.content.decode())
    assert "Keep it to 1,500 characters" in page
    assert long.strip()[:200] in page


def test_an_unknown_term_says_what_to_do(world, client_for) -> None:  # type: ignore[no-untyped-def]
    url = reverse("programmes:school_newsletter", args=[world.school.pk])
    response = client_for("lead").get(url, {"term": "1999-winter"})
    assert response.status_code == 200
    assert "Choose a term from the list." in html.unescape(response.content.decode())


def test_only_the_schools_careers_leader_may_make_it(world, client_for) -> None:  # type: ignore[no-untyped-def]
    url = reverse("programmes:school_newsletter", args=[world.school.pk])
    assert client_for("teacher").get(url).status_code == 404
    assert client_for("outsider").get(url).status_code == 404
    assert client_for("facilitator").get(url).status_code == 404
    assert client_for("lead").get(url).status_code == 200


def test_a_term_in_the_past_leaves_out_other_terms(world) -> None:  # type: ignore[no-untyped-def]
    autumn = terms.dates(2025, "autumn")
    past_encounter(
        world.school,
        day=date(2025, 10, 7),
        employer=world.employer,
        classes=[("6B", 6, 30)],
        title="Autumn visit",
    )
    past_encounter(
        world.school,
        day=date(2026, 2, 3),
        employer=world.employer,
        classes=[("6B", 6, 30)],
        title="Spring visit",
    )
    letter = selectors_family.newsletter(
        school=world.school, term=autumn, today=date(2026, 12, 4), introduction="Hi.", minimum=5
    )
    titles = [e.title for y in letter.year_groups for e in y.encounters]
    assert titles == ["Autumn visit"]
    assert letter.year_groups[0].children == 30
    assert letter.children_total == 30


def test_the_total_is_shown_while_the_year_groups_hiding_it_are_not(world) -> None:  # type: ignore[no-untyped-def]
    past_encounter(
        world.school,
        day=date(2025, 10, 7),
        employer=world.employer,
        classes=[("5B", 5, 28), ("Nurture", 3, 3)],
        title="Autumn visit",
    )
    letter = selectors_family.newsletter(
        school=world.school,
        term=terms.dates(2025, "autumn"),
        today=date(2026, 12, 4),
        introduction="Hi.",
        minimum=5,
    )
    assert letter.children_total == 31
    assert [y.children for y in letter.year_groups] == ["some", "some"]
    text = family.newsletter_text(letter)
    assert "This term, 31 children met people from the world of work." in text
    assert "28" not in text and "(3 children)" not in text


def test_future_cloud_jobs_are_shown_only_for_five_or_more_children(world) -> None:  # type: ignore[no-untyped-def]
    cohort = make_cohort(world.school)
    set_dates(cohort, date(2025, 10, 1))
    cohort.sessions.filter(step=0).update(held=True)
    nurses = add_pupils(cohort, 6, first_names=[f"N{i}" for i in range(6)])
    vets = add_pupils(cohort, 5, first_names=[f"V{i}" for i in range(5)])
    for pupil in nurses:
        give_cloud(pupil, "Nurse", "nurse")
    for pupil in vets:
        give_cloud(pupil, "Vet", "vet")
    (pilot,) = add_pupils(cohort, 1, consent="pending", first_names=["P"])
    give_cloud(pilot, "Pilot", "airline-pilot")  # no consent: never counted

    def highlight() -> family.ProgrammeHighlight:
        letter = selectors_family.newsletter(
            school=world.school,
            term=terms.dates(2025, "autumn"),
            today=date(2026, 12, 4),
            introduction="Hi.",
            minimum=5,
        )
        (programme,) = letter.programmes
        return programme

    first = highlight()
    assert (first.children, first.sessions_held) == (11, 1)
    assert first.popular_jobs == (("Nurse", 6), ("Vet", 5))
    # Two vets only: hidden, and the nurses too (else 8 - 6 = 2 vets).
    for pupil in vets[:3]:
        give_cloud(pupil, "Nurse", "nurse")
    for pupil in vets[3:]:
        give_cloud(pupil, "Vet", "vet")
    services.consent_by_parent(consent=nurses[0].consent, granted=False)
    after = highlight()
    assert after.children == 10 and after.popular_jobs == ()


def test_only_terms_that_have_started_can_be_chosen() -> None:
    from horizons.programmes.forms_family import parse_term, term_choices

    choices = term_choices(date(2026, 12, 4))
    assert choices[0] == ("2026-autumn", "Autumn term 2026/27")
    assert [key for key, _ in choices] == [
        "2026-autumn",
        "2025-summer",
        "2025-spring",
        "2025-autumn",
    ]
    assert parse_term("2025-spring").first == date(2026, 1, 1)
    for bad in ["", "2025", "25-spring", "2025-winter", "abcd-autumn"]:
        with pytest.raises(ValueError):
            parse_term(bad)
