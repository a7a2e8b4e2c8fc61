"""The moderators' password, kept as a scrypt hash (standard library) in the data folder.

One password for the office's moderators: `make feedback-password` sets it. The file holds
`scrypt$<n>$<r>$<p>$<salt>$<hash>`, never the password.
"""

from __future__ import annotations

import hashlib
import hmac
import os
import secrets
from pathlib import Path

N, R, P = 2**14, 8, 1


def hash_of(password: str, salt: bytes, n: int = N, r: int = R, p: int = P) -> bytes:
    return hashlib.scrypt(password.encode(), salt=salt, n=n, r=r, p=p, dklen=32)


def store(path: Path, password: str) -> None:
    salt = secrets.token_bytes(16)
    line = f"scrypt${N}${R}${P}${salt.hex()}${hash_of(password, salt).hex()}\n"
    path.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w") as handle:
        handle.write(line)


def matches(path: Path, password: str) -> bool:
    """Whether `password` is the moderators' (False while none is set)."""
    try:
        _, n, r, p, salt, expected = path.read_text().strip().split("$")
    except (FileNotFoundError, ValueError):
        return False
    actual = hash_of(password, bytes.fromhex(salt), int(n), int(r), int(p))
    return bool(password) and hmac.compare_digest(actual.hex(), expected)
