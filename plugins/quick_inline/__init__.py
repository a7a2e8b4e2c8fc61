from .quick_inline import register

__all__ = ["register"]
