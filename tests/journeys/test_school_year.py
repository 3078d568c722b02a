"""A year in the life of a primary school on Horizons, as one journey in real Chromium.

Every step goes through the pages as the person would (careers leader, teacher, facilitator,
employer, volunteer, parent, child); the test reads the database only to check what happened.
The steps run in order on one demo region and hand what they made to the next in `YEAR`.
axe-core checks every page the journey reaches. Children use a tablet (1024x768).

Steps with a letter (02a, 04a, 08a, 10a, 13a) check the seams between the parts that broke when
people lived a year in them: a draft campaign sending invitations, the volunteer's event page,
the child's way into the careers library, "last time you said", and action plans carrying
forward to the next audit.
"""

from __future__ import annotations

import re
from typing import Any

import pytest

from horizons.accounts.models import Membership, Role
from horizons.allocation.models import AllocationRun
from horizons.benchmarks.models import Action, Audit
from horizons.encounters.models import (
    Attendance,
    Booking,
    Campaign,
    CampaignInvitation,
    ChildQuote,
    Offer,
    VolunteerFeedback,
)
from horizons.organisations.models import Volunteer
from horizons.programmes.instrument import instrument
from horizons.programmes.models import (
    AssessmentAnswer,
    Cohort,
    Consent,
    Pupil,
    Reflection,
)
from tests.browser.conftest import check_accessibility, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.usefixtures("journey_db")]

TABLET = {"width": 1024, "height": 768}
CAMPAIGN = "Aspirations Week 2027"
COHORT = "Year 5 Horizons journey 2026/27"
# A class list as SIMS exports it: more columns than Horizons keeps (UPN, date of birth).
CLASS_LIST = (
    "UPN,Legal Forename,Preferred Forename,Legal Surname,Year,Reg Group,DOB\n"
    "A123456789012,Olivia,,Hughes,Year 5,5J,2016-10-02\n"
    "A123456789013,Mohammed,Mo,Rahman,Year 5,5J,2016-11-13\n"
    "A123456789014,Grace,,Nguyen,Year 5,5J,2017-01-20\n"
    "A123456789015,Jack,,Dodds,Year 5,5J,2016-09-30\n"
    "A123456789016,Isla,,Fenwick,Year 5,5J,2017-03-04\n"
    "A123456789017,Noah,,Armstrong,Year 5,5J,2017-05-17\n"
)

# What each step hands to the next.
YEAR: dict[str, Any] = {}


def _label(page, for_id: str) -> None:  # type: ignore[no-untyped-def]
    page.click(f"label[for={for_id}]")


def _no_errors(*pages: Any) -> None:
    for page in pages:
        assert not page.console_errors, page.console_errors


def _lead_school():  # type: ignore[no-untyped-def]
    return (
        Membership.objects.select_related("school")
        .get(user__email="lead@horizons.test", role=Role.CAREERS_LEADER)
        .school
    )


def _wait_saved(page, slug: str) -> None:  # type: ignore[no-untyped-def]
    page.wait_for_selector(f"#status-{slug} >> text=/^Saved at \\d\\d:\\d\\d$/", timeout=10_000)


def _change_answer(page, slug: str) -> str:  # type: ignore[no-untyped-def]
    for value in ["fully_achieved", "in_progress", "not_started"]:
        if not page.is_checked(f"#state-{slug}-{value}"):
            page.check(f"#state-{slug}-{value}")
            return value
    raise AssertionError("no other answer to choose")


def _child_signs_in(child, base: str, cohort: Cohort, pupil: Pupil) -> None:  # type: ignore[no-untyped-def]
    child.goto(f"{base}/programmes/me/start/")
    child.fill("#id_code", cohort.class_code)
    child.click("main button[type=submit]")
    child.wait_for_url(f"{base}/programmes/me/picture/")
    child.click(f"label[for=picture-{pupil.picture}]")
    child.fill("#id_number", str(pupil.picture_number))
    child.click("main button[type=submit]")
    child.wait_for_url(f"{base}/programmes/me/")


