from .libyaml_front_matter import register

__all__ = ["register"]
