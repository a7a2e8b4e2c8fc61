from .related_news import register

__all__ = ["register"]
