"""attachkit: the files attached to business records, in every vendor it knows, through
one API.

    from attachkit import Attachment, EntityRef, errors

Each vendor's clients are in a package of its own, `attachkit.<vendor>` (the README's quick
start shows each; `attachkit.registry.names()` lists them), imported only when asked for, so
`import attachkit` stays light.
"""

from . import errors, logs
from .attachment import Attachment, EntityRef
from .retry import RetryPolicy

__all__ = ["Attachment", "EntityRef", "RetryPolicy", "__version__", "errors"]

logs.configure_from_environment()


def __getattr__(name: str) -> str:
    # The version is the installed distribution's (pyproject.toml is its one source); read
    # on first use, since importlib.metadata costs more to import than attachkit itself.
    if name == "__version__":
        from importlib.metadata import version

        return version("attachkit")
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
