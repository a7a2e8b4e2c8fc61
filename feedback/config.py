"""Every setting of the feedback service, read here and nowhere else.

Each comes from an environment variable of the same name (the systemd unit in
docs/feedback-service.md sets them); the defaults suit `make feedback` on an editor's machine.
The secret and the moderators' password hash live in files in the data folder, which
`python -m feedback` creates on first use and the deploy docs say how to back up.
"""

from __future__ import annotations

import contextlib
import functools
import os
import secrets
from dataclasses import dataclass, fields
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


@dataclass(frozen=True)
class Config:
    # Where the service listens (behind nginx on a server: 127.0.0.1 only).
    host: str = "127.0.0.1"
    port: int = 8100
    # The folder holding the database, the secret and the moderators' password hash.
    data_dir: Path = ROOT / "var" / "feedback"
    # The public site, for the links back to the page a reader came from.
    site_url: str = "http://127.0.0.1:8000"
    # The languages of the site (its pages and this service's answer in them), default first.
    languages: tuple[str, ...] = ("en", "mt")
    # The site's time zone (pelicanconf.py's TIMEZONE): comments' dates are written in it.
    timezone: str = "Europe/Malta"
    # The site's theme, whose catalogues translate this service's pages as they do the site's.
    theme: Path = ROOT / "theme"
    # Behind a proxy, the reader's address is the proxy's X-Forwarded-For (nginx sets it).
    trust_proxy: bool = False
    # The largest form the service reads, in bytes; longer fields are refused one by one.
    max_body_bytes: int = 16_384
    max_text_chars: int = 2_000
    max_name_chars: int = 100
    # Submissions per reader's address and per page in an hour; more are refused (429).
    limit_per_address: int = 20
    limit_per_page: int = 200
    # Proof of work: PBKDF2 iterations per attempt and how long a challenge may be used.
    # On average 256 tries (two hex digits of prefix) of 1,000 rounds each.
    challenge_cost: int = 1_000
    challenge_key_prefix: str = "00"
    challenge_seconds: int = 1_200
    # How long phone numbers, e-mail addresses and readers' addresses are kept, and for how
    # long rejected comments and handled problem reports stay before they are deleted.
    keep_personal_days: int = 90
    # The moderation page's session cookie is sent over HTTPS only, except on this machine.
    secure_cookies: bool = False
    # Where approved comments are written by `make comments` (the site's content folder).
    content_dir: Path = ROOT / "content"
    comments_folder: str = "comments"

    @property
    def database(self) -> Path:
        return self.data_dir / "feedback.sqlite3"

    @property
    def secret(self) -> bytes:
        return secret_of(self.data_dir)

    @property
    def password_file(self) -> Path:
        return self.data_dir / "moderators"


def from_environment(environ=os.environ, **overrides) -> Config:
    """The settings from environment variables FEEDBACK_<NAME> (FEEDBACK_PORT, FEEDBACK_DATA_DIR,
    FEEDBACK_SITE_URL…), then the keyword arguments (the tests use them)."""
    values = {}
    for spec in fields(Config):
        raw = environ.get(f"FEEDBACK_{spec.name.upper()}")
        if raw is not None:
            values[spec.name] = typed(raw, spec.default)
    values.update(overrides)
    return Config(**values)


def typed(raw: str, default):
    """An environment variable's text as its setting's type (that of the default)."""
    if isinstance(default, bool):
        return raw.strip().lower() in ("1", "true", "yes", "on")
    if isinstance(default, int):
        return int(raw)
    if isinstance(default, Path):
        return Path(raw)
    if isinstance(default, tuple):
        return tuple(part.strip() for part in raw.split(",") if part.strip())
    return raw


@functools.cache
def secret_of(data_dir: Path) -> bytes:
    """The service's secret (it signs challenges, sessions and readers' hashed addresses),
    made the first time it is asked for. Whoever has it can forge challenges: it never
    leaves the data folder."""
    path = Path(data_dir) / "secret"
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        draft = path.with_name(f"secret.{os.getpid()}")
        fd = os.open(draft, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "w") as handle:
            handle.write(secrets.token_hex(32))
        # A link is made whole or not at all: two processes starting together agree on one.
        with contextlib.suppress(FileExistsError):
            os.link(draft, path)
        draft.unlink()
    return path.read_text().strip().encode()
