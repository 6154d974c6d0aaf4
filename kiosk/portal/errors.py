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
        errors: dict[str, str] | None = None,
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
        # Per-field error keys of a 422 validation_failed ({form field id or wire path:
        # key}); empty otherwise. Keys are in MESSAGES here or in kiosk.forms.MESSAGES.
        self.errors: dict[str, str] = dict(errors or {})


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


class PortalValidationError(PortalRejected):
    """422 validation_failed: fields of the submission are wrong; see `errors`."""

    key = "portal.validation_failed"
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
    # Problem codes of the dossier and payment endpoints: the client uses
    # "portal.<code>" as the key when it is listed here.
    "portal.validation_failed": {
        "vi": "Một số thông tin chưa đúng. Vui lòng xem lại các ô được đánh dấu.",
        "en": "Some details are not right. Please check the marked fields.",
    },
    "portal.idempotency_key_reused": {
        "vi": "Hồ sơ này đã được gửi với nội dung khác. Vui lòng báo cán bộ hỗ trợ.",
        "en": "This submission was already sent with other content. Please tell a staff member.",
    },
    "portal.form_not_found": {
        "vi": "Thủ tục này chưa nộp được trực tuyến tại ki-ốt.",
        "en": "This procedure cannot be submitted online at the kiosk yet.",
    },
    "portal.dossier_not_found": {
        "vi": "Không tìm thấy hồ sơ với mã này. Vui lòng kiểm tra lại mã hồ sơ.",
        "en": "No dossier was found with this code. Please check the code.",
    },
    "portal.identity_insufficient": {
        "vi": "Để xem danh sách hồ sơ, vui lòng đặt thẻ căn cước có gắn chip lên đầu đọc.",
        "en": "To see your dossiers, please place your chip ID card on the reader.",
    },
    "portal.amount_mismatch": {
        "vi": "Số tiền không khớp với khoản phải nộp. Vui lòng thử lại hoặc hỏi cán bộ.",
        "en": "The amount does not match what is owed. Please try again or ask a staff member.",
    },
    "portal.nothing_owed": {
        "vi": "Hồ sơ này hiện không có khoản nào phải nộp.",
        "en": "Nothing is owed on this dossier at the moment.",
    },
    "portal.payment_not_found": {
        "vi": "Không tìm thấy yêu cầu thanh toán.",
        "en": "The payment request was not found.",
    },
    "portal.payment_already_paid": {
        "vi": "Khoản này đã được thanh toán.",
        "en": "This has already been paid.",
    },
    "portal.payment_not_payable": {
        "vi": "Mã thanh toán đã hết hạn hoặc đã bị hủy. Vui lòng tạo mã mới.",
        "en": "The payment code has expired or was cancelled. Please create a new one.",
    },
    # Field error keys of 422 validation_failed (besides kiosk.forms' "form.*" keys).
    "dossier.procedure_unknown": {
        "vi": "Không có thủ tục này trong danh mục.",
        "en": "This procedure is not in the catalog.",
    },
    "dossier.no_form": {
        "vi": "Thủ tục này chưa có tờ khai trực tuyến.",
        "en": "This procedure has no online form yet.",
    },
    "dossier.agency_unknown": {
        "vi": "Cơ quan tiếp nhận không đúng. Vui lòng chọn lại phường, xã.",
        "en": "The receiving agency is not known. Please choose the ward or commune again.",
    },
    "dossier.consent_required": {
        "vi": "Cần có sự đồng ý của bạn để xử lý dữ liệu cá nhân trước khi nộp hồ sơ.",
        "en": "Your consent to process personal data is needed before submitting.",
    },
    "dossier.delivery_not_allowed": {
        "vi": "Thủ tục này không trả kết quả theo hình thức đã chọn.",
        "en": "This procedure does not deliver results the way you chose.",
    },
    "dossier.delivery_address_required": {
        "vi": "Vui lòng nhập địa chỉ nhận kết quả qua bưu chính.",
        "en": "Please enter the address to post the result to.",
    },
    "dossier.local_ref_invalid": {
        "vi": "Mã tham chiếu của ki-ốt không đúng định dạng. Vui lòng báo cán bộ hỗ trợ.",
        "en": "The kiosk reference has a wrong format. Please tell a staff member.",
    },
    "dossier.unknown_field": {
        "vi": "Tờ khai có thông tin không được yêu cầu. Vui lòng báo cán bộ hỗ trợ.",
        "en": "The form holds information it does not ask for. Please tell a staff member.",
    },
    "dossier.attachment_invalid": {
        "vi": "Tệp đính kèm không hợp lệ hoặc quá lớn.",
        "en": "An attachment is invalid or too large.",
    },
    "payment.purpose_invalid": {
        "vi": "Nội dung chuyển khoản chỉ gồm chữ không dấu và số, tối đa 25 ký tự.",
        "en": "The transfer note may hold only unaccented letters and digits, 25 at most.",
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
    "PortalValidationError",
]
