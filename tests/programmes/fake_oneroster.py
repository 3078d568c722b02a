"""A local OneRoster 1.1 REST service: client-credentials token, limit/offset pages with
X-Total-Count, ``status: tobedeleted``, and the faults tests ask for."""

from __future__ import annotations

import base64
from typing import Any

from tests.programmes.fake_http import FakeService

PATH = "/ims/oneroster/v1p1/"


class FakeOneRoster(FakeService):
    def __init__(self, client_id: str = "horizons", client_secret: str = "s3cret") -> None:
        super().__init__()
        self.client_id, self.client_secret = client_id, client_secret
        self.tokens: set[str] = set()
        self.data: dict[str, list[dict[str, Any]]] = {
            "academicSessions": [
                {
                    "sourcedId": "ay2026",
                    "status": "active",
                    "type": "schoolYear",
                    "startDate": "2026-09-01",
                    "endDate": "2027-08-31",
                },
                {
                    "sourcedId": "ay2025",
                    "status": "active",
                    "type": "schoolYear",
                    "startDate": "2025-09-01",
                    "endDate": "2026-08-31",
                },
            ],
            "classes": [],
            "enrollments": [],
            "users": [],
        }
        self.delete_after_first_users_page: str | None = None

    def add_class(self, sourced_id: str, title: str, *, term: str = "ay2026") -> None:
        self.data["classes"].append(
            {
                "sourcedId": sourced_id,
                "status": "active",
                "title": title,
                "classType": "homeroom",
                "terms": [{"sourcedId": term, "type": "academicSession"}],
            }
        )

    def add_pupil(
        self, sourced_id: str, given: str, family: str, grade: str, class_id: str, **extra: Any
    ) -> dict[str, Any]:
        user = {
            "sourcedId": sourced_id,
            "status": "active",
            "role": "student",
            "givenName": given,
            "familyName": family,
            "grades": [grade],
            # Fields a real MIS sends that Horizons must never keep.
            "identifier": "A123456789012",
            "birthDate": "2016-03-14",
            "email": f"{given.lower()}@pupils.example.org",
            "phone": "020 7946 0000",
            "userIds": [{"type": "UPN", "identifier": "A123456789012"}],
            **extra,
        }
        self.data["users"].append(user)
        self.data["enrollments"].append(
            {
                "sourcedId": f"e-{sourced_id}-{class_id}",
                "status": "active",
                "role": "student",
                "user": {"sourcedId": sourced_id, "type": "user"},
                "class": {"sourcedId": class_id, "type": "class"},
            }
        )
        return user

    def handle(self, method, path, query, headers, body):  # type: ignore[no-untyped-def]
        if path == "/oauth/token" and method == "POST":
            expected = base64.b64encode(f"{self.client_id}:{self.client_secret}".encode()).decode()
            if headers.get("Authorization") != f"Basic {expected}" or (
                "grant_type=client_credentials" not in body
            ):
                return 401, {}, {"error": "invalid_client"}
            token = f"tok{len(self.tokens)}"
            self.tokens.add(token)
            return 200, {}, {"access_token": token, "token_type": "bearer", "expires_in": 3600}
        if not path.startswith(PATH):
            return 404, {}, {"error": "not found"}
        auth = headers.get("Authorization", "")
        if not auth.startswith("Bearer ") or auth[7:] not in self.tokens:
            return 401, {}, {"error": "invalid token"}
        fault = self.fault()
        if fault:
            return fault
        resource = path[len(PATH) :]
        if resource not in self.data:
            return 404, {}, {"error": "not found"}
        limit, offset = int(query.get("limit", 100)), int(query.get("offset", 0))
        rows = self.data[resource]
        page = rows[offset : offset + limit]
        total = str(len(rows))
        if resource == "users" and offset == 0 and self.delete_after_first_users_page:
            gone = self.delete_after_first_users_page
            self.delete_after_first_users_page = None
            self.data["users"] = [u for u in rows if u["sourcedId"] != gone]
        return 200, {"X-Total-Count": total}, {resource: page}
