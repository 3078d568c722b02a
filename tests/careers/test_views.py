"""The children's careers library pages: public, forgiving and safe to show on a class board."""

import pytest
from django.urls import reverse

from horizons.careers.library import catalogue
from horizons.organisations.models import Employer, Volunteer

pytestmark = pytest.mark.django_db

CHILD_PAGES = [
    ("careers:careers_home", []),
    ("careers:careers_like", ["animals"]),
    ("careers:careers_skill", ["problem_solving"]),
    ("careers:careers_subject", ["maths"]),
    ("careers:careers_search", []),
    ("careers:careers_job", ["vet"]),
    ("careers:careers_jobs_near_us", []),
]


@pytest.mark.parametrize(("name", "args"), CHILD_PAGES)
def test_children_pages_work_without_signing_in_and_use_the_child_layout(
    client, name, args
) -> None:  # type: ignore[no-untyped-def]
    response = client.get(reverse(name, args=args))
    assert response.status_code == 200
    html = response.content.decode()
    assert 'class="govuk-template__body hz-child"' in html
    assert reverse("careers:careers_home") in html  # always a way back to the start


@pytest.mark.parametrize(
    ("name", "args"),
    [
        ("careers:careers_like", ["spaceships"]),
        ("careers:careers_skill", ["juggling"]),
        ("careers:careers_subject", ["latin"]),
        ("careers:careers_job", ["no-such-job"]),
        ("careers:careers_job_card", ["no-such-job"]),
    ],
)
def test_unknown_things_are_not_found(client, name, args) -> None:  # type: ignore[no-untyped-def]
    assert client.get(reverse(name, args=args)).status_code == 404


def test_home_offers_every_like_with_an_icon_and_a_word(client) -> None:  # type: ignore[no-untyped-def]
    html = client.get(reverse("careers:careers_home")).content.decode()
    for key, word in [
        ("animals", "Animals"),
        ("building", "Building and making"),
        ("outdoors", "Outdoors"),
    ]:
        assert f'href="{reverse("careers:careers_like", args=[key])}"' in html
        assert word in html
    assert 'aria-hidden="true">🐾</span>Animals' in html
    assert f"There are {len(catalogue())} jobs" in html
    assert 'name="q"' in html


def test_a_like_page_lists_its_jobs(client) -> None:  # type: ignore[no-untyped-def]
    html = client.get(reverse("careers:careers_like", args=["animals"])).content.decode()
    assert f'href="{reverse("careers:careers_job", args=["vet"])}"' in html
    assert f'href="{reverse("careers:careers_job", args=["accountant"])}"' not in html
    assert "/careers/cards/?like=animals" in html


def test_job_page_shows_the_profile_with_a_labelled_icon(client) -> None:  # type: ignore[no-untyped-def]
    vet = catalogue().get("vet")
    assert vet is not None
    html = client.get(reverse("careers:careers_job", args=["vet"])).content.decode()
    assert f'role="img" aria-label="Vet">{vet.icon}</span>' in html
    for text in (vet.what_they_do, vet.typical_day, vet.where_they_work):
        assert text in html
    assert reverse("careers:careers_skill", args=[vet.skills[0]]) in html
    assert reverse("careers:careers_subject", args=[vet.subjects[0]]) in html
    for related in vet.related:
        assert reverse("careers:careers_job", args=[related]) in html
    assert reverse("careers:careers_job_card", args=["vet"]) in html


# --- Search ---------------------------------------------------------------------------------


def test_search_forgives_spelling(client) -> None:  # type: ignore[no-untyped-def]
    response = client.get(reverse("careers:careers_search"), {"q": "vetnary"})
    html = response.content.decode()
    assert response.status_code == 200
    assert f'href="{reverse("careers:careers_job", args=["vet"])}"' in html
    assert "“vetnary”" in html
    assert 'value="vetnary"' in html


@pytest.mark.parametrize(
    "query", ["bollocks", "a vet, you BASTARD", "sh1t", "vet " * 30 + "wanker"]
)
def test_an_offensive_search_is_never_echoed(client, query) -> None:  # type: ignore[no-untyped-def]
    response = client.get(reverse("careers:careers_search"), {"q": query})
    html = response.content.decode().lower()
    assert response.status_code == 200
    assert "try another word" in html
    for word in ("bollocks", "bastard", "sh1t", "wanker"):
        assert word not in html
    assert 'value=""' in html
    assert reverse("careers:careers_job", args=["vet"]) not in html  # nothing was searched for


