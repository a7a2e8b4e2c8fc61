"""The live preview (`make devserver`), the one incremental engine of the project.

It reads the site once, as a whole build does (Pelican's own run), keeps it in memory, and
after each save changes only what the saved file changes, then renders each page when the
browser asks for it, with Pelican's own writer. What it serves is byte for byte what
`make html` writes; tests/test_preview_differential.py proves it after random edits.

- engine.py: the site in memory, and what each kind of change does to it;
- pelican_steps.py: the few steps of Pelican's run that the engine repeats for a change,
  as Pelican 4.12 does them (docs/architecture.md names the test that fails if a new
  Pelican does them differently);
- recording.py: a writer that notes what a whole build would write, and renders one file;
- checking.py: the content check, file by file;
- server.py and watcher.py: the HTTP server and the loop that follows the files.
"""
