"""The small pure modules around the programmes: codes, activities, aspirations, charts,
the assessment file reader, calendar files and the fast exact Wilcoxon test."""

from __future__ import annotations

import random
import warnings
from datetime import UTC, date, datetime

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy import stats

from horizons.programmes import activities, charts, ics, pictures
from horizons.programmes.aspirations import AspirationRow, GroupAspirations, summarise
from horizons.programmes.assessment_csv import parse_assessment_csv
from horizons.programmes.wilcoxon_exact import permutation_p

# --- codes -----------------------------------------------------------------------------------


def test_class_codes_use_only_unambiguous_consonants() -> None:
    rng = random.Random(4)
    codes = {pictures.new_class_code(rng) for _ in range(500)}
    assert len(codes) > 490
    for code in codes:
        assert len(code) == pictures.CLASS_CODE_LENGTH
        assert not set(code) & set("AEIOUL0O1")


def test_class_code_typed_loosely_is_normalised() -> None:
    assert pictures.normalise_class_code(" bcd-fgh ") == "BCDFGH"


@given(st.integers(min_value=0, max_value=200), st.integers(min_value=0, max_value=300))
@settings(max_examples=40, deadline=None)
def test_picture_codes_never_repeat(taken_count: int, count: int) -> None:
    rng = random.Random(taken_count * 1000 + count)
    taken = {(c.picture, c.number) for c in pictures.assign_picture_codes(taken_count, rng=rng)}
    new = [(c.picture, c.number) for c in pictures.assign_picture_codes(count, taken, rng)]
    assert len(set(new)) == count
    assert not set(new) & taken
    assert all(10 <= number <= 99 for _, number in new)


@given(st.integers(min_value=1, max_value=300))
@settings(max_examples=30, deadline=None)
def test_a_class_shares_pictures_as_little_as_possible(count: int) -> None:
    codes = pictures.assign_picture_codes(count, rng=random.Random(count))
    per_picture = {code: 0 for code, _, _ in pictures.PICTURES}
    for code in codes:
        per_picture[code.picture] += 1
    assert max(per_picture.values()) - min(per_picture.values()) <= 1


def test_a_full_class_cannot_get_more_codes() -> None:
    capacity = len(pictures.PICTURES) * len(pictures.NUMBER_RANGE)
    with pytest.raises(ValueError, match="at most"):
        pictures.assign_picture_codes(capacity + 1)


# --- activities ------------------------------------------------------------------------------


def test_activity_answers_are_checked_in_words_a_child_understands() -> None:
    strengths = activities.WHO_AM_I.question(1)
    assert activities.clean_answer(strengths, ["teamwork", "teamwork", "listening"]) == [
        "teamwork",
        "listening",
    ]
    with pytest.raises(activities.ActivityError, match="at least one"):
        activities.clean_answer(strengths, [])
    with pytest.raises(activities.ActivityError, match="up to 3"):
        activities.clean_answer(strengths, ["teamwork", "listening", "speaking", "creativity"])
    with pytest.raises(activities.ActivityError, match="Tap one of the pictures"):
        activities.clean_answer(strengths, ["flying"])
    pets = next(q for q in activities.FUTURE_CLOUD.questions if q.key == "pets")
    with pytest.raises(activities.ActivityError, match="No pets"):
        activities.clean_answer(pets, ["none", "dog"])
    job = activities.FUTURE_CLOUD.question(1)
    assert activities.clean_answer(job, "  a   vet \x07") == "a vet"
    with pytest.raises(activities.ActivityError, match="not sure yet"):
        activities.clean_answer(job, "   ")
    with pytest.raises(IndexError):
        activities.WHO_AM_I.question(99)


# --- aspirations -----------------------------------------------------------------------------


def _rows(spec: list[tuple[str, str, str, bool | None, bool, int]]) -> list[AspirationRow]:
    return [
        AspirationRow("post", "job", slug, slug.capitalize(), gender, pp, met, n)
        for slug, gender, _, pp, met, n in [(s[0], s[1], s[2], s[3], s[4], s[5]) for s in spec]
    ]


def test_only_jobs_named_by_five_or_more_are_listed_and_small_counts_are_hidden() -> None:
    rows = _rows(
        [
            ("nurse", "girl", "", True, True, 6),
            ("doctor", "boy", "", False, True, 5),
            ("astronaut", "girl", "", False, False, 1),
            ("vet", "boy", "", True, False, 3),
        ]
    ) + [AspirationRow("post", "not_a_job", "", "", "girl", False, False, 2)]
    report = summarise(rows, min_group=5)
    overall = report.phases["post"].overall
    assert isinstance(overall, GroupAspirations)
    assert overall.answers == 17
    assert [(j.title, j.children) for j in overall.top] == [("Nurse", 6), ("Doctor", 5)]
    assert overall.other_jobs is None  # 4 children: "fewer than 5"
    # 17 answers less 15 who named a job would reveal the 2 who named none, so it is hidden.
    assert overall.named_a_job is None
    assert overall.met_job == 11
    assert overall.distinct_jobs == 4
    titles = {j.title for j in overall.top}
    assert "Astronaut" not in titles and "Vet" not in titles


def test_small_groups_and_their_complement_are_suppressed() -> None:
    rows = _rows([("nurse", "girl", "", None, False, 9), ("doctor", "other", "", None, False, 2)])
    rows += _rows([("vet", "boy", "", None, False, 7)])
    gender = summarise(rows, 5).phases["post"].breakdowns["gender"]
    assert gender["other"].suppressed
    # 2 hidden children could be worked out from the total, so the next smallest goes too.
    assert gender["boy"].suppressed
    assert not gender["girl"].suppressed