def _teacher_opens_sign_in(teacher, base: str, cohort: Cohort) -> None:  # type: ignore[no-untyped-def]
    teacher.goto(f"{base}/programmes/cohorts/{cohort.pk}/board/")
    check_accessibility(teacher, "board")
    if teacher.locator("text=Open sign-in for 20 minutes").count():
        teacher.click("text=Open sign-in for 20 minutes")
        teacher.wait_for_selector("text=Children can sign in until")
    assert "Open" in teacher.inner_text("#sign-in-status")


def _answer_questions(child, base: str, cohort: Cohort, phase: str) -> None:  # type: ignore[no-untyped-def]
    items = instrument(cohort.instrument_version).items
    child.click("a.hz-big-choice:has-text('question')")
    checked: set[str] = set()
    for number, item in enumerate(items, start=1):
        child.wait_for_url(f"{base}/programmes/me/questions/{phase}/{number}/")
        assert f"Question {number} of {len(items)}" in child.inner_text("main")
        if item.kind not in checked:  # one screen of each kind: the same template otherwise
            check_accessibility(child, f"{phase} question {number} ({item.kind})")
            checked.add(item.kind)
        if item.kind in ("scale", "stereotype"):
            child.click(f"label[for=answer-{item.max if phase == 'post' else item.min}]")
        elif item.kind == "count":
            child.fill("#answer", "12" if phase == "post" else "5")
        else:
            child.fill("#answer", "a vet" if phase == "post" else "a nurse")
        child.click("main button[type=submit]")
    child.wait_for_url(f"{base}/programmes/me/questions/{phase}/done/")
    check_accessibility(child, f"{phase} questions done")


@pytest.mark.django_db
def test_00_the_demo_region_is_ready(demo_site) -> None:  # type: ignore[no-untyped-def]
    """Reads only. Its django_db mark is what makes pytest-django create the test database.

    The later steps carry no such mark on purpose: on SQLite the live server shares the test's
    connection, so a per-test transaction would roll back each step before the next one runs.
    """
    assert _lead_school().hub is not None
    assert Campaign.objects.get(name=CAMPAIGN).status == Campaign.Status.OPEN
    assert Volunteer.objects.filter(user__email="volunteer@horizons.test").exists()


# --- September: the audit and its action plan ------------------------------------------------


def test_01_september_audit_and_action_plan(demo_site, new_page) -> None:  # type: ignore[no-untyped-def]
    base = demo_site.url
    school = _lead_school()
    YEAR["school"] = school
    page = new_page()
    sign_in(page, base, "lead@horizons.test")
    page.click("text=/Start your .* audit/")
    check_accessibility(page, "start audit")
    page.click("button:has-text('Start the audit')")
    page.wait_for_selector("h1:has-text('Careers and personal development programme')")
    check_accessibility(page, "audit, benchmark 1")
    _change_answer(page, "1-1")
    _wait_saved(page, "1-1")
    page.fill("#note-1-2", "Careers programme agreed by governors in September")
    _wait_saved(page, "1-2")

    page.click("text=Audit overview and submit")
    assert page.locator("h2:has-text('8 of 8 sections complete')").is_visible()
    check_accessibility(page, "audit overview")
    page.click("text=Check and submit")
    check_accessibility(page, "check and submit")
    page.click("button:has-text('Submit the audit')")
    page.wait_for_selector("h1:has-text('Results of the')")
    check_accessibility(page, "audit results")

    page.click("a.govuk-button:has-text('Action plan')")
    page.wait_for_selector("h1:has-text('Action plan from the')")
    check_accessibility(page, "action plan")
    audit = Audit.objects.filter(school=school, submitted_at__isnull=False).latest("submitted_at")
    actions = Action.objects.filter(audit=audit)
    assert actions.exists(), "submitting an audit with gaps makes an action plan"
    first = actions.order_by("pk").first()
    assert first is not None and first.text[:40] in page.inner_text("main")
    YEAR["september_audit"] = audit
    _no_errors(page)


# --- Autumn: the campaign, schools' requests and employers' offers ---------------------------


