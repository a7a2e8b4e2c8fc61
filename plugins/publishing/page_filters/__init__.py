from .page_filters import RUNS_AFTER, register

__all__ = ["RUNS_AFTER", "register"]
