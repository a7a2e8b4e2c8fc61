from .content_dates import RUNS_AFTER, register

__all__ = ["RUNS_AFTER", "register"]
