"""The `attachkit` command: list, download and export files from the command line.

    attachkit envi list ENTITY_ID
    attachkit envi download FILE_ID -o out/
    attachkit envi export ID... -o export/
    attachkit amili list CLIENT_NO --type Invoice
    attachkit altegio export --location 456 CLIENT_ID... -o export/

Credentials come from ATTACHKIT_* environment variables or flags (see `attachkit --help`).
Exit codes: 0 done, 1 some files failed, 2 usage or configuration error, 3 credentials or
access refused, 4 vendor or network failure, 130 interrupted.
"""

from .app import main, run
from .exits import ExitCode

__all__ = ["ExitCode", "main", "run"]
