"""Checks: every content file against the content model, before anything is published."""
