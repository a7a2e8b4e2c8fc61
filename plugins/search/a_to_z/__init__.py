from .a_to_z import register

__all__ = ["register"]
