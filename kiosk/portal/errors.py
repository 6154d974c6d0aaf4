"""Typed errors of the portal client.

Each error carries a stable translation key the UI maps to a sentence for the citizen
(or staff), whether retrying can help, and how long the portal asked us to wait. The
client raises only these: no requests or urllib3 exception escapes it.
"""

from __future__ import annotations


class PortalError(Exception):
    """Base of every error the portal client raises."""

    key: str = "portal.error"
    retryable: bool = False

    def __init__(
        self,
        message: str = "",
        *,
        key: str | None = None,
        retryable: bool | None = None,
        retry_after: float | None = None,
        status: int | None = None,
        code: str | None = None,
        detail: str | None = None,
    ) -> None:
        super().__init__(message or self.__class__.__name__)
        # Instance attributes shadow the class defaults only when given.
        if key is not None:
            self.key = key
        if retryable is not None:
            self.retryable = retryable
        self.retry_after = retry_after  # seconds, from Retry-After; None when not given
        self.status = status  # HTTP status when there was an answer
        self.code = code  # the problem+json `code` when the portal sent one
        self.detail = detail  # the problem+json `detail`, for logs and staff screens


class PortalUnavailable(PortalError):
    """No answer: connection refused or reset, name not resolved, connection dropped."""

    key = "portal.unavailable"
    retryable = True


class PortalTimeout(PortalError):
    """The portal did not connect or answer in time."""

    key = "portal.timeout"
    retryable = True


class PortalTLSError(PortalError):
    """The portal's certificate could not be verified; retrying will not fix it."""

    key = "portal.tls"
    retryable = False


class PortalServerError(PortalError):
    """A 5xx answer."""

    key = "portal.server_error"
    retryable = True


class PortalRejected(PortalError):
    """A 4xx answer: the request itself is refused; sending it again will not help."""

    key = "portal.rejected"
    retryable = False


class PortalRateLimited(PortalRejected):
    """429: the portal asks this kiosk to slow down; retry after `retry_after`."""

    key = "portal.busy"
    retryable = True


class PortalTokenExpired(PortalRejected):
    """410 on the change feed: drop the token and do a full catalog sync."""

    key = "portal.token_expired"
    retryable = False


class PortalBadResponse(PortalError):
    """An answer that is not what the API promises (not JSON, wrong shape)."""

    key = "portal.bad_response"
    retryable = True


# Default sentences for the keys, for screens and logs that have no translation catalog
# of their own. The UI's translations take precedence.
MESSAGES: dict[str, dict[str, str]] = {
    "portal.error": {
        "vi": "Không kết nối được hệ thống dịch vụ công. Vui lòng thử lại sau.",
        "en": "The public-service system could not be reached. Please try again later.",
    },
    "portal.unavailable": {
        "vi": "Mất kết nối tới hệ thống dịch vụ công. Ki-ốt sẽ tự thử lại.",
        "en": "No connection to the public-service system. The kiosk will retry.",
    },
    "portal.timeout": {
        "vi": "Hệ thống dịch vụ công phản hồi chậm. Ki-ốt sẽ tự thử lại.",
        "en": "The public-service system is slow to answer. The kiosk will retry.",
    },
    "portal.tls": {
        "vi": "Không xác minh được kết nối an toàn. Vui lòng báo cán bộ hỗ trợ.",
        "en": "The secure connection could not be verified. Please tell a staff member.",
    },
    "portal.server_error": {
        "vi": "Hệ thống dịch vụ công đang gặp sự cố. Ki-ốt sẽ tự thử lại.",
        "en": "The public-service system has a problem. The kiosk will retry.",
    },
    "portal.not_implemented": {
        "vi": "Dịch vụ này chưa được hỗ trợ.",
        "en": "This service is not available yet.",
    },
    "portal.rejected": {
        "vi": "Yêu cầu không được chấp nhận. Vui lòng kiểm tra lại hoặc hỏi cán bộ hỗ trợ.",
        "en": "The request was not accepted. Please check it or ask a staff member.",
    },
    "portal.busy": {
        "vi": "Hệ thống đang quá tải. Ki-ốt sẽ tự thử lại sau ít phút.",
        "en": "The system is busy. The kiosk will retry in a few minutes.",
    },
    "portal.token_expired": {
        "vi": "Đang tải lại toàn bộ danh mục thủ tục.",
        "en": "Reloading the whole procedure catalog.",
    },
    "portal.bad_response": {
        "vi": "Hệ thống dịch vụ công trả lời không hợp lệ. Ki-ốt sẽ tự thử lại.",
        "en": "The public-service system sent an invalid answer. The kiosk will retry.",
    },
}

__all__ = [
    "MESSAGES",
    "PortalBadResponse",
    "PortalError",
    "PortalRateLimited",
    "PortalRejected",
    "PortalServerError",
    "PortalTLSError",
    "PortalTimeout",
    "PortalTokenExpired",
    "PortalUnavailable",
]