def test_02a_a_draft_campaign_cannot_send_invitations_yet(demo_site, new_page) -> None:  # type: ignore[no-untyped-def]
    base = demo_site.url
    page = new_page()
    sign_in(page, base, "facilitator@horizons.test")
    page.goto(base + "/encounters/campaigns/new/")
    page.fill("#id_name", "Summer Careers Fortnight 2027")
    page.fill("#id_starts_on", "2027-06-14")
    page.fill("#id_ends_on", "2027-06-25")
    page.click("button:has-text('Save')")
    page.wait_for_selector("h1:has-text('Summer Careers Fortnight 2027')")
    campaign = Campaign.objects.get(name="Summer Careers Fortnight 2027")
    assert campaign.status == Campaign.Status.DRAFT
    page.goto(f"{base}/encounters/campaigns/{campaign.pk}/invite/")
    check_accessibility(page, "invitations of a draft campaign")
    # Whether the page still offers the form or explains instead, nothing may go out.
    if page.locator("button:has-text('Send invitations')").count():
        page.locator("input[name=schools]").first.check()
        page.click("button:has-text('Send invitations')")
        page.wait_for_load_state()
    # A draft invites nobody, and the page says why.
    assert not CampaignInvitation.objects.filter(campaign=campaign).exists()
    assert "taking requests" in page.inner_text("main").lower()
    # Opened for requests, the same page sends them.
    page.goto(f"{base}/encounters/campaigns/{campaign.pk}/")
    page.click("button:has-text('Open for requests')")
    page.wait_for_load_state()
    campaign.refresh_from_db()
    assert campaign.status == Campaign.Status.OPEN
    page.goto(f"{base}/encounters/campaigns/{campaign.pk}/invite/")
    page.locator("input[name=schools]").first.check()
    page.click("button:has-text('Send invitations')")
    page.wait_for_load_state()
    assert CampaignInvitation.objects.filter(campaign=campaign).exists()


def test_02_campaign_open_schools_request_and_employers_offer(demo_site, new_page) -> None:  # type: ignore[no-untyped-def]
    base = demo_site.url
    school = YEAR["school"]
    campaign = Campaign.objects.get(name=CAMPAIGN)
    YEAR["campaign"] = campaign

    # The facilitator has the week open for requests.
    facilitator = new_page()
    sign_in(facilitator, base, "facilitator@horizons.test")
    facilitator.click("nav >> text=Campaigns")
    check_accessibility(facilitator, "campaigns")
    facilitator.click(f"text={CAMPAIGN}")
    facilitator.wait_for_selector(f"h1:has-text('{CAMPAIGN}')")
    check_accessibility(facilitator, "campaign detail")
    assert "Taking requests" in facilitator.inner_text("main")

    # The careers leader asks for places for two classes.
    lead = new_page()
    sign_in(lead, base, "lead@horizons.test")
    lead.click("nav >> text=Encounters")
    check_accessibility(lead, "school encounters")
    lead.click("a:has-text('Ask for places')")
    check_accessibility(lead, "request form")
    lead.fill("#id_classes-0-name", "Year 5 Jarrow")
    lead.select_option("#id_classes-0-year_group", "5")
    lead.fill("#id_classes-0-pupils", "28")
    _label(lead, "id_slots_0")
    _label(lead, "id_slots_1")
    lead.fill("#id_hopes", "Engineers and vets, please.")
    lead.click("button:has-text('Send request')")
    lead.wait_for_selector(f"text=Your request for {CAMPAIGN} is in")
    check_accessibility(lead, "school encounters after the request")
    request = campaign.requests.get(school=school)
    assert request.classes.filter(name="Year 5 Jarrow", pupils=28).exists()

    # An employer offers an activity.
    employer = new_page()
    sign_in(employer, base, "employer@horizons.test")
    employer.goto(base + "/encounters/offers/")
    check_accessibility(employer, "offers")
    employer.click("a:has-text('Publish an activity')")
    employer.fill("#id_title", "Design a wind turbine")
    employer.fill("#id_what_children_do", "Children build and test a paper wind turbine.")
    employer.check("#id_format_0")
    employer.check("#id_year_groups_4")
    employer.check("#id_year_groups_5")
    employer.fill("#id_group_size", "30")
    employer.fill("#id_duration_minutes", "60")
    employer.click("button:has-text('Publish')")
    employer.wait_for_selector("h1:has-text('Design a wind turbine')")
    check_accessibility(employer, "activity published")
    assert Offer.objects.filter(title="Design a wind turbine").exists()
    _no_errors(facilitator, lead, employer)


