"""Import a file of assessment answers: every answer or none (``manage.py import_assessments``).

Pupils are found by the school's reference within their cohort; unknown references become
new pupils, recorded as having applied with a parent's paper consent only when the file's
``consent`` column says yes for them (the school holds the slip). A new pupil with no consent
column (or a blank one), an existing pupil without consent, or one whose ``consent`` column says
no, stops the import: children without consent are never imported, and consent is never
assumed.
"""

from __future__ import annotations

import random
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from django.db import transaction
from django.utils import timezone

from horizons.organisations.models import School
from horizons.programmes import pictures
from horizons.programmes.assessment_csv import (
    AnswerRow,
    RowProblem,
    parse_assessment_csv,
    pupil_consent,
)
from horizons.programmes.instrument import AnswerError, Instrument, instrument
from horizons.programmes.models import AssessmentAnswer, Cohort, Consent, ConsentEvent, Pupil
from horizons.programmes.services import ProgrammeError, cohort_create, match_job
from horizons.programmes.templates_data import get_template, load_templates

MAX_PROBLEMS_SHOWN = 50


class AssessmentImportError(ProgrammeError):
    def __init__(self, problems: Sequence[RowProblem | str]) -> None:
        self.problems = [str(p) for p in problems]
        super().__init__(f"Nothing was imported: {len(self.problems)} problem(s).")


@dataclass
class ImportSummary:
    answers: int = 0
    pupils_created: int = 0
    cohorts_created: list[str] = field(default_factory=list)
    per_cohort: dict[str, int] = field(default_factory=dict)


def default_programme_slug() -> str:
    return next(iter(load_templates()))


@transaction.atomic
def assessments_import(
    *,
    data: str | bytes,
    school_urn: int | None = None,
    programme_slug: str | None = None,
    by: Any = None,
    rng: random.Random | None = None,
) -> ImportSummary:
    rows, problems = parse_assessment_csv(data)
    if problems:
        raise AssessmentImportError(problems)

    school = None
    if school_urn is not None:
        school = School.objects.filter(urn=school_urn).first()
        if school is None:
            raise AssessmentImportError([f"No school has URN {school_urn}."])
    if programme_slug is not None:
        try:
            get_template(programme_slug)
        except KeyError:
            known = ", ".join(load_templates())
            raise AssessmentImportError(
                [f"There is no programme '{programme_slug}' (known: {known})."]
            ) from None

    cohorts, to_create, cohort_problems = _resolve_cohorts(rows, school, programme_slug)
    if cohort_problems:
        raise AssessmentImportError(cohort_problems)

    # Check every answer against its cohort's assessment.
    row_problems: list[RowProblem] = []
    clean_values: dict[int, int | str] = {}
    for row in rows:
        folded = row.cohort.casefold()
        slug = cohorts[folded].template_slug if folded in cohorts else to_create[folded]
        assessment = instrument(get_template(slug).instrument)
        try:
            clean_values[row.row] = assessment.validate_answer(row.item, row.value)
        except AnswerError as exc:
            row_problems.append(RowProblem(row.row, _answer_problem(exc, row, assessment)))

    # Existing pupils and answers in known cohorts, fetched in two queries.
    known_pupils: dict[tuple[str, str], Pupil] = {}
    stored: set[tuple[int, str, str]] = set()
    if cohorts:
        ids = [c.pk for c in cohorts.values()]
        by_id = {c.pk: folded for folded, c in cohorts.items()}
        refs = {r.pupil_ref for r in rows}
        for found in Pupil.objects.filter(cohort_id__in=ids, reference__in=refs).select_related(
            "consent"
        ):
            known_pupils[(by_id[found.cohort_id], found.reference)] = found
        stored = set(
            AssessmentAnswer.objects.filter(
                pupil_id__in=[p.pk for p in known_pupils.values()]
            ).values_list("pupil_id", "item", "phase")
        )

    consent_column = pupil_consent(rows)
    reported_consent: set[tuple[str, str]] = set()
    duplicates: list[RowProblem] = []
    pre_keys = {(r.cohort.casefold(), r.pupil_ref, r.item) for r in rows if r.phase == "pre"}
    for row in rows:
        key = (row.cohort.casefold(), row.pupil_ref)
        pupil = known_pupils.get(key)
        said = consent_column.get(key)
        if key not in reported_consent:
            message = _consent_problem(row, pupil, said)
            if message:
                row_problems.append(RowProblem(row.row, message))
                reported_consent.add(key)
        if pupil is not None and (pupil.pk, row.item, row.phase) in stored:
            duplicates.append(
                RowProblem(
                    row.row,
                    f"pupil '{row.pupil_ref}' in '{row.cohort}' already has a {row.phase} answer "
                    f"to {row.item} on Horizons (was this file imported before?).",
                )
            )
        if row.phase == "post" and (key[0], row.pupil_ref, row.item) not in pre_keys:
            has_stored_pre = pupil is not None and (pupil.pk, row.item, "pre") in stored
            if not has_stored_pre:
                row_problems.append(
                    RowProblem(
                        row.row,
                        f"pupil '{row.pupil_ref}' has a post answer to {row.item} but no pre "
                        "answer, so there is nothing to compare it with. Add the pre answer or "
                        "remove this row.",
                    )
                )
    if duplicates and len(duplicates) == len(rows):
        raise AssessmentImportError(
            [
                f"Every answer in this file ({len(rows)}) is already on Horizons: the file "
                "looks like it was imported before. Nothing was imported."
            ]
        )
    problems_all = sorted([*row_problems, *duplicates], key=lambda p: p.row)
    if problems_all:
        shown: list[RowProblem | str] = list(problems_all[:MAX_PROBLEMS_SHOWN])
        if len(problems_all) > MAX_PROBLEMS_SHOWN:
            shown.append(f"… and {len(problems_all) - MAX_PROBLEMS_SHOWN} more problems.")
        raise AssessmentImportError(shown)

    return _write(
        rows, clean_values, cohorts, to_create, known_pupils, consent_column, school, by, rng
    )


