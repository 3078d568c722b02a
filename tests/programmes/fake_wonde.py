"""A local Wonde API: bearer token, students with ``include=classes,year`` in pages linked by
``meta.pagination.next``, ``/deletions`` with ``updated_after``, and faults on request."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any
from urllib.parse import urlencode

from tests.programmes.fake_http import FakeService


class FakeWonde(FakeService):
    def __init__(self, school_id: str = "A1930499544", token: str = "wonde-token") -> None:
        super().__init__()
        self.school_id, self.token = school_id, token
        self.students: list[dict[str, Any]] = []
        self.deletions: list[dict[str, Any]] = []
        self.delete_after_first_page: str | None = None
        self.raw_pages: dict[int, Any] = {}  # page number -> a body served instead

    def add_pupil(
        self, wonde_id: str, forename: str, surname: str, year: str, class_name: str, **extra: Any
    ) -> dict[str, Any]:
        student = {
            "id": wonde_id,
            "mis_id": "1234",
            "upn": "A123456789012",
            "forename": forename,
            "surname": surname,
            "legal_forename": forename,
            "legal_surname": surname,
            "date_of_birth": {"date": "2016-03-14 00:00:00.000000"},
            "address": {"address_line_1": "1 High Street", "address_postcode": "SW1A 1AA"},
            "classes": {"data": [{"id": f"c-{class_name}", "name": class_name}]},
            "year": {"data": {"id": f"y{year}", "code": year, "name": f"Year {year}"}},
            **extra,
        }
        self.students.append(student)
        return student

    def delete(self, wonde_id: str) -> None:
        self.students = [s for s in self.students if s["id"] != wonde_id]
        self.deletions.append(
            {
                "id": wonde_id,
                "type": "student",
                "deleted_at": {"date": datetime.now(UTC).strftime("%Y-%m-%d %H:%M:%S")},
                "restored_at": None,
                "at": datetime.now(UTC).strftime("%Y-%m-%d %H:%M:%S"),
            }
        )

    def handle(self, method, path, query, headers, body):  # type: ignore[no-untyped-def]
        if headers.get("Authorization") != f"Bearer {self.token}":
            return 401, {}, {"error": "Unauthenticated."}
        prefix = f"/v1.0/schools/{self.school_id}/"
        if not path.startswith(prefix):
            return 404, {}, {"error": "not found"}
        fault = self.fault()
        if fault:
            return fault
        resource = path[len(prefix) :]
        page = int(query.get("page", 1))
        per_page = int(query.get("per_page", 50))
        if resource == "students":
            if page in self.raw_pages:
                return 200, {}, self.raw_pages[page]
            rows = self.students
        elif resource == "deletions":
            after = query.get("updated_after", "")
            rows = [d for d in self.deletions if d["at"] >= after]
        else:
            return 404, {}, {"error": "not found"}
        chunk = rows[(page - 1) * per_page : page * per_page]
        more = page * per_page < len(rows)
        next_url = None
        if more:
            nxt = {**query, "page": str(page + 1), "per_page": str(per_page)}
            next_url = f"{self.base_url}{path}?{urlencode(nxt)}"
        if resource == "students" and page == 1 and self.delete_after_first_page:
            gone, self.delete_after_first_page = self.delete_after_first_page, None
            self.delete(gone)
        return (
            200,
            {},
            {
                "data": [{k: v for k, v in r.items() if k != "at"} for r in chunk],
                "meta": {"pagination": {"next": next_url, "current_page": page}},
            },
        )
