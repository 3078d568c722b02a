"""Registries that let each app add to the main navigation and to people's home pages.

An app registers in its AppConfig.ready(); core never imports the apps, so they stay apart.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class NavEntry:
    label: str
    url_name: str
    roles: frozenset[str]
    order: int


@dataclass(frozen=True)
class NextStep:
    """One thing a person should do next, shown on their home page."""

    title: str
    url: str
    detail: str = ""
    order: int = 50


@dataclass(frozen=True)
class Figure:
    """A headline number on a home page card."""

    value: str
    label: str
    url: str = ""
    order: int = 50


_NAV: list[NavEntry] = []
HomeContributor = Callable[[Any, set[str]], tuple[list[NextStep], list[Figure]]]
_HOME: list[HomeContributor] = []


def register_nav(
    label: str, url_name: str, roles: set[str] | frozenset[str], order: int = 50
) -> None:
    entry = NavEntry(label, url_name, frozenset(roles), order)
    if entry not in _NAV:
        _NAV.append(entry)


def nav_entries_for(roles: set[str]) -> list[NavEntry]:
    return sorted((e for e in _NAV if e.roles & roles), key=lambda e: (e.order, e.label))


def register_home(contributor: HomeContributor) -> None:
    if contributor not in _HOME:
        _HOME.append(contributor)


def home_for(user: Any, roles: set[str]) -> tuple[list[NextStep], list[Figure]]:
    steps: list[NextStep] = []
    figures: list[Figure] = []
    for contributor in _HOME:
        more_steps, more_figures = contributor(user, roles)
        steps.extend(more_steps)
        figures.extend(more_figures)
    return sorted(steps, key=lambda s: s.order), sorted(figures, key=lambda f: f.order)
