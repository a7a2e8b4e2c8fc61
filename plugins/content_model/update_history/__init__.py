from .update_history import register

__all__ = ["register"]
