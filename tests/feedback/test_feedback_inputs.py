"""What the feedback service does with bad input, sent to the real service over HTTP.

Each kind of bad request is refused with its own status and a message that says what is
wrong, on a page in the reader's language (`?lang=mt`: the page is Maltese, `<html
lang="mt">`, and the message is the Maltese catalogue's); where the body could be read, the
reader's words come back in the form, so a refusal loses nothing. After each, the database
is whole (`PRAGMA integrity_check`) and holds exactly the rows it should.

What is NOT refused, on purpose: markup, script and SQL in what a reader writes. A comment
may well quote `<script>` or `DROP TABLE`; the service stores the words as they were sent
(SQL parameters, never SQL text) and every page that shows them escapes them, as the site's
build escapes the approved comments. Refusing them would refuse readers, not attacks: the
last test checks that they are stored verbatim and the tables are all still there. Only a
name may not hold `<` or `>`, since a name is never more than a name.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

import pytest
import requests
from feedback_service import NEWS, Service, Services, answered, receipt_of, shown, solve
from markupsafe import escape

from feedback import challenges
from feedback.config import secret_of

TEXT = "Il-ħin tal-klinika nbidel? Grazzi & saħħa, 'Maria'"
NAME = "Maria Borg"


@pytest.fixture
def services(tmp_path):
    with Services(tmp_path) as started:
        yield started


@dataclass
class Case:
    status: int
    message: str  # the English source of the message the page must show
    send: Callable[[Service, str | None], requests.Response]
    kept: tuple[str, ...] = (TEXT,)  # the reader's words, back in the form ((): body unread)
    rows: int = 0  # rows in the database afterwards
    settings: dict = field(default_factory=dict)
    before: Callable[[Service], None] | None = None


def comment(service: Service, lang, **changes) -> requests.Response:
    """A comment with a solved challenge, changed: a value of None leaves the field out."""
    form = {"page": NEWS, "name": NAME, "text": TEXT, "altcha": service.solved(), **changes}
    return service.post("comment", {k: v for k, v in form.items() if v is not None}, lang)


def problem(service: Service, lang, **changes) -> requests.Response:
    form = {"page": "contact/", "text": TEXT, "altcha": service.solved(), **changes}
    return service.post("problem", {k: v for k, v in form.items() if v is not None}, lang)


def raw(body: bytes, content_type: str = "application/x-www-form-urlencoded"):
    def send(service: Service, lang) -> requests.Response:
        return service.post(
            "comment", None, lang, data=body, headers={"Content-Type": content_type}
        )

    return send


def page_only(service: Service, lang, method: str, path: str) -> requests.Response:
    query = f"?lang={lang}" if lang else ""
    return service.http.request(method, service.url(path + query), timeout=10)


def tampered(service: Service, lang) -> requests.Response:
    """A solved challenge whose signature is changed by one character."""
    challenge = service.challenge()
    signature = challenge["signature"]
    challenge["signature"] = ("0" if signature[0] != "0" else "1") + signature[1:]
    return comment(service, lang, altcha=solve(challenge))


def wrong_solution(service: Service, lang) -> requests.Response:
    """The right challenge, with a solution that is not one (a counter that was not found)."""
    challenge = service.challenge()
    parsed = challenges.altcha.Challenge.from_dict(challenge)
    solution = challenges.altcha.solve_challenge(parsed)
    solution.counter += 1_000_000
    solution.derived_key = "00" * 32
    return comment(service, lang, altcha=challenges.altcha.Payload(parsed, solution).to_base64())


def expired(service: Service, lang) -> requests.Response:
    """A challenge signed by the service's own secret, which expired ten seconds ago."""
    made = challenges.new_altcha_challenge(secret_of(service.data_dir), 1, "0", -10)
    return comment(service, lang, altcha=solve(made))


def wrong_answer(service: Service, lang) -> requests.Response:
    """Without JavaScript: the service asks its question; the reader answers it wrong."""
    asked = comment(service, lang, altcha=None)
    assert asked.status_code == 200, asked.text
    answer = answered(asked.text)
    answer["answer"] = str(int(answer["answer"]) + 1)
    return comment(service, lang, altcha=None, **answer)


def send_first(service: Service) -> None:
    """A comment stored with a challenge the next request spends again."""
    service.spent = service.solved()
    response = service.post(
        "comment", {"page": NEWS, "name": NAME, "text": "First words", "altcha": service.spent}
    )
    receipt_of(response)


def replayed(service: Service, lang) -> requests.Response:
    return comment(service, lang, altcha=service.spent)


def three_stored(service: Service) -> None:
    for number in range(3):
        receipt_of(comment(service, None, text=f"Comment number {number}"))