@pytest.mark.parametrize(
    "query",
    [
        "",
        "   ",
        "🐶🐱🦄",
        "طبيب بيطري",
        "ветеринар",
        "獣医",
        "x" * 10_000,
        "vet" * 4000,
        "<script>alert(1)</script>",
        "\x00vet",
    ],
)
def test_any_search_text_gives_a_page(client, query) -> None:  # type: ignore[no-untyped-def]
    response = client.get(reverse("careers:careers_search"), {"q": query})
    assert response.status_code == 200
    html = response.content.decode()
    assert "<script>alert" not in html
    assert "x" * 101 not in html


def test_a_long_search_is_cut_and_says_so(client) -> None:  # type: ignore[no-untyped-def]
    html = client.get(reverse("careers:careers_search"), {"q": "vet " * 2500}).content.decode()
    assert "We only read the first 100 letters" in html
    assert reverse("careers:careers_job", args=["vet"]) in html


def test_live_search_returns_only_the_results(client) -> None:  # type: ignore[no-untyped-def]
    response = client.get(
        reverse("careers:careers_search"), {"q": "astronot"}, HTTP_HX_REQUEST="true"
    )
    html = response.content.decode()
    assert "<html" not in html
    assert reverse("careers:careers_job", args=["astronaut"]) in html


def test_search_page_costs_no_queries(client, django_assert_max_num_queries) -> None:  # type: ignore[no-untyped-def]
    with django_assert_max_num_queries(0):
        client.get(reverse("careers:careers_search"), {"q": "firefighter"})


# --- People like me -------------------------------------------------------------------------


@pytest.fixture
def role_models(world):  # type: ignore[no-untyped-def]
    employer = Employer.objects.create(
        name="Tyneside Vets", sector="animals-and-land", hub=world.hub
    )
    people = [
        ("Amira", "Khan", "woman", True),
        ("Beth", "Dodds", "woman", True),
        ("Chloe", "Nixon", "woman", True),
        ("Grace", "Liddle", "woman", True),
        ("Kwame", "Mensah", "man", True),
        ("Robin", "Varley", "non_binary", True),
        ("Secret", "Hidden", "man", False),
    ]
    for first, last, gender, consent in people:
        Volunteer.objects.create(
            employer=employer,
            first_name=first,
            last_name=last,
            job_title="Vet",
            job_profile_slug="vet",
            gender=gender,
            show_as_role_model=consent,
        )
    Volunteer.objects.create(
        employer=employer,
        first_name="Nadia",
        last_name="Usman",
        job_title="Vet nurse",
        job_profile_slug="vet-nurse",
        gender="woman",
        show_as_role_model=True,
    )
    return people


def test_people_like_me_shows_consenting_volunteers_first_names_only(
    client, world, role_models
) -> None:  # type: ignore[no-untyped-def]
    html = client.get(reverse("careers:careers_job", args=["vet"])).content.decode()
    assert "<strong>Amira</strong>, vet at Tyneside Vets" in html
    assert "Kwame" in html and "Robin" in html
    assert "Secret" not in html  # did not agree to be shown
    assert "Nadia" not in html  # another job
    for _, last, _, _ in role_models:
        assert last not in html
    assert "@" not in html.split('id="main-content"')[1]  # no email addresses anywhere in the page


def test_people_like_me_mixes_genders_at_the_top(client, world, role_models) -> None:  # type: ignore[no-untyped-def]
    html = client.get(reverse("careers:careers_job", args=["vet"])).content.decode()
    shown = [name for name in ["Amira", "Beth", "Chloe", "Grace", "Kwame", "Robin"] if name in html]
    positions = sorted(shown, key=html.index)
    assert positions[:3] == ["Amira", "Kwame", "Robin"]


