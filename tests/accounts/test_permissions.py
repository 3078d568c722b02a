"""The scoping functions themselves, persona by persona."""

import pytest
from django.http import Http404

from horizons.accounts import permissions


def test_schools_each_persona_sees(world):
    names = lambda user: set(permissions.schools_visible_to(user).values_list("name", flat=True))  # noqa: E731
    ours = {"Felling Primary School", "Dunston Primary School"}
    assert names(world.admin) == ours | {"Hendon Primary School"}
    assert names(world.facilitator) == ours
    assert names(world.lead) == {"Felling Primary School"}
    assert names(world.teacher) == {"Felling Primary School"}
    assert names(world.coordinator) == set()
    assert names(world.volunteer) == set()
    assert names(world.outsider) == {"Hendon Primary School"}


def test_volunteers_each_persona_sees(world):
    ids = lambda user: set(permissions.volunteers_visible_to(user).values_list("pk", flat=True))  # noqa: E731
    ours, foreign = world.volunteer_profile.pk, world.foreign_volunteer.pk
    assert ids(world.facilitator) == {ours}
    assert ids(world.coordinator) == {ours}
    assert ids(world.volunteer) == {ours}
    assert ids(world.lead) == set()
    assert ids(world.outsider) == {foreign}


def test_someone_elses_school_is_a_404_not_a_403(world):
    with pytest.raises(Http404):
        permissions.school_for(world.lead, urn=world.other_school.urn)
    assert (
        permissions.school_for(world.facilitator, urn=world.other_school.urn) == world.other_school
    )


def test_only_careers_leaders_manage_staff(world):
    assert permissions.can_manage_staff(world.lead, world.school)
    assert not permissions.can_manage_staff(world.teacher, world.school)
    assert not permissions.can_manage_staff(world.facilitator, world.school)
    assert permissions.can_manage_staff(world.admin, world.school)


def test_teachers_and_facilitators_cannot_edit_employers(world):
    assert list(permissions.employers_editable_by(world.coordinator)) == [world.employer]
    assert not permissions.employers_editable_by(world.facilitator).exists()
    assert not permissions.employers_editable_by(world.volunteer).exists()