def _resolve_cohorts(
    rows: list[AnswerRow], school: School | None, programme_slug: str | None
) -> tuple[dict[str, Cohort], dict[str, str], list[str]]:
    """Known cohorts by folded name; names to create with their programme; problems."""
    names: dict[str, str] = {}
    for row in rows:
        names.setdefault(row.cohort.casefold(), row.cohort)
    found: dict[str, Cohort] = {}
    to_create: dict[str, str] = {}
    problems: list[str] = []
    for folded, name in names.items():
        matches = Cohort.objects.filter(name__iexact=name).select_related("school")
        if school is not None:
            matches = matches.filter(school=school)
        options = list(matches[:2])
        if len(options) > 1:
            problems.append(
                f"Cohort '{name}' exists at more than one school; give --school URN to choose."
            )
        elif options:
            cohort = options[0]
            if programme_slug and cohort.template_slug != programme_slug:
                problems.append(
                    f"Cohort '{name}' runs {cohort.template_slug}, not {programme_slug}."
                )
            found[folded] = cohort
        elif school is None:
            problems.append(
                f"Cohort '{name}' is not on Horizons. Give --school URN (and --programme) so "
                "that it can be created."
            )
        else:
            to_create[folded] = programme_slug or default_programme_slug()
    return found, to_create, problems


def _answer_problem(exc: AnswerError, row: AnswerRow, assessment: Instrument) -> str:
    if not assessment.has_item(row.item):
        return (
            f"item '{row.item}' is not a question in the {assessment.version} assessment "
            f"(pupil '{row.pupil_ref}')."
        )
    return f"pupil '{row.pupil_ref}', {row.phase}, {row.item}: {exc.message}"


def _consent_problem(row: AnswerRow, pupil: Pupil | None, said: bool | None) -> str | None:
    if said is False:
        return (
            f"pupil '{row.pupil_ref}' has no parent consent (the consent column says no). "
            "Answers of children without consent are never imported: remove their rows."
        )
    consent = getattr(pupil, "consent", None) if pupil is not None else None
    if pupil is not None and consent is not None and consent.parent_consent == "refused":
        return (
            f"pupil '{row.pupil_ref}' in '{row.cohort}': a parent has refused consent on "
            "Horizons. Answers of children without consent are never imported: remove their rows."
        )
    if pupil is None and said is None:
        return (
            f"pupil '{row.pupil_ref}' in '{row.cohort}' is not on Horizons and the file does not "
            "say whether a parent gave consent. Add a consent column with yes for each child "
            "whose parent's signed slip the school holds, or record them on Horizons first."
        )
    no_consent = consent is None or not consent.counts_in_reports
    if pupil is not None and said is None and no_consent:
        return (
            f"pupil '{row.pupil_ref}' in '{row.cohort}' has no parent consent recorded on "
            "Horizons. Record their consent first, or remove their rows."
        )
    return None