# fmt: off
CASES = {
    "oversized body": Case(
        413, "What you sent is longer than this service accepts, so it was not read. "
        "Go back, shorten it and send it again.",
        lambda s, lang: comment(s, lang, text="x" * 20_000), kept=(),
    ),
    "invalid UTF-8, percent-encoded": Case(
        400, "The form held characters that are not valid text.",
        raw(b"page=news%2F2026%2Fclinic-hours%2F&name=Maria&text=caf%C3%28%FF"), kept=(),
    ),
    "raw bytes that are not ASCII": Case(
        400, "The form held characters that are not valid text.",
        raw("page=news/2026/clinic-hours/&name=Maria&text=saħħa".encode()), kept=(),
    ),
    "JSON": Case(
        415, "The form was sent in a way this service does not read.",
        raw(b'{"page": "news/2026/clinic-hours/", "text": "hi"}', "application/json"),
        kept=(),
    ),
    "multipart": Case(
        415, "The form was sent in a way this service does not read.",
        lambda s, lang: s.post("comment", None, lang, files={"text": (None, TEXT)},
                               data={"page": NEWS, "name": NAME}),
        kept=(),
    ),
    "too many fields": Case(
        400, "The form held more fields than it has.",
        raw(b"page=news/2026/clinic-hours/&name=M&text=t&" + b"&".join(
            b"x%d=1" % n for n in range(30))), kept=(),
    ),
    "missing name": Case(400, "Enter your full name.", lambda s, lang: comment(s, lang, name=None)),
    "blank name": Case(400, "Enter your full name.", lambda s, lang: comment(s, lang, name="  ")),
    "missing text": Case(400, "Write your comment.", lambda s, lang: comment(s, lang, text=None),
                         kept=(NAME,)),
    "missing page, comment": Case(
        400, "The form did not say which page it was sent from.",
        lambda s, lang: comment(s, lang, page=None),
    ),
    "missing page, problem report": Case(
        400, "The form did not say which page it was sent from.",
        lambda s, lang: problem(s, lang, page=None),
    ),
    "page with ../": Case(
        400, "The form did not say which page it was sent from.",
        lambda s, lang: comment(s, lang, page="news/2026/../../etc/"),
    ),
    "absolute URL as page": Case(
        400, "The form did not say which page it was sent from.",
        lambda s, lang: problem(s, lang, page="https://evil.example/news/2026/x/"),
    ),
    "javascript: as page": Case(
        400, "The form did not say which page it was sent from.",
        lambda s, lang: problem(s, lang, page="javascript:alert(1)//"),
    ),
    "comment on a page that is not news": Case(
        400, "Comments can only be left on news.",
        lambda s, lang: comment(s, lang, page="contact/"),
    ),
    "bad e-mail": Case(
        400, "Enter an e-mail address like name@example.com, or leave it empty.",
        lambda s, lang: problem(s, lang, email="maria at example"),
    ),
    "control character in the e-mail": Case(
        400, "Enter an e-mail address like name@example.com, or leave it empty.",
        lambda s, lang: problem(s, lang, email="maria\x1b[2J@example.com"),
    ),
    "bad phone": Case(
        400, "Enter a phone number in digits, like +356 2123 4567, or leave it empty.",
        lambda s, lang: comment(s, lang, phone="call me maybe"),
    ),
    "name with markup": Case(
        400, "Your name can only hold letters, spaces and punctuation.",
        lambda s, lang: comment(s, lang, name="<b>Maria</b>"), kept=(TEXT, "<b>Maria</b>"),
    ),
    "a name that reorders the text around it": Case(
        400, "Your name can only hold letters, spaces and punctuation.",
        lambda s, lang: comment(s, lang, name="Maria \u202eBorg"),
    ),
    "honeypot filled": Case(
        400, "Leave this field empty.",
        lambda s, lang: comment(s, lang, website="https://spam.example/"),
    ),
    "useful, neither yes nor no": Case(
        400, "Choose yes or no.",
        lambda s, lang: s.post("useful", {"page": "contact/", "useful": "maybe"}, lang), kept=(),
    ),
    "no challenge: one more step": Case(
        200, "One more step: answer the question below and send the form again. "
        "Your words are kept.", lambda s, lang: comment(s, lang, altcha=None),
    ),
    "wrong ALTCHA solution": Case(
        403, "We could not check that a person sent this form. "
        "Answer the question below and send it again.", wrong_solution,
    ),
    "tampered ALTCHA signature": Case(
        403, "We could not check that a person sent this form. "
        "Answer the question below and send it again.", tampered,
    ),
    "garbage base64 for ALTCHA": Case(
        403, "We could not check that a person sent this form. "
        "Answer the question below and send it again.",
        lambda s, lang: comment(s, lang, altcha="!!not base64 at all=="),
    ),
    "question token that is not ASCII": Case(
        403, "We could not check that a person sent this form. "
        "Answer the question below and send it again.",
        lambda s, lang: comment(s, lang, altcha=None, question_token="ab.9999999999.ħ",
                                answer="7"),
    ),
    "expired challenge": Case(
        403, "The form was open for too long. Answer the question below and send it again.",
        expired,
    ),
    "wrong answer to the question": Case(
        403, "We could not check that a person sent this form. "
        "Answer the question below and send it again.", wrong_answer,
    ),
    "replayed challenge, other words": Case(
        409, "This form has already been used to send something else. "
        "Answer the question below to send this as well.",
        replayed, rows=1, before=send_first,
    ),
    "flood from one address": Case(
        429, "We have had a lot of messages from your connection or about this page "
        "in the last hour. Please try again later; your words are kept below.",
        lambda s, lang: comment(s, lang), rows=3, settings={"limit_per_address": 3},
        before=three_stored,
    ),
    "GET on a POST route": Case(
        405, "This address does not accept that kind of request.",
        lambda s, lang: page_only(s, lang, "GET", "/feedback/comment"), kept=(),
    ),
    "unknown route": Case(
        404, "There is nothing at this address.",
        lambda s, lang: page_only(s, lang, "GET", "/feedback/nothing-here"), kept=(),
    ),
}
# fmt: on


