"""The careers library for children: browse by what you like, search, read about a job.

Public pages (no sign-in): a teacher can put them on the class board. Nothing a child types is
stored, and an offensive search is never echoed back.
"""

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render

from horizons.careers import library, selectors


def home(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "careers/home.html",
        {
            "likes": library.doors("like"),
            "skills": library.doors("skill"),
            "subjects": library.doors("subject"),
            "job_count": len(library.catalogue()),
        },
    )


def _browse(request: HttpRequest, kind: str, key: str) -> HttpResponse:
    door = library.door(kind, key)
    if door is None:
        raise Http404("No such list of jobs")
    return render(
        request,
        "careers/browse.html",
        {
            "door": door,
            "intro": library.LIKE_INTROS.get(key) if kind == "like" else None,
            "profiles": library.catalogue().behind(door),
            "siblings": library.doors(kind),
        },
    )


def like(request: HttpRequest, key: str) -> HttpResponse:
    return _browse(request, "like", key)


def skill(request: HttpRequest, key: str) -> HttpResponse:
    return _browse(request, "skill", key)


def subject(request: HttpRequest, key: str) -> HttpResponse:
    return _browse(request, "subject", key)


def search(request: HttpRequest) -> HttpResponse:
    result = library.search(request.GET.get("q", ""))
    context = {"result": result, "likes": library.doors("like")}
    if getattr(request, "htmx", False) and not request.htmx.history_restore_request:  # type: ignore[attr-defined]
        return render(request, "careers/includes/search_results.html", context)
    return render(request, "careers/search.html", context)


def job_detail(request: HttpRequest, slug: str) -> HttpResponse:
    books = library.catalogue()
    profile = books.get(slug)
    if profile is None:
        raise Http404("No such job in the library")
    return render(
        request,
        "careers/job_detail.html",
        {
            "profile": profile,
            "sector": library.sector_tag(profile.sector),
            "likes": library.like_tags(profile),
            "skills": library.skill_tags(profile),
            "subjects": library.subject_tags(profile),
            "ways_in": library.way_in_tags(profile),
            "related": books.related(profile),
            "role_models": selectors.role_models(slug=profile.slug),
        },
    )
