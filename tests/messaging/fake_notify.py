"""A local GOV.UK Notify (API v2), served over real HTTP for the Notify back end's tests.

It checks what the real service checks and answers the way it answers:
- the JWT in ``Authorization: Bearer`` (HS256, ``iss`` = the service id, signed with the secret
  part of the key ``{name}-{service_id}-{secret}``, ``iat`` within 30 seconds) → 403 AuthError;
- POST /v2/notifications/email|sms|letter → 201 with id, reference, content and template;
  400 BadRequestError for an invalid email address or phone number, an unknown template, a
  missing placeholder or a short postal address, in Notify's own words;
- GET /v2/notifications/{id} and GET /v2/notifications?reference=… ;
- faults on demand (``faults``: 429 RateLimitError with Retry-After, 500, 503), and a slow
  answer after accepting (``slow_after_accept``: the sender times out although Notify has the
  message — the case that must not lead to a second send);
- delivery receipts posted to a callback URL with a bearer token (``send_callback``).
"""

from __future__ import annotations

import base64
import json
import re
import time
import uuid
from typing import Any

import jwt
import requests

from tests.programmes.fake_http import FakeService

SERVICE_ID = "26785a09-ab16-4eb0-8407-a37497a57506"
SECRET = "3d844edf-8d35-48ac-975b-e847b4f122b0"
API_KEY = f"horizons_test-{SERVICE_ID}-{SECRET}"
PLACEHOLDER = re.compile(r"\(\(([a-zA-Z0-9_]+)\)\)")
POSTCODE = re.compile(r"^[A-Z]{1,2}[0-9][A-Z0-9]? ?[0-9][A-Z]{2}$", re.IGNORECASE)


def error(status: int, kind: str, message: str) -> dict[str, Any]:
    return {"status_code": status, "errors": [{"error": kind, "message": message}]}


