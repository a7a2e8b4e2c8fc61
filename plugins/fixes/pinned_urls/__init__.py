from .pinned_urls import register

__all__ = ["register"]
