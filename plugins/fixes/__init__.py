"""Fixes of other projects' bugs, kept small; docs/upstream.md writes each up for upstream."""
