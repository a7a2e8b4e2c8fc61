"""The feedback service: the one part of the site that runs on a server.

Readers' forms on the static site ("Is this page useful?", "Report a problem with this page",
a comment under a news item) post here; what they send waits in a moderation queue until an
editor decides. Nothing a reader writes reaches the public site but an approved comment, and
that only through `make comments`, a pull request and the build, as any content does.

- `config.py`     every setting of the service, read from the environment in one place;
- `storage.py`    the queue: the `Storage` interface and its SQLite implementation;
- `challenges.py` proof of work (ALTCHA) and the question that replaces it without JavaScript;
- `forms.py`      what a posted form holds, and what is wrong with it, field by field;
- `app.py`        the web application (Flask): the forms, the thanks and refusal pages, and
                  the moderation pages;
- `comments.py`   approved comments written into content/comments/ as YAML;
- `cli.py`        `make feedback`, `make moderate`, `make comments`, `make feedback-purge`
                  and the rest (`python -m feedback --help`).

docs/feedback.md is for editors; docs/feedback-service.md for whoever runs the server.
"""
