from .a_to_z import RUNS_AFTER, register

__all__ = ["RUNS_AFTER", "register"]
