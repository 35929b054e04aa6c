"""Contains all the data models used in inputs/outputs"""

from .adjustment_item import AdjustmentItem
from .adjustment_item_list import AdjustmentItemList
from .file_attachment import FileAttachment
from .file_attachment_entity import FileAttachmentEntity
from .file_attachment_list import FileAttachmentList
from .grant_type import GrantType
from .inventory_item import InventoryItem
from .inventory_list import InventoryList
from .o_data_error import ODataError
from .o_data_error_detail import ODataErrorDetail
from .o_data_error_detail_inner_error import ODataErrorDetailInnerError
from .purchase_order import PurchaseOrder
from .purchase_order_list import PurchaseOrderList
from .requisition import Requisition
from .requisition_fill import RequisitionFill
from .requisition_fill_list import RequisitionFillList
from .requisition_list import RequisitionList
from .token_error import TokenError
from .token_request import TokenRequest
from .token_response import TokenResponse

__all__ = (
    "AdjustmentItem",
    "AdjustmentItemList",
    "FileAttachment",
    "FileAttachmentEntity",
    "FileAttachmentList",
    "GrantType",
    "InventoryItem",
    "InventoryList",
    "ODataError",
    "ODataErrorDetail",
    "ODataErrorDetailInnerError",
    "PurchaseOrder",
    "PurchaseOrderList",
    "Requisition",
    "RequisitionFill",
    "RequisitionFillList",
    "RequisitionList",
    "TokenError",
    "TokenRequest",
    "TokenResponse",
)
