from .quick_exit import register

__all__ = ["register"]
