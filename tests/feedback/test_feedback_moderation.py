"""Moderation, as an editor meets it: the moderation page of the real service (its password,
its CSRF token, the queue shown escaped), the commands the Makefile runs (`python -m feedback
moderate`, `comments`, `purge`, `find`, `erase`, `backup`), and the schema's migrations."""

from __future__ import annotations

import sqlite3

import pytest
import requests
import yaml
from feedback_service import NEWS, Service, Services, cli, csrf_of, receipt_of, shown

from feedback.storage import MIGRATIONS, SchemaTooNew, SQLiteStorage

PASSWORD = "correct horse battery staple"
SCRIPT = "<script>alert('x')</script>\nIs the clinic open on Saturday?"
MALTESE = "Grazzi ħafna għall-informazzjoni."
COMMENTS_FILE = "comments/news-2026-clinic-hours.yaml"


@pytest.fixture
def services(tmp_path):
    with Services(tmp_path) as started:
        yield started


def moderate_page(service: Service, http: requests.Session) -> requests.Response:
    return http.get(service.url("/feedback/moderate"), timeout=10)


def signed_in(service: Service) -> requests.Session:
    http = requests.Session()
    token = csrf_of(moderate_page(service, http).text)
    response = http.post(
        service.url("/feedback/moderate/login"),
        allow_redirects=False,
        data={"csrf": token, "password": PASSWORD},
        timeout=30,
    )
    assert response.status_code == 303
    return http


def run(service: Service, *arguments: str, **settings) -> str:
    result = cli(service.data_dir, *arguments, **settings)
    assert result.returncode == 0, result.stdout + result.stderr
    return result.stdout


def test_the_moderation_page_signs_in_shows_the_queue_escaped_and_decides(services):
    service = services.start()
    comment = receipt_of(service.comment(SCRIPT))
    problem = receipt_of(service.problem("The phone number is wrong.", email="m@example.com"))
    http = requests.Session()

    page = moderate_page(service, http)
    assert page.status_code == 200
    assert shown("No moderators' password is set. Run make feedback-password on the server.") in (
        page.text
    )
    refused = http.post(
        service.url("/feedback/moderate/login"), timeout=30, data={"csrf": "", "password": PASSWORD}
    )
    assert refused.status_code == 400, "no CSRF token"

    assert "Password set" in run(service, "password", new_password=PASSWORD)
    for token, who in (("", requests), ("ħ", http)):  # no session; a token not ASCII
        attempt = who.post(
            service.url("/feedback/moderate/login"),
            timeout=30,
            data={"csrf": token, "password": PASSWORD},
        )
        assert attempt.status_code == 400, (token, attempt.status_code)
    token = csrf_of(moderate_page(service, http).text)
    wrong = http.post(
        service.url("/feedback/moderate/login"),
        timeout=30,
        data={"csrf": token, "password": "not the password"},
    )
    assert wrong.status_code == 403
    assert shown("That password is not right.") in wrong.text
    assert moderate_page(service, http).text.count("Comments waiting") == 0

    http = signed_in(service)
    queue = moderate_page(service, http).text
    assert shown("Comments waiting: %(count)s") % {"count": 1} in queue
    assert "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;" in queue
    assert "<script>" not in queue
    assert "m@example.com" in queue

    decide = service.url("/feedback/moderate/decide")
    form = {"receipt": comment, "decision": "approved"}
    assert http.post(decide, data=form, timeout=30).status_code == 400, "no CSRF token"
    assert http.post(decide, data={**form, "csrf": "0" * 32}, timeout=30).status_code == 400
    assert requests.post(decide, data={**form, "csrf": csrf_of(queue)}).status_code == 403
    assert service.rows()[0]["status"] == "new"

    token = csrf_of(queue)
    decided = http.post(decide, data={**form, "csrf": token}, allow_redirects=False, timeout=30)
    assert decided.status_code == 303
    after = http.get(service.url(decided.headers["Location"]), timeout=10).text
    assert shown("Decisions saved: %(count)s.") % {"count": 1} in after
    http.post(decide, data={"receipt": problem, "decision": "handled", "csrf": token})
    assert {row["receipt"]: row["status"] for row in service.rows()} == {
        comment: "approved",
        problem: "handled",
    }
    assert (
        http.post(
            decide, data={"receipt": comment, "decision": "published", "csrf": token}
        ).status_code
        == 400
    )

    signed_out = http.post(
        service.url("/feedback/moderate/logout"),
        data={"csrf": token},
        allow_redirects=False,
        timeout=30,
    )
    assert signed_out.status_code == 303
    assert "Comments waiting" not in moderate_page(service, http).text
    assert service.integrity() == "ok"


def test_moderate_and_comments_commands_export_yaml_once(services):
    service = services.start()
    first = receipt_of(service.comment(SCRIPT, phone="+356 2123 4567"))
    second = receipt_of(service.comment(MALTESE, name="Ġorġ Camilleri"))
    problem = receipt_of(service.problem("A broken link."))

    listed = run(service, "moderate")
    assert "Comments waiting: 2" in listed and "Problem reports waiting: 1" in listed
    for receipt in (first, second, problem):
        assert receipt in listed
    assert "+356 2123 4567" in listed

    assert "approved: 2 of 2" in run(service, "moderate", "--approve", "all")
    assert "Comments waiting: 0" in run(service, "moderate")
    assert "handled: 1 of 1" in run(service, "moderate", "--handled", problem)

    content = service.data_dir.parent / "content"
    exported = run(service, "comments")
    assert "1 file(s) changed" in exported
    path = content / COMMENTS_FILE
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    assert data["page"] == NEWS
    assert [(c["id"], c["name"], c["text"]) for c in data["comments"]] == [
        (first, "Maria Borg", SCRIPT),
        (second, "Ġorġ Camilleri", MALTESE),
    ]
    assert "+356" not in path.read_text(encoding="utf-8"), "phone numbers are never published"

    before = path.read_bytes()
    assert "0 file(s) changed" in run(service, "comments")
    assert path.read_bytes() == before
    assert sorted(p.name for p in content.rglob("*") if p.is_file()) == [path.name]


