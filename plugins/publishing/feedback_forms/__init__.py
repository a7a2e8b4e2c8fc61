from .feedback_forms import RUNS_AFTER, register

__all__ = ["RUNS_AFTER", "register"]
