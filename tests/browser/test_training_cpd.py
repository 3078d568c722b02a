"""Staff training (CPD) in real Chromium at tablet size, with axe-core on every page: a
facilitator publishes, changes and takes attendance; a careers leader books a colleague, joins
a waiting list and cancels; the CPD shows in the school's audit, its record and the hub
overview."""

from datetime import date, timedelta

import pytest

from horizons.accounts.models import Membership, User
from horizons.benchmarks import services as benchmark_services
from horizons.benchmarks.models import Audit
from horizons.messaging.models import Message
from horizons.training import services as training_services
from horizons.training.models import TrainingBooking, TrainingSession
from tests.browser.conftest import check_accessibility, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.usefixtures("committed_db")]


def test_a_facilitator_publishes_changes_and_takes_attendance(demo_site, new_page):  # type: ignore[no-untyped-def]
    base = demo_site.url
    page = new_page()
    sign_in(page, base, "facilitator@horizons.test")
    page.goto(base + "/training/hub/")
    check_accessibility(page, "hub training list")
    page.click("a:has-text('Publish a session')")
    check_accessibility(page, "publish a session")
    page.fill("#id_title", "Careers through stories in KS1")
    page.fill("#id_date", (date.today() + timedelta(days=40)).isoformat())
    page.fill("#id_starts_at", "16:00")
    page.fill("#id_ends_at", "15:00")
    page.fill("#id_capacity", "18")
    page.fill("#id_hours", "1.5")
    page.click("main button[type=submit]")
    assert page.locator(".govuk-error-summary").is_visible()
    assert page.input_value("#id_title") == "Careers through stories in KS1"
    assert page.is_visible("text=The session must end after it starts.")
    check_accessibility(page, "publish a session with errors")
    page.fill("#id_ends_at", "17:30")
    page.fill("#id_venue", "Newcastle City Library")
    page.click("main button[type=submit]")
    page.wait_for_selector("h1:has-text('Careers through stories in KS1')")
    check_accessibility(page, "session page")
    made = TrainingSession.objects.get(title="Careers through stories in KS1")
    assert made.benchmarks == [1, 4] and made.capacity == 18

    page.click("a:has-text('Change the session')")
    check_accessibility(page, "change a session")
    page.fill("#id_capacity", "24")
    page.click("main button[type=submit]")
    page.wait_for_selector("text=Session saved.")
    made.refresh_from_db()
    assert made.capacity == 24

    # The careers leader books it; then the trainer falls ill and the hub calls it off.
    lead = User.objects.get(email="lead@horizons.test")
    school = Membership.objects.filter(user=lead, school__hub=made.hub).first().school
    booked = training_services.booking_create(session=made, school=school, attendee=lead, by=lead)
    page.reload()
    page.click("a:has-text('Cancel the session')")
    page.wait_for_selector("h1:has-text('Cancel this session?')")
    assert page.is_visible("text=1 person is booked or waiting.")
    check_accessibility(page, "cancel a session")
    page.fill("#id_reason", "The trainer is ill; we will publish a new date soon.")
    page.click("button:has-text('Yes, cancel the session')")
    page.wait_for_selector("text=Cancelled: Careers through stories in KS1.")
    assert page.is_visible(
        "text=The reason given: The trainer is ill; we will publish a new date soon."
    )
    check_accessibility(page, "a cancelled session")
    booked.refresh_from_db()
    assert booked.status == "cancelled"
    assert (
        Message.objects.get(template="cpd_session_cancelled", recipient=lead.email).about == booked
    )
    assert not page.is_visible("a:has-text('Change the session')")
    # For the record: who was booked, and no register or places left to offer.
    assert page.is_visible("text=24; 1 booked or waiting when it was cancelled")
    assert page.is_visible("h2:has-text('Who was booked')")
    assert not page.is_visible("text=You can record who came")

    # The demo's session nine days ago: the lead attended; record the register again.
    past = TrainingSession.objects.get(title="Running your careers programme: the benchmarks audit")
    page.goto(f"{base}/training/hub/{past.pk}/")
    check_accessibility(page, "attendance register")
    booking = past.bookings.get()
    page.uncheck(f"#attended-{booking.pk}")
    page.click("button:has-text('Save attendance')")
    page.wait_for_selector("text=Attendance saved: 0 came.")
    booking.refresh_from_db()
    assert booking.attended is False
    page.check(f"#attended-{booking.pk}")
    page.click("button:has-text('Save attendance')")
    page.wait_for_selector("text=Attendance saved: 1 came.")

    page.goto(base + "/benchmarks/hub/")
    check_accessibility(page, "hub overview with CPD hours")
    assert page.is_visible("text=staff CPD hours this school year")


