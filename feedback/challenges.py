"""What a reader does to show they are not a machine, with no third party involved.

With JavaScript, the ALTCHA widget (npm `altcha`, served from our own site) fetches a
challenge from `/feedback/challenge` and solves it in the reader's browser: some hundreds of
tries of FEEDBACK_CHALLENGE_COST PBKDF2 rounds each, with nothing to read or click. The `altcha`
package on PyPI makes and checks the challenges. Without JavaScript nothing can solve them,
so the service asks a small sum instead, on its own page, keeping what the reader wrote.
Either way a challenge is signed with the service's secret, expires, and is spent by the
submission that uses it: `key` is what the queue stores to refuse it a second time.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import secrets
import time
from dataclasses import dataclass

import altcha

ALGORITHM = "PBKDF2/SHA-256"


@dataclass(frozen=True)
class Verdict:
    """The outcome of a challenge: "missing" (nothing was sent: ask the question),
    "passed", "wrong" or "expired"; `key` identifies a passed one."""

    result: str
    key: str | None = None


def new_altcha_challenge(secret: bytes, cost: int, key_prefix: str, seconds: int) -> dict:
    challenge = altcha.create_challenge(
        ALGORITHM, cost, key_prefix=key_prefix, expires_at=int(time.time()) + seconds,
        hmac_secret=secret,
    )  # fmt: skip
    return challenge.to_dict()


def check_altcha(payload: str, secret: bytes) -> Verdict:
    try:
        signature = json.loads(base64.b64decode(payload, validate=True))["challenge"]["signature"]
    except (ValueError, KeyError, TypeError):
        return Verdict("wrong")
    if not isinstance(signature, str):
        return Verdict("wrong")
    result = altcha.verify_solution(payload, hmac_secret=secret)
    if result.expired:
        return Verdict("expired")
    return Verdict("passed", f"altcha:{signature}") if result.verified else Verdict("wrong")


@dataclass(frozen=True)
class Question:
    """A sum to answer without JavaScript: `token` carries its nonce, its expiry and a
    signature over the right answer, so the service keeps nothing until it is answered."""

    first: int
    second: int
    token: str


def new_question(secret: bytes, seconds: int) -> Question:
    first, second = secrets.randbelow(9) + 1, secrets.randbelow(9) + 1
    nonce, expires = secrets.token_hex(8), int(time.time()) + seconds
    mac = question_mac(secret, nonce, expires, str(first + second))
    return Question(first, second, f"{nonce}.{expires}.{mac}")


def question_mac(secret: bytes, nonce: str, expires: int, answer: str) -> str:
    message = f"question|{nonce}|{expires}|{answer}".encode()
    return hmac.new(secret, message, hashlib.sha256).hexdigest()


def check_question(token: str, answer: str, secret: bytes) -> Verdict:
    try:
        nonce, expires_text, mac = token.split(".")
        expires = int(expires_text)
    except ValueError:
        return Verdict("wrong")
    answer = answer.strip()
    # As bytes: the token is the reader's to change, and compare_digest raises (a 500) on
    # a str with non-ASCII characters.
    expected = question_mac(secret, nonce, expires, answer).encode()
    if not hmac.compare_digest(mac.encode(), expected):
        return Verdict("wrong")
    if expires < time.time():
        return Verdict("expired")
    return Verdict("passed", f"question:{nonce}")


def check(fields: dict, secret: bytes) -> Verdict:
    """The verdict on a posted form's challenge: the widget's payload, or the question."""
    if fields.get("altcha"):
        return check_altcha(fields["altcha"], secret)
    if fields.get("question_token"):
        return check_question(fields["question_token"], fields.get("answer", ""), secret)
    return Verdict("missing")
