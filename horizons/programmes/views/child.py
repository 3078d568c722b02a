"""Children's pages: sign in with a class code and a picture, then one question per screen.

No page here takes a pupil id from the URL: the child is always the one in the session, so
a child can never open another child's answers by changing an address.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import wraps
from typing import Any

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from horizons.careers import library
from horizons.programmes import activities, child_session
from horizons.programmes.forms import ClassCodeForm, PictureForm
from horizons.programmes.instrument import Item, instrument
from horizons.programmes.jobs_list import WrittenJob, count_jobs, jobs_from_data
from horizons.programmes.models import AssessmentAnswer, Cohort, Pupil, Reflection
from horizons.programmes.pictures import PICTURE_EMOJI, PICTURES, normalise_class_code
from horizons.programmes.services import (
    ProgrammeError,
    answer_jobs_save,
    answer_save,
    reflection_save,
)

ACTIVITY_SLUGS = {"who-am-i": "who_am_i", "future-cloud": "future_cloud"}
PHASE_TITLES = {"pre": "My questions", "post": "My questions again"}

ChildView = Callable[..., HttpResponse]


def child_required(view: ChildView) -> Callable[..., HttpResponse]:
    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        pupil = child_session.signed_in_pupil(request)
        if pupil is None:
            return redirect("programmes:child_start")
        response = view(request, pupil, *args, **kwargs)
        # Children's answers must not linger in a shared tablet's cache.
        response["Cache-Control"] = "no-store"
        return response

    return wrapper


def child_start(request: HttpRequest) -> HttpResponse:
    form = ClassCodeForm(request.POST if request.method == "POST" else None)
    message = ""
    if request.method == "POST" and form.is_valid():
        cohort, message = child_session.check_class_code(request, form.cleaned_data["code"])
        if cohort is not None:
            return redirect("programmes:child_picture")
    elif form.errors:
        message = str(form.errors["code"][0])
    response = render(request, "programmes/child/start.html", {"form": form, "message": message})
    return child_session.remember_device(request, response)


def child_go(request: HttpRequest, code: str) -> HttpResponse:
    """The board's short link and QR code (/go/BCDFGH): the class code is typed for the child."""
    cleaned = normalise_class_code(code)
    cohort, message = child_session.check_class_code(request, cleaned)
    if cohort is not None:
        return redirect("programmes:child_picture")
    form = ClassCodeForm(initial={"code": cleaned})
    return render(
        request, "programmes/child/start.html", {"form": form, "message": message}, status=404
    )


def child_picture(request: HttpRequest) -> HttpResponse:
    code = request.session.get(child_session.SESSION_CODE, "")
    cohort = child_session.active_cohort_for_code(code) if code else None
    if cohort is None:
        return redirect("programmes:child_start")
    form = PictureForm(request.POST if request.method == "POST" else None)
    message = ""
    status = 200
    if request.method == "POST":
        if form.is_valid():
            result = child_session.sign_in(
                request, cohort, form.cleaned_data["picture"], form.cleaned_data["number"]
            )
            if result.pupil is not None:
                return redirect("programmes:child_home")
            message = result.message
            status = 429 if result.locked else 200
        else:
            message = str(next(iter(form.errors.values()))[0])
    response = render(
        request,
        "programmes/child/picture.html",
        {"form": form, "pictures": PICTURES, "message": message, "cohort": cohort},
        status=status,
    )
    return child_session.remember_device(request, response)


@require_POST
def child_sign_out(request: HttpRequest) -> HttpResponse:
    child_session.sign_out(request)
    return redirect("programmes:child_start")


@child_required
def child_home(request: HttpRequest, pupil: Pupil) -> HttpResponse:
    cohort = pupil.cohort
    assessment = instrument(cohort.instrument_version)
    answered = _answered(pupil, cohort.open_phase) if cohort.open_phase != "closed" else set()
    first_open = next(
        (i for i, item in enumerate(assessment.items, start=1) if item.code not in answered), None
    )
    reflections = {r.kind: r for r in Reflection.objects.filter(pupil=pupil)}
    return render(
        request,
        "programmes/child/home.html",
        {
            "pupil": pupil,
            "phase": cohort.open_phase,
            "phase_title": PHASE_TITLES.get(cohort.open_phase, ""),
            "answered": len(answered),
            "total": len(assessment.items),
            "first_open": first_open,
            "who_am_i": reflections.get("who_am_i"),
            "future_cloud": reflections.get("future_cloud"),
            "cloud_open": cohort.open_phase == "post" or "future_cloud" in reflections,
            "picture_emoji": PICTURE_EMOJI.get(pupil.picture, ""),
            "waiting_for_yes": not child_session.can_answer(pupil),
            "child_nav": "home",
        },
    )


