from .quick_related_posts import register

__all__ = ["register"]