def test_purge_erases_personal_data_and_deletes_what_was_rejected(services):
    service = services.start()
    kept = receipt_of(service.comment("Kept.", phone="+356 2123 4567"))
    rejected = receipt_of(service.comment("Rejected.", phone="+356 7900 0000"))
    problem = receipt_of(service.problem("Typo.", email="maria@example.com"))
    useful = service.post("useful", {"page": "contact/", "useful": "yes"})
    assert useful.status_code == 303
    run(service, "moderate", "--approve", kept, "--reject", rejected)

    # Nothing is old enough yet under the default 90 days.
    assert "erased from 0 submission(s), 0 decided" in run(service, "purge")
    result = run(service, "purge", keep_personal_days=0)
    assert "erased from 3 submission(s), 1 decided submission(s) deleted" in result
    rows = service.rows()
    assert [row["receipt"] for row in rows if row["kind"] != "useful"] == [kept, problem]
    for row in rows:
        assert (row["phone"], row["email"], row["client"]) == (None, None, None)
    assert [row["text"] for row in rows if row["kind"] != "useful"] == ["Kept.", "Typo."]
    assert service.integrity() == "ok"


def test_find_and_erase_remove_a_readers_rows_and_published_comment(services):
    service = services.start()
    mine = receipt_of(service.comment("My comment.", phone="+356 2123 4567"))
    other = receipt_of(service.comment("Someone else's comment.", name="Ġorġ Camilleri"))
    report = receipt_of(service.problem("My report.", email="Maria.Borg@example.com"))
    run(service, "moderate", "--approve", "all")
    run(service, "comments")
    path = service.data_dir.parent / "content" / COMMENTS_FILE
    assert [c["id"] for c in yaml.safe_load(path.read_text())["comments"]] == [mine, other]

    # As `make feedback-erase EMAIL=… PHONE=…` asks: by what the reader gives, spaces and
    # letter case aside. A comment form takes no e-mail: the phone number finds it.
    whose = ("--email", "maria.borg@EXAMPLE.com", "--phone", "+35621234567")
    found = run(service, "find", *whose)
    assert "2 submission(s)" in found and mine in found and report in found
    assert other not in found
    assert "1 submission(s)" in run(service, "find", "--email", "maria.borg@example.com")

    erased = run(service, "erase", *whose)
    assert "2 submission(s) deleted" in erased and str(path) in erased
    assert [row["receipt"] for row in service.rows()] == [other]
    assert [c["id"] for c in yaml.safe_load(path.read_text())["comments"]] == [other]
    assert "0 submission(s)" in run(service, "find", *whose)
    assert cli(service.data_dir, "erase").returncode != 0, "erase without saying whose"
    assert service.integrity() == "ok"


def test_backup_is_a_copy_that_opens_with_the_same_rows(services):
    service = services.start()
    for number in range(5):
        receipt_of(service.comment(f"Comment {number}"))
    target = service.data_dir.parent / "backups" / "feedback-copy.sqlite3"
    assert "Copied" in run(service, "backup", str(target))
    receipt_of(service.comment("After the backup"))
    with sqlite3.connect(target) as copy:
        assert copy.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        rows = copy.execute("SELECT receipt, text FROM submissions ORDER BY id").fetchall()
    assert rows == [(row["receipt"], row["text"]) for row in service.rows()][:5]
    assert SQLiteStorage(target).schema_version() == len(MIGRATIONS)


def test_the_schema_migrates_once_and_refuses_a_newer_one(tmp_path):
    storage = SQLiteStorage(tmp_path / "new.sqlite3")
    assert storage.schema_version() == len(MIGRATIONS)
    assert storage.integrity() == "ok"

    newer = tmp_path / "newer.sqlite3"
    with sqlite3.connect(newer) as db:
        db.execute(f"PRAGMA user_version = {len(MIGRATIONS) + 1}")
    with pytest.raises(SchemaTooNew):
        SQLiteStorage(newer)

    # A migration added later runs once on an existing database, keeping its rows (it would
    # fail as a duplicate column if it ran twice).
    path = tmp_path / "existing.sqlite3"
    SQLiteStorage(path).connection().execute(
        "INSERT INTO submissions (receipt, kind, page, language, received_at, status, "
        "fingerprint) VALUES ('abc', 'problem', '', 'en', '2026-01-01', 'new', 'f')"
    )
    extra = [*MIGRATIONS, "ALTER TABLE submissions ADD COLUMN reply TEXT"]
    for _ in range(2):
        migrated = SQLiteStorage(path, extra)
        assert migrated.schema_version() == len(extra)
    columns = [row[1] for row in migrated.connection().execute("PRAGMA table_info(submissions)")]
    assert columns.count("reply") == 1
    assert [s.receipt for s in migrated.all()] == ["abc"]
    with pytest.raises(SchemaTooNew):
        SQLiteStorage(path)  # this version of the service no longer opens it