class FakeNotify(FakeService):
    def __init__(self, service_id: str = SERVICE_ID, secret: str = SECRET) -> None:
        super().__init__()
        self.service_id, self.secret = service_id, secret
        # template id → (type, subject, body), in Notify's ((placeholder)) syntax
        self.templates: dict[str, tuple[str, str, str]] = {}
        self.notifications: dict[str, dict[str, Any]] = {}
        self.sent: list[dict[str, Any]] = []  # every accepted POST body, in order
        self.slow_after_accept = 0.0

    # --- set-up -----------------------------------------------------------------------------

    def add_template(self, kind: str, body: str, subject: str = "") -> str:
        template_id = str(uuid.uuid4())
        self.templates[template_id] = (kind, subject, body)
        return template_id

    def set_status(self, notification_id: str, status: str) -> None:
        self.notifications[notification_id]["status"] = status

    def send_callback(self, url: str, token: str, notification_id: str, status: str) -> int:
        """POST a delivery receipt to `url`, as Notify does; returns the HTTP status."""
        self.set_status(notification_id, status)
        answer = requests.post(
            url,
            data=json.dumps(self.receipt(notification_id)),
            headers={"Content-Type": "application/json", "Authorization": f"Bearer {token}"},
            timeout=5,
        )
        return answer.status_code

    def receipt(self, notification_id: str) -> dict[str, Any]:
        note = self.notifications[notification_id]
        now = time.strftime("%Y-%m-%dT%H:%M:%S.000000Z", time.gmtime())
        return {
            "id": notification_id,
            "reference": note["reference"],
            "to": note["to"],
            "status": note["status"],
            "created_at": note["created_at"],
            "completed_at": now,
            "sent_at": now,
            "notification_type": note["type"],
            "template_id": note["template"]["id"],
            "template_version": 1,
        }

    # --- the API ----------------------------------------------------------------------------

    def _authorised(self, headers: Any) -> tuple[int, dict[str, str], Any] | None:
        value = headers.get("Authorization", "")
        if not value.startswith("Bearer "):
            return (
                401,
                {},
                error(401, "AuthError", "Unauthorized: authentication token must be provided"),
            )
        try:
            claims = jwt.decode(
                value[len("Bearer ") :],
                key=self.secret,
                algorithms=["HS256"],
                options={"verify_iat": True, "require": ["iss", "iat"]},
                leeway=30,
            )
        except jwt.PyJWTError:
            return 403, {}, error(403, "AuthError", "Invalid token: signature, api token not found")
        if claims.get("iss") != self.service_id or abs(time.time() - int(claims["iat"])) > 30:
            return 403, {}, error(403, "AuthError", "Invalid token: service not found")
        return None

    def handle(self, method, path, query, headers, body):  # type: ignore[no-untyped-def]
        refused = self._authorised(headers)
        if refused:
            return refused
        fault = self.fault()
        if fault:
            status = fault[0]
            if status == 429:
                message = "Exceeded rate limit for key type LIVE of 3000 requests per 60 seconds"
                return 429, {"Retry-After": "7"}, error(429, "RateLimitError", message)
            return status, {}, error(status, "Exception", "Internal server error")
        if method == "GET" and path == "/v2/notifications":
            found = [
                n
                for n in reversed(list(self.notifications.values()))
                if not query.get("reference") or n["reference"] == query["reference"]
            ]
            return 200, {}, {"notifications": found, "links": {}}
        if method == "GET" and path.startswith("/v2/notifications/"):
            note = self.notifications.get(path.rsplit("/", 1)[-1])
            if note is None:
                return 404, {}, error(404, "NoResultFound", "No result found")
            return 200, {}, note
        if method == "POST" and path.startswith("/v2/notifications/"):
            kind = path.rsplit("/", 1)[-1]
            if kind not in ("email", "sms", "letter"):
                return 404, {}, error(404, "NotFound", "Not found")
            try:
                data = json.loads(body or "{}")
            except ValueError:
                return 400, {}, error(400, "BadRequestError", "Invalid JSON supplied in POST data")
            return self._create(kind, data)
        return 404, {}, error(404, "NotFound", "Not found")

    def _create(self, kind: str, data: dict[str, Any]) -> tuple[int, dict[str, str], Any]:
        template = self.templates.get(str(data.get("template_id", "")))
        if template is None:
            return 400, {}, error(400, "BadRequestError", "Template not found")
        template_kind, subject, body = template
        if template_kind != kind:
            message = f"{template_kind} template is not suitable for {kind} notification"
            return 400, {}, error(400, "BadRequestError", message)
        fields: dict[str, Any] = data.get("personalisation") or {}
        if kind == "email":
            to = str(data.get("email_address", ""))
            if not re.match(r"^[^@\s]+@[^@\s]+\.[a-z]{2,}$", to, re.IGNORECASE):
                return (
                    400,
                    {},
                    error(400, "ValidationError", "email_address Not a valid email address"),
                )
        elif kind == "sms":
            to = str(data.get("phone_number", ""))
            digits = re.sub(r"[\s\-()+]", "", to)
            if re.search(r"[a-zA-Z]", to):
                return (
                    400,
                    {},
                    error(
                        400, "ValidationError", "phone_number Must not contain letters or symbols"
                    ),
                )
            if not re.match(r"^(44|0)?7\d{9}$", digits):
                return 400, {}, error(400, "ValidationError", "phone_number Not a UK mobile number")
        else:
            lines = [str(fields.get(f"address_line_{n}", "")).strip() for n in range(1, 8)]
            lines = [line for line in lines if line]
            if len(lines) < 3:
                return 400, {}, error(400, "ValidationError", "Address must be at least 3 lines")
            if not POSTCODE.match(lines[-1]):
                message = "Last line of address must be a real UK postcode"
                return 400, {}, error(400, "ValidationError", message)
            to = lines[0]
        needed = sorted(
            set(PLACEHOLDER.findall(subject + body))
            - {f"address_line_{n}" for n in range(1, 8)}
            - set(fields)
        )
        if needed:
            message = f"Missing personalisation: {', '.join(needed)}"
            return 400, {}, error(400, "BadRequestError", message)
        for name, value in fields.items():
            if isinstance(value, dict) and "file" in value:
                try:
                    base64.b64decode(value["file"], validate=True)
                except ValueError:
                    return 400, {}, error(400, "BadRequestError", f"{name} is not base64")
                fields = {**fields, name: f"https://documents.service.gov.uk/d/{uuid.uuid4()}"}

        def fill(text: str) -> str:
            return PLACEHOLDER.sub(lambda m: str(fields.get(m.group(1), "")), text)

        notification_id = str(uuid.uuid4())
        content: dict[str, Any] = {"body": fill(body)}
        if kind == "email":
            content.update(
                subject=fill(subject), from_email="horizons@notifications.service.gov.uk"
            )
        elif kind == "sms":
            content.update(from_number="Horizons")
        else:
            content.update(subject=fill(subject))
        template_ref = {
            "id": data["template_id"],
            "version": 1,
            "uri": f"{self.base_url}/v2/template/{data['template_id']}",
        }
        self.notifications[notification_id] = {
            "id": notification_id,
            "reference": data.get("reference"),
            "type": kind,
            "to": to,
            "status": "created" if kind != "letter" else "accepted",
            "template": template_ref,
            "body": content["body"],
            "subject": content.get("subject"),
            "created_at": time.strftime("%Y-%m-%dT%H:%M:%S.000000Z", time.gmtime()),
        }
        self.sent.append(data)
        if self.slow_after_accept:
            time.sleep(self.slow_after_accept)
        answer = {
            "id": notification_id,
            "reference": data.get("reference"),
            "content": content,
            "uri": f"{self.base_url}/v2/notifications/{notification_id}",
            "template": template_ref,
        }
        if kind == "letter":
            answer["scheduled_for"] = None
        return 201, {}, answer
