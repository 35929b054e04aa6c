"""Contains all the data models used in inputs/outputs"""

from .file_attachment import FileAttachment
from .file_attachment_entity import FileAttachmentEntity
from .file_attachment_list import FileAttachmentList
from .grant_type import GrantType
from .o_data_error import ODataError
from .o_data_error_detail import ODataErrorDetail
from .o_data_error_detail_inner_error import ODataErrorDetailInnerError
from .token_error import TokenError
from .token_request import TokenRequest
from .token_response import TokenResponse

__all__ = (
    "FileAttachment",
    "FileAttachmentEntity",
    "FileAttachmentList",
    "GrantType",
    "ODataError",
    "ODataErrorDetail",
    "ODataErrorDetailInnerError",
    "TokenError",
    "TokenRequest",
    "TokenResponse",
)
