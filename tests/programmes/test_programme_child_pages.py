"""Children sign in with a class code and a picture, answer one question per screen, and can
never reach another child's answers."""

from __future__ import annotations

import re

import pytest
from django.core.cache import cache
from django.test import Client
from django.urls import reverse

from horizons.programmes import child_session
from horizons.programmes.models import AssessmentAnswer, Cohort, Reflection
from tests.programmes.factories import add_pupils, make_cohort

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _clear_cache():  # type: ignore[no-untyped-def]
    cache.clear()
    yield
    cache.clear()


def _wrong_number(pupil) -> int:  # type: ignore[no-untyped-def]
    taken = set(
        pupil.cohort.pupils.filter(picture=pupil.picture).values_list("picture_number", flat=True)
    )
    return next(n for n in range(10, 100) if n not in taken)


def sign_in(client: Client, pupil) -> object:  # type: ignore[no-untyped-def]
    client.post(reverse("programmes:child_start"), {"code": pupil.cohort.class_code.lower()})
    return client.post(
        reverse("programmes:child_picture"),
        {"picture": pupil.picture, "number": pupil.picture_number},
    )


def test_a_child_signs_in_with_the_class_code_and_their_picture(world) -> None:  # type: ignore[no-untyped-def]
    cohort = make_cohort(world.school, open_phase="pre")
    (amira, _) = add_pupils(cohort, 2, first_names=["Amira", "Ben"])
    client = Client()
    start = client.post(
        reverse("programmes:child_start"),
        {"code": f" {cohort.class_code[:3]}-{cohort.class_code[3:]} "},
    )
    assert start["Location"] == reverse("programmes:child_picture")
    grid = client.get(reverse("programmes:child_picture")).content.decode()
    assert grid.count('type="radio"') == 24 and "Tap your picture" in grid
    response = client.post(
        reverse("programmes:child_picture"),
        {"picture": amira.picture, "number": amira.picture_number},
    )
    assert response["Location"] == reverse("programmes:child_home")
    home = client.get(reverse("programmes:child_home")).content.decode()
    assert "Hello, Amira!" in home and not re.search(r"\bBen\b", home)
    assert 'class="govuk-template__body hz-child' in home
    assert 'class="hz-nav"' not in home  # no main navigation for children


def test_a_wrong_picture_gets_a_friendly_message(world) -> None:  # type: ignore[no-untyped-def]
    cohort = make_cohort(world.school)
    (pupil,) = add_pupils(cohort, 1)
    client = Client()
    client.post(reverse("programmes:child_start"), {"code": cohort.class_code})
    response = client.post(
        reverse("programmes:child_picture"),
        {"picture": pupil.picture, "number": _wrong_number(pupil)},
    )
    assert response.status_code == 200
    assert "That is not quite right" in response.content.decode()
    assert child_session.SESSION_PUPIL not in client.session


def test_an_unknown_or_finished_class_code_is_refused(world) -> None:  # type: ignore[no-untyped-def]
    finished = make_cohort(world.school, status=Cohort.Status.FINISHED)
    client = Client()
    for code in ["ZZZZZZ", finished.class_code]:
        response = client.post(reverse("programmes:child_start"), {"code": code})
        assert "We could not find that class code" in response.content.decode()


def test_guessing_pictures_locks_that_tablet_not_the_class(world, client_for) -> None:  # type: ignore[no-untyped-def]
    cohort = make_cohort(world.school)
    (pupil,) = add_pupils(cohort, 1)
    guesser = Client()
    guesser.post(reverse("programmes:child_start"), {"code": cohort.class_code})
    wrong = {"picture": pupil.picture, "number": _wrong_number(pupil)}
    for _ in range(child_session.MAX_WRONG - 1):
        assert guesser.post(reverse("programmes:child_picture"), wrong).status_code == 200
    locked = guesser.post(reverse("programmes:child_picture"), wrong)
    assert locked.status_code == 429
    assert "Wait a few minutes" in locked.content.decode()
    # Even the right picture is refused on that tablet while it is locked...
    right = {"picture": pupil.picture, "number": pupil.picture_number}
    assert guesser.post(reverse("programmes:child_picture"), right).status_code == 429
    # ...but every other tablet in the class carries on.
    assert sign_in(Client(), pupil)["Location"] == reverse("programmes:child_home")
    # The teacher sees how the lock works on the board and lets every tablet try again.
    teacher = client_for("teacher")
    board = teacher.get(reverse("programmes:cohort_board", args=[cohort.pk])).content.decode()
    assert "waits 5 minutes; other tablets carry on" in board
    assert (
        client_for("lead").post(reverse("programmes:cohort_unlock", args=[cohort.pk])).status_code
        == 302
    )
    assert guesser.post(reverse("programmes:child_picture"), right)["Location"] == reverse(
        "programmes:child_home"
    )


def test_a_child_whose_parent_said_no_or_who_did_not_apply_cannot_sign_in(world) -> None:  # type: ignore[no-untyped-def]
    cohort = make_cohort(world.school)
    (refused,) = add_pupils(cohort, 1, consent="refused")
    (not_applied,) = add_pupils(cohort, 1, applied=False, consent="pending")
    for pupil in (refused, not_applied):
        assert sign_in(Client(), pupil).status_code == 200


