"""Contains all the data models used in inputs/outputs"""

from .error import Error
from .file_list import FileList
from .file_record import FileRecord

__all__ = (
    "Error",
    "FileList",
    "FileRecord",
)
