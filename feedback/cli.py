"""The feedback service's commands: `python -m feedback <command>` (the Makefile's targets).

serve       run the service (waitress) on FEEDBACK_HOST:FEEDBACK_PORT     make feedback
moderate    list what waits; --approve/--reject/--handled RECEIPTS|all    make moderate
comments    write approved comments into content/comments/                make comments
purge       erase personal data older than FEEDBACK_KEEP_PERSONAL_DAYS    make feedback-purge
find        a reader's submissions, by --name, --email, --phone, --receipt
erase       delete them (and their published comments)                   make feedback-erase
password    set the moderators' password                                  make feedback-password
backup      a consistent copy of the database while the service runs      make feedback-backup
counts      "Is this page useful?" answers per page
"""

from __future__ import annotations

import argparse
import datetime as dt
import getpass
import os
import sys

from . import comments, passwords
from .app import create_app, utc_now
from .config import Config, from_environment
from .storage import SQLiteStorage, Submission


def main(argv: list[str] | None = None, config: Config | None = None) -> int:
    arguments = parser().parse_args(argv)
    config = config or from_environment()
    return arguments.run(arguments, config) or 0


def parser() -> argparse.ArgumentParser:
    top = argparse.ArgumentParser(prog="python -m feedback", description=__doc__.split("\n")[0])
    commands = top.add_subparsers(required=True, metavar="command")

    def command(name: str, run, help: str) -> argparse.ArgumentParser:
        sub = commands.add_parser(name, help=help)
        sub.set_defaults(run=run)
        return sub

    command("serve", serve, "run the service")
    moderate_parser = command("moderate", moderate, "list and decide what waits")
    for decision in ("approve", "reject", "handled"):
        moderate_parser.add_argument(f"--{decision}", default="", metavar="RECEIPTS|all",
                                     help="receipts, separated by commas, or all")  # fmt: skip
    command("comments", export_comments, "write approved comments into content/")
    command("purge", purge, "erase personal data past its keeping time")
    for name, run in (("find", find), ("erase", erase)):
        sub = command(name, run, f"{name} a reader's submissions")
        for field in ("name", "email", "phone", "receipt"):
            sub.add_argument(f"--{field}", default="")
    command("password", set_password, "set the moderators' password")
    command("backup", backup, "copy the database").add_argument("target")
    command("counts", counts, "answers to 'Is this page useful?' per page")
    return top


def storage_of(config: Config) -> SQLiteStorage:
    return SQLiteStorage(config.database)


def serve(arguments, config: Config) -> None:
    import waitress

    app = create_app(config)
    print(f"Feedback service on http://{config.host}:{config.port}/feedback/ "
          f"(database {config.database})", flush=True)  # fmt: skip
    # waitress deletes X-Forwarded-For before the application sees it unless told not to:
    # behind nginx (trust_proxy), ProxyFix in create_app() must read it, or every reader
    # would be the proxy's address and share one limit per address.
    waitress.serve(app, host=config.host, port=config.port, threads=8, ident="feedback",
                   clear_untrusted_proxy_headers=not config.trust_proxy)  # fmt: skip


def describe(submission: Submission) -> str:
    who = ", ".join(x for x in (submission.name, submission.email, submission.phone) if x)
    line = (f"{submission.receipt}  {submission.kind:<8} {submission.status:<9} "
            f"{submission.received_at[:16]}  /{submission.page}")  # fmt: skip
    if who:
        line += f"  ({who})"
    if submission.text:
        line += f"\n    {submission.text}"
    return line


def chosen(value: str, candidates: list[Submission]) -> list[str]:
    if value == "all":
        return [c.receipt for c in candidates]
    return [part.strip() for part in value.split(",") if part.strip()]


def moderate(arguments, config: Config) -> None:
    storage = storage_of(config)
    waiting = storage.waiting()
    comments_waiting = [s for s in waiting if s.kind == "comment"]
    problems_waiting = [s for s in waiting if s.kind == "problem"]
    decisions = (("approve", "approved", comments_waiting),
                 ("reject", "rejected", comments_waiting),
                 ("handled", "handled", problems_waiting))  # fmt: skip
    decided = False
    for option, status, candidates in decisions:
        receipts = chosen(getattr(arguments, option), candidates)
        if receipts:
            decided = True
            changed = storage.decide(receipts, status, utc_now())
            print(f"{status}: {changed} of {len(receipts)}")
    if decided:
        return
    print(f"Comments waiting: {len(comments_waiting)}")
    for submission in comments_waiting:
        print("  " + describe(submission))
    print(f"Problem reports waiting: {len(problems_waiting)}")
    for submission in problems_waiting:
        print("  " + describe(submission))
    if waiting:
        print("Decide with: make moderate APPROVE=<receipts>|all REJECT=… HANDLED=…")


def export_comments(arguments, config: Config) -> None:
    folder = config.content_dir / config.comments_folder
    changed = comments.export(storage_of(config), folder, utc_now(), config.timezone)
    for path in changed:
        print(f"wrote {path}")
    advice = ": commit them in a pull request" if changed else ""
    print(f"{len(changed)} file(s) changed{advice}")


def purge(arguments, config: Config) -> None:
    before = utc_now() - dt.timedelta(days=config.keep_personal_days)
    result = storage_of(config).purge(before)
    print(f"Before {before:%Y-%m-%d}: personal data erased from {result.personal_data_erased} "
          f"submission(s), {result.deleted} decided submission(s) deleted")  # fmt: skip


def matching(arguments, config: Config) -> list[Submission]:
    if not any((arguments.name, arguments.email, arguments.phone, arguments.receipt)):
        sys.exit("Say whose: --name, --email, --phone or --receipt")
    return storage_of(config).matching(
        name=arguments.name, email=arguments.email, phone=arguments.phone,
        receipt=arguments.receipt,
    )  # fmt: skip


def find(arguments, config: Config) -> None:
    found = matching(arguments, config)
    print(f"{len(found)} submission(s)")
    for submission in found:
        print("  " + describe(submission))


def erase(arguments, config: Config) -> None:
    found = matching(arguments, config)
    receipts = {s.receipt for s in found}
    deleted = storage_of(config).erase(receipts)
    files = comments.remove(config.content_dir / config.comments_folder, receipts)
    print(f"{deleted} submission(s) deleted")
    for path in files:
        print(f"removed their comments from {path}: commit it in a pull request")


def set_password(arguments, config: Config) -> None:
    password = os.environ.get("FEEDBACK_NEW_PASSWORD") or getpass.getpass("New password: ")
    if len(password) < 12:
        sys.exit("The password must be at least 12 characters long.")
    passwords.store(config.password_file, password)
    print(f"Password set ({config.password_file})")


def backup(arguments, config: Config) -> None:
    storage_of(config).backup(arguments.target)
    print(f"Copied {config.database} to {arguments.target}")


def counts(arguments, config: Config) -> None:
    for page, (yes, no) in storage_of(config).useful_counts().items():
        print(f"{yes:>6} yes {no:>6} no  /{page}")
