"""Every failure attachkit raises, under one root: `AttachkitError`.

Status errors carry the vendor, the HTTP status and the vendor's own message; none of them
ever holds a token or password (requests are not kept, only method and URL).
"""

from __future__ import annotations

from typing import NotRequired, TypedDict, Unpack

__all__ = [
    "APIConnectionError",
    "APIError",
    "APIStatusError",
    "APITimeoutError",
    "AttachkitError",
    "AuthenticationError",
    "BadRequestError",
    "ConflictError",
    "ContentMismatchError",
    "ContentUnavailableError",
    "DeprecatedApiVersionWarning",
    "NotFoundError",
    "PaymentRequiredError",
    "PermissionDeniedError",
    "RateLimitError",
    "ServerError",
    "SizeMismatchError",
    "TruncatedResultWarning",
    "UnexpectedResponseError",
    "UnprocessableEntityError",
    "UnsafePathError",
    "WebPageError",
]


class AttachkitError(Exception):
    """Root of every exception attachkit raises."""


class APIError(AttachkitError):
    """A request to a vendor failed. `vendor` is the vendor's name, as in `attachkit.registry`."""

    def __init__(self, message: str, *, vendor: str, method: str = "", url: str = "") -> None:
        super().__init__(message)
        self.message = message
        self.vendor = vendor
        self.method = method
        self.url = url


class APIConnectionError(APIError):
    """The vendor could not be reached, or the connection broke mid-response."""


class APITimeoutError(APIConnectionError):
    """The vendor did not answer within the configured timeout."""


class UnexpectedResponseError(APIError):
    """The vendor answered, but not in the shape its spec documents (wrong fields or types,
    HTML instead of JSON, invalid base64, a next link that cannot be followed...)."""

    def __init__(
        self,
        message: str,
        *,
        vendor: str,
        method: str = "",
        url: str = "",
        status_code: int | None = None,
    ) -> None:
        super().__init__(message, vendor=vendor, method=method, url=url)
        self.status_code = status_code


class MismatchDetails(TypedDict):
    """Which download a `ContentMismatchError` is about, and where it came from."""

    vendor: str
    file_id: str
    name: str
    method: NotRequired[str]
    url: NotRequired[str]
    status_code: NotRequired[int | None]


class ContentMismatchError(UnexpectedResponseError):
    """A download is not the file its listing describes: `save`, `download` and the export
    keep nothing of it (`open` raises when its stream ends, or before the first chunk for a
    web page). `file_id` and `name` are the listed file's."""

    def __init__(self, message: str, **details: Unpack[MismatchDetails]) -> None:
        super().__init__(
            message,
            vendor=details["vendor"],
            method=details.get("method", ""),
            url=details.get("url", ""),
            status_code=details.get("status_code"),
        )
        self.file_id = details["file_id"]
        self.name = details["name"]


class SizeMismatchError(ContentMismatchError):
    """The body's size is not one the listing allows: another size than an exact listed
    one, or outside anything a rounded one ("1.5 MB") can mean. `received` is the bytes
    that came (at least that many when `more` is True: the download was stopped there),
    `listed` the size as the vendor shows it, with the byte counts it allows."""

    def __init__(
        self,
        message: str,
        *,
        received: int,
        more: bool,
        listed: str,
        **details: Unpack[MismatchDetails],
    ) -> None:
        super().__init__(message, **details)
        self.received = received
        self.more = more
        self.listed = listed


class WebPageError(ContentMismatchError):
    """A web page (a `text/html` answer, or a body that starts like HTML) came for a file
    that is not listed as one: perhaps a sign-in or error page of the download host.
    `received_type` says what came, `listed_type` what the listing says the file is."""

    def __init__(
        self,
        message: str,
        *,
        received_type: str,
        listed_type: str,
        **details: Unpack[MismatchDetails],
    ) -> None:
        super().__init__(message, **details)
        self.received_type = received_type
        self.listed_type = listed_type


class ContentUnavailableError(APIError):
    """The file exists but the vendor has no content for it (deleted, uploading, failed,
    corrupted, or delivered with empty content)."""

    def __init__(self, message: str, *, vendor: str, file_id: str, status: str | None) -> None:
        super().__init__(message, vendor=vendor)
        self.file_id = file_id
        self.status = status


class APIStatusError(APIError):
    """The vendor answered with an error status (or with a success status and a body that
    says the request failed).

    `retry_after` is the wait in seconds a `Retry-After` header asked for (429, 503), or
    None."""

    def __init__(
        self,
        message: str,
        *,
        vendor: str,
        status_code: int,
        vendor_message: str | None,
        method: str = "",
        url: str = "",
        body: str = "",
        retry_after: float | None = None,
    ) -> None:
        super().__init__(message, vendor=vendor, method=method, url=url)
        self.status_code = status_code
        self.vendor_message = vendor_message
        self.body = body
        self.retry_after = retry_after


class BadRequestError(APIStatusError):
    """400: the vendor rejected the request (bad filter, page size, id, api-version...)."""


class AuthenticationError(APIStatusError):
    """401, or a failed token grant: credentials missing, wrong or expired."""


class PaymentRequiredError(APIStatusError):
    """402: e.g. the account's or location's licence has expired."""


class PermissionDeniedError(APIStatusError):
    """403: authenticated, but not allowed."""


class NotFoundError(APIStatusError):
    """404: no such record, client or file."""


class ConflictError(APIStatusError):
    """409."""


class UnprocessableEntityError(APIStatusError):
    """422: the vendor could not validate the request."""


class RateLimitError(APIStatusError):
    """429 (after retries, or when the vendor asks for a longer wait than allowed).

    `retry_after` is the wait in seconds the vendor asked for, or None if it gave none.
    """

    def __init__(
        self,
        message: str,
        *,
        vendor: str,
        status_code: int,
        vendor_message: str | None,
        retry_after: float | None,
        method: str = "",
        url: str = "",
        body: str = "",
    ) -> None:
        super().__init__(
            message,
            vendor=vendor,
            status_code=status_code,
            vendor_message=vendor_message,
            method=method,
            url=url,
            body=body,
            retry_after=retry_after,
        )


class ServerError(APIStatusError):
    """5xx: the vendor failed."""


class UnsafePathError(AttachkitError, ValueError):
    """A save target could not be made safe (e.g. the directory is not a directory)."""


class TruncatedResultWarning(UserWarning):
    """More files matched than the vendor returned (some vendors cap a listing and do not page)."""


class DeprecatedApiVersionWarning(DeprecationWarning):
    """The vendor says the API version the client asks for is deprecated (it still works,
    for now). `version` is the one in use, `supported_versions` what the vendor offers."""

    def __init__(self, message: str, *, version: str, supported_versions: tuple[str, ...]) -> None:
        super().__init__(message)
        self.version = version
        self.supported_versions = supported_versions
