"""Tests for plugins/quick_exit: a process that registered it ends with its objects frozen,
out of the last garbage collection's way, and ends as usual."""

from __future__ import annotations

import subprocess
import sys

from conftest import ROOT

# atexit runs the last registered first: the check, registered before the plugin, runs after
# the plugin's freeze.
PROGRAM = """
import atexit, gc, sys
sys.path.insert(0, sys.argv[1])
site = [[n, [str(n)]] for n in range(10_000)]  # lists: objects the collector tracks
atexit.register(lambda: print("frozen", gc.get_freeze_count(), flush=True))
import quick_exit
quick_exit.register()
quick_exit.register()  # a second Pelican in the same process: still once
print("exiting", len(site), flush=True)
"""


def test_the_objects_are_frozen_when_the_process_ends():
    result = subprocess.run([sys.executable, "-c", PROGRAM, str(ROOT / "plugins")],
                            capture_output=True, text=True, timeout=60)  # fmt: skip
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0] == "exiting 10000"
    frozen = int(lines[1].split()[1])
    assert frozen >= 20_000  # the site's lists, at least
    assert result.stderr == ""


def test_without_the_plugin_nothing_is_frozen():
    program = "\n".join(line for line in PROGRAM.splitlines() if ".register()" not in line)
    result = subprocess.run([sys.executable, "-c", program, str(ROOT / "plugins")],
                            capture_output=True, text=True, timeout=60)  # fmt: skip
    assert result.stdout.splitlines()[1] == "frozen 0"