# --- Winter: the plan is made and published ---------------------------------------------------


def test_03_facilitator_makes_and_publishes_the_plan(demo_site, new_page) -> None:  # type: ignore[no-untyped-def]
    base = demo_site.url
    campaign = YEAR["campaign"]
    page = new_page()
    sign_in(page, base, "facilitator@horizons.test")
    # Requests close before volunteers are matched.
    page.goto(f"{base}/encounters/campaigns/{campaign.pk}/")
    page.click("button:has-text('Close requests and start matching')")
    page.wait_for_selector("text=is now matching and booking.")
    page.click("nav >> text=Allocation")
    check_accessibility(page, "allocation home")
    page.click(f"text={CAMPAIGN}")
    check_accessibility(page, "campaign allocation")
    page.fill("#id_time_limit_seconds", "5")
    page.click("button:has-text('Make a plan')")
    page.wait_for_load_state()  # tasks run inline in tests: the plan is ready on arrival
    page.wait_for_selector("text=Ready to review")
    check_accessibility(page, "plan review")
    run = AllocationRun.objects.filter(campaign=campaign).latest("pk")
    page.goto(f"{base}/allocation/runs/{run.pk}/")
    before = Booking.objects.filter(event__campaign=campaign).count()
    page.fill("#id_online_link", "https://meet.example.org/aspirations-week")
    page.click("button:has-text('Publish and send invitations')")
    page.wait_for_selector("text=Published")
    check_accessibility(page, "published plan")
    assert Booking.objects.filter(event__campaign=campaign).count() > before
    _no_errors(page)


def test_04_the_careers_leader_and_the_volunteer_see_their_sessions(demo_site, new_page) -> None:  # type: ignore[no-untyped-def]
    base = demo_site.url
    school, campaign = YEAR["school"], YEAR["campaign"]
    bookings = list(
        Booking.objects.filter(school=school, event__campaign=campaign)
        .exclude(status=Booking.Status.CANCELLED)
        .select_related("event")
    )
    assert any(b.classes.filter(name="Year 5 Jarrow").exists() for b in bookings), (
        "the published plan booked the class the school asked for"
    )
    lead = new_page()
    sign_in(lead, base, "lead@horizons.test")
    lead.click("nav >> text=Encounters")
    check_accessibility(lead, "school encounters with the week booked")
    main = lead.inner_text("main")
    for booking in bookings:
        assert booking.event.title in main

    # A volunteer on one of the week's sessions sees it on "My sessions".
    volunteer = Volunteer.objects.get(user__email="volunteer@horizons.test")
    theirs = campaign.events.filter(event_volunteers__volunteer=volunteer).order_by("starts_at")
    assert theirs.exists(), "the volunteer has sessions in the week"
    page = new_page()
    sign_in(page, base, "volunteer@horizons.test")
    page.goto(base + "/encounters/my-sessions/")
    check_accessibility(page, "my sessions")
    mine = page.inner_text("main")
    for event in theirs:
        assert event.title in mine
    YEAR["volunteer_events"] = list(theirs)
    _no_errors(lead, page)


def test_04a_the_volunteers_event_page_has_what_they_need_to_arrive(demo_site, new_page) -> None:  # type: ignore[no-untyped-def]
    base = demo_site.url
    event = next(e for e in YEAR["volunteer_events"] if e.host_school_id)
    page = new_page()
    sign_in(page, base, "volunteer@horizons.test")
    page.goto(f"{base}/encounters/events/{event.pk}/")
    check_accessibility(page, "volunteer's event page")
    main = page.inner_text("main")
    assert event.host_school.postcode in main
    assert "safeguarding" in main.lower()
    assert "arriv" in main.lower()


# --- Spring: attendance, feedback and the children's words -----------------------------------


