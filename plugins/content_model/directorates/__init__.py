from .directorates import register

__all__ = ["register"]
