from .cms_admin import RUNS_AFTER, register

__all__ = ["RUNS_AFTER", "register"]