def test_05_attendance_feedback_and_childrens_quotes(demo_site, new_page) -> None:  # type: ignore[no-untyped-def]
    base = demo_site.url
    teacher = new_page()
    sign_in(teacher, base, "teacher@horizons.test")
    teacher.click("nav >> text=Encounters")
    link = teacher.locator("h2:has-text('Record attendance') + ul a").first
    href = link.get_attribute("href") or ""
    booking = Booking.objects.get(pk=int(re.search(r"/bookings/(\d+)/", href).group(1)))  # type: ignore[union-attr]
    link.click()
    check_accessibility(teacher, "attendance form")
    teacher.locator("input[id^=id_attended_]").first.fill("26")
    _label(teacher, "id_rating_0")
    teacher.fill("#id_quote_1", "I could build bridges when I grow up!")
    _label(teacher, "id_quote_1_consent")
    teacher.click("button:has-text('Save attendance')")
    teacher.wait_for_selector("text=Attendance and feedback saved")
    check_accessibility(teacher, "after attendance")
    assert Attendance.objects.filter(booking=booking).exists()
    assert ChildQuote.objects.filter(
        booking=booking, text="I could build bridges when I grow up!"
    ).exists()
    teacher.click("text=Your encounter record")
    check_accessibility(teacher, "encounter record")
    YEAR["attended"] = booking

    volunteer = new_page()
    sign_in(volunteer, base, "volunteer@horizons.test")
    volunteer.goto(base + "/encounters/my-sessions/")
    volunteer.click("a:has-text('Tell us how it went') >> nth=0")
    check_accessibility(volunteer, "volunteer feedback")
    before = VolunteerFeedback.objects.count()
    volunteer.check("#id_rating_4")
    volunteer.fill("#id_went_well", "The children asked about every part of the job.")
    volunteer.click("button:has-text('Send feedback')")
    volunteer.wait_for_load_state()
    check_accessibility(volunteer, "after feedback")
    assert VolunteerFeedback.objects.count() == before + 1
    _no_errors(teacher, volunteer)


# --- A programme: the cohort, its class list and consent -------------------------------------


def test_06_a_cohort_with_its_class_list_imported(demo_site, new_page) -> None:  # type: ignore[no-untyped-def]
    base = demo_site.url
    page = new_page()
    sign_in(page, base, "lead@horizons.test")
    page.click("nav >> text=Programmes")
    check_accessibility(page, "programmes")
    page.click("text=Start a programme with a group")
    check_accessibility(page, "new cohort")
    page.select_option("#id_template_slug", index=0)
    page.fill("#id_name", COHORT)
    page.select_option("#id_year_group", "5")
    page.fill("#id_classes", "5J")
    page.click("button:has-text('Create the group')")
    page.wait_for_selector(f"h1:has-text('{COHORT}')")
    check_accessibility(page, "new cohort's page")
    cohort = Cohort.objects.get(name=COHORT)
    assert cohort.school == YEAR["school"]

    page.click("text=Import a class list")
    check_accessibility(page, "import a class list")
    page.set_input_files(
        "#id_file",
        files=[{"name": "5J.csv", "mimeType": "text/csv", "buffer": CLASS_LIST.encode()}],
    )
    page.click("button:has-text('Continue')")
    page.wait_for_selector("h1:has-text('Check which column holds what')")
    check_accessibility(page, "choose the columns")
    assert "SIMS" in page.inner_text("main")
    page.click("button:has-text('Import the children')")
    page.wait_for_selector(f"h1:has-text('{COHORT}')")
    check_accessibility(page, "cohort with its children")
    pupils = cohort.pupils.order_by("first_name")
    assert [p.first_name for p in pupils] == ["Grace", "Isla", "Jack", "Mo", "Noah", "Olivia"]
    assert {p.last_initial for p in pupils} == {"N", "F", "D", "R", "A", "H"}
    assert "A123456789012" not in page.content()  # the UPN is never kept

    # Every child applied: the careers leader ticks them all on the consent page.
    page.click("text=Record applications and consent")
    check_accessibility(page, "applications and consent")
    for pupil in pupils:
        page.check(f"#applied-{pupil.pk}")
    page.click("main button[type=submit]:has-text('Save')")
    page.wait_for_url(f"{base}/programmes/cohorts/{cohort.pk}/")
    assert Consent.objects.filter(pupil__cohort=cohort, applied_at__isnull=False).count() == 6

    # The programme starts: running, with the questions before the programme open, and the
    # class teacher runs it (only the group's teachers may change its children's records).
    page.click("text=Change the group, its status or the open questions")
    check_accessibility(page, "change the cohort")
    page.check("input[name=status][value=running]")
    page.check("input[name=open_phase][value=pre]")
    teacher = Membership.objects.get(user__email="teacher@horizons.test", role=Role.TEACHER)
    page.check(f"input[name=teachers][value='{teacher.user_id}']")
    page.click("main button[type=submit]")
    page.wait_for_url(f"{base}/programmes/cohorts/{cohort.pk}/")
    cohort.refresh_from_db()
    assert (cohort.status, cohort.open_phase) == ("running", "pre")
    assert cohort.teachers.filter(pk=teacher.user_id).exists()
    YEAR["cohort"] = cohort
    _no_errors(page)


