"""Children's dead ends (issue 11): the careers library from every child page, the Future Cloud's
job as a link, question 9 answered with the jobs themselves, and "Last time you said …"."""

from __future__ import annotations

import pytest
from django.core.cache import cache
from django.test import Client
from django.urls import reverse

from horizons.careers.matching import default_matcher
from horizons.programmes import jobs_list, services
from horizons.programmes.instrument import instrument
from horizons.programmes.models import AssessmentAnswer
from horizons.programmes.reports import pair_records
from tests.programmes.factories import add_pupils, make_cohort
from tests.programmes.test_programme_child_pages import sign_in

pytestmark = pytest.mark.django_db

JOBS_QUESTION = 9  # "How many different jobs can I name?"


@pytest.fixture(autouse=True)
def _clear_cache():  # type: ignore[no-untyped-def]
    cache.clear()
    yield
    cache.clear()


def _signed_in(world, phase: str = "pre"):  # type: ignore[no-untyped-def]
    cohort = make_cohort(world.school, open_phase=phase)
    (pupil,) = add_pupils(cohort, 1, first_names=["Amira"])
    client = Client()
    sign_in(client, pupil)
    return client, pupil


# --- the careers library from every child page ----------------------------------------------


def test_every_child_page_has_a_jobs_button_into_the_careers_library(world) -> None:  # type: ignore[no-untyped-def]
    client, pupil = _signed_in(world, "post")
    library = reverse("careers:careers_home")
    pages = [
        reverse("programmes:child_home"),
        reverse("programmes:child_question", args=["post", 1]),
        reverse("programmes:child_question", args=["post", JOBS_QUESTION]),
        reverse("programmes:child_questions_done", args=["post"]),
        reverse("programmes:child_activity", args=["who-am-i", 1]),
        reverse("programmes:child_activity_done", args=["who-am-i"]),
        reverse("programmes:child_activity", args=["future-cloud", 1]),
        reverse("programmes:child_activity_done", args=["future-cloud"]),
    ]
    for url in pages:
        html = client.get(url).content.decode()
        assert f'href="{library}"' in html, url
        assert "💼</span> Jobs</a>" in html, url
        assert f'href="{reverse("programmes:child_home")}"' in html, url
    # Before a child signs in there is nobody's page to go back to.
    assert (
        f'href="{library}"' not in Client().get(reverse("programmes:child_start")).content.decode()
    )
    # The library itself is open to children without an account.
    assert Client().get(library).status_code == 200


def test_the_future_cloud_job_links_to_its_profile(world) -> None:  # type: ignore[no-untyped-def]
    client, pupil = _signed_in(world, "post")
    client.post(reverse("programmes:child_activity", args=["future-cloud", 1]), {"answer": "a vet"})
    html = client.get(
        reverse("programmes:child_activity_done", args=["future-cloud"])
    ).content.decode()
    assert "In the careers library:" in html
    assert f'href="{reverse("careers:careers_job", args=["vet"])}"' in html


def test_words_the_library_cannot_place_are_not_a_link(world) -> None:  # type: ignore[no-untyped-def]
    client, pupil = _signed_in(world, "post")
    client.post(
        reverse("programmes:child_activity", args=["future-cloud", 1]), {"answer": "not sure yet"}
    )
    html = client.get(
        reverse("programmes:child_activity_done", args=["future-cloud"])
    ).content.decode()
    assert "not sure yet" in html and "/careers/jobs/" not in html


# --- question 9: the jobs themselves --------------------------------------------------------


def test_reading_a_list_of_jobs_counts_different_jobs_once() -> None:
    jobs = jobs_list.read_jobs(
        "1. vet\n- docter\ndoctor, nurse\n\nrich\nVet\nfalconer", default_matcher().match
    )
    counted = [(j.text, j.slug) for j in jobs if j.counts]
    assert counted == [("vet", "vet"), ("docter", "doctor"), ("nurse", "nurse"), ("falconer", "")]
    assert jobs_list.count_jobs(jobs) == 4
    with pytest.raises(jobs_list.JobsListError, match="at least one job"):
        jobs_list.read_jobs(" \n , ", default_matcher().match)
    with pytest.raises(jobs_list.JobsListError, match="one job on each line"):
        jobs_list.read_jobs("a" * 61, default_matcher().match)


def test_question_nine_takes_the_jobs_and_stores_the_count_for_the_report(world) -> None:  # type: ignore[no-untyped-def]
    client, pupil = _signed_in(world)
    url = reverse("programmes:child_question", args=["pre", JOBS_QUESTION])
    page = client.get(url).content.decode()
    assert "<textarea" in page and "one on each line" in page
    response = client.post(url, {"answer": "vet\nnurse\ndocter\nbuilder\nchef\npilot\nteacher"})
    assert response["Location"] == reverse(
        "programmes:child_question", args=["pre", JOBS_QUESTION + 1]
    )
    next_page = client.get(response["Location"]).content.decode()
    assert "You wrote 7 jobs!" in next_page
    answer = AssessmentAnswer.objects.get(pupil=pupil, phase="pre", item="jobs_known")
    assert answer.value == 7 and answer.text == ""
    assert [job["slug"] for job in answer.jobs][:3] == ["vet", "nurse", "doctor"]
    # Coming back shows the list as written, and the count.
    again = client.get(url).content.decode()
    assert "vet\nnurse\ndocter" in again and "You wrote 7 jobs!" in again
    # The impact report still reads a number for this question.
    records = pair_records([pupil.cohort_id], instrument("aspirations-v1"))
    assert [r.pre for r in records if r.item == "jobs_known"] == [7]


