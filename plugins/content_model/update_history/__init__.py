from .update_history import RUNS_AFTER, register

__all__ = ["RUNS_AFTER", "register"]
