"""The feedback service under load and when it crashes, with the real service and SQLite.

- 1,000 comments and problem reports from 50 readers at once, each with its own solved
  challenge (solved before the load, as a browser solves it while the reader types): every
  one is acknowledged (303) and stored exactly once. The service trusts X-Forwarded-For here
  (FEEDBACK_TRUST_PROXY=1, as behind nginx) and each reader has an address of their own, so
  20 each is exactly the default limit per address, reached and not passed.
- A double-click: the same form sent twice at the same moment is one row, one receipt.
- SIGKILL in the middle of the load: every submission the service acknowledged is in the
  database after a restart, the database is whole, and sending again what was not
  acknowledged stores each of those once (one that was written but not yet acknowledged
  gets its first receipt back).
"""

from __future__ import annotations

import threading
import time

import pytest
import requests
from feedback_service import NEWS, Service, Services, receipt_of, solve

from feedback import challenges
from feedback.config import secret_of

CLIENTS = 50
PER_CLIENT = 20  # FEEDBACK_LIMIT_PER_ADDRESS's default: reached, not passed
SETTINGS = {"trust_proxy": 1, "limit_per_page": 100_000}


@pytest.fixture
def services(tmp_path):
    with Services(tmp_path) as started:
        yield started


def forms(service: Service, count: int, tag: str) -> list[tuple[str, dict]]:
    """`count` forms, comments and problem reports in turn, each with its own challenge,
    solved. The challenges are made as GET /feedback/challenge makes them, by the same
    function with the service's secret, which is quicker than a thousand requests on two
    cores; test_feedback_inputs.py has the service's own."""
    secret = secret_of(service.data_dir)
    fetched = [challenges.new_altcha_challenge(secret, 1, "0", 3600) for _ in range(count)]
    made = []
    for number, challenge in enumerate(fetched):
        text = f"{tag} {number}: il-ħin tal-klinika, għaliex?"
        if number % 2:
            made.append(
                (
                    "problem",
                    {"page": "contact/", "text": text, "email": "", "altcha": solve(challenge)},
                )
            )
        else:
            made.append(
                (
                    "comment",
                    {
                        "page": NEWS,
                        "name": f"Reader {number}",
                        "phone": "",
                        "text": text,
                        "altcha": solve(challenge),
                    },
                )
            )
    return made


def address(client: int, block: int = 0) -> str:
    return f"10.{block}.{client // 250}.{client % 250 + 1}"


def send(service: Service, kind: str, form: dict, http: requests.Session, client: str):
    """(status, receipt or None); status 0 when the connection failed (no answer)."""
    try:
        response = http.post(
            service.url(f"/feedback/{kind}"),
            data=form,
            timeout=60,
            allow_redirects=False,
            headers={"X-Forwarded-For": client},
        )
    except requests.ConnectionError:
        return 0, None
    receipt = receipt_of(response) if response.status_code == 303 else None
    return response.status_code, receipt