def test_07_a_parent_gives_consent_through_the_link_in_a_fresh_browser(demo_site, new_page) -> None:  # type: ignore[no-untyped-def]
    base = demo_site.url
    cohort = YEAR["cohort"]
    pupil = cohort.pupils.get(first_name="Olivia")
    lead = new_page()
    sign_in(lead, base, "lead@horizons.test")
    lead.goto(f"{base}/programmes/cohorts/{cohort.pk}/")
    lead.click("text=Parents' letters")
    check_accessibility(lead, "parents' letters")
    letter = lead.locator(".hz-letter", has_text="Olivia").first
    # The short link printed large under the QR code (before: a 32-character address).
    link = "http://" + letter.locator(".hz-letter__link").inner_text().strip()
    assert link.startswith(f"{base}/c/") and len(link.rsplit("/", 1)[1]) == 10
    assert letter.locator("img.hz-letter__qr").count() == 1

    parent = new_page()  # a fresh context: the parent's own phone, no cookies
    parent.goto(link)
    assert "/programmes/consent/" in parent.url
    check_accessibility(parent, "consent letter")
    parent.check("input[name=answer][value=yes]")
    parent.click("main button[type=submit]")
    parent.wait_for_selector("#consent-confirmation")
    assert "You said yes" in parent.inner_text("#consent-confirmation")
    check_accessibility(parent, "consent given")
    consent = Consent.objects.get(pk=pupil.pk)
    assert (consent.parent_consent, consent.method) == ("granted", "link")
    YEAR["pupil"] = pupil
    _no_errors(lead, parent)


# --- The programme runs: children on tablets, sessions marked --------------------------------


def test_08_a_child_signs_in_on_a_tablet_and_does_the_questions_and_an_activity(
    demo_site, new_page
) -> None:  # type: ignore[no-untyped-def]
    base = demo_site.url
    cohort, pupil = YEAR["cohort"], YEAR["pupil"]
    teacher = new_page()
    sign_in(teacher, base, "teacher@horizons.test")
    _teacher_opens_sign_in(teacher, base, cohort)

    child = new_page(**TABLET)
    _child_signs_in(child, base, cohort, pupil)
    check_accessibility(child, "child home")
    assert "Olivia" in child.inner_text("h1")
    _answer_questions(child, base, cohort, "pre")
    assert AssessmentAnswer.objects.filter(pupil=pupil, phase="pre").count() == len(
        instrument(cohort.instrument_version).items
    )

    child.goto(f"{base}/programmes/me/")
    child.click("a.hz-big-choice:has-text('Who am I?')")
    while "/done/" not in child.url:
        check_accessibility(child, f"who am I? {child.url}")
        boxes = child.locator("input.hz-pick__input")
        if boxes.count():
            child.click(f"label[for={boxes.first.get_attribute('id')}]")
        else:
            child.fill("#answer", "kind")
        child.click("main button[type=submit]")
        child.wait_for_load_state()
    check_accessibility(child, "who am I? done")
    assert Reflection.objects.filter(pupil=pupil).exists()
    _no_errors(teacher, child)


