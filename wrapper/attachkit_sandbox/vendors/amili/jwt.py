"""HS256 JSON Web Tokens for the Amili sandbox, built on the standard library only."""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import time
from collections.abc import Mapping, Sequence

# Shared by the sandbox's signer and verifier; it protects nothing real.
AMILI_JWT_SECRET = b"attachkit-sandbox-amili-secret"
AMILI_TOKEN_SUBJECT = "sandbox-integration"  # noqa: S105


class InvalidToken(ValueError):
    """The token is malformed, wrongly signed or expired."""


def _b64encode(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def _b64decode(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def _sign(signing_input: str) -> str:
    return _b64encode(hmac.new(AMILI_JWT_SECRET, signing_input.encode(), hashlib.sha256).digest())


def _segment(value: Mapping[str, object]) -> str:
    return _b64encode(json.dumps(value, separators=(",", ":")).encode())


def mint_amili_token(
    clients: Sequence[int], lifetime_s: int = 3600, now: float | None = None
) -> str:
    """A token the sandbox accepts for `clients` until `now + lifetime_s` (epoch seconds)."""
    issued = int(time.time() if now is None else now)
    claims = {
        "sub": AMILI_TOKEN_SUBJECT,
        "iat": issued,
        "exp": issued + lifetime_s,
        "clients": [int(client) for client in clients],
    }
    signing_input = _segment({"alg": "HS256", "typ": "JWT"}) + "." + _segment(claims)
    return signing_input + "." + _sign(signing_input)


def verify_amili_token(token: str, now: float) -> dict[str, object]:
    """The token's claims, if it is well formed, signed by the sandbox and not expired."""
    parts = token.split(".")
    if len(parts) != 3:
        raise InvalidToken("The token is not a JWT.")
    if not hmac.compare_digest(_sign(parts[0] + "." + parts[1]), parts[2]):
        raise InvalidToken("The token signature is invalid.")
    try:
        header = json.loads(_b64decode(parts[0]))
        claims = json.loads(_b64decode(parts[1]))
    except ValueError:
        raise InvalidToken("The token is not a JWT.") from None
    if not isinstance(header, dict) or header.get("alg") != "HS256" or not isinstance(claims, dict):
        raise InvalidToken("The token is not an HS256 JWT.")
    exp = claims.get("exp")
    if not isinstance(exp, int | float) or now >= exp:
        raise InvalidToken("The token has expired.")
    clients = claims.get("clients")
    if not isinstance(clients, list) or not all(isinstance(c, int) for c in clients):
        raise InvalidToken("The token has no valid 'clients' claim.")
    return claims
