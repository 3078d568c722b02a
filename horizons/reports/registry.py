"""The registry of reports and exports: one class per export, in the style of pretix's exporters.

An export declares, as class attributes and two or three small methods:

* ``identifier`` (a stable slug) and ``verbose_name`` (what a person reads);
* ``scope``: what one run of it is about (a school, a hub, a campaign);
* ``formats``: which of CSV and XLSX it writes, and ``url_names``: the download URL per format;
* who may run it: :meth:`Export.may_run` (may this person run it at all; used for listings) and
  :meth:`Export.target` (the object one run is about, 404 for anyone else — call the existing
  selectors and ``accounts.permissions`` functions, never re-state a rule);
* what it yields: :meth:`Export.tables` (titled tables: a header and rows), which
  ``reports.tabular`` writes, so every file is inert (formula escaping) whatever the format;
* :meth:`Export.filename` (without the suffix).

Apps keep their export classes in their own ``exports.py`` and register them with
``@registry.register``; ``ReportsConfig.ready`` imports every installed app's ``exports``
module, as the admin finds ``admin.py``. A new report is one class (see docs/reports.md).

Figures about children go through ``reports.suppression`` inside ``tables``; this module does
not decide what may be shown, it only writes what the export yields.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from enum import StrEnum
from typing import Any, ClassVar

from django.http import HttpRequest, HttpResponse
from django.urls import reverse

from horizons.reports import tabular


class Scope(StrEnum):
    SCHOOL = "school"
    HUB = "hub"
    CAMPAIGN = "campaign"
    NATIONAL = "national"


class Format(StrEnum):
    CSV = "csv"
    XLSX = "xlsx"


CONTENT_TYPES: Mapping[Format, str] = {
    Format.CSV: "text/csv; charset=utf-8",
    Format.XLSX: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


@dataclass(frozen=True)
class Download:
    """One file an export wrote: its bytes (or text), name and content type."""

    body: bytes | str
    filename: str
    content_type: str

    def response(self) -> HttpResponse:
        response = HttpResponse(self.body, content_type=self.content_type)
        response["Content-Disposition"] = f'attachment; filename="{self.filename}"'
        return response


@dataclass(frozen=True)
class Link:
    """One run of an export that a person may download: what it is about, and where."""

    label: str
    urls: Mapping[Format, str]


class Export(ABC):
    """Base class of every export. Subclasses set the class attributes and override
    :meth:`may_run`, :meth:`target`, :meth:`tables`, :meth:`filename` and
    :meth:`targets` (the objects a listing offers, if any)."""

    identifier: ClassVar[str]
    verbose_name: ClassVar[str]
    description: ClassVar[str] = ""
    scope: ClassVar[Scope]
    formats: ClassVar[tuple[Format, ...]] = (Format.CSV, Format.XLSX)
    url_names: ClassVar[Mapping[Format, str]] = {}

    @abstractmethod
    def may_run(self, user: Any) -> bool:
        """Whether the person may run this export for at least some object."""

    @abstractmethod
    def target(self, request: HttpRequest, pk: int | None = None) -> Any:
        """The object one run is about; Http404 for anyone who may not see it."""

    def targets(self, user: Any) -> Sequence[Any]:
        """The objects a listing of reports offers this person (a scope-wide export: one)."""
        return [None]

    @abstractmethod
    def tables(self, request: HttpRequest, target: Any) -> list[tabular.Table]:
        """The sheets (XLSX) or sections (CSV) of one run, written through `tabular`."""

    @abstractmethod
    def filename(self, request: HttpRequest, target: Any) -> str:
        """The download's file name, without its extension."""

    def label(self, target: Any) -> str:
        """What one run is about, as a listing shows it."""
        return self.verbose_name

    def url_kwargs(self, target: Any) -> dict[str, Any]:
        return {} if target is None else {"pk": target.pk}

    # --- Running ------------------------------------------------------------------------------

    def write(self, tables: Sequence[tabular.Table], fmt: Format | str) -> bytes | str:
        fmt = Format(fmt)
        if fmt not in self.formats:
            raise ValueError(f"{self.identifier} does not write {fmt}")
        if fmt is Format.CSV:
            return tabular.tables_csv(tables)
        return tabular.tables_xlsx(tables)

    def run(self, request: HttpRequest, fmt: Format | str, pk: int | None = None) -> Download:
        """The file for the signed-in person: 404 (from :meth:`target`) for anyone else."""
        return self.download(request, self.target(request, pk), fmt)

    def download(self, request: HttpRequest, target: Any, fmt: Format | str) -> Download:
        """The file for a target the caller has already fetched through :meth:`target`."""
        fmt = Format(fmt)
        body = self.write(self.tables(request, target), fmt)
        return Download(body, f"{self.filename(request, target)}.{fmt}", CONTENT_TYPES[fmt])

    def response(
        self, request: HttpRequest, fmt: Format | str, pk: int | None = None
    ) -> HttpResponse:
        return self.run(request, fmt, pk).response()

    def links(self, user: Any) -> list[Link]:
        """One link per object the person may download this export for."""
        if not self.may_run(user):
            return []
        return [
            Link(
                self.label(target),
                {
                    fmt: reverse(self.url_names[fmt], kwargs=self.url_kwargs(target))
                    for fmt in self.formats
                    if fmt in self.url_names
                },
            )
            for target in self.targets(user)
        ]


class Registry:
    """Every export by identifier, in the order registered."""

    def __init__(self) -> None:
        self._exports: dict[str, Export] = {}

    def register(self, cls: type[Export]) -> type[Export]:
        """Class decorator: ``@registry.register`` above an :class:`Export` subclass."""
        identifier = cls.identifier
        existing = self._exports.get(identifier)
        if existing is not None and type(existing).__qualname__ != cls.__qualname__:
            raise ValueError(f"Two exports are called {identifier!r}")
        for fmt in cls.formats:
            if fmt not in CONTENT_TYPES:
                raise ValueError(f"{identifier}: unknown format {fmt!r}")
        self._exports[identifier] = cls()
        return cls

    def get(self, identifier: str) -> Export:
        return self._exports[identifier]

    def __iter__(self) -> Iterator[Export]:
        return iter(list(self._exports.values()))

    def __len__(self) -> int:
        return len(self._exports)

    def available_to(self, user: Any) -> list[tuple[Export, list[Link]]]:
        """The exports this person may run, each with its downloads (for a listing page)."""
        found = []
        for export in self:
            links = export.links(user)
            if links:
                found.append((export, links))
        return found


registry = Registry()
