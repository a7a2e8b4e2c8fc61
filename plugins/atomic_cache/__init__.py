from .atomic_cache import register

__all__ = ["register"]
