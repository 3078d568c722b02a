"""Action plans and the facilitator's school page in real Chromium, axe-core on every page:
the careers leader follows the home page's overdue link and gives an action to a teacher; the
teacher finds it under My actions and updates it; the facilitator sees the school's whole
picture and writes a visit note with a follow-up, then marks an overdue follow-up done."""

from datetime import timedelta

import pytest
from django.utils import timezone

from horizons.benchmarks.models import Action
from tests.browser.conftest import check_accessibility, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db]


def test_a_careers_leader_gives_an_action_to_a_teacher(demo_site, new_page) -> None:  # type: ignore[no-untyped-def]
    page = new_page()
    base = demo_site.url
    sign_in(page, base, "lead@horizons.test")
    link = page.locator("a:has-text('actions overdue')")
    count = int(link.inner_text().split()[0])
    link.click()
    page.wait_for_selector("h1:has-text('Action plan from the')")
    check_accessibility(page, "action plan")
    # The count on the home page is the count in the plan it opens.
    assert page.locator(f"text={count} overdue.").is_visible()
    assert page.locator("tr.hz-action--overdue").count() == count

    row = page.locator("tr.hz-action--overdue").first
    text = row.locator("td").first.inner_text()
    row.locator("a:has-text('Change')").click()
    page.wait_for_selector("h1:has-text('Change an action')")
    check_accessibility(page, "change an action")
    page.select_option("#id_owner_user", label="Tom Robson (teacher@horizons.test)")
    page.click("button:has-text('Save the action')")
    page.wait_for_selector("h1:has-text('Action plan from the')")
    assert page.locator("text=Action saved.").is_visible()
    changed = page.locator("tr", has_text=text.split("\n")[-1][:50]).first
    assert "Tom Robson" in changed.inner_text()
    check_accessibility(page, "action plan after change")

    # A new action of the leader's own, then one marked done.
    page.click("a:has-text('Add an action')")
    check_accessibility(page, "add an action")
    page.click("button:has-text('Save the action')")
    assert page.locator(".govuk-error-summary").is_visible()  # no action written yet
    page.console_errors.clear()  # the refused form's 400 response, which Chromium reports
    page.fill("#id_text", "Invite a parent who is a paramedic to the Year 3 assembly.")
    page.click("button:has-text('Save the action')")
    page.wait_for_selector("text=Invite a parent who is a paramedic")
    added = Action.objects.get(text="Invite a parent who is a paramedic to the Year 3 assembly.")
    done_before = Action.objects.filter(audit=added.audit, status=Action.Status.DONE).count()
    page.locator("button:has-text('Mark done')").first.click()
    page.wait_for_load_state()
    assert (
        Action.objects.filter(audit=added.audit, status=Action.Status.DONE).count()
        == done_before + 1
    )
    assert not page.console_errors, page.console_errors


def test_a_teacher_updates_their_own_action(demo_site, new_page) -> None:  # type: ignore[no-untyped-def]
    page = new_page()
    base = demo_site.url
    sign_in(page, base, "teacher@horizons.test")
    assert page.locator("a:has-text('My action:')").count() >= 1
    check_accessibility(page, "teacher home")
    page.click("a:has-text('All my actions')")
    page.wait_for_selector("h1:has-text('My actions')")
    check_accessibility(page, "my actions")
    first = page.locator("tbody tr").first
    first_text = first.locator("td").first.inner_text().split("\n")[0]
    first.locator("a:has-text('Update')").click()
    page.wait_for_selector("h1:has-text('Update an action')")
    check_accessibility(page, "update an action")
    page.check("input[name=status][value=done]")
    page.fill("#id_note", "Taught the lesson on jobs in our town.")
    page.click("button:has-text('Save the update')")
    page.wait_for_selector("h1:has-text('My actions')")
    check_accessibility(page, "my actions after update")
    assert page.locator("tbody tr", has_text=first_text).count() == 0
    assert not page.console_errors, page.console_errors


def test_a_facilitator_sees_the_whole_picture_and_follows_up(demo_site, new_page) -> None:  # type: ignore[no-untyped-def]
    from horizons.organisations.models import School

    lead_school = School.objects.get(
        membership__role="careers_leader", membership__user__email="lead@horizons.test"
    )
    page = new_page()
    base = demo_site.url
    sign_in(page, base, "facilitator@horizons.test")
    page.click("a:has-text('visit follow-up')")
    page.wait_for_selector("h2:has-text('Visit follow-ups overdue')")
    check_accessibility(page, "hub overview with follow-ups")
    overdue = page.locator("#follow-ups li").count()
    assert overdue >= 1

    page.goto(f"{base}/benchmarks/hub/schools/{lead_school.urn}/")
    page.wait_for_selector(f"h1:has-text('{lead_school.name}')")
    check_accessibility(page, "school page")
    glance = page.locator(".hz-cards").inner_text()
    assert "actions done in the" in glance and "employer encounters attended" in glance
    assert "programme cohort" in glance
    assert page.locator("a[href='mailto:teacher@horizons.test']").is_visible()

    today = timezone.localdate()
    # Dates in the wrong order: a clear message, and what was typed is kept.
    page.fill("#id_notes", "Met Laura to plan the spring term.")
    page.fill("#id_follow_up", "Send the maths in the workplace cards")
    page.fill("#id_follow_up_by", (today - timedelta(days=400)).isoformat())
    page.click("button:has-text('Save the note')")
    page.wait_for_selector(".govuk-error-summary")
    check_accessibility(page, "visit note error")
    assert "must be on or after the visit" in page.locator(".govuk-error-summary").inner_text()
    assert page.input_value("#id_notes") == "Met Laura to plan the spring term."
    # The refused form is answered with status 400, which the browser logs; that one is expected.
    assert page.console_errors == [
        "Failed to load resource: the server responded with a status of 400 (Bad Request)"
    ]
    page.console_errors.clear()
    page.fill("#id_follow_up_by", (today + timedelta(days=7)).isoformat())
    page.click("button:has-text('Save the note')")
    page.wait_for_selector("text=Visit note saved.")
    check_accessibility(page, "school page with new note")
    assert page.locator(".hz-note", has_text="Send the maths in the workplace cards").count() >= 1

    # An overdue follow-up, marked done from its school's page, leaves the overview.
    page.goto(f"{base}/benchmarks/hub/")
    item = page.locator("#follow-ups li").first
    item.locator("a").click()
    page.wait_for_selector("h2:has-text('Visit notes')")
    page.locator(
        ".hz-note:has(.govuk-tag--red) button:has-text('Mark follow-up done')"
    ).first.click()
    page.wait_for_selector("text=Follow-up done:")
    check_accessibility(page, "follow-up done")
    page.goto(f"{base}/benchmarks/hub/")
    assert page.locator("#follow-ups li").count() == overdue - 1
    assert not page.console_errors, page.console_errors