def test_08a_the_child_can_reach_the_careers_library(demo_site, new_page) -> None:  # type: ignore[no-untyped-def]
    base = demo_site.url
    cohort, pupil = YEAR["cohort"], YEAR["pupil"]
    child = new_page(**TABLET)
    _child_signs_in(child, base, cohort, pupil)
    library = child.locator("a[href^='/careers/']")
    assert library.count() >= 1, "no link from the child's home page to the careers library"
    library.first.click()
    child.wait_for_url("**/careers/**")
    check_accessibility(child, "careers library from the child's page")


def test_09_the_teacher_marks_the_sessions(demo_site, new_page) -> None:  # type: ignore[no-untyped-def]
    base = demo_site.url
    cohort, pupil = YEAR["cohort"], YEAR["pupil"]
    page = new_page()
    sign_in(page, base, "teacher@horizons.test")
    page.goto(f"{base}/programmes/cohorts/{cohort.pk}/")
    steps = list(cohort.sessions.order_by("step").values_list("step", flat=True))
    assert steps
    for step in steps:
        page.goto(f"{base}/programmes/cohorts/{cohort.pk}/sessions/{step}/")
        check_accessibility(page, f"session {step}")
        page.fill("#id_date", f"{step + 1}/11/2026")  # each session held in November
        page.check("#id_held")
        page.check(f"input[name=present][value='{pupil.pk}']")
        page.click("main button:has-text('Save')")
        page.wait_for_load_state()
        errors = page.locator(".govuk-error-summary")
        assert not errors.count(), errors.inner_text()
        page.wait_for_url(f"{base}/programmes/cohorts/{cohort.pk}/")
    check_accessibility(page, "cohort with sessions marked")
    assert cohort.sessions.filter(held=True).count() == len(steps)
    _no_errors(page)


def test_10_the_questions_after_the_programme_open(demo_site, new_page) -> None:  # type: ignore[no-untyped-def]
    base = demo_site.url
    cohort = YEAR["cohort"]
    lead = new_page()
    sign_in(lead, base, "lead@horizons.test")
    lead.goto(f"{base}/programmes/cohorts/{cohort.pk}/edit/")
    lead.check("input[name=open_phase][value=post]")
    lead.click("main button[type=submit]")
    lead.wait_for_url(f"{base}/programmes/cohorts/{cohort.pk}/")
    cohort.refresh_from_db()
    assert cohort.open_phase == "post"
    _teacher_opens_sign_in(lead, base, cohort)
    _no_errors(lead)


def test_10a_the_post_questions_show_what_the_child_said_before(demo_site, new_page) -> None:  # type: ignore[no-untyped-def]
    base = demo_site.url
    cohort, pupil = YEAR["cohort"], YEAR["pupil"]
    child = new_page(**TABLET)
    _child_signs_in(child, base, cohort, pupil)
    child.goto(f"{base}/programmes/me/questions/post/1/")
    check_accessibility(child, "post question 1")
    assert "Last time you said" in child.inner_text("main")


def test_10b_the_child_answers_the_questions_after_the_programme(demo_site, new_page) -> None:  # type: ignore[no-untyped-def]
    base = demo_site.url
    cohort, pupil = YEAR["cohort"], YEAR["pupil"]
    child = new_page(**TABLET)
    _child_signs_in(child, base, cohort, pupil)
    _answer_questions(child, base, cohort, "post")
    assert AssessmentAnswer.objects.filter(pupil=pupil, phase="post").count() == len(
        instrument(cohort.instrument_version).items
    )
    _no_errors(child)


