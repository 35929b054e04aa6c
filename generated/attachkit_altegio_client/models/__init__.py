"""Contains all the data models used in inputs/outputs"""

from .auth_refusal import AuthRefusal
from .auth_refusal_data import AuthRefusalData
from .auth_request import AuthRequest
from .auth_response import AuthResponse
from .auth_user import AuthUser
from .client_file import ClientFile
from .client_file_upload import ClientFileUpload
from .client_files_meta import ClientFilesMeta
from .client_files_response import ClientFilesResponse
from .client_search_filter import ClientSearchFilter
from .client_search_filter_state import ClientSearchFilterState
from .client_search_meta import ClientSearchMeta
from .client_search_request import ClientSearchRequest
from .client_search_response import ClientSearchResponse
from .client_summary import ClientSummary
from .delete_response import DeleteResponse
from .error_envelope import ErrorEnvelope
from .error_meta import ErrorMeta
from .error_meta_errors import ErrorMetaErrors

__all__ = (
    "AuthRefusal",
    "AuthRefusalData",
    "AuthRequest",
    "AuthResponse",
    "AuthUser",
    "ClientFile",
    "ClientFilesMeta",
    "ClientFilesResponse",
    "ClientFileUpload",
    "ClientSearchFilter",
    "ClientSearchFilterState",
    "ClientSearchMeta",
    "ClientSearchRequest",
    "ClientSearchResponse",
    "ClientSummary",
    "DeleteResponse",
    "ErrorEnvelope",
    "ErrorMeta",
    "ErrorMetaErrors",
)
