"""A small OpenID Connect provider on 127.0.0.1 for tests: never a real Google or Microsoft.

It serves a discovery document, its signing keys (JWKS), an authorisation endpoint that
sends the browser straight back with a code (as if the person had signed in and consented),
and a token endpoint that swaps the code for an id_token signed with a test RSA key. What the
next id_token says (and what goes wrong with it) is set on `provider.identity` and
`provider.fault` by the test.
"""

import contextlib
import functools
import json
import secrets
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlencode, urlparse

import jwt
from cryptography.hazmat.primitives.asymmetric import rsa
from jwt.algorithms import RSAAlgorithm

CLIENT_ID = "horizons-test-google"  # Microsoft's is horizons-test-microsoft
CLIENT_SECRET = "horizons-test-secret"  # noqa: S105 (a test value)
KID = "test-key-1"


@functools.cache
def _keys() -> tuple[rsa.RSAPrivateKey, rsa.RSAPrivateKey]:
    """The provider's signing key, and another that signs the forged tokens (made once)."""
    return (
        rsa.generate_private_key(public_exponent=65537, key_size=2048),
        rsa.generate_private_key(public_exponent=65537, key_size=2048),
    )


@dataclass
class FakeProvider:
    issuer: str = ""
    identity: dict[str, Any] = field(default_factory=dict)
    # One of: "", "wrong_audience", "expired", "bad_signature", "wrong_issuer",
    # "token_error" (token endpoint answers 500), "authorize_error" (error=server_error back).
    fault: str = ""
    codes: dict[str, dict[str, str]] = field(default_factory=dict)
    token_requests: list[dict[str, str]] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.key, self.other_key = _keys()

    def jwks(self) -> dict[str, Any]:
        jwk = json.loads(RSAAlgorithm.to_jwk(self.key.public_key()))
        jwk.update({"kid": KID, "alg": "RS256", "use": "sig"})
        return {"keys": [jwk]}

    def discovery(self) -> dict[str, Any]:
        return {
            "issuer": self.issuer,
            "authorization_endpoint": f"{self.issuer}/authorize",
            "token_endpoint": f"{self.issuer}/token",
            "jwks_uri": f"{self.issuer}/jwks",
            "userinfo_endpoint": f"{self.issuer}/userinfo",
            "response_types_supported": ["code"],
            "subject_types_supported": ["public"],
            "id_token_signing_alg_values_supported": ["RS256"],
            "token_endpoint_auth_methods_supported": ["client_secret_post"],
        }

    def id_token(self, audience: str = CLIENT_ID) -> str:
        now = int(time.time())
        claims: dict[str, Any] = {
            "iss": self.issuer,
            "aud": audience,
            "iat": now,
            "exp": now + 300,
            "sub": "subject-1",
            **self.identity,
        }
        key = self.key
        if self.fault == "wrong_audience":
            claims["aud"] = "someone-elses-client"
        elif self.fault == "expired":
            claims["iat"], claims["exp"] = now - 7200, now - 3600
        elif self.fault == "wrong_issuer":
            claims["iss"] = "https://evil.example"
        elif self.fault == "bad_signature":
            key = self.other_key
        return jwt.encode(claims, key, algorithm="RS256", headers={"kid": KID})


def _handler(provider: FakeProvider) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def log_message(self, format: str, *args: Any) -> None:  # quiet
            return

        def _json(self, status: int, body: dict[str, Any]) -> None:
            data = json.dumps(body).encode()
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        def do_GET(self) -> None:  # noqa: N802 (http.server's name)
            url = urlparse(self.path)
            if url.path == "/.well-known/openid-configuration":
                self._json(200, provider.discovery())
            elif url.path == "/jwks":
                self._json(200, provider.jwks())
            elif url.path == "/authorize":
                query = {k: v[0] for k, v in parse_qs(url.query).items()}
                back: dict[str, str] = {"state": query.get("state", "")}
                if provider.fault == "authorize_error":
                    back["error"] = "server_error"
                else:
                    code = secrets.token_urlsafe(16)
                    provider.codes[code] = query
                    back["code"] = code
                self.send_response(302)
                self.send_header("Location", f"{query['redirect_uri']}?{urlencode(back)}")
                self.end_headers()
            else:
                self._json(404, {"error": "not_found"})

        def do_POST(self) -> None:  # noqa: N802
            length = int(self.headers.get("Content-Length", "0"))
            form = {k: v[0] for k, v in parse_qs(self.rfile.read(length).decode()).items()}
            provider.token_requests.append(form)
            if urlparse(self.path).path != "/token":
                self._json(404, {"error": "not_found"})
            elif provider.fault == "token_error":
                self._json(500, {"error": "server_error"})
            elif form.get("client_secret") != CLIENT_SECRET or form.get("code") not in (
                provider.codes
            ):
                self._json(400, {"error": "invalid_grant"})
            else:
                asked = provider.codes.pop(form["code"])
                self._json(
                    200,
                    {
                        "access_token": secrets.token_urlsafe(16),
                        "token_type": "Bearer",
                        "expires_in": 300,
                        "id_token": provider.id_token(asked["client_id"]),
                    },
                )

    return Handler


@contextlib.contextmanager
def running_provider(settings: Any) -> Iterator[FakeProvider]:
    """Start the fake provider and point both Google and Microsoft at it (pytest-django's
    `settings` fixture undoes the change after the test)."""
    provider = FakeProvider()
    server = ThreadingHTTPServer(("127.0.0.1", 0), _handler(provider))
    provider.issuer = f"http://127.0.0.1:{server.server_address[1]}"
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    settings.SOCIALACCOUNT_PROVIDERS = {
        "openid_connect": {
            "provider_class": "horizons.accounts.social.StaffSignInProvider",
            "SCOPE": ["openid", "email", "profile"],
            "APPS": [
                {
                    "provider_id": provider_id,
                    "name": name,
                    "client_id": f"horizons-test-{provider_id}",
                    "secret": CLIENT_SECRET,
                    "settings": {
                        "server_url": provider.issuer,
                        "fetch_userinfo": False,
                        "token_auth_method": "client_secret_post",
                        "oauth_pkce_enabled": True,
                    },
                }
                for provider_id, name in (("google", "Google"), ("microsoft", "Microsoft"))
            ],
        }
    }
    try:
        yield provider
    finally:
        server.shutdown()
        server.server_close()
