from .security_headers import RUNS_AFTER, register

__all__ = ["RUNS_AFTER", "register"]
