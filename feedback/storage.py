"""The moderation queue: what readers sent, and what editors decided.

`Storage` is the interface the service and the commands use; `SQLiteStorage` keeps it in one
SQLite file (WAL, so readers never wait for the writer, and `synchronous=FULL`, so a
submission the service has acknowledged survives the process being killed or the machine
losing power). A larger office can write a PostgreSQL class with the same methods: nothing
else reads SQL. The schema migrates: each entry of MIGRATIONS runs once, in order, and
`PRAGMA user_version` says how many have run.

Every submission that is checked and stored is one row; a double-click sends the same
challenge with the same words and gets the first one's receipt back, not a second row.
"""

from __future__ import annotations

import datetime as dt
import secrets
import sqlite3
import threading
from collections.abc import Iterable
from dataclasses import astuple, dataclass, fields
from pathlib import Path
from typing import Protocol

KINDS = ("useful", "problem", "comment")
# new: waits for an editor. approved/rejected: a comment decided. handled: a problem report
# someone has dealt with. recorded: a "useful?" answer (nothing to decide).
STATUSES = ("new", "approved", "rejected", "handled", "recorded")
# A second "useful?" answer from one address about one page within this time is the same one.
SAME_ANSWER_WITHIN = dt.timedelta(minutes=10)
RATE_WINDOW = dt.timedelta(hours=1)

MIGRATIONS = [
    # 1: the queue.
    """
    CREATE TABLE submissions (
        id INTEGER PRIMARY KEY,
        receipt TEXT NOT NULL UNIQUE,
        kind TEXT NOT NULL CHECK (kind IN ('useful', 'problem', 'comment')),
        page TEXT NOT NULL,
        language TEXT NOT NULL,
        received_at TEXT NOT NULL,
        status TEXT NOT NULL
            CHECK (status IN ('new', 'approved', 'rejected', 'handled', 'recorded')),
        useful INTEGER CHECK (useful IN (0, 1)),
        name TEXT,
        phone TEXT,
        email TEXT,
        text TEXT,
        client TEXT,
        challenge TEXT UNIQUE,
        fingerprint TEXT NOT NULL,
        decided_at TEXT,
        exported_at TEXT
    );
    CREATE INDEX submissions_by_client ON submissions (client, received_at);
    CREATE INDEX submissions_by_page ON submissions (page, received_at);
    CREATE INDEX submissions_by_status ON submissions (status, kind);
    """,
]


class SchemaTooNew(RuntimeError):
    """The database was written by a newer version of the service."""


@dataclass
class Submission:
    kind: str
    page: str
    language: str
    fingerprint: str
    received_at: str = ""
    receipt: str = ""
    status: str = "new"
    useful: int | None = None
    name: str | None = None
    phone: str | None = None
    email: str | None = None
    text: str | None = None
    client: str | None = None
    challenge: str | None = None
    decided_at: str | None = None
    exported_at: str | None = None


COLUMNS = [spec.name for spec in fields(Submission)]


@dataclass(frozen=True)
class Limits:
    per_address: int
    per_page: int


@dataclass(frozen=True)
class Outcome:
    """What became of a submission: "stored", "duplicate" (the same one again: `receipt` is
    the first's), "replayed" (its challenge was spent on other words) or "limited"."""

    result: str
    receipt: str | None = None


@dataclass(frozen=True)
class Purged:
    personal_data_erased: int
    deleted: int


class Storage(Protocol):
    def add(self, submission: Submission, limits: Limits, now: dt.datetime) -> Outcome: ...
    def find(self, receipt: str) -> Submission | None: ...
    def waiting(self) -> list[Submission]: ...
    def decide(self, receipts: Iterable[str], status: str, now: dt.datetime) -> int: ...
    def approved_comments(self, exported: bool) -> list[Submission]: ...
    def mark_exported(self, receipts: Iterable[str], now: dt.datetime) -> None: ...
    def useful_counts(self) -> dict[str, tuple[int, int]]: ...
    def purge(self, before: dt.datetime) -> Purged: ...
    def matching(self, *, name=None, email=None, phone=None, receipt=None) -> list[Submission]: ...
    def erase(self, receipts: Iterable[str]) -> int: ...
    def backup(self, target: Path) -> None: ...


def timestamp(moment: dt.datetime) -> str:
    """A moment as stored: UTC, fixed width, so that text order is time order."""
    return moment.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def new_receipt() -> str:
    """The reference a reader is shown, and can quote to have their data erased."""
    return secrets.token_hex(6)


