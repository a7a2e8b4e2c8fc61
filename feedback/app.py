"""The feedback service's web application (Flask).

    GET  /feedback/challenge          a proof-of-work challenge for the ALTCHA widget (JSON)
    POST /feedback/useful             "Is this page useful?" yes or no
    POST /feedback/problem            "Report a problem with this page"
    POST /feedback/comment            a comment on a news item
    GET  /feedback/thanks/<receipt>   where a stored submission leads (303 after the post)
    GET  /feedback/moderate           the moderation queue, behind a password
    GET  /feedback/health             "ok" when the database answers

Every answer to a reader is a page in their language (`?lang=` on the form's address, then
its `lang` field), with what they wrote kept in the form, so a refusal loses nothing. The
pages carry no script and no inline style: the service's Content-Security-Policy is stricter
than the site's.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import secrets
import time

from flask import Flask, abort, jsonify, redirect, render_template, request, session, url_for
from werkzeug.exceptions import HTTPException, RequestEntityTooLarge
from werkzeug.middleware.proxy_fix import ProxyFix

from plugins.languages.interface.interface import translations_for

from . import challenges, passwords
from .config import Config
from .forms import HONEYPOT, KEPT, N_, Unreadable, checked, fingerprint, read_body
from .storage import Limits, SQLiteStorage, Storage, Submission

PREFIX = "/feedback"
CSP = ("default-src 'none'; style-src 'self'; img-src 'self'; form-action 'self'; "
       "base-uri 'none'; frame-ancestors 'none'")  # fmt: skip
STATUS_OF = {"useful": "recorded", "problem": "new", "comment": "new"}
TITLES = {
    "useful": N_("Is this page useful?"),
    "problem": N_("Report a problem with this page"),
    "comment": N_("Write your comment"),
}


def utc_now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def create_app(config: Config, storage: Storage | None = None, now=utc_now) -> Flask:
    app = Flask(__name__, static_url_path=f"{PREFIX}/static")
    app.config.update(
        MAX_CONTENT_LENGTH=config.max_body_bytes,
        SECRET_KEY=config.secret,
        SESSION_COOKIE_NAME="feedback_moderator",
        SESSION_COOKIE_PATH=f"{PREFIX}/moderate",
        SESSION_COOKIE_HTTPONLY=True,
        SESSION_COOKIE_SAMESITE="Strict",
        SESSION_COOKIE_SECURE=config.secure_cookies,
        PERMANENT_SESSION_LIFETIME=dt.timedelta(hours=8),
    )
    if config.trust_proxy:
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=1)
    storage = storage or SQLiteStorage(config.database)
    limits = Limits(config.limit_per_address, config.limit_per_page)

    def language() -> str:
        """The reader's language, when only the address says it (the forms' `?lang=`)."""
        value = request.args.get("lang")
        return value if value in config.languages else config.languages[0]

    def page(template: str, status: int = 200, lang: str | None = None, **context):
        lang = lang if lang in config.languages else language()
        translations = translations_for(config.theme, lang)

        def gettext(message: str, **values) -> str:
            text = translations.gettext(message)
            return text % values if values else text

        html = render_template(template, lang=lang, _=gettext, site_url=config.site_url,
                               titles=TITLES, **context)  # fmt: skip
        return html, status

    def form_page(form, status: int, message: str | None = None, lang: str | None = None):
        """The reader's form again, on the service, with what they wrote, what is wrong with
        it and the question that stands for the proof of work (no script runs here)."""
        question = challenges.new_question(config.secret, config.challenge_seconds)
        return page("form.html", status, lang=lang, form=form, message=message,
                    question=question, kept=KEPT[form.kind], honeypot=HONEYPOT)  # fmt: skip

    def client_of() -> str:
        """The reader's address, as a keyed hash: enough to count their submissions, and
        not an address anyone can read back."""
        address = (request.remote_addr or "").encode()
        return hmac.new(config.secret, b"client|" + address, hashlib.sha256).hexdigest()[:32]

    @app.after_request
    def headers(response):
        response.headers.setdefault("Content-Security-Policy", CSP)
        response.headers["X-Content-Type-Options"] = "nosniff"
        response.headers["Referrer-Policy"] = "no-referrer"
        response.headers["Cache-Control"] = "no-store"
        return response

    @app.get(f"{PREFIX}/challenge")
    def challenge():
        response = jsonify(challenges.new_altcha_challenge(
            config.secret, config.challenge_cost, config.challenge_key_prefix,
            config.challenge_seconds,
        ))  # fmt: skip
        # Any page may fetch a challenge (one holds nothing, and costs its solver the work):
        # the site, its preview on another port, a copy of it being checked.
        response.headers["Access-Control-Allow-Origin"] = "*"
        return response

    @app.post(f"{PREFIX}/<any(useful, problem, comment):kind>")
    def submit(kind: str):
        try:
            fields = read_body(request.get_data(cache=False), request.content_type)
        except Unreadable as error:
            return page("refused.html", error.status, message=error.message, kind=kind)
        lang = request.args.get("lang") or fields.get("lang")
        lang = lang if lang in config.languages else config.languages[0]
        fields["lang"] = lang
        form = checked(kind, fields, config)
        if form.problems:
            return form_page(form, 400, lang=lang)
        key = None
        if kind != "useful":
            verdict = challenges.check(fields, config.secret)
            if verdict.result == "missing":
                return form_page(form, 200, lang=lang)
            if verdict.result != "passed":
                return form_page(form, 403, REFUSALS[verdict.result], lang=lang)
            key = verdict.key
        client = client_of()
        submission = Submission(
            kind=kind, page=form.value("page"), language=lang,
            fingerprint=fingerprint(form, client, config.secret), status=STATUS_OF[kind],
            useful=({"yes": 1, "no": 0}[form.value("useful")] if kind == "useful" else None),
            name=form.value("name") or None, phone=form.value("phone") or None,
            email=form.value("email") or None, text=form.value("text") or None,
            client=client, challenge=key,
        )  # fmt: skip
        outcome = storage.add(submission, limits, now())
        if outcome.result in ("stored", "duplicate"):
            return redirect(url_for("thanks", receipt=outcome.receipt, lang=lang), 303)
        html, status = form_page(form, 429 if outcome.result == "limited" else 409,
                                 REFUSALS[outcome.result], lang=lang)  # fmt: skip
        headers = {"Retry-After": "3600"} if status == 429 else {}
        return html, status, headers

    @app.get(f"{PREFIX}/thanks/<receipt>")
    def thanks(receipt: str):
        submission = storage.find(receipt)
        if submission is None:
            abort(404)
        follow_up = None
        if submission.kind == "useful" and submission.useful == 0:
            follow_up = checked("problem", {"page": submission.page, "lang": submission.language},
                                config)  # fmt: skip
            follow_up.problems.clear()
        question = challenges.new_question(config.secret, config.challenge_seconds)
        return page("thanks.html", lang=submission.language, submission=submission,
                    form=follow_up, question=question, kept=KEPT["problem"],
                    honeypot=HONEYPOT, message=None)  # fmt: skip

    @app.get(f"{PREFIX}/health")
    def health():
        storage.find("")  # the database answers (what waits is for moderators only)
        return jsonify(status="ok")

    # --- Moderation -------------------------------------------------------------------------

    failed_logins: dict[str, list[float]] = {}

    def csrf_token() -> str:
        if "csrf" not in session:
            session["csrf"] = secrets.token_hex(16)
        return session["csrf"]

    def csrf_checked() -> None:
        """The form's token is the session's. A session without one refuses every token: an
        empty token used to match its empty one, so a sign-in needed no token at all. As
        bytes: compare_digest raises (a 500) on a str with non-ASCII characters."""
        expected = session.get("csrf", "").encode()
        sent = request.form.get("csrf", "").encode()
        if not expected or not hmac.compare_digest(sent, expected):
            abort(400)

    def moderator_only() -> None:
        if not session.get("moderator"):
            abort(403)
        csrf_checked()

    @app.get(f"{PREFIX}/moderate")
    def moderate():
        if not session.get("moderator"):
            return page("login.html", configured=config.password_file.exists(),
                        csrf=csrf_token(), failed=False)  # fmt: skip
        waiting = storage.waiting()
        return page("moderate.html", comments=[s for s in waiting if s.kind == "comment"],
                    problems=[s for s in waiting if s.kind == "problem"], csrf=csrf_token(),
                    decided=request.args.get("decided"))  # fmt: skip

    @app.post(f"{PREFIX}/moderate/login")
    def login():
        client = client_of()
        since = time.time() - 900
        for stale in [key for key, times in failed_logins.items() if times[-1] < since]:
            del failed_logins[stale]  # forget failures older than a quarter of an hour
        recent = [t for t in failed_logins.get(client, []) if t > since]
        if len(recent) >= 10:
            return page("login.html", 429, configured=True, csrf=csrf_token(), failed=True)
        csrf_checked()
        if passwords.matches(config.password_file, request.form.get("password", "")):
            session.clear()
            session.update(moderator=True, csrf=secrets.token_hex(16))
            session.permanent = True
            return redirect(url_for("moderate"), 303)
        failed_logins[client] = [*recent, time.time()]
        return page("login.html", 403, configured=config.password_file.exists(),
                    csrf=csrf_token(), failed=True)  # fmt: skip

    @app.post(f"{PREFIX}/moderate/logout")
    def logout():
        moderator_only()
        session.clear()
        return redirect(url_for("moderate"), 303)

    @app.post(f"{PREFIX}/moderate/decide")
    def decide():
        moderator_only()
        status = request.form.get("decision")
        if status not in ("approved", "rejected", "handled"):
            abort(400)
        changed = storage.decide(request.form.getlist("receipt"), status, now())
        return redirect(url_for("moderate", decided=changed), 303)

    @app.errorhandler(RequestEntityTooLarge)
    def too_large(error):
        return page("refused.html", 413, kind=None, message=N_(
            "What you sent is longer than this service accepts, so it was not read. "
            "Go back, shorten it and send it again."
        ))  # fmt: skip

    @app.errorhandler(HTTPException)
    def other_error(error):
        return page("refused.html", error.code, kind=None, message=MESSAGES.get(
            error.code, N_("Something went wrong with this request.")
        ))  # fmt: skip

    return app


REFUSALS = {
    "wrong": N_(
        "We could not check that a person sent this form. "
        "Answer the question below and send it again."
    ),
    "expired": N_("The form was open for too long. Answer the question below and send it again."),
    "replayed": N_(
        "This form has already been used to send something else. "
        "Answer the question below to send this as well."
    ),
    "limited": N_(
        "We have had a lot of messages from your connection or about this page "
        "in the last hour. Please try again later; your words are kept below."
    ),
}
MESSAGES = {
    400: N_("The request could not be read."),
    403: N_("You need to sign in to see this page."),
    404: N_("There is nothing at this address."),
    405: N_("This address does not accept that kind of request."),
}
