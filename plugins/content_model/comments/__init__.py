from .comments import RUNS_AFTER, register

__all__ = ["RUNS_AFTER", "register"]
