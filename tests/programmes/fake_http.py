"""A tiny JSON HTTP server on 127.0.0.1 at a random port, started by tests in a thread."""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlsplit


class FakeService:
    """Subclasses implement ``handle(method, path, query, headers, body)`` returning
    ``(status, headers, json_body)``. ``faults`` are statuses served (once each, in order) to
    the next data requests: 429 comes with ``Retry-After: 7``."""

    def __init__(self) -> None:
        self.faults: list[int] = []
        self.requests: list[tuple[str, str]] = []
        self.base_url = ""

    def handle(
        self, method: str, path: str, query: dict[str, str], headers: Any, body: str
    ) -> tuple[int, dict[str, str], Any]:
        raise NotImplementedError

    def fault(self) -> tuple[int, dict[str, str], Any] | None:
        if not self.faults:
            return None
        status = self.faults.pop(0)
        extra = {"Retry-After": "7"} if status == 429 else {}
        return status, extra, {"error": f"fault {status}"}


@contextmanager
def serve(service: FakeService) -> Iterator[FakeService]:
    class Handler(BaseHTTPRequestHandler):
        def log_message(self, *args: Any) -> None:
            pass

        def _go(self, method: str) -> None:
            parts = urlsplit(self.path)
            query = {k: v[0] for k, v in parse_qs(parts.query).items()}
            length = int(self.headers.get("Content-Length") or 0)
            body = self.rfile.read(length).decode() if length else ""
            service.requests.append((method, self.path))
            status, headers, payload = service.handle(method, parts.path, query, self.headers, body)
            raw = payload if isinstance(payload, bytes) else json.dumps(payload).encode()
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(raw)))
            for key, value in headers.items():
                self.send_header(key, value)
            self.end_headers()
            self.wfile.write(raw)

        def do_GET(self) -> None:
            self._go("GET")

        def do_POST(self) -> None:
            self._go("POST")

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    service.base_url = f"http://127.0.0.1:{server.server_address[1]}"
    thread = threading.Thread(
        target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
    )
    thread.start()
    try:
        yield service
    finally:
        server.shutdown()
        server.server_close()