def test_variety_is_the_chance_two_children_want_different_jobs() -> None:
    same = summarise(_rows([("nurse", "girl", "", None, False, 10)]), 5).phases["post"].overall
    mixed = (
        summarise(_rows([(f"job{i}", "girl", "", None, False, 1) for i in range(10)]), 5)
        .phases["post"]
        .overall
    )
    assert isinstance(same, GroupAspirations) and isinstance(mixed, GroupAspirations)
    assert same.variety == 0
    assert mixed.variety == 1
    assert mixed.top == ()


def test_fewer_than_five_answers_in_a_phase_shows_nothing() -> None:
    report = summarise(_rows([("nurse", "girl", "", None, False, 4)]), 5)
    assert report.phases["post"].overall.suppressed


# --- charts ----------------------------------------------------------------------------------


def test_chart_labels_every_bar_in_words_and_escapes_text() -> None:
    svg = charts.paired_bar_chart(
        chart_id="c1",
        title="Skills <before & after>",
        description="desc",
        rows=[charts.BarPair("Team<work>", 2.0, 3.5), charts.BarPair("Tiny group", None, None)],
        maximum=4,
    )
    assert svg.startswith('<svg class="hz-bar-chart" role="img" aria-labelledby="c1-title c1-desc"')
    assert "Skills &lt;before &amp; after&gt;" in svg and "Team&lt;work&gt;" in svg
    assert "2.0 before" in svg and "3.5 after" in svg
    assert "Fewer than 5 children" in svg
    with pytest.raises(ValueError):
        charts.paired_bar_chart(chart_id="x", title="t", description="d", rows=[], maximum=0)


# --- assessment files ------------------------------------------------------------------------


def test_assessment_file_problems_name_their_rows() -> None:
    text = (
        "pupil_ref,cohort,phase,item,value\n"
        "P1,Y5,pre,skill_listening,2\n"
        "P1,Y5,during,skill_listening,2\n"
        ",Y5,pre,skill_listening,2\n"
        "P1,Y5,pre,skill_listening,3\n"
        "A123456789012,Y5,pre,skill_listening,3\n"
    )
    rows, problems = parse_assessment_csv(text)
    messages = [str(p) for p in problems]
    assert any(m.startswith("Row 3: phase 'during'") for m in messages)
    assert any(m.startswith("Row 4: pupil_ref is blank") for m in messages)
    assert any(m.startswith("Row 5: repeats row 2") for m in messages)
    assert any(m.startswith("Row 6:") and "UPN" in m for m in messages)
    assert [r.row for r in rows] == [2]


def test_assessment_file_needs_its_columns() -> None:
    _, problems = parse_assessment_csv("ref,phase\nP1,pre\n")
    assert "Missing column(s): pupil_ref, cohort, item, value" in str(problems[0])


def test_consent_column_must_agree_for_a_pupil() -> None:
    text = (
        "pupil_ref,cohort,phase,item,value,consent\n"
        "P1,Y5,pre,skill_listening,2,yes\n"
        "P1,Y5,pre,skill_speaking,2,no\n"
    )
    _, problems = parse_assessment_csv(text)
    assert str(problems[0]).startswith("Row 3: consent for pupil 'P1' differs from row 2")


# --- calendar --------------------------------------------------------------------------------


def test_calendar_event_is_valid_ics_with_utc_times_and_folded_lines() -> None:
    body = ics.event_ics(
        uid="x@horizons",
        title="Final assembly; with parents, and children",
        start=datetime(2026, 7, 10, 12, 30, tzinfo=UTC),
        duration_minutes=45,
        description="A" * 200,
        stamp=datetime(2026, 1, 1, tzinfo=UTC),
    )
    assert body.startswith("BEGIN:VCALENDAR\r\n") and body.endswith("END:VCALENDAR\r\n")
    assert "DTSTART:20260710T123000Z" in body and "DTEND:20260710T131500Z" in body
    assert "SUMMARY:Final assembly\\; with parents\\, and children" in body
    assert all(len(line.encode()) <= 75 for line in body.split("\r\n"))
    all_day = ics.event_ics(uid="y", title="t", start=date(2026, 7, 10), duration_minutes=30)
    assert "DTSTART;VALUE=DATE:20260710" in all_day and "DTEND;VALUE=DATE:20260711" in all_day
    with pytest.raises(ValueError):
        ics.event_ics(uid="z", title="t", start=datetime(2026, 7, 10, 9), duration_minutes=30)


# --- Wilcoxon --------------------------------------------------------------------------------


@given(st.lists(st.integers(min_value=-3, max_value=3), min_size=1, max_size=9))
@settings(max_examples=60, deadline=None)
def test_fast_exact_wilcoxon_equals_scipy(changes: list[int]) -> None:
    mine = permutation_p([float(c) for c in changes])
    if mine is None:
        return
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        reference = float(stats.wilcoxon(np.array(changes, dtype=float)).pvalue)
    assert mine == pytest.approx(reference, abs=1e-12)


def test_fast_wilcoxon_leaves_other_cases_to_scipy() -> None:
    assert permutation_p([1.0, 2.0, 3.0]) is None  # no ties, no zeros: scipy's exact table
    assert permutation_p([0.0, 0.0]) is None
    assert permutation_p([1.0] * 14) is None  # scipy switches to its approximation
    assert permutation_p([1.0, 1.0, 1.0, 1.0, 1.0]) == pytest.approx(0.0625)
