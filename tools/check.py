"""`make check`: check the content without building the site. Prints every problem as
`path:line: field: what is wrong — how to fix it`, warnings too; exits 1 if there is an error.

Usage: python tools/check.py [content folder] [--settings pelicanconf.py]
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from pelican.settings import read_settings  # noqa: E402

from plugins.checks.content_check.checks import check_site  # noqa: E402
from plugins.checks.content_check.messages import ERROR  # noqa: E402


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description="Check the site's content.")
    parser.add_argument("content", nargs="?", default=str(ROOT / "content"))
    parser.add_argument("--settings", default=str(ROOT / "pelicanconf.py"))
    args = parser.parse_args(argv)
    settings = read_settings(args.settings)
    problems = check_site(Path(args.content), settings)
    for problem in problems:
        print(problem)
    errors = sum(1 for problem in problems if problem.severity == ERROR)
    warnings = len(problems) - errors
    print(f"{errors} error(s), {warnings} warning(s) in {args.content}")
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
