from .content_dates import register

__all__ = ["register"]