def _answered(pupil: Pupil, phase: str) -> set[str]:
    return set(
        AssessmentAnswer.objects.filter(pupil=pupil, phase=phase).values_list("item", flat=True)
    )


def _child_problem(item: Item, raw: str) -> str | None:
    """A message a child understands, before the teacher-worded checks of the instrument."""
    if item.kind in ("scale", "stereotype"):
        return None if raw else "Tap one of the answers."
    if item.kind == "count":
        if not raw.strip().isdigit():
            return f"Type a number from {item.min} to {item.max}."
        if not (item.min or 0) <= int(raw) <= (item.max or 0):
            return f"Type a number from {item.min} to {item.max}."
        return None
    return None if raw.strip() else 'Write a job, or write "not sure yet".'


@child_required
def child_question(request: HttpRequest, pupil: Pupil, phase: str, number: int) -> HttpResponse:
    if phase not in ("pre", "post"):
        raise Http404("No such questions")
    cohort: Cohort = pupil.cohort
    if cohort.open_phase != phase or not child_session.can_answer(pupil):
        return redirect("programmes:child_home")  # the home page says why, kindly
    assessment = instrument(cohort.instrument_version)
    if not 1 <= number <= len(assessment.items):
        raise Http404("No such question")
    item = assessment.items[number - 1]
    stored = AssessmentAnswer.objects.filter(pupil=pupil, phase=phase, item=item.code).first()
    current = _shown_answer(item, stored)
    message = ""
    if request.method == "POST":
        raw = request.POST.get("answer", "").strip()
        message = "" if item.takes_jobs else _child_problem(item, raw) or ""
        if not message:
            try:
                if item.takes_jobs:
                    saved = answer_jobs_save(pupil=pupil, phase=phase, item=item.code, written=raw)
                    messages.success(request, _jobs_counted(jobs_from_data(saved.jobs)))
                else:
                    answer_save(pupil=pupil, phase=phase, item=item.code, value=raw)
            except ProgrammeError as exc:
                message = str(exc)
            else:
                if number == len(assessment.items):
                    return redirect("programmes:child_questions_done", phase=phase)
                return redirect("programmes:child_question", phase=phase, number=number + 1)
        current = raw
    answered = _answered(pupil, phase)
    dots = [
        {"number": i, "done": it.code in answered, "current": i == number}
        for i, it in enumerate(assessment.items, start=1)
    ]
    written = jobs_from_data(stored.jobs) if stored is not None and item.takes_jobs else []
    return render(
        request,
        "programmes/child/question.html",
        {
            "pupil": pupil,
            "item": item,
            "phase": phase,
            "number": number,
            "total": len(assessment.items),
            "dots": dots,
            "current": current,
            "message": message,
            "is_last": number == len(assessment.items),
            "counted": _jobs_counted(written) if written and not message else "",
            # After the programme, children revisit what they said before (the design).
            "last_time": _last_time(pupil, item) if phase == "post" else None,
        },
        status=200,
    )


def _shown_answer(item: Item, stored: AssessmentAnswer | None) -> str:
    if stored is None:
        return ""
    if item.takes_jobs and stored.jobs:
        return "\n".join(job.text for job in jobs_from_data(stored.jobs))
    return stored.text or str(stored.value)


def _jobs_counted(jobs: list[WrittenJob]) -> str:
    count = count_jobs(jobs)
    if count == 0:
        return "Thank you! Jobs you learn about will go on your list."
    return f"You wrote {count} job{'' if count == 1 else 's'}!"


@dataclass(frozen=True)
class LastTime:
    """What the child answered before the programme, in the words and pictures they saw."""

    label: str
    emoji: str = ""
    jobs: tuple[WrittenJob, ...] = ()