def _write(
    rows: list[AnswerRow],
    clean_values: dict[int, int | str],
    cohorts: dict[str, Cohort],
    to_create: dict[str, str],
    known_pupils: dict[tuple[str, str], Pupil],
    consent_column: dict[tuple[str, str], bool | None],
    school: School | None,
    by: Any,
    rng: random.Random | None,
) -> ImportSummary:
    summary = ImportSummary()
    names = {r.cohort.casefold(): r.cohort for r in rows}
    has_post = {r.cohort.casefold() for r in rows if r.phase == "post"}
    for folded, slug in to_create.items():
        assert school is not None
        template = get_template(slug)
        cohorts[folded] = cohort_create(
            school=school,
            template_slug=slug,
            name=names[folded],
            year_group=template.audience[-1],
            by=by,
            status=Cohort.Status.FINISHED if folded in has_post else Cohort.Status.RUNNING,
            rng=rng,
        )
        summary.cohorts_created.append(names[folded])

    new_refs: dict[str, list[str]] = {}
    for row in rows:
        key = (row.cohort.casefold(), row.pupil_ref)
        if key not in known_pupils and row.pupil_ref not in new_refs.setdefault(key[0], []):
            new_refs[key[0]].append(row.pupil_ref)
    now = timezone.now()
    recorder = by if getattr(by, "is_authenticated", False) else None
    for folded, refs in new_refs.items():
        cohort = cohorts[folded]
        taken = set(cohort.pupils.values_list("picture", "picture_number"))
        codes = pictures.assign_picture_codes(len(refs), taken, rng)
        Pupil.objects.bulk_create(
            Pupil(
                cohort=cohort,
                first_name="",
                last_initial="",
                year_group=cohort.year_group,
                class_name=cohort.classes[0] if cohort.classes else "",
                picture=code.picture,
                picture_number=code.number,
                reference=ref,
            )
            for ref, code in zip(refs, codes, strict=True)
        )
        fresh = list(cohort.pupils.filter(reference__in=refs))
        # Each new pupil's consent column said yes (anything else stopped the import).
        Consent.objects.bulk_create(
            Consent(
                pupil=p,
                applied_at=now,
                parent_consent=Consent.Parent.GRANTED,
                method=Consent.Method.PAPER,
                recorded_by=recorder,
                recorded_at=now,
            )
            for p in fresh
        )
        ConsentEvent.objects.bulk_create(
            ConsentEvent(
                pupil=p,
                decision=Consent.Parent.GRANTED,
                applied=True,
                method=Consent.Method.PAPER,
                recorded_by=recorder,
                note="Imported with assessment answers (consent column: yes)",
                at=now,
            )
            for p in fresh
        )
        for p in fresh:
            known_pupils[(folded, p.reference)] = p
        summary.pupils_created += len(fresh)

    # The consent column says yes for known pupils still waiting: record the paper slip.
    for key, said in consent_column.items():
        pupil = known_pupils.get(key)
        consent = getattr(pupil, "consent", None) if pupil is not None else None
        if said and consent is not None and not consent.counts_in_reports:
            consent.applied_at = consent.applied_at or now
            consent.parent_consent = Consent.Parent.GRANTED
            consent.method = Consent.Method.PAPER
            consent.recorded_by = recorder
            consent.recorded_at = now
            consent.withdrawn_at = None
            consent.save()
            ConsentEvent.objects.create(
                pupil_id=consent.pupil_id,
                decision=Consent.Parent.GRANTED,
                applied=True,
                method=Consent.Method.PAPER,
                recorded_by=recorder,
                note="Imported with assessment answers (consent column: yes)",
                at=now,
            )

    answers = []
    per_cohort: Counter[str] = Counter()
    for row in rows:
        folded = row.cohort.casefold()
        pupil = known_pupils[(folded, row.pupil_ref)]
        value = clean_values[row.row]
        answer = AssessmentAnswer(
            pupil=pupil, phase=row.phase, item=row.item, source=AssessmentAnswer.Source.IMPORT
        )
        if isinstance(value, str):
            job = match_job(value)
            answer.text = job.text
            answer.job_slug, answer.job_title, answer.job_category = (
                job.slug,
                job.title,
                job.category,
            )
        else:
            answer.value = value
        answers.append(answer)
        per_cohort[cohorts[folded].name] += 1
    AssessmentAnswer.objects.bulk_create(answers, batch_size=2000)
    summary.answers = len(answers)
    summary.per_cohort = dict(per_cohort)
    return summary
