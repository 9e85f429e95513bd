"""reader: an accessibility-first article reader and embeddable reading toolbar.

`create_app` and `Reader` load on first use: `import reader` (and the QA kit's pytest plugin,
which lives in this package) imports neither Flask nor SQLAlchemy.
"""

from importlib import import_module

_HOMES = {"create_app": "reader.app", "Reader": "reader.extension"}
__all__ = ["Reader", "create_app"]


def __getattr__(name: str):
    if name in _HOMES:
        return getattr(import_module(_HOMES[name]), name)
    raise AttributeError(f"module 'reader' has no attribute {name!r}")


def __dir__():
    return __all__