class SQLiteStorage:
    def __init__(self, path: Path, migrations: list[str] = MIGRATIONS, read_only: bool = False):
        """The queue in the file at `path`, made or migrated as needed; `read_only` opens an
        existing file as it is, changing nothing (`make report` on a copy or the server's)."""
        self.path = Path(path)
        self.read_only = read_only
        self.local = threading.local()
        if read_only:
            if self.schema_version() != len(migrations):
                raise SchemaTooNew(f"{self.path} has schema version {self.schema_version()}; "
                                   f"this code reads version {len(migrations)}")  # fmt: skip
            return
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self.migrate(migrations)

    # --- Connections and the schema -------------------------------------------------------

    def connection(self) -> sqlite3.Connection:
        """This thread's connection (a connection is not shared between threads)."""
        connection = getattr(self.local, "connection", None)
        if connection is None and self.read_only:
            uri = f"{self.path.resolve().as_uri()}?mode=ro"
            connection = sqlite3.connect(uri, uri=True, timeout=30, isolation_level=None)
            connection.row_factory = sqlite3.Row
            self.local.connection = connection
        if connection is None:
            connection = sqlite3.connect(self.path, timeout=30, isolation_level=None)
            connection.row_factory = sqlite3.Row
            connection.execute("PRAGMA synchronous = FULL")
            connection.execute("PRAGMA busy_timeout = 30000")
            self.local.connection = connection
        return connection

    def transaction(self):
        """A write transaction: BEGIN IMMEDIATE takes the write lock at once, so what a
        submission checks (its challenge unspent, its address under the limit) still holds
        when it is written, whichever process or thread writes next."""
        return Transaction(self.connection())

    def migrate(self, migrations: list[str]) -> None:
        connection = self.connection()
        connection.execute("PRAGMA journal_mode = WAL")
        with self.transaction() as db:
            version = db.execute("PRAGMA user_version").fetchone()[0]
            if version > len(migrations):
                raise SchemaTooNew(
                    f"{self.path} has schema version {version}; this service knows "
                    f"{len(migrations)}. Run the newer service, or restore a backup."
                )
            for number, script in enumerate(migrations[version:], start=version + 1):
                for statement in script.split(";"):
                    if statement.strip():
                        db.execute(statement)
                db.execute(f"PRAGMA user_version = {number}")

    def schema_version(self) -> int:
        return self.connection().execute("PRAGMA user_version").fetchone()[0]

    # --- Readers' submissions -------------------------------------------------------------

    def add(self, submission: Submission, limits: Limits, now: dt.datetime) -> Outcome:
        with self.transaction() as db:
            earlier = self.same_as_earlier(db, submission, now)
            if earlier is not None:
                return earlier
            since = timestamp(now - RATE_WINDOW)
            if (
                submission.client is not None
                and self.count_since(db, "client", submission.client, since) >= limits.per_address
            ):
                return Outcome("limited")
            if self.count_since(db, "page", submission.page, since) >= limits.per_page:
                return Outcome("limited")
            submission.receipt = new_receipt()
            submission.received_at = timestamp(now)
            db.execute(
                f"INSERT INTO submissions ({', '.join(COLUMNS)}) "
                f"VALUES ({', '.join('?' for _ in COLUMNS)})",
                astuple(submission),
            )
            return Outcome("stored", submission.receipt)

    @staticmethod
    def same_as_earlier(db, submission: Submission, now: dt.datetime) -> Outcome | None:
        """The outcome when this submission was sent before (a double-click), or its
        challenge was spent on something else (a replay); None for a new one."""
        if submission.challenge is not None:
            row = db.execute(
                "SELECT receipt, fingerprint FROM submissions WHERE challenge = ?",
                (submission.challenge,),
            ).fetchone()
            if row is None:
                return None
            if row["fingerprint"] == submission.fingerprint:
                return Outcome("duplicate", row["receipt"])
            return Outcome("replayed")
        row = db.execute(
            "SELECT receipt FROM submissions WHERE fingerprint = ? AND received_at >= ?",
            (submission.fingerprint, timestamp(now - SAME_ANSWER_WITHIN)),
        ).fetchone()
        return Outcome("duplicate", row["receipt"]) if row else None

    @staticmethod
    def count_since(db, column: str, value: str, since: str) -> int:
        return db.execute(
            f"SELECT COUNT(*) FROM submissions WHERE {column} = ? AND received_at >= ?",
            (value, since),
        ).fetchone()[0]

    def find(self, receipt: str) -> Submission | None:
        rows = self.select("WHERE receipt = ?", (receipt,))
        return rows[0] if rows else None

    def select(self, where: str, parameters: tuple = ()) -> list[Submission]:
        rows = self.connection().execute(
            f"SELECT {', '.join(COLUMNS)} FROM submissions {where}", parameters
        )
        return [Submission(**dict(row)) for row in rows]

    def all(self) -> list[Submission]:
        return self.select("ORDER BY id")

    # --- Moderation -----------------------------------------------------------------------

    def waiting(self) -> list[Submission]:
        return self.select("WHERE status = 'new' ORDER BY id")

    def decide(self, receipts: Iterable[str], status: str, now: dt.datetime) -> int:
        """Approve or reject comments, or mark problem reports handled; returns how many
        changed. Only waiting submissions of the right kind change."""
        kind = "problem" if status == "handled" else "comment"
        changed = 0
        with self.transaction() as db:
            for receipt in receipts:
                changed += db.execute(
                    "UPDATE submissions SET status = ?, decided_at = ? "
                    "WHERE receipt = ? AND status = 'new' AND kind = ?",
                    (status, timestamp(now), receipt, kind),
                ).rowcount
        return changed

    def approved_comments(self, exported: bool) -> list[Submission]:
        test = "IS NOT NULL" if exported else "IS NULL"
        return self.select(
            f"WHERE kind = 'comment' AND status = 'approved' AND exported_at {test} ORDER BY id"
        )

    def mark_exported(self, receipts: Iterable[str], now: dt.datetime) -> None:
        with self.transaction() as db:
            for receipt in receipts:
                db.execute(
                    "UPDATE submissions SET exported_at = ? WHERE receipt = ?",
                    (timestamp(now), receipt),
                )

    def useful_counts(self) -> dict[str, tuple[int, int]]:
        """Each page's answers to "Is this page useful?": (yes, no)."""
        rows = self.connection().execute(
            "SELECT page, SUM(useful = 1), SUM(useful = 0) FROM submissions "
            "WHERE kind = 'useful' GROUP BY page ORDER BY page"
        )
        return {page: (yes, no) for page, yes, no in rows}

    # --- Privacy --------------------------------------------------------------------------

    def purge(self, before: dt.datetime) -> Purged:
        """Erase what is personal in submissions received before `before`: phone numbers,
        e-mail addresses and readers' (hashed) addresses; delete rejected comments and
        handled problem reports, whose words may be personal too."""
        cutoff = timestamp(before)
        with self.transaction() as db:
            deleted = db.execute(
                "DELETE FROM submissions WHERE received_at < ? "
                "AND status IN ('rejected', 'handled')",
                (cutoff,),
            ).rowcount
            # The fingerprint goes too: it was made from the phone number and the address.
            erased = db.execute(
                "UPDATE submissions "
                "SET phone = NULL, email = NULL, client = NULL, fingerprint = '' "
                "WHERE received_at < ? AND (phone IS NOT NULL OR email IS NOT NULL "
                "OR client IS NOT NULL OR fingerprint != '')",
                (cutoff,),
            ).rowcount
        return Purged(personal_data_erased=erased, deleted=deleted)

    def matching(self, *, name=None, email=None, phone=None, receipt=None) -> list[Submission]:
        """The submissions a reader's request names: by receipt, or by name, e-mail or phone
        as they wrote it (letter case and spaces aside)."""
        tests, parameters = [], []
        for column, value in (("name", name), ("email", email), ("phone", phone)):
            if value:
                tests.append(f"lower(replace({column}, ' ', '')) = ?")
                parameters.append(value.replace(" ", "").lower())
        if receipt:
            tests.append("receipt = ?")
            parameters.append(receipt.strip())
        if not tests:
            return []
        return self.select(f"WHERE {' OR '.join(tests)} ORDER BY id", tuple(parameters))

    def erase(self, receipts: Iterable[str]) -> int:
        with self.transaction() as db:
            return sum(
                db.execute("DELETE FROM submissions WHERE receipt = ?", (receipt,)).rowcount
                for receipt in receipts
            )

    def backup(self, target: Path) -> None:
        """A consistent copy of the database while the service runs (SQLite's backup API)."""
        target = Path(target)
        target.parent.mkdir(parents=True, exist_ok=True)
        with sqlite3.connect(target) as copy:
            self.connection().backup(copy)
        copy.close()

    def integrity(self) -> str:
        return self.connection().execute("PRAGMA integrity_check").fetchone()[0]


class Transaction:
    def __init__(self, connection: sqlite3.Connection):
        self.db = connection

    def __enter__(self) -> sqlite3.Connection:
        self.db.execute("BEGIN IMMEDIATE")
        return self.db

    def __exit__(self, kind, error, trace) -> None:
        self.db.execute("COMMIT" if kind is None else "ROLLBACK")
