"""Contains all the data models used in inputs/outputs"""

from .files_response import FilesResponse
from .files_summary import FilesSummary
from .os_file import OsFile
from .problem_details import ProblemDetails

__all__ = (
    "FilesResponse",
    "FilesSummary",
    "OsFile",
    "ProblemDetails",
)
