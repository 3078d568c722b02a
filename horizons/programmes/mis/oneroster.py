"""OneRoster 1.1 REST (as served by Groupcall Xporter and others): OAuth 2 client credentials,
then ``academicSessions``, ``classes``, ``enrollments`` and ``users`` read with limit/offset.

Only these fields are read: a user's ``sourcedId``, ``givenName`` (or ``preferredFirstName``),
the first letter of ``familyName``, ``grades`` and ``role``; a class's ``sourcedId``, ``title``,
``classType`` and ``terms``; an enrollment's ``user``, ``class`` and ``role``. ``identifier``
(often the UPN), ``birthDate``, ``email``, ``phone``, addresses and every other field are never
read. Records with ``status: tobedeleted`` are treated as gone (a deletion honoured).

A pupil deleted between pages moves every later record one place up, so one would be missed:
the reader compares ``X-Total-Count`` on the first and the last page of each list and reads the
list again from the start when it changed.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import date
from typing import Any

from horizons.programmes.mis.http import JsonClient, json_of
from horizons.programmes.mis.records import MisError, RawPupil

SERVICE = "The OneRoster service"
PATH = "/ims/oneroster/v1p1"
SCOPE = "https://purl.imsglobal.org/spec/or/v1p1/scope/roster-core.readonly"
PAGE_SIZE = 100
MAX_REREADS = 3


class OneRosterConnector:
    name = "oneroster"

    def __init__(
        self,
        *,
        base_url: str,
        client_id: str,
        client_secret: str,
        token_url: str = "",
        client: JsonClient | None = None,
        today: Callable[[], date] = date.today,
        page_size: int = PAGE_SIZE,
    ) -> None:
        self.base_url = base_url.rstrip("/")
        self.token_url = token_url or f"{self.base_url}/oauth/token"
        self.client_id = client_id
        self.client_secret = client_secret
        self.client = client or JsonClient(service=SERVICE)
        self.today = today
        self.page_size = page_size
        self._token = ""

    @property
    def requests_made(self) -> int:
        return self.client.requests_made

    def _authorise(self) -> None:
        body = json_of(
            self.client.request(
                "POST",
                self.token_url,
                data={"grant_type": "client_credentials", "scope": SCOPE},
                auth=(self.client_id, self.client_secret),
            ),
            SERVICE,
        )
        token = body.get("access_token") if isinstance(body, dict) else None
        if not isinstance(token, str) or not token:
            raise MisError(f"{SERVICE} did not give Horizons an access token. Nothing was changed.")
        self._token = token

    def _list(self, resource: str, key: str) -> list[dict[str, Any]]:
        for _ in range(MAX_REREADS):
            records, changed = self._read_once(resource, key)
            if not changed:
                return records
        raise MisError(
            f"The class list in the MIS kept changing while Horizons read it ({resource}). "
            "Try again in a few minutes. Nothing was changed."
        )

    def _read_once(self, resource: str, key: str) -> tuple[list[dict[str, Any]], bool]:
        records: list[dict[str, Any]] = []
        offset = 0
        first_total: str | None = None
        while True:
            response = self.client.request(
                "GET",
                f"{self.base_url}{PATH}/{resource}",
                headers={"Authorization": f"Bearer {self._token}"},
                params={"limit": self.page_size, "offset": offset},
            )
            body = json_of(response, SERVICE)
            page = body.get(key) if isinstance(body, dict) else None
            if not isinstance(page, list):
                raise MisError(
                    f"{SERVICE} sent {resource} in a form Horizons does not recognise (no "
                    f"'{key}' list). Nothing was changed."
                )
            total = response.headers.get("X-Total-Count")
            if first_total is None:
                first_total = total
            records.extend(r for r in page if isinstance(r, dict))
            offset += len(page)
            if len(page) < self.page_size or not page:
                return records, total != first_total

    def pupils(self) -> Iterator[RawPupil]:
        self._authorise()
        today = self.today().isoformat()
        sessions = self._list("academicSessions", "academicSessions")
        current = {
            s.get("sourcedId")
            for s in sessions
            if _live(s) and str(s.get("startDate", "")) <= today <= str(s.get("endDate", "9999"))
        }
        classes: dict[str, dict[str, Any]] = {}
        for c in self._list("classes", "classes"):
            if not _live(c):
                continue
            terms = {_ref(t) for t in c.get("terms") or []}
            if terms and current and not terms & current:
                continue  # a class of another year or term
            classes[str(c.get("sourcedId", ""))] = c
        class_of: dict[str, dict[str, Any]] = {}
        for e in self._list("enrollments", "enrollments"):
            if not _live(e) or e.get("role") != "student":
                continue
            klass = classes.get(_ref(e.get("class")))
            if klass is None:
                continue
            user = _ref(e.get("user"))
            held = class_of.get(user)
            # The registration (homeroom) class wins over teaching groups.
            if held is None or (
                klass.get("classType") == "homeroom" and held.get("classType") != "homeroom"
            ):
                class_of[user] = klass
        for u in self._list("users", "users"):
            if not _live(u) or u.get("role") != "student":
                continue
            ext = str(u.get("sourcedId", ""))
            grades = u.get("grades") or [""]
            yield RawPupil(
                external_id=ext,
                first_name=str(u.get("preferredFirstName") or u.get("givenName") or ""),
                surname=str(u.get("familyName") or ""),
                year=str(grades[0]) if isinstance(grades, list) and grades else "",
                class_name=str((class_of.get(ext) or {}).get("title") or ""),
            )


def _live(record: dict[str, Any]) -> bool:
    return record.get("status", "active") != "tobedeleted"


def _ref(value: Any) -> str:
    if isinstance(value, dict):
        return str(value.get("sourcedId", ""))
    return str(value or "")