@pytest.mark.parametrize("name", list(CASES))
def test_bad_input_is_refused_with_a_clear_message_and_the_words_kept(services, name):
    case = CASES[name]
    service = services.start(**case.settings)
    if case.before:
        case.before(service)
    for lang in (None, "mt"):
        response = case.send(service, lang)
        assert response.status_code == case.status, response.text[:3000]
        page = response.text
        assert f'<html lang="{lang or "en"}">' in page
        assert shown(case.message, lang or "en") in page, page[:3000]
        for words in case.kept:
            assert str(escape(words)) in page
        assert "Traceback" not in page
    if case.status == 429:
        assert response.headers["Retry-After"] == "3600"
    assert service.integrity() == "ok"
    assert service.count() == case.rows
    assert service.process.poll() is None, "the service is still running"


def test_without_javascript_the_question_stands_for_the_proof_of_work(services):
    """A reader with no script answers the sum on the service's page; the answered question
    is spent like a challenge; a "not useful" answer leads to the problem form, the same way."""
    service = services.start()
    asked = comment(service, "mt", altcha=None)
    assert asked.status_code == 200 and '<html lang="mt">' in asked.text
    answer = answered(asked.text)
    receipt = receipt_of(comment(service, "mt", altcha=None, **answer))
    again = comment(service, "mt", altcha=None, **answer)
    assert receipt_of(again) == receipt, "the same words again: the same receipt"
    other = comment(service, "mt", altcha=None, text="Other words", **answer)
    assert other.status_code == 409 and str(escape("Other words")) in other.text

    not_useful = service.post("useful", {"page": "contact/", "useful": "no"})
    thanks = service.http.get(service.url(not_useful.headers["Location"]), timeout=10)
    assert thanks.status_code == 200 and 'action="/feedback/problem' in thanks.text
    report = service.post(
        "problem",
        {"page": "contact/", "lang": "en", "text": "The map is wrong.", **answered(thanks.text)},
    )
    receipt_of(report)
    kinds = [(row["kind"], row["language"]) for row in service.rows()]
    assert kinds == [("comment", "mt"), ("useful", "en"), ("problem", "en")]
    assert service.integrity() == "ok"


MARKUP_AND_SQL = [
    "<script>alert('x')</script> Is the clinic open?",
    "'); DROP TABLE submissions; --",
    'Robert"); DELETE FROM submissions WHERE 1=1; --',
    "<img src=x onerror=alert(1)> & &amp; {{ 7*7 }} {% raw %}",
    "1' OR '1'='1\nsecond line\twith a tab",
]


def test_markup_and_sql_in_a_readers_words_are_stored_verbatim_as_text(services):
    """Not refused: stored as the reader wrote them, shown escaped, and the tables intact."""
    service = services.start()
    receipts = {}
    for text in MARKUP_AND_SQL:
        receipts[receipt_of(service.comment(text, name="Robert'); DROP TABLE x;--"))] = text
        receipts[receipt_of(service.problem(text))] = text
    assert service.tables() >= {"submissions"}
    assert service.integrity() == "ok"
    assert service.count() == len(receipts)
    for receipt, text in receipts.items():
        (row,) = service.rows("WHERE receipt = ?", (receipt,))
        assert row["text"] == text
        thanks = service.http.get(service.url(f"/feedback/thanks/{receipt}"), timeout=10)
        assert thanks.status_code == 200
        assert "<script>alert" not in thanks.text and "<img src=x" not in thanks.text
    comments = service.rows("WHERE kind = 'comment'")
    assert {row["name"] for row in comments} == {"Robert'); DROP TABLE x;--"}
