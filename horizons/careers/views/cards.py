"""Printable job cards for classroom walls: one card, or a sheet of the cards a teacher picks."""

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render

from horizons.careers import library


def job_card(request: HttpRequest, slug: str) -> HttpResponse:
    profile = library.catalogue().get(slug)
    if profile is None:
        raise Http404("No such job in the library")
    return render(request, "careers/card.html", {"card": library.card_for(profile)})


def card_sheet(request: HttpRequest) -> HttpResponse:
    """``?slugs=vet,nurse`` or ``?like=animals`` (or ``skill=``/``subject=``)."""
    books = library.catalogue()
    chosen_door = None
    slugs = library.parse_slugs(request.GET.get("slugs", ""))
    if slugs:
        profiles = books.pick(slugs)
    else:
        for kind in ("like", "skill", "subject"):
            key = request.GET.get(kind, "")
            if key:
                chosen_door = library.door(kind, key)
                break
        profiles = list(books.behind(chosen_door))[: library.MAX_CARDS] if chosen_door else []
    return render(
        request,
        "careers/cards.html",
        {
            "cards": [library.card_for(profile) for profile in profiles],
            "door": chosen_door,
            "likes": library.doors("like"),
            "max_cards": library.MAX_CARDS,
        },
    )
