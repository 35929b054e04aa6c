"""attachkit: the files attached to records in Envi, Amili and Altegio, through one API.

    from attachkit import Attachment, EntityRef, errors
    from attachkit.envi import EnviClient, AsyncEnviClient, EnviEntityType
    from attachkit.amili import AmiliClient, AsyncAmiliClient
    from attachkit.altegio import AltegioClient, AsyncAltegioClient

Vendor clients are imported from their own modules, so `import attachkit` stays light.
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