def test_people_like_me_never_shows_offensive_words(client, world) -> None:  # type: ignore[no-untyped-def]
    Volunteer.objects.create(
        employer=world.employer,
        first_name="Sam",
        last_name="Hall",
        job_title="Bollocks engineer",
        job_profile_slug="engineer",
        gender="man",
        show_as_role_model=True,
    )
    html = client.get(reverse("careers:careers_job", args=["engineer"])).content.decode()
    assert "Sam" in html and "bollocks" not in html.lower()


def test_job_page_costs_a_fixed_number_of_queries(
    client, world, role_models, django_assert_max_num_queries
) -> None:  # type: ignore[no-untyped-def]
    with django_assert_max_num_queries(1):
        client.get(reverse("careers:careers_job", args=["vet"]))
    client.force_login(world.teacher)
    with django_assert_max_num_queries(4):  # session, user, memberships (navigation), role models
        client.get(reverse("careers:careers_job", args=["vet"]))


# --- Cards ----------------------------------------------------------------------------------


def test_a_printable_card_has_a_big_icon_and_three_lines(client) -> None:  # type: ignore[no-untyped-def]
    html = client.get(reverse("careers:careers_job_card", args=["vet"])).content.decode()
    assert 'class="hz-print-card hz-job-card"' in html
    assert '<h1 class="hz-job-card__title" id="card-vet">Vet</h1>' in html
    assert html.count("<li>") == 3
    assert "data-print" in html


def test_a_sheet_of_cards_for_chosen_jobs(client) -> None:  # type: ignore[no-untyped-def]
    html = client.get(
        reverse("careers:careers_cards"), {"slugs": "vet,nurse,not-a-job,vet"}
    ).content.decode()
    assert html.count('class="hz-print-card hz-job-card"') == 2
    assert 'id="card-vet"' in html and 'id="card-nurse"' in html


def test_a_sheet_of_cards_for_a_like(client) -> None:  # type: ignore[no-untyped-def]
    html = client.get(reverse("careers:careers_cards"), {"like": "animals"}).content.decode()
    assert 'id="card-vet"' in html and ": Animals</h1>" in html


def test_an_empty_sheet_explains_how_to_choose(client) -> None:  # type: ignore[no-untyped-def]
    html = client.get(reverse("careers:careers_cards"), {"like": "spaceships"}).content.decode()
    assert "hz-print-card" not in html
    assert "/careers/cards/?like=animals" in html


# --- Navigation and home --------------------------------------------------------------------


@pytest.mark.parametrize(
    "persona", ["admin", "facilitator", "lead", "teacher", "coordinator", "volunteer"]
)
def test_every_role_has_the_careers_library_in_the_menu(client_for, persona) -> None:  # type: ignore[no-untyped-def]
    html = client_for(persona).get(reverse("careers:careers_search")).content.decode()
    menu = html.split('aria-label="Main"')[1].split("</nav>")[0]
    assert f'href="{reverse("careers:careers_home")}"' in menu and "Careers library" in menu


def test_school_staff_see_the_size_of_the_library_on_their_home(world) -> None:  # type: ignore[no-untyped-def]
    from horizons.careers.home import _home

    _, figures = _home(world.teacher, {"teacher"})
    assert [(f.value, f.label, f.url) for f in figures] == [
        (str(len(catalogue())), "jobs in the careers library", reverse("careers:careers_home"))
    ]
    assert _home(world.volunteer, {"volunteer"}) == ([], [])


# --- Picking a job in other apps' forms -----------------------------------------------------


def test_job_profile_choices_are_every_job_in_title_order() -> None:
    from horizons.careers.forms import job_profile_choices

    choices = job_profile_choices()
    assert len(choices) == len(catalogue())
    assert ("vet", "Vet") in choices
    titles = [title.casefold() for _, title in choices]
    assert titles == sorted(titles)


def test_job_profile_field_accepts_library_jobs_only() -> None:
    from django import forms

    from horizons.careers.forms import job_profile_field

    class Form(forms.Form):
        job = job_profile_field()

    assert Form({"job": "vet"}).is_valid()
    assert Form({"job": ""}).is_valid()
    assert not Form({"job": "not-a-job"}).is_valid()
    assert Form().fields["job"].choices[0] == ("", "Choose your job")  # type: ignore[attr-defined]
