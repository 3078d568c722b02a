"""A small JSON-over-HTTPS client shared by the connectors: retries 429 (honouring
Retry-After, capped) and turns every failure into a ``MisError`` a person can act on.
Counts its requests, for the bench and the sync's progress."""

from __future__ import annotations

import time
from collections.abc import Callable, Mapping
from typing import Any

import requests

from horizons.programmes.mis.records import MisAuthError, MisError

MAX_RETRIES = 4
MAX_WAIT_SECONDS = 60.0
TIMEOUT_SECONDS = 30.0


class JsonClient:
    def __init__(
        self,
        *,
        service: str,
        session: requests.Session | None = None,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        self.service = service
        self.session = session or requests.Session()
        self.sleep = sleep
        self.requests_made = 0
        self.waits: list[float] = []

    def request(
        self,
        method: str,
        url: str,
        *,
        headers: Mapping[str, str] | None = None,
        params: Mapping[str, Any] | None = None,
        data: Mapping[str, str] | None = None,
        auth: tuple[str, str] | None = None,
    ) -> requests.Response:
        for attempt in range(MAX_RETRIES + 1):
            self.requests_made += 1
            try:
                response = self.session.request(
                    method,
                    url,
                    headers=dict(headers or {}),
                    params=params,
                    data=data,
                    auth=auth,
                    timeout=TIMEOUT_SECONDS,
                )
            except requests.RequestException as exc:
                raise MisError(
                    f"Horizons could not reach {self.service} ({type(exc).__name__}). Check the "
                    "address in the connection settings, or try again later. Nothing was changed."
                ) from exc
            if response.status_code == 429 and attempt < MAX_RETRIES:
                wait = _retry_after(response.headers.get("Retry-After"), attempt)
                self.waits.append(wait)
                self.sleep(wait)
                continue
            if response.status_code in (401, 403):
                raise MisAuthError(
                    f"{self.service} refused Horizons' credentials (HTTP {response.status_code})."
                    " Check the client id and secret (or token) your integration service gave "
                    "the school, and that the school has approved Horizons. Nothing was changed."
                )
            if response.status_code == 429:
                raise MisError(
                    f"{self.service} is limiting requests and still refused after "
                    f"{MAX_RETRIES} tries. Try again in a few minutes. Nothing was changed."
                )
            if response.status_code >= 400:
                raise MisError(
                    f"{self.service} had a problem (HTTP {response.status_code}). Try again "
                    "later; if it keeps happening, contact your integration service. "
                    "Nothing was changed."
                )
            return response
        raise AssertionError("unreachable")  # pragma: no cover

    def get_json(self, url: str, **kwargs: Any) -> Any:
        response = self.request("GET", url, **kwargs)
        return json_of(response, self.service)


def json_of(response: requests.Response, service: str) -> Any:
    try:
        return response.json()
    except ValueError as exc:
        raise MisError(
            f"{service} sent a reply that is not JSON. Check the address in the connection "
            "settings. Nothing was changed."
        ) from exc


def _retry_after(header: str | None, attempt: int) -> float:
    backoff = float(2**attempt)
    if header:
        try:
            return min(max(float(header), 0.0), MAX_WAIT_SECONDS)
        except ValueError:
            pass
    return min(backoff, MAX_WAIT_SECONDS)
