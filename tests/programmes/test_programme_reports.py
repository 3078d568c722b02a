"""Impact reports: consent gating, suppression of small groups, the jobs children want, the
PDF, a fixed number of queries, and who sees what."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from horizons.programmes import reports, services
from tests.programmes.factories import add_pupils, answer_all, make_cohort

pytestmark = pytest.mark.django_db


def test_only_children_who_applied_with_consent_are_counted(world) -> None:  # type: ignore[no-untyped-def]
    cohort = make_cohort(world.school)
    included = add_pupils(cohort, 6)
    waiting = add_pupils(cohort, 3, consent="pending")
    not_applied = add_pupils(cohort, 2, applied=False, consent="granted")
    answer_all(included, pre=1, post=3)
    answer_all([*waiting, *not_applied], pre=4, post=1)
    data = reports.impact_json(cohort)
    listening = data["items"]["skill_listening"]
    assert listening["n_pairs"] == 6
    assert (listening["mean_pre"], listening["mean_post"]) == (1.0, 3.0)
    assert data["children_included"] == 6
    # A parent's yes brings the child in; a no removes their answers altogether.
    services.consent_by_parent(consent=waiting[0].consent, granted=True)
    assert reports.impact_json(cohort)["items"]["skill_listening"]["n_pairs"] == 7


def test_fewer_than_five_children_are_never_shown(world, client_for) -> None:  # type: ignore[no-untyped-def]
    cohort = make_cohort(world.school)
    answer_all(add_pupils(cohort, 4))
    data = reports.impact_json(cohort)
    assert data["items"]["skill_listening"] == {"suppressed": True}
    html = (
        client_for("lead")
        .get(reverse("programmes:cohort_impact", args=[cohort.pk]))
        .content.decode()
    )
    assert "No figures yet" in html
    assert "Children</th>" not in html or "Fewer than 5 children" in html


def test_breakdowns_hide_small_groups_and_their_complement(world, client_for) -> None:  # type: ignore[no-untyped-def]
    cohort = make_cohort(world.school)
    girls = add_pupils(cohort, 7, gender="girl", pupil_premium=True)
    boys = add_pupils(cohort, 3, gender="boy", pupil_premium=False, seed=11)
    answer_all(girls, pre=1, post=4)
    answer_all(boys, pre=2, post=3)
    data = reports.impact_json(cohort)
    assert data["items"]["skill_listening"]["n_pairs"] == 10
    gender = data["breakdowns"]["gender"]
    assert gender["boy"]["skill_listening"] == {"suppressed": True}
    # Ten minus seven would reveal the three boys, so the girls are hidden too.
    assert gender["girl"]["skill_listening"] == {"suppressed": True}
    html = (
        client_for("lead")
        .get(reverse("programmes:cohort_impact", args=[cohort.pk]))
        .content.decode()
    )
    assert "By gender" in html and "Fewer than 5 children" in html
    assert "n = 7" not in html and "n = 3" not in html


def test_the_report_page_has_charts_tables_and_findings(world, client_for) -> None:  # type: ignore[no-untyped-def]
    cohort = make_cohort(world.school)
    pupils = add_pupils(cohort, 8)
    answer_all(pupils[:4], pre=1, post=3)
    answer_all(pupils[4:], pre=2, post=3)
    response = client_for("teacher").get(reverse("programmes:cohort_impact", args=[cohort.pk]))
    html = response.content.decode()
    assert html.count('<svg class="hz-bar-chart" role="img"') == 3
    assert "Figures for each question" in html
    assert ">Listening</th>" in html
    assert "More children said anyone can be a nurse (0% before, 100% after)" in html
    assert "unlikely to be chance" in html
    assert "Child1" not in html  # no child's name on a report


def test_the_jobs_children_want_are_reported_by_title_never_in_their_words(
    world, client_for
) -> None:  # type: ignore[no-untyped-def]
    cohort = make_cohort(world.school)
    nurses = add_pupils(cohort, 6, gender="girl")
    others = add_pupils(cohort, 5, gender="boy", seed=21)
    answer_all(nurses, job_pre="a footballer", job_post="i want to be a nurce")
    answer_all(others, job_pre="not sure yet", job_post="shit")
    # The children met a nurse in session 2.
    world.volunteer_profile.job_profile_slug = "nurse"
    world.volunteer_profile.save()
    cohort.sessions.get(step=2).volunteers.add(world.volunteer_profile)
    page = reports.build_impact_page(cohort.name, [cohort])
    after = page.aspirations.phases["post"].overall
    assert [(j.title, j.children) for j in after.top] == [("Nurse", 6)]
    assert after.met_job == 6
    html = (
        client_for("lead")
        .get(reverse("programmes:cohort_impact", args=[cohort.pk]))
        .content.decode()
    )
    assert "Nurse" in html and "Footballer" in html
    assert "nurce" not in html and "shit" not in html and "not sure yet" not in html
    # The child's own words appear only on their teacher's pupil page, redacted if rude.
    pupil_page = (
        client_for("lead")
        .get(reverse("programmes:pupil_detail", args=[others[0].pk]))
        .content.decode()
    )
    assert "***" in pupil_page and "shit" not in pupil_page
    nurse_page = (
        client_for("lead")
        .get(reverse("programmes:pupil_detail", args=[nurses[0].pk]))
        .content.decode()
    )
    assert "i want to be a nurce" in nurse_page and "matched: Nurse" in nurse_page


def test_the_pdf_is_a_pdf(world, client_for) -> None:  # type: ignore[no-untyped-def]
    cohort = make_cohort(world.school)
    answer_all(add_pupils(cohort, 5))
    response = client_for("facilitator").get(
        reverse("programmes:cohort_impact_pdf", args=[cohort.pk])
    )
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")


def test_the_hub_report_costs_the_same_queries_for_many_cohorts(world, client_for) -> None:  # type: ignore[no-untyped-def]
    client = client_for("facilitator")
    url = reverse("programmes:impact_overview")

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert client.get(url).status_code == 200
        return len(captured)

    first = make_cohort(world.school, "One")
    answer_all(add_pupils(first, 5))
    few = queries()
    for index in range(4):
        cohort = make_cohort(world.other_school, f"More {index}", seed=20 + index)
        answer_all(add_pupils(cohort, 5, seed=30 + index))
        cohort.sessions.get(step=2).volunteers.add(world.volunteer_profile)
    assert queries() == few
    assert 5 <= few <= 14  # session, user, memberships, nav, cohorts, the report queries


def test_facilitators_see_their_hubs_impact_but_never_a_childs_name(world, client_for) -> None:  # type: ignore[no-untyped-def]
    ours = make_cohort(world.other_school, "Dunston Y5")
    answer_all(add_pupils(ours, 5, first_names=["Zelda", "Yara", "Xavi", "Wren", "Vito"]))
    theirs = make_cohort(world.foreign_school, "Hendon Y5", seed=5)
    answer_all(add_pupils(theirs, 5, seed=9))
    client = client_for("facilitator")
    html = client.get(reverse("programmes:impact_overview")).content.decode()
    assert "Dunston Y5" in html and "Hendon Y5" not in html
    assert "Zelda" not in html
    assert client.get(reverse("programmes:cohort_detail", args=[ours.pk])).status_code == 404
    assert client.get(reverse("programmes:cohort_impact", args=[theirs.pk])).status_code == 404
    filtered = client.get(reverse("programmes:impact_overview"), {"programme": "aspirations-stem"})
    assert "Dunston Y5" not in filtered.content.decode()
    assert (
        client.get(reverse("programmes:impact_overview"), {"hub": world.other_hub.pk}).status_code
        == 404
    )


def test_a_parent_replies_with_their_link_and_no_account(world, client) -> None:  # type: ignore[no-untyped-def]
    cohort = make_cohort(world.school)
    (pupil,) = add_pupils(cohort, 1, consent="pending", first_names=["Amira"])
    cohort.sessions.filter(step=7).update(date=date(2026, 7, 10))
    url = reverse("programmes:parent_consent", args=[pupil.consent.token])
    page = client.get(url)
    html = page.content.decode()
    assert "Can Amira take part" in html and "never their date of birth" in html.lower()
    # Not "no-referrer": the browser would then send "Origin: null" and fail the CSRF check.
    assert page["Referrer-Policy"] == "same-origin"
    assert "Choose yes or no." in client.post(url, {}).content.decode()
    done = client.post(url, {"answer": "yes"})
    assert "You said yes" in done.content.decode()
    pupil.consent.refresh_from_db()
    assert (pupil.consent.parent_consent, pupil.consent.method) == ("granted", "link")
    calendar = client.get(reverse("programmes:parent_consent_ics", args=[pupil.consent.token]))
    assert calendar["Content-Type"].startswith("text/calendar")
    assert b"DTSTART;VALUE=DATE:20260710" in calendar.content


def test_letters_carry_each_childs_short_link_and_qr_code(world, client_for) -> None:  # type: ignore[no-untyped-def]
    # Before: a 32-character private address to type; now a short link and a QR code.
    cohort = make_cohort(world.school)
    (applied,) = add_pupils(cohort, 1, consent="pending", first_names=["Amira"])
    (not_applied,) = add_pupils(cohort, 1, applied=False, consent="pending", first_names=["Ben"])
    html = (
        client_for("teacher")
        .get(reverse("programmes:cohort_letters", args=[cohort.pk]))
        .content.decode()
    )
    assert f"testserver/c/{applied.consent.short_code}<" in html
    assert not_applied.consent.short_code not in html
    assert applied.consent.token not in html
    assert 'src="data:image/svg+xml;base64,' in html and "QR code for testserver/c/" in html
    assert "Dear parent or carer of Amira" in html
    assert "Or cut here and return this slip to school" in html


def test_teachers_record_applications_and_paper_consent_for_the_class(world, client_for) -> None:  # type: ignore[no-untyped-def]
    cohort = make_cohort(world.school, teachers=[world.teacher])
    amira, ben = add_pupils(cohort, 2, applied=False, consent="pending")
    response = client_for("teacher").post(
        reverse("programmes:cohort_consent", args=[cohort.pk]),
        {
            f"applied-{amira.pk}": "on",
            f"consent-{amira.pk}": "granted",
            f"consent-{ben.pk}": "pending",
        },
    )
    assert response.status_code == 302
    amira.consent.refresh_from_db()
    ben.consent.refresh_from_db()
    assert amira.consent.counts_in_reports and amira.consent.recorded_by == world.teacher
    assert ben.consent.applied_at is None


def test_home_pages_say_what_to_do_next(world, client_for) -> None:  # type: ignore[no-untyped-def]
    cohort = make_cohort(world.school)
    add_pupils(cohort, 12, consent="pending")
    add_pupils(cohort, 3, consent="granted")
    html = client_for("lead").get("/").content.decode()
    assert "12 children still need a parent&#x27;s consent" in html
    assert 'href="/programmes/"' in html  # "Programmes" in the navigation
    facilitator = client_for("facilitator").get("/").content.decode()
    assert "programme groups running" in facilitator and 'href="/programmes/impact/"' in facilitator


def test_volunteers_see_their_visits_and_no_pupil_data(world, client_for) -> None:  # type: ignore[no-untyped-def]
    cohort = make_cohort(world.school)
    add_pupils(cohort, 2, first_names=["Amira", "Ben"])
    session = cohort.sessions.get(step=3)
    session.date = timezone.localdate() + timedelta(days=7)
    session.save()
    session.volunteers.add(world.volunteer_profile)
    html = client_for("volunteer").get(reverse("programmes:programme_visits")).content.decode()
    assert "Session 3: Skills that help people" in html and "Felling Primary School" in html
    assert "Amira" not in html
    assert "Your next programme visit" in client_for("volunteer").get("/").content.decode()
    assert (
        "No school has added you"
        in client_for("outsider").get(reverse("programmes:programme_visits")).content.decode()
    )