def _last_time(pupil: Pupil, item: Item) -> LastTime | None:
    before = AssessmentAnswer.objects.filter(pupil=pupil, phase="pre", item=item.code).first()
    if before is None:
        return None
    if item.kind in ("scale", "stereotype") and before.value is not None:
        choice = item.choice(before.value)
        return LastTime(choice.label, choice.emoji) if choice else LastTime(str(before.value))
    if item.kind == "count":
        jobs = tuple(jobs_from_data(before.jobs))
        if jobs:
            count = count_jobs(list(jobs))
            return LastTime(f"You wrote {count} job{'' if count == 1 else 's'}.", jobs=jobs)
        return LastTime(str(before.value))
    return LastTime(before.text) if before.text else None


@child_required
def child_questions_done(request: HttpRequest, pupil: Pupil, phase: str) -> HttpResponse:
    if phase not in ("pre", "post"):
        raise Http404("No such questions")
    return render(request, "programmes/child/questions_done.html", {"pupil": pupil})


def _activity(slug: str) -> activities.Activity:
    kind = ACTIVITY_SLUGS.get(slug)
    if kind is None:
        raise Http404("No such activity")
    return activities.CHILD_ACTIVITIES[kind]


@child_required
def child_activity(request: HttpRequest, pupil: Pupil, slug: str, number: int) -> HttpResponse:
    activity = _activity(slug)
    if not child_session.can_answer(pupil):
        return redirect("programmes:child_home")  # the home page says why, kindly
    try:
        question = activity.question(number)
    except IndexError as exc:
        raise Http404("No such question") from exc
    cloud_closed = activity.kind == "future_cloud" and pupil.cohort.open_phase != "post"
    if cloud_closed and not Reflection.objects.filter(pupil=pupil, kind=activity.kind).exists():
        return redirect("programmes:child_home")
    reflection = Reflection.objects.filter(pupil=pupil, kind=activity.kind).first()
    saved = (reflection.data if reflection else {}).get(question.key)
    if question.kind == "text":
        current: Any = saved.get("text", "") if isinstance(saved, dict) else ""
    else:
        current = saved if isinstance(saved, list) else []
    message = ""
    if request.method == "POST":
        raw: Any = (
            request.POST.get("answer", "")
            if question.kind == "text"
            else request.POST.getlist("answer")
        )
        try:
            reflection_save(pupil=pupil, kind=activity.kind, key=question.key, raw=raw)
        except ProgrammeError as exc:
            message = str(exc)
            current = raw
        else:
            if number == len(activity.questions):
                return redirect("programmes:child_activity_done", slug=slug)
            return redirect("programmes:child_activity", slug=slug, number=number + 1)
    return render(
        request,
        "programmes/child/activity.html",
        {
            "pupil": pupil,
            "activity": activity,
            "slug": slug,
            "question": question,
            "number": number,
            "total": len(activity.questions),
            "dots": [
                {"number": i, "current": i == number} for i in range(1, len(activity.questions) + 1)
            ],
            "current": current,
            "message": message,
        },
    )


@child_required
def child_activity_done(request: HttpRequest, pupil: Pupil, slug: str) -> HttpResponse:
    activity = _activity(slug)
    reflection = Reflection.objects.filter(pupil=pupil, kind=activity.kind).first()
    data = reflection.data if reflection else {}
    sections = []
    for question in activity.questions:
        value = data.get(question.key)
        if question.kind == "text":
            text = value.get("text", "") if isinstance(value, dict) else ""
            title = value.get("title", "") if isinstance(value, dict) else ""
            job_slug = value.get("slug", "") if isinstance(value, dict) else ""
            sections.append(
                {
                    "question": question,
                    "text": text,
                    "job_title": title,
                    # Only a job still in the library gets a link (no dead end).
                    "job_slug": job_slug if library.catalogue().get(job_slug) else "",
                }
            )
        else:
            chosen = [question.option(code) for code in value or []]
            sections.append({"question": question, "options": [o for o in chosen if o]})
    return render(
        request,
        "programmes/child/activity_done.html",
        {"pupil": pupil, "activity": activity, "slug": slug, "sections": sections},
    )
