"""The Django-free pieces: slots, year groups, rotation timetables, capacity, charts, calendars."""

from datetime import date, time

from hypothesis import given
from hypothesis import strategies as st
from icalendar import Calendar

from horizons.encounters import capacity, scheduling
from horizons.encounters.charts import stacked_bars
from horizons.encounters.ics import CalendarEntry, build_calendar


def test_slots_follow_the_clock_and_the_calendar():
    assert scheduling.weekday_slot(date(2027, 3, 2), time(9, 30)) == "tue_am"
    assert scheduling.weekday_slot(date(2027, 3, 2), time(12, 0)) == "tue_pm"
    assert scheduling.describe_weekday_slot("thu_pm") == "Thursday afternoon"
    assert scheduling.date_slot_to_weekday("2027-03-05_am") == "fri_am"
    slots = scheduling.campaign_slots(date(2027, 3, 1), date(2027, 3, 7))
    assert len(slots) == 10 and slots[0] == ("2027-03-01_am", "Monday 1 March, morning")


def test_academic_years_start_in_september():
    assert scheduling.academic_year_of(date(2026, 3, 4)) == 2025
    assert scheduling.academic_year_of(date(2026, 9, 1)) == 2026
    assert scheduling.academic_year_bounds(2026) == (date(2026, 9, 1), date(2027, 8, 31))
    assert scheduling.academic_year_label(2026) == "2026/27"


def test_year_groups_read_naturally():
    assert scheduling.describe_year_groups([5, 3, 4]) == "Years 3 to 5"
    assert scheduling.describe_year_groups([2, 4]) == "Years 2 and 4"
    assert scheduling.describe_year_groups([1, 3, 6]) == "Years 1, 3 and 6"
    assert scheduling.describe_year_groups([6]) == "Year 6"


@given(st.integers(1, 6), st.integers(1, 9))
def test_rotation_every_class_meets_every_employer_once_and_no_station_doubles(
    n_employers, n_classes
):
    employers = [f"E{i}" for i in range(n_employers)]
    classes = [f"C{i}" for i in range(n_classes)]
    rounds = scheduling.rotation_timetable(
        employers=employers, classes=classes, starts_at=time(9), round_minutes=20
    )
    assert len(rounds) == max(n_employers, n_classes)
    for r in rounds:
        met = [e for _, e in r.pairs if e]
        assert len(met) == len(set(met))
    for label in classes:
        seen = [e for r in rounds for c, e in r.pairs if c == label and e]
        assert sorted(seen) == sorted(employers)
    assert rounds[0].starts_at == time(9) and rounds[0].ends_at == time(9, 20)
    if len(rounds) > 1:
        assert rounds[1].starts_at == time(9, 25)


@given(
    st.lists(
        st.tuples(st.integers(1, 10_000), st.integers(0, 90)), max_size=30, unique_by=lambda t: t[0]
    ),
    st.integers(0, 200),
)
def test_promotion_never_exceeds_what_is_free_and_keeps_queue_order(waiting, remaining):
    chosen = capacity.promotable(waiting, remaining)
    places = dict(waiting)
    assert sum(places[i] for i in chosen) <= remaining
    positions = [next(k for k, (pk, _) in enumerate(waiting) if pk == i) for i in chosen]
    assert positions == sorted(positions)
    # first fit: a booking left waiting did not fit in what was left when its turn came
    left = remaining
    for pk, n in waiting:
        if pk in chosen:
            left -= n
        elif n > 0:
            assert n > left


def test_places_count_pupils_or_classes():
    assert capacity.places_needed([28, 30], capacity.PUPILS) == 58
    assert capacity.places_needed([28, 30], capacity.CLASSES) == 2


def test_chart_is_labelled_and_escapes_text():
    svg = stacked_bars(title="Reach <week>", labels=["Mon"], in_person=[10], online=[5])
    assert 'role="img"' in svg and "<title>Reach &lt;week&gt;</title>" in svg and ">15<" in svg
    assert stacked_bars(title="x", labels=[], in_person=[], online=[]) == ""


def test_calendar_is_in_london_time_with_the_timezone_included():
    entry = CalendarEntry(
        uid="x@h",
        sequence=2,
        title="Visit",
        day=date(2026, 7, 1),
        starts_at=time(9, 30),
        ends_at=time(10, 30),
    )
    calendar = Calendar.from_ical(build_calendar(entry))
    vevent = calendar.walk("VEVENT")[0]
    assert vevent.decoded("dtstart").utcoffset().total_seconds() == 3600  # British Summer Time
    assert calendar.walk("VTIMEZONE")[0]["TZID"] == "Europe/London"
    assert vevent["SEQUENCE"] == 2
    cancelled = Calendar.from_ical(build_calendar(entry, cancelled=True))
    assert str(cancelled["METHOD"]) == "CANCEL"
