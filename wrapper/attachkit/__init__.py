"""attachkit: the files attached to records in Envi, Amili and Altegio, through one API.

    from attachkit import Attachment, EntityRef, errors
    from attachkit.envi import EnviClient, AsyncEnviClient, EnviEntityType
    from attachkit.amili import AmiliClient, AsyncAmiliClient
    from attachkit.altegio import AltegioClient, AsyncAltegioClient

Vendor clients are imported from their own modules, so `import attachkit` stays light.
"""

from . import errors
from .attachment import Attachment, EntityRef
from .retry import RetryPolicy

__all__ = ["Attachment", "EntityRef", "RetryPolicy", "errors"]
__version__ = "0.1.0"
