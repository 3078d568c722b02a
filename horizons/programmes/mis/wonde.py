"""Wonde: a bearer token per school, ``/v1.0/schools/{id}/students?include=classes,year``
followed through ``meta.pagination.next``, and ``/deletions`` for what was removed.

Only a student's ``id``, ``forename`` (the name the child uses), the first letter of
``surname``, the year's ``code`` and the classes' ``name`` are read; ``upn``,
``date_of_birth``, ``legal_*``, addresses, contacts and every other field are never read.

A pupil deleted while the pages are read could shift a later pupil out of view, so the reader
asks ``/deletions`` for student deletions since it started and reads again when one of them
was among the pupils already read.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import UTC, datetime
from typing import Any

from horizons.programmes.mis.http import JsonClient
from horizons.programmes.mis.records import MisError, RawPupil

SERVICE = "Wonde"
DEFAULT_BASE_URL = "https://api.wonde.com"
PAGE_SIZE = 200
MAX_REREADS = 3


class WondeConnector:
    name = "wonde"

    def __init__(
        self,
        *,
        school_id: str,
        token: str,
        base_url: str = DEFAULT_BASE_URL,
        client: JsonClient | None = None,
        now: Callable[[], datetime] = lambda: datetime.now(UTC),
        page_size: int = PAGE_SIZE,
    ) -> None:
        self.base_url = (base_url or DEFAULT_BASE_URL).rstrip("/")
        self.school_id = school_id
        self.token = token
        self.client = client or JsonClient(service=SERVICE)
        self.now = now
        self.page_size = page_size

    @property
    def requests_made(self) -> int:
        return self.client.requests_made

    def _get(self, url: str, params: dict[str, Any] | None = None) -> dict[str, Any]:
        body = self.client.get_json(
            url, headers={"Authorization": f"Bearer {self.token}"}, params=params
        )
        if not isinstance(body, dict) or not isinstance(body.get("data"), list):
            raise MisError(
                f"{SERVICE} sent a page Horizons does not recognise (no 'data' list). "
                "Nothing was changed."
            )
        return body

    def _pages(self, path: str, params: dict[str, Any]) -> Iterator[dict[str, Any]]:
        url: str | None = f"{self.base_url}/v1.0/schools/{self.school_id}/{path}"
        query: dict[str, Any] | None = params
        while url:
            body = self._get(url, query)
            yield from (r for r in body["data"] if isinstance(r, dict))
            pagination = (body.get("meta") or {}).get("pagination") or {}
            url = pagination.get("next") or None
            query = None  # the next link carries its own query

    def deleted_since(self, since: datetime) -> set[str]:
        stamp = since.strftime("%Y-%m-%d %H:%M:%S")
        return {
            str(d.get("id", ""))
            for d in self._pages("deletions", {"type": "student", "updated_after": stamp})
            if not d.get("restored_at")
        }

    def pupils(self) -> Iterator[RawPupil]:
        for _ in range(MAX_REREADS):
            started = self.now()
            students = list(
                self._pages("students", {"include": "classes,year", "per_page": self.page_size})
            )
            # A pupil deleted after their page was read shifts later pupils onto pages
            # already read: read again. One deleted before their page was read does not.
            deleted = self.deleted_since(started)
            if not deleted & {str(s.get("id", "")) for s in students}:
                break
        else:
            raise MisError(
                "The class list in the MIS kept changing while Horizons read it. Try again in "
                "a few minutes. Nothing was changed."
            )
        for s in students:
            year = (
                ((s.get("year") or {}).get("data") or {}) if isinstance(s.get("year"), dict) else {}
            )
            classes = (
                (s.get("classes") or {}).get("data") if isinstance(s.get("classes"), dict) else []
            )
            names = sorted(str(c.get("name", "")) for c in classes or [] if isinstance(c, dict))
            yield RawPupil(
                external_id=str(s.get("id", "")),
                first_name=str(s.get("forename") or ""),
                surname=str(s.get("surname") or ""),
                year=str(year.get("code") or year.get("name") or "")
                if isinstance(year, dict)
                else "",
                class_name=names[0] if names else "",
            )