def test_a_child_answers_one_question_per_screen_with_friendly_checks(world) -> None:  # type: ignore[no-untyped-def]
    cohort = make_cohort(world.school, open_phase="pre")
    (pupil,) = add_pupils(cohort, 1)
    client = Client()
    sign_in(client, pupil)
    first = client.get(reverse("programmes:child_question", args=["pre", 1]))
    html = first.content.decode()
    assert "Question 1 of 19" in html and "hz-emoji-scale" in html
    assert html.count('name="answer"') == 4  # four faces, each a real radio button
    assert first["Cache-Control"] == "no-store"
    empty = client.post(reverse("programmes:child_question", args=["pre", 1]), {})
    assert "Tap one of the answers." in empty.content.decode()
    saved = client.post(reverse("programmes:child_question", args=["pre", 1]), {"answer": "3"})
    assert saved["Location"] == reverse("programmes:child_question", args=["pre", 2])
    # Question 9 takes the jobs themselves (see test_child_jobs_and_last_time.py).
    count_item = client.post(reverse("programmes:child_question", args=["pre", 9]), {"answer": " "})
    assert "Write at least one job" in count_item.content.decode()
    job = client.post(reverse("programmes:child_question", args=["pre", 19]), {"answer": "a vet"})
    assert job["Location"] == reverse("programmes:child_questions_done", args=["pre"])
    answers = AssessmentAnswer.objects.filter(pupil=pupil, phase="pre")
    assert {a.item: (a.value, a.job_slug) for a in answers} == {
        "skill_listening": (3, ""),
        "job_wanted": (None, "vet"),
    }


def test_questions_that_are_not_open_send_the_child_home(world) -> None:  # type: ignore[no-untyped-def]
    cohort = make_cohort(world.school, open_phase="pre")
    (pupil,) = add_pupils(cohort, 1)
    client = Client()
    sign_in(client, pupil)
    assert client.get(reverse("programmes:child_question", args=["post", 1]))[
        "Location"
    ] == reverse("programmes:child_home")
    assert client.get(reverse("programmes:child_question", args=["pre", 99])).status_code == 404
    assert client.get(reverse("programmes:child_question", args=["during", 1])).status_code == 404
    assert (
        client.get(reverse("programmes:child_activity", args=["secret-diary", 1])).status_code
        == 404
    )


def test_children_cannot_see_each_others_answers(world, client_for) -> None:  # type: ignore[no-untyped-def]
    cohort = make_cohort(world.school, open_phase="post")
    amira, ben = add_pupils(cohort, 2, first_names=["Amira", "Ben"])
    ben_client = Client()
    sign_in(ben_client, ben)
    ben_client.post(
        reverse("programmes:child_activity", args=["future-cloud", 1]),
        {"answer": "astronaut on mars"},
    )
    amira_client = Client()
    sign_in(amira_client, amira)
    # Amira's pages show only her own (empty) cloud, whatever she puts in the address.
    mine = amira_client.get(reverse("programmes:child_activity_done", args=["future-cloud"]))
    assert "astronaut" not in mine.content.decode()
    tampered = amira_client.get(
        reverse("programmes:child_activity_done", args=["future-cloud"]) + f"?pupil={ben.pk}"
    )
    assert "astronaut" not in tampered.content.decode()
    # Staff pages about Ben are not reachable with a child's session: it is not an account.
    staff_page = amira_client.get(reverse("programmes:pupil_detail", args=[ben.pk]))
    assert staff_page.status_code == 302 and "/accounts/login/" in staff_page["Location"]
    assert Reflection.objects.get(pupil=ben).data["job"]["text"] == "astronaut on mars"


def test_a_teacher_signed_in_on_the_tablet_is_signed_out_when_a_child_signs_in(
    world, client_for
) -> None:  # type: ignore[no-untyped-def]
    cohort = make_cohort(world.school)
    (pupil,) = add_pupils(cohort, 1)
    client = client_for("teacher")
    sign_in(client, pupil)
    assert client.get(reverse("programmes:cohort_detail", args=[cohort.pk])).status_code == 302
    assert client.get(reverse("programmes:child_home")).status_code == 200


def test_activities_are_saved_screen_by_screen(world) -> None:  # type: ignore[no-untyped-def]
    cohort = make_cohort(world.school)
    (pupil,) = add_pupils(cohort, 1)
    client = Client()
    sign_in(client, pupil)
    too_many = client.post(
        reverse("programmes:child_activity", args=["who-am-i", 1]),
        {"answer": ["listening", "speaking", "teamwork", "creativity"]},
    )
    assert "Choose up to 3." in too_many.content.decode()
    client.post(
        reverse("programmes:child_activity", args=["who-am-i", 1]), {"answer": ["teamwork"]}
    )
    client.post(reverse("programmes:child_activity", args=["who-am-i", 2]), {"answer": ["animals"]})
    last = client.post(
        reverse("programmes:child_activity", args=["who-am-i", 3]), {"answer": ["teacher"]}
    )
    assert last["Location"] == reverse("programmes:child_activity_done", args=["who-am-i"])
    summary = client.get(last["Location"]).content.decode()
    assert "Teamwork" in summary and "Animals" in summary and "A teacher" in summary
    # The Future Cloud opens with the questions after the programme.
    assert client.get(reverse("programmes:child_activity", args=["future-cloud", 1]))[
        "Location"
    ] == reverse("programmes:child_home")


def test_signing_out_forgets_the_child(world) -> None:  # type: ignore[no-untyped-def]
    cohort = make_cohort(world.school)
    (pupil,) = add_pupils(cohort, 1)
    client = Client()
    sign_in(client, pupil)
    client.post(reverse("programmes:child_sign_out"))
    assert client.get(reverse("programmes:child_home"))["Location"] == reverse(
        "programmes:child_start"
    )