def load(service: Service, batches: list[list[tuple[str, dict]]], block: int = 0) -> list:
    """Each batch sent by a reader of its own, all readers at once; the outcomes in order."""
    outcomes: list = [None] * len(batches)

    def reader(client: int) -> None:
        with requests.Session() as http:
            outcomes[client] = [
                send(service, kind, form, http, address(client, block))
                for kind, form in batches[client]
            ]

    threads = [threading.Thread(target=reader, args=(n,)) for n in range(len(batches))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(300)
    return outcomes


def stored_texts(service: Service) -> list[str]:
    return [row["text"] for row in service.rows()]


def test_a_thousand_submissions_from_fifty_readers_are_each_stored_once(services):
    service = services.start(**SETTINGS)
    made = forms(service, CLIENTS * PER_CLIENT, "Load")
    batches = [made[n * PER_CLIENT : (n + 1) * PER_CLIENT] for n in range(CLIENTS)]

    began = time.perf_counter()
    outcomes = load(service, batches)
    elapsed = time.perf_counter() - began

    statuses = [status for batch in outcomes for status, _ in batch]
    assert statuses == [303] * len(made), f"not all acknowledged: {set(statuses)}"
    receipts = [receipt for batch in outcomes for _, receipt in batch]
    assert len(set(receipts)) == len(made)
    rows = {row["receipt"]: row for row in service.rows()}
    assert len(rows) == len(made)
    for (kind, form), receipt in zip(made, receipts, strict=True):
        assert rows[receipt]["text"] == form["text"] and rows[receipt]["kind"] == kind
    assert sorted(stored_texts(service)) == sorted(form["text"] for _, form in made)
    assert service.integrity() == "ok"
    print(f"{len(made)} submissions in {elapsed:.1f} s ({len(made) / elapsed:.0f}/s)")

    # Double-clicks: each reader sends two more forms, each twice at the same moment.
    doubles = forms(service, CLIENTS * 2, "Double")
    results: dict[int, list] = {n: [] for n in range(len(doubles))}
    barriers = [threading.Barrier(2) for _ in doubles]

    def click(number: int) -> None:
        kind, form = doubles[number]
        with requests.Session() as http:
            barriers[number].wait(30)
            results[number].append(send(service, kind, form, http, address(number // 2, 1)))

    threads = [
        threading.Thread(target=click, args=(n,)) for n in range(len(doubles)) for _ in range(2)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(120)
    for number, (first, second) in results.items():
        assert first[0] == second[0] == 303, (number, first, second)
        assert first[1] == second[1], "a double-click is one submission, with one receipt"
    texts = stored_texts(service)
    assert len(texts) == len(made) + len(doubles)
    assert sorted(texts) == sorted(form["text"] for _, form in made + doubles)
    assert service.integrity() == "ok"


def test_every_acknowledged_submission_survives_sigkill(services):
    service = services.start(**SETTINGS)
    per_client = 10
    made = forms(service, CLIENTS * per_client, "Crash")
    batches = [made[n * per_client : (n + 1) * per_client] for n in range(CLIENTS)]
    acknowledged = threading.Semaphore(0)

    outcomes: list = [None] * CLIENTS

    def reader(client: int) -> None:
        outcomes[client] = []
        with requests.Session() as http:
            for kind, form in batches[client]:
                outcome = send(service, kind, form, http, address(client))
                outcomes[client].append(outcome)
                if outcome[0] == 303:
                    acknowledged.release()

    threads = [threading.Thread(target=reader, args=(n,)) for n in range(CLIENTS)]
    for thread in threads:
        thread.start()
    for _ in range(len(made) // 3):  # a third acknowledged: the load is in full flow
        assert acknowledged.acquire(timeout=120)
    service.kill()
    for thread in threads:
        thread.join(120)

    sent = [
        (form, outcome)
        for batch, results in zip(batches, outcomes, strict=True)
        for (_, form), outcome in zip(batch, results, strict=True)
    ]
    answered = {form["text"]: receipt for form, (status, receipt) in sent if status == 303}
    assert len(made) // 3 <= len(answered) < len(made), "the kill came in the middle"
    assert all(status in (0, 303) for _, (status, _) in sent)

    service.start()
    assert service.integrity() == "ok"
    rows = {row["receipt"]: row["text"] for row in service.rows()}
    for text, receipt in answered.items():
        assert rows.get(receipt) == text, f"acknowledged, then lost: {receipt}"
    assert len(set(rows.values())) == len(rows), "nothing is stored twice"

    # What was not acknowledged is sent again (a reader pressing Send again).
    again = [
        (number // per_client, kind, form)
        for number, ((kind, form), (_, (status, _))) in enumerate(zip(made, sent, strict=True))
        if status != 303
    ]
    with requests.Session() as http:
        for client, kind, form in again:
            status, receipt = send(service, kind, form, http, address(client))
            assert status == 303
            answered[form["text"]] = receipt
    texts = stored_texts(service)
    assert sorted(texts) == sorted(form["text"] for _, form in made), "each stored once"
    rows = {row["receipt"]: row["text"] for row in service.rows()}
    assert {text: receipt for receipt, text in rows.items()} == answered
    assert service.integrity() == "ok"
