from .quick_rebuild import register

__all__ = ["register"]