def test_11_the_impact_report(demo_site, new_page) -> None:  # type: ignore[no-untyped-def]
    base = demo_site.url
    cohort = YEAR["cohort"]
    page = new_page()
    sign_in(page, base, "lead@horizons.test")
    page.goto(f"{base}/programmes/cohorts/{cohort.pk}/edit/")
    page.check("input[name=status][value=finished]")
    page.check("input[name=open_phase][value=closed]")
    page.click("main button[type=submit]")
    page.wait_for_url(f"{base}/programmes/cohorts/{cohort.pk}/")
    page.click("text=Impact report")
    page.wait_for_url(f"{base}/programmes/cohorts/{cohort.pk}/impact/")
    check_accessibility(page, "impact report")
    main = page.inner_text("main")
    # One child with answers is fewer than 5: nothing about them is shown, and no name at all.
    assert "Fewer than 5" in main or "fewer than 5" in main
    for name in cohort.pupils.values_list("first_name", flat=True):
        assert f"{name} " not in main
    _no_errors(page)


# --- Summer: reach, the printable summary, and the next audit --------------------------------


def test_12_reach_and_the_printable_summary(demo_site, new_page) -> None:  # type: ignore[no-untyped-def]
    base = demo_site.url
    page = new_page()
    sign_in(page, base, "facilitator@horizons.test")
    page.click("nav >> text=Campaigns")
    page.click(f"text={CAMPAIGN}")
    page.click("text=Reach: children, schools, employers")
    check_accessibility(page, "campaign reach")
    assert page.locator(".hz-card__figure").first.inner_text().replace(",", "").isdigit()
    page.click("text=Printable summary")
    check_accessibility(page, "printable summary")
    assert CAMPAIGN in page.inner_text("main")
    page.goto(base + "/encounters/reach/")
    check_accessibility(page, "hub reach")
    _no_errors(page)


def test_13_the_next_audit_shows_the_years_encounters(demo_site, new_page) -> None:  # type: ignore[no-untyped-def]
    base = demo_site.url
    school = YEAR["school"]
    page = new_page()
    sign_in(page, base, "lead@horizons.test")
    page.goto(f"{base}/benchmarks/schools/{school.urn}/")
    check_accessibility(page, "school's audits")
    page.click("text=Start a new audit")
    check_accessibility(page, "start the next audit")
    page.click("button:has-text('Start the audit')")
    page.wait_for_selector("h1:has-text('Careers and personal development programme')")
    page.click(".hz-section-nav >> text=5.")
    page.wait_for_selector("h1:has-text('Encounters')")
    check_accessibility(page, "next audit, benchmark 5")
    evidence = page.inner_text(".govuk-inset-text:has-text('What Horizons already shows')")
    assert re.search(r"\d+ employer encounters? in 2026", evidence), evidence
    # The class whose attendance the teacher recorded in step 5 is there, with its employer.
    for class_name in YEAR["attended"].classes.values_list("name", flat=True):
        assert f"{class_name}:" in evidence, evidence
    new_audit = Audit.objects.filter(school=school).latest("pk")
    assert new_audit.pk != YEAR["september_audit"].pk
    YEAR["next_audit"] = new_audit
    _no_errors(page)


def test_13a_unfinished_actions_carry_forward_to_the_next_plan(demo_site, new_page) -> None:  # type: ignore[no-untyped-def]
    base = demo_site.url
    old = YEAR["september_audit"]
    new = YEAR["next_audit"]
    # The careers leader submits the new audit (it starts from the last one's answers).
    page = new_page()
    sign_in(page, base, "lead@horizons.test")
    page.goto(f"{base}/benchmarks/audits/{new.pk}/")
    page.click("text=Check and submit")
    page.click("button:has-text('Submit the audit')")
    page.wait_for_selector("h1:has-text('Results of the')")
    page.click("a.govuk-button:has-text('Action plan')")
    page.wait_for_selector("h1:has-text('Action plan from the')")
    check_accessibility(page, "the next action plan")
    assert "Carried forward" in page.inner_text("main")
    unfinished = set(
        Action.objects.filter(audit=old)
        .exclude(status=Action.Status.DONE)
        .values_list("text", flat=True)
    )
    assert unfinished
    carried = set(Action.objects.filter(audit=new).values_list("text", flat=True))
    assert unfinished <= carried


# A new academic year (year groups move up, Year 6 leaves): Horizons has no rollover today,
# so the journey asserts nothing about it (see the report on the "year" branch).