def test_a_careers_leader_books_a_colleague_waits_and_cancels(demo_site, new_page):  # type: ignore[no-untyped-def]
    base = demo_site.url
    page = new_page()
    sign_in(page, base, "lead@horizons.test")
    page.goto(base + "/training/")
    check_accessibility(page, "training catalogue")
    stereotypes = TrainingSession.objects.get(title="Challenging stereotypes about jobs in KS2")
    page.goto(f"{base}/training/sessions/{stereotypes.pk}/book/")
    check_accessibility(page, "book a session")
    teacher = User.objects.get(email="teacher@horizons.test")
    page.select_option("#id_attendee", str(teacher.pk))
    page.click("button:has-text('Book a place')")
    assert page.locator(".govuk-error-summary").is_visible()  # the teacher is already booked
    assert page.is_visible("text=Tom Robson is already booked on this session.")
    check_accessibility(page, "booking refused")
    lead = User.objects.get(email="lead@horizons.test")
    page.select_option("#id_attendee", str(lead.pk))
    page.click("button:has-text('Book a place')")
    page.wait_for_selector("text=You are booked on Challenging stereotypes about jobs in KS2")
    assert page.is_visible("text=An email with the details is on its way to you.")
    booked = TrainingBooking.objects.get(session=stereotypes, attendee=lead)
    assert booked.status == "booked"
    # The confirmation (with its calendar invitation) is on record for the lead, about this.
    assert Message.objects.filter(
        template="cpd_booked", recipient=lead.email, about_id=booked.pk
    ).exists()

    full = TrainingSession.objects.get(title="Planning National Careers Week with employers")
    page.goto(f"{base}/training/sessions/{full.pk}/book/")
    assert page.is_visible("text=This session is full.")
    check_accessibility(page, "a full session")
    page.select_option("#id_attendee", str(lead.pk))
    page.click("button:has-text('Join the waiting list')")
    page.wait_for_selector("text=You are on the waiting list for Planning National Careers Week")
    waiting = TrainingBooking.objects.get(session=full, attendee=lead)
    assert waiting.status == "waiting"

    page.goto(f"{base}/training/bookings/{waiting.pk}/cancel/")
    check_accessibility(page, "cancel a booking")
    page.click("button:has-text('Yes, cancel it')")
    page.wait_for_selector("text=Cancelled:")
    waiting.refresh_from_db()
    assert waiting.status == "cancelled"


def test_the_schools_cpd_shows_in_its_audit_and_record(demo_site, new_page):  # type: ignore[no-untyped-def]
    base = demo_site.url
    lead = User.objects.get(email="lead@horizons.test")
    school = lead.memberships.get().school
    audit = Audit.objects.filter(school=school, submitted_at__isnull=True).first()
    if audit is None:
        audit = benchmark_services.audit_start(school=school, by=lead, term="Spring 2027")
    page = new_page()
    sign_in(page, base, "lead@horizons.test")
    page.goto(f"{base}/benchmarks/audits/{audit.pk}/benchmark/1/")
    assert page.is_visible("text=Careers in the primary curriculum")
    check_accessibility(page, "audit section 1 with CPD evidence")
    page.goto(f"{base}/benchmarks/audits/{audit.pk}/benchmark/4/")
    assert page.is_visible("text=Careers in the primary curriculum")
    page.goto(f"{base}/training/school/{school.urn}/")
    check_accessibility(page, "school CPD record")
    assert page.is_visible("text=Careers in the primary curriculum")
