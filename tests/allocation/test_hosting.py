"""Grouping visiting schools with host schools for rotation events (pure)."""

from horizons.allocation.engine.hosting import Site, group_with_hosts

# About 1.1 km per 0.01° of latitude.
HOST_A = Site("A", 52.400, -1.500, pupils=60, can_host=True, hall_pupils=150)
HOST_B = Site("B", 52.450, -1.500, pupils=30, can_host=True, hall_pupils=100)


def test_each_school_goes_to_its_nearest_host():
    near_a = Site("a1", 52.405, -1.500, pupils=30)
    near_b = Site("b1", 52.446, -1.500, pupils=30)
    assert group_with_hosts([HOST_A, HOST_B, near_a, near_b]) == {"a1": "A", "b1": "B"}


def test_a_full_hall_sends_the_next_school_elsewhere_or_leaves_it_at_home():
    # A's hall holds 150 and its own classes are 60: room for 90.
    first = Site("s1", 52.401, -1.500, pupils=60)
    second = Site("s2", 52.402, -1.500, pupils=60)  # no room left at A; B is 5.3 km away
    third = Site("s3", 52.403, -1.500, pupils=200)  # fits nowhere: stays at home
    groups = group_with_hosts([HOST_A, HOST_B, first, second, third])
    assert groups == {"s1": "A", "s2": "B"}


def test_schools_beyond_reach_stay_at_home_and_no_hosts_means_no_groups():
    far = Site("far", 52.600, -1.500, pupils=30)  # 22 km from A
    assert group_with_hosts([HOST_A, far]) == {}
    assert group_with_hosts([far, Site("x", 52.6, -1.5, pupils=10)]) == {}


def test_hosts_never_travel_and_nearest_pairs_are_served_first():
    # Both want A, which has room for one (90 places): the nearer wins, the other goes to B.
    close = Site("close", 52.401, -1.500, pupils=80)
    further = Site("further", 52.420, -1.500, pupils=60)
    groups = group_with_hosts([HOST_A, HOST_B, further, close])
    assert groups == {"close": "A", "further": "B"}
    assert "A" not in groups and "B" not in groups
