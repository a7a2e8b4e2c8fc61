from .office_data import register

__all__ = ["register"]
