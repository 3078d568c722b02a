"""The access decorators and get_or_404 in accounts.permissions, on their own."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.http import Http404, HttpRequest, HttpResponse
from django.test import RequestFactory

from horizons.accounts import permissions
from horizons.accounts.models import Role, User
from horizons.accounts.permissions import ADMIN
from horizons.encounters.models import Campaign
from horizons.organisations.models import School


@permissions.role_required(ADMIN, Role.FACILITATOR)
def _hub_page(request: HttpRequest, pk: int) -> HttpResponse:
    return HttpResponse(f"hub page {pk}")


@pytest.fixture
def nobody(world):
    """Signed in, but a member of nothing."""
    return User.objects.create_user("nobody@example.org", "a long enough passphrase")


def _get(user: object) -> HttpRequest:
    request = RequestFactory().get("/somewhere/?x=1")
    request.user = user  # type: ignore[assignment]
    return request


def test_role_required_lets_in_the_roles_it_names(world):
    assert _hub_page(_get(world.facilitator), pk=7).content == b"hub page 7"
    assert _hub_page(_get(world.admin), pk=7).status_code == 200


@pytest.mark.parametrize("persona", ["lead", "teacher", "coordinator", "volunteer"])
def test_role_required_is_a_404_for_everyone_else(world, nobody, persona):
    with pytest.raises(Http404):
        _hub_page(_get(getattr(world, persona)), pk=7)
    with pytest.raises(Http404):
        _hub_page(_get(nobody), pk=7)


def test_role_required_sends_anonymous_visitors_to_sign_in(world):
    response = _hub_page(_get(AnonymousUser()), pk=7)
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")
    assert "next=/somewhere/" in response["Location"]


def test_role_required_states_its_roles_and_keeps_the_view_name():
    assert _hub_page.required_roles == frozenset({ADMIN, Role.FACILITATOR})  # type: ignore[attr-defined]
    assert _hub_page.__name__ == "_hub_page"


def test_role_required_refuses_a_role_that_does_not_exist():
    with pytest.raises(ValueError, match="Unknown role"):
        permissions.role_required("headteacher")
    with pytest.raises(ValueError, match="at least one role"):
        permissions.role_required()


def test_the_named_decorators_open_what_they_say(world, nobody):
    def page(request: HttpRequest) -> HttpResponse:
        return HttpResponse("ok")

    school_page = permissions.school_staff_required(page)
    hub_page = permissions.hub_staff_required(page)
    member_page = permissions.member_required(page)
    for persona in ("lead", "teacher", "admin"):
        assert school_page(_get(getattr(world, persona))).status_code == 200
    for user in (world.facilitator, world.coordinator, world.volunteer, nobody):
        with pytest.raises(Http404):
            school_page(_get(user))
    assert hub_page(_get(world.facilitator)).status_code == 200
    with pytest.raises(Http404):
        hub_page(_get(world.lead))
    for persona in ("lead", "teacher", "facilitator", "coordinator", "volunteer", "admin"):
        assert member_page(_get(getattr(world, persona))).status_code == 200
    with pytest.raises(Http404):
        member_page(_get(nobody))


def test_has_role_counts_platform_admins_only_as_admin(world):
    assert permissions.has_role(world.admin, ADMIN)
    assert not permissions.has_role(world.admin, Role.FACILITATOR)
    assert permissions.has_role(world.teacher, Role.CAREERS_LEADER, Role.TEACHER)
    assert not permissions.has_role(AnonymousUser(), ADMIN, *Role)


def test_get_or_404_finds_within_the_scope_and_404s_outside_it(world):
    scope = permissions.schools_visible_to(world.facilitator)
    assert permissions.get_or_404(scope, urn=world.school.urn) == world.school
    with pytest.raises(Http404):
        permissions.get_or_404(scope, urn=world.foreign_school.urn)
    with pytest.raises(Http404):
        permissions.get_or_404(School.objects.all(), urn=999999)


def test_get_or_404_does_not_trip_over_a_scope_that_repeats_a_row(world):
    # Felling has a careers leader and a teacher: joining its memberships repeats it.
    repeated = School.objects.filter(membership__role__in=[Role.CAREERS_LEADER, Role.TEACHER])
    assert repeated.filter(pk=world.school.pk).count() == 2
    assert permissions.get_or_404(repeated, pk=world.school.pk) == world.school


def test_hubs_facilitated_by_is_every_hub_for_admins_and_their_own_otherwise(world):
    assert set(permissions.hubs_facilitated_by(world.facilitator)) == {world.hub}
    assert permissions.hubs_facilitated_by(world.admin).count() >= 2
    assert not permissions.hubs_facilitated_by(world.lead).exists()


def test_campaign_and_event_services_re_check_the_hub_whoever_calls_them(world):
    from horizons.encounters import services
    from tests.encounters import factories as f

    campaign = f.campaign(world)
    event = f.event(world, campaign=campaign, offer_obj=f.offer(world))
    refusal = "Only the hub's facilitators can change its campaigns and events."
    for person in (world.lead, world.coordinator, world.outsider):
        with pytest.raises(services.EncounterError, match=refusal):
            services.campaign_create(hub=world.hub, by=person, data={})
        with pytest.raises(services.EncounterError, match=refusal):
            services.campaign_move(campaign=campaign, by=person, to="closed")
        with pytest.raises(services.EncounterError, match=refusal):
            services.event_cancel(event=event, by=person)
    event.refresh_from_db()
    campaign.refresh_from_db()
    assert not event.is_cancelled
    assert campaign.status != Campaign.Status.CLOSED
    services.event_cancel(event=event, by=world.admin)
    event.refresh_from_db()
    assert event.is_cancelled
