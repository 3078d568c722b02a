"""manage.py import_assessments (all-or-nothing) and impact_report (JSON figures)."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from horizons.programmes.instrument import instrument
from horizons.programmes.models import AssessmentAnswer, Cohort, Pupil
from tests.programmes.factories import add_pupils, make_cohort

pytestmark = pytest.mark.django_db

NUMERIC = [i.code for i in instrument("aspirations-v1").items if i.is_numeric]
STEREOTYPES = [i.code for i in instrument("aspirations-v1").items if i.kind == "stereotype"]


def _csv(
    tmp_path: Path, lines: list[str], name: str = "answers.csv", consent: str | None = "yes"
) -> Path:
    """A file of answers; by default with a consent column saying yes on every row."""
    path = tmp_path / name
    if consent is None:
        path.write_text("pupil_ref,cohort,phase,item,value\n" + "\n".join(lines) + "\n")
    else:
        rows = [f"{line},{consent}" for line in lines]
        path.write_text("pupil_ref,cohort,phase,item,value,consent\n" + "\n".join(rows) + "\n")
    return path


def _cohort_lines(cohort: str, pupils: int = 6) -> list[str]:
    lines = []
    for p in range(pupils):
        for item in NUMERIC:
            low = 0 if item == "jobs_known" else 1
            pre = low + (p % 2)
            post = pre + 1 if item != "skill_teamwork" else pre
            lines.append(f"P{p:02d},{cohort},pre,{item},{pre}")
            lines.append(f"P{p:02d},{cohort},post,{item},{post}")
        lines.append(f"P{p:02d},{cohort},pre,job_wanted,footballer")
        lines.append(f"P{p:02d},{cohort},post,job_wanted,nurse")
    return lines


def _run(*args: str) -> tuple[str, str]:
    out, err = io.StringIO(), io.StringIO()
    call_command(*args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def test_import_creates_the_cohort_and_pupils_and_the_report_prints_json(world, tmp_path) -> None:  # type: ignore[no-untyped-def]
    path = _csv(tmp_path, _cohort_lines("Y5 Felling 2025"))
    out, _ = _run(
        "import_assessments",
        str(path),
        "--school",
        str(world.school.urn),
        "--programme",
        "aspirations-stem",
    )
    assert "Created cohort 'Y5 Felling 2025'." in out and "Imported 228 answers." in out
    cohort = Cohort.objects.get(name="Y5 Felling 2025")
    assert (cohort.school, cohort.template_slug, cohort.status) == (
        world.school,
        "aspirations-stem",
        "finished",
    )
    assert cohort.pupils.count() == 6
    assert all(p.consent.counts_in_reports for p in cohort.pupils.all())

    out, _ = _run("impact_report", "--cohort", "Y5 Felling 2025", "--format", "json")
    data = json.loads(out)
    assert data["cohort"] == "Y5 Felling 2025"
    listening = data["items"]["skill_listening"]
    assert set(listening) >= {
        "n_pairs",
        "mean_pre",
        "mean_post",
        "mean_change",
        "sd_change",
        "cohens_dz",
        "ci95_low",
        "ci95_high",
        "wilcoxon_p",
    }
    assert listening["n_pairs"] == 6
    assert (listening["mean_pre"], listening["mean_post"], listening["mean_change"]) == (
        1.5,
        2.5,
        1.0,
    )
    assert listening["sd_change"] == 0.0 and listening["cohens_dz"] is None
    teamwork = data["items"]["skill_teamwork"]
    assert teamwork["mean_change"] == 0.0 and teamwork["wilcoxon_p"] is None
    for code in STEREOTYPES:
        assert {"share_both_pre", "share_both_post"} <= set(data["items"][code])
    assert "share_both_pre" not in listening
    assert set(data["items"]) == set(NUMERIC)


def test_importing_the_same_file_twice_is_refused_with_a_clear_message(world, tmp_path) -> None:  # type: ignore[no-untyped-def]
    path = _csv(tmp_path, _cohort_lines("Y5"))
    _run("import_assessments", str(path), "--school", str(world.school.urn))
    with pytest.raises(CommandError, match="Nothing was imported"):
        _, err = _run("import_assessments", str(path), "--school", str(world.school.urn))
    err = io.StringIO()
    with pytest.raises(CommandError):
        call_command("import_assessments", str(path), stderr=err)
    assert "already on Horizons: the file looks like it was imported before" in err.getvalue()
    assert AssessmentAnswer.objects.count() == 228


def test_one_bad_row_means_nothing_is_imported(world, tmp_path) -> None:  # type: ignore[no-untyped-def]
    lines = _cohort_lines("Y5", pupils=5)  # rows 2 to 191
    lines += [
        "P90,Y5,pre,skill_listening,9",  # out of range
        "P91,Y5,pre,favourite_colour,1",  # unknown item
        "P92,Y5,post,skill_speaking,2",  # post with no pre
    ]
    path = _csv(tmp_path, lines)
    err = io.StringIO()
    with pytest.raises(CommandError, match="Nothing was imported: 3 problem"):
        call_command("import_assessments", str(path), "--school", str(world.school.urn), stderr=err)
    messages = err.getvalue().splitlines()
    assert any(m.startswith("Row 192:") and "out of range" in m for m in messages)
    assert any(
        m.startswith("Row 193:") and "'favourite_colour' is not a question" in m for m in messages
    )
    assert any(
        m.startswith("Row 194:") and "post answer to skill_speaking but no pre" in m
        for m in messages
    )
    assert not Cohort.objects.exists() and not Pupil.objects.exists()
    assert not AssessmentAnswer.objects.exists()


def test_a_child_without_consent_stops_the_import(world, tmp_path) -> None:  # type: ignore[no-untyped-def]
    cohort = make_cohort(world.school, "Y5 consent")
    (waiting,) = add_pupils(cohort, 1, consent="pending")
    path = _csv(tmp_path, [f"{waiting.reference},Y5 consent,pre,skill_listening,2"], consent=None)
    err = io.StringIO()
    with pytest.raises(CommandError):
        call_command("import_assessments", str(path), stderr=err)
    assert "has no parent consent recorded on Horizons" in err.getvalue()
    # A consent column saying no is refused too, even for a new pupil.
    path2 = tmp_path / "with_consent.csv"
    path2.write_text(
        "pupil_ref,cohort,phase,item,value,consent\nNEW1,Y5 consent,pre,skill_listening,2,no\n"
    )
    err = io.StringIO()
    with pytest.raises(CommandError):
        call_command("import_assessments", str(path2), stderr=err)
    assert "Row 2: pupil 'NEW1' has no parent consent" in err.getvalue()
    assert not AssessmentAnswer.objects.exists()


def test_new_pupils_without_a_consent_column_are_not_assumed_to_have_consent(
    world, tmp_path
) -> None:  # type: ignore[no-untyped-def]
    # Before: a file with no consent column created every new pupil as consented.
    path = _csv(tmp_path, _cohort_lines("Y5 no column", pupils=2), consent=None)
    err = io.StringIO()
    with pytest.raises(CommandError, match="Nothing was imported"):
        call_command("import_assessments", str(path), "--school", str(world.school.urn), stderr=err)
    assert (
        "Row 2: pupil 'P00' in 'Y5 no column' is not on Horizons and the file does not say "
        "whether a parent gave consent. Add a consent column" in err.getvalue()
    )
    assert not Cohort.objects.exists() and not Pupil.objects.exists()
    assert not AssessmentAnswer.objects.exists()
    # With the column saying yes, the paper consent is recorded, and kept in the history.
    _run(
        "import_assessments",
        str(_csv(tmp_path, _cohort_lines("Y5 no column", pupils=2), name="yes.csv")),
        "--school",
        str(world.school.urn),
    )
    pupil = Pupil.objects.get(reference="P00")
    assert pupil.consent.counts_in_reports
    (event,) = pupil.consent_events.all()
    assert (event.decision, event.method) == ("granted", "paper")
    assert "consent column: yes" in event.note


def test_an_unknown_cohort_needs_a_school_and_a_known_one_is_found_by_name(world, tmp_path) -> None:  # type: ignore[no-untyped-def]
    path = _csv(tmp_path, ["P1,Nowhere,pre,skill_listening,2"])
    err = io.StringIO()
    with pytest.raises(CommandError):
        call_command("import_assessments", str(path), stderr=err)
    assert "Give --school URN" in err.getvalue()
    with pytest.raises(CommandError):
        call_command("import_assessments", str(path), "--school", "999999", stderr=io.StringIO())
    make_cohort(world.school, "Known", status="running")
    known = _csv(tmp_path, ["P1,known,pre,skill_listening,2"], name="known.csv")
    out, _ = _run("import_assessments", str(known))
    assert "Known: 1 answers." in out


def test_upns_are_refused_as_pupil_references(world, tmp_path) -> None:  # type: ignore[no-untyped-def]
    path = _csv(tmp_path, ["A123456789012,Y5,pre,skill_listening,2"])
    err = io.StringIO()
    with pytest.raises(CommandError):
        call_command("import_assessments", str(path), "--school", str(world.school.urn), stderr=err)
    assert "looks like a UPN" in err.getvalue()


def test_impact_report_explains_a_missing_or_ambiguous_cohort(world) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(CommandError, match="No cohort is called"):
        _run("impact_report", "--cohort", "Nope")
    make_cohort(world.school, "Twin")
    make_cohort(world.other_school, "Twin", seed=4)
    with pytest.raises(CommandError, match="add --school URN"):
        _run("impact_report", "--cohort", "Twin")
    out, _ = _run("impact_report", "--cohort", "Twin", "--school", str(world.school.urn))
    assert json.loads(out)["items"] == {}
    text, _ = _run(
        "impact_report", "--cohort", "Twin", "--school", str(world.school.urn), "--format", "text"
    )
    assert "Twin (Felling Primary School): 0 children" in text