def test_an_empty_jobs_list_keeps_what_was_typed_and_says_what_to_do(world) -> None:  # type: ignore[no-untyped-def]
    client, pupil = _signed_in(world)
    url = reverse("programmes:child_question", args=["pre", JOBS_QUESTION])
    response = client.post(url, {"answer": "x" * 70})
    html = response.content.decode()
    assert response.status_code == 200 and "Put one job on each line" in html
    assert "x" * 70 in html  # the form keeps what was typed
    assert not AssessmentAnswer.objects.filter(pupil=pupil, item="jobs_known").exists()


def test_more_jobs_than_the_scale_are_kept_but_the_count_stops_at_its_top(world) -> None:  # type: ignore[no-untyped-def]
    cohort = make_cohort(world.school, open_phase="pre")
    (pupil,) = add_pupils(cohort, 1)
    written = "\n".join(f"job number {n}" for n in range(35))
    answer = services.answer_jobs_save(pupil=pupil, phase="pre", item="jobs_known", written=written)
    assert answer.value == 30 and len(answer.jobs) == 35


def test_a_number_only_question_refuses_a_list(world) -> None:  # type: ignore[no-untyped-def]
    cohort = make_cohort(world.school, open_phase="pre")
    (pupil,) = add_pupils(cohort, 1)
    with pytest.raises(services.ProgrammeError, match="takes a number"):
        services.answer_jobs_save(pupil=pupil, phase="pre", item="skill_listening", written="vet")


def test_a_typed_or_imported_number_replaces_an_earlier_list(world) -> None:  # type: ignore[no-untyped-def]
    cohort = make_cohort(world.school, open_phase="pre")
    (pupil,) = add_pupils(cohort, 1)
    services.answer_jobs_save(pupil=pupil, phase="pre", item="jobs_known", written="vet\nchef")
    answer = services.answer_save(
        pupil=pupil, phase="pre", item="jobs_known", value=12, source="import"
    )
    assert answer.value == 12 and answer.jobs == []


# --- "Last time you said …" ------------------------------------------------------------------


def test_after_the_programme_each_question_shows_the_first_answer(world) -> None:  # type: ignore[no-untyped-def]
    client, pupil = _signed_in(world, "post")
    services.answer_save(pupil=pupil, phase="pre", item="skill_listening", value=2)
    services.answer_jobs_save(pupil=pupil, phase="pre", item="jobs_known", written="vet\nchef")
    services.answer_save(pupil=pupil, phase="pre", item="job_wanted", value="a footballer")
    first = client.get(reverse("programmes:child_question", args=["post", 1])).content.decode()
    assert "Last time you said:" in first
    scale = instrument("aspirations-v1").item("skill_listening")
    choice = scale.choice(2)
    assert choice is not None and choice.label in first and choice.emoji in first
    jobs = client.get(
        reverse("programmes:child_question", args=["post", JOBS_QUESTION])
    ).content.decode()
    assert "Last time you said:" in jobs and "You wrote 2 jobs." in jobs
    assert "<li>vet</li>" in jobs and "<li>chef</li>" in jobs
    job = client.get(reverse("programmes:child_question", args=["post", 19])).content.decode()
    assert "Last time you said:" in job and "a footballer" in job
    # A question the child skipped before shows nothing to revisit.
    second = client.get(reverse("programmes:child_question", args=["post", 2])).content.decode()
    assert "Last time you said:" not in second


def test_before_the_programme_there_is_no_last_time(world) -> None:  # type: ignore[no-untyped-def]
    client, pupil = _signed_in(world, "pre")
    services.answer_save(pupil=pupil, phase="pre", item="skill_listening", value=2)
    html = client.get(reverse("programmes:child_question", args=["pre", 1])).content.decode()
    assert "Last time you said:" not in html


def test_the_teacher_sees_the_jobs_behind_the_count(world, client_for) -> None:  # type: ignore[no-untyped-def]
    cohort = make_cohort(world.school, open_phase="pre")
    (pupil,) = add_pupils(cohort, 1)
    services.answer_jobs_save(pupil=pupil, phase="pre", item="jobs_known", written="vet\nchef")
    html = (
        client_for("teacher")
        .get(reverse("programmes:pupil_detail", args=[pupil.pk]))
        .content.decode()
    )
    assert '2 <span class="govuk-body-s">(vet, chef)</span>' in html


def test_a_child_in_the_careers_library_has_a_way_back_to_their_page(world) -> None:  # type: ignore[no-untyped-def]
    client, pupil = _signed_in(world)
    back = f'href="{reverse("programmes:child_home")}"'
    for url in [reverse("careers:careers_home"), reverse("careers:careers_job", args=["vet"])]:
        assert back in client.get(url).content.decode(), url
    # Anyone else browsing the library gets no link to a child's page.
    assert back not in Client().get(reverse("careers:careers_home")).content.decode()


def test_only_a_count_item_can_take_a_list_of_jobs() -> None:
    from tests.programmes.test_instrument import _break

    def item(raw: dict, code: str) -> dict:
        return next(i for i in raw["items"] if i["code"] == code)

    assert instrument("aspirations-v1").item("jobs_known").takes_jobs
    assert not instrument("aspirations-v1").item("skill_listening").takes_jobs
    wrong_kind = _break(lambda raw: item(raw, "skill_listening").update(entry="jobs"))
    assert "only a count item" in str(wrong_kind)
    unknown = _break(lambda raw: item(raw, "jobs_known").update(entry="drawing"))
    assert "must be one of number, jobs" in str(unknown)
    on_text = _break(lambda raw: item(raw, "job_wanted").update(entry="jobs"))
    assert "does not apply to a text item" in str(on_text)
