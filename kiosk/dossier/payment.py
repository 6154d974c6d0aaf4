"""Paying a dossier's fee with VietQR at the kiosk.

The portal makes the payment request and its EMVCo payload; the kiosk does not show a
QR it has not checked: the payload must parse with a good CRC, and its amount, bill
number (the dossier code), bank and account must be those of the request. A citizen
who scans a wrong code loses money; a refused code only sends them to the counter.

Blocking calls (the portal client): run them on a worker thread.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from kiosk.payment.vietqr import (
    VietQRError,
    amount_in_words_en,
    amount_in_words_vi,
    bank_by_bin,
    parse_payload,
)

WAITING, PAID, EXPIRED, CANCELLED = "cho_thanh_toan", "da_thanh_toan", "het_han", "da_huy"
STATES = (WAITING, PAID, EXPIRED, CANCELLED)


class PaymentCheckError(ValueError):
    """The portal's payment cannot be shown to a citizen: `key` (see MESSAGES)."""

    def __init__(self, key: str, detail: str = "") -> None:
        super().__init__(f"{key}: {detail}" if detail else key)
        self.key = key
        self.detail = detail


MESSAGES: dict[str, dict[str, str]] = {
    "pay.qr_invalid": {
        "vi": "Mã thanh toán nhận được không khớp với hồ sơ, nên ki-ốt không hiển thị. "
              "Vui lòng nộp phí tại quầy; hồ sơ của bạn đã được gửi.",
        "en": "The payment code received does not match your dossier, so the kiosk does "
              "not show it. Please pay at the counter; your dossier has been sent.",
    },
    "pay.expired": {
        "vi": "Mã thanh toán đã hết hạn. Bạn có thể tạo mã mới hoặc nộp phí tại quầy.",
        "en": "The payment code has expired. You can make a new one or pay at the counter.",
    },
    "pay.cancelled": {
        "vi": "Mã thanh toán đã bị hủy. Bạn có thể tạo mã mới hoặc nộp phí tại quầy.",
        "en": "The payment code was cancelled. You can make a new one or pay at the counter.",
    },
    "pay.unavailable": {
        "vi": "Hiện không tạo được mã thanh toán. Hồ sơ của bạn đã được gửi; vui lòng nộp "
              "phí tại quầy.",
        "en": "A payment code cannot be made right now. Your dossier has been sent; please "
              "pay the fee at the counter.",
    },
    "pay.receipt_on_screen": {
        "vi": "Máy in biên nhận đang không in được. Sau khi thanh toán, biên nhận sẽ hiện "
              "trên màn hình dưới dạng mã QR để bạn chụp lại.",
        "en": "The receipt printer cannot print right now. After you pay, your receipt "
              "will be shown on the screen as a QR code for you to photograph.",
    },
}


@dataclass(frozen=True)
class CheckedPayment:
    id: str
    dossier_code: str
    amount: int
    payload: str  # MaVietQR, checked
    bank_bin: str
    bank_name: str  # short name, e.g. "VietinBank"; the BIN when not in the list
    account: str
    account_name: str
    expires_at: float  # epoch seconds (HetHanLuc)
    state: str

    @property
    def words_vi(self) -> str:
        return amount_in_words_vi(self.amount)

    @property
    def words_en(self) -> str:
        return amount_in_words_en(self.amount)

    def __repr__(self) -> str:  # no account number in logs
        return f"CheckedPayment(id={self.id!r}, dossier={self.dossier_code!r}, amount={self.amount})"


def _epoch(value: Any) -> float:
    if not isinstance(value, str):
        raise PaymentCheckError("pay.qr_invalid", "HetHanLuc missing")
    try:
        dt = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        raise PaymentCheckError("pay.qr_invalid", "HetHanLuc not a date-time") from None
    if dt.tzinfo is None:
        raise PaymentCheckError("pay.qr_invalid", "HetHanLuc without offset")
    return dt.timestamp()


def check_payment(wire: dict[str, Any], dossier_code: str, amount: int) -> CheckedPayment:
    """The payment as the kiosk may show it, or PaymentCheckError("pay.qr_invalid").

    Checks: the payload is a VietQR (CRC-16 good), of exactly `amount` VND, with the
    dossier code as its bill number, to the bank and account the portal names."""
    if not isinstance(wire, dict):
        raise PaymentCheckError("pay.qr_invalid", "not an object")
    payload = wire.get("MaVietQR")
    if not isinstance(payload, str):
        raise PaymentCheckError("pay.qr_invalid", "no MaVietQR")
    try:
        qr = parse_payload(payload)
    except VietQRError as exc:
        raise PaymentCheckError("pay.qr_invalid", exc.key) from None
    if qr.amount != amount or wire.get("SoTien") != amount:
        raise PaymentCheckError("pay.qr_invalid", "amount")
    if qr.bill_number != dossier_code or wire.get("MaHoSo") != dossier_code:
        raise PaymentCheckError("pay.qr_invalid", "bill number")
    if qr.bank_bin != wire.get("NganHang") or qr.account != wire.get("SoTaiKhoan"):
        raise PaymentCheckError("pay.qr_invalid", "payee")
    state = wire.get("TrangThai")
    pay_id = wire.get("id")
    if state not in STATES or not isinstance(pay_id, str) or not pay_id:
        raise PaymentCheckError("pay.qr_invalid", "state or id")
    bank = bank_by_bin(qr.bank_bin)
    return CheckedPayment(
        id=pay_id,
        dossier_code=dossier_code,
        amount=amount,
        payload=qr.raw,
        bank_bin=qr.bank_bin,
        bank_name=bank.short_name if bank else qr.bank_bin,
        account=qr.account,
        account_name=str(wire.get("TenTaiKhoan") or ""),
        expires_at=_epoch(wire.get("HetHanLuc")),
        state=state,
    )


def request_payment(client: Any, dossier_code: str, amount: int, key: str) -> CheckedPayment:
    """Ask the portal for a payment QR and check it (blocking). PortalError or
    PaymentCheckError."""
    return check_payment(client.create_payment(dossier_code, amount, key), dossier_code, amount)


def payment_state(client: Any, payment_id: str) -> str:
    """The payment's TrangThai now (blocking)."""
    state = client.payment(payment_id).get("TrangThai")
    return state if state in STATES else WAITING


def cancel(client: Any, payment_id: str) -> str:
    """Cancel a waiting payment; its state after (PAID when the citizen paid just before:
    the portal refuses the cancel with payment_already_paid)."""
    from kiosk.portal.errors import PortalRejected

    try:
        state = client.cancel_payment(payment_id).get("TrangThai")
    except PortalRejected as exc:
        if exc.key == "portal.payment_already_paid":
            return PAID
        raise
    return state if state in STATES else CANCELLED


def idempotency_key(local_ref: str, attempt: int = 0) -> str:
    """One payment request per dossier and attempt ("make a new code" is a new attempt)."""
    return f"pay.{local_ref}.{attempt}"
