from .quick_listings import register

__all__ = ["register"]
