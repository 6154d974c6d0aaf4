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
# Not a portal state: the kiosk could not ask the portal, so it does not know.
UNKNOWN = "khong_ro"

SLOW_AFTER = 3  # failed polls in a row before the citizen is told the connection is slow


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
    "pay.slow": {
        "vi": "Đang kiểm tra thanh toán với ngân hàng… kết nối đang chậm. Nếu bạn đã trả "
              "tiền, vui lòng chờ, không thanh toán lại.",
        "en": "Checking the payment with the bank… the connection is slow. If you have "
              "paid, please wait and do not pay again.",
    },
    "pay.confirming": {
        "vi": "Mã thanh toán đã hết thời hạn. Đang hỏi ngân hàng xem mã đã được thanh toán "
              "chưa…",
        "en": "The payment code's time is up. Asking the bank whether it was paid…",
    },
    "pay.unconfirmed": {
        "vi": "Chúng tôi chưa xác nhận được việc thanh toán vì mất kết nối. Đừng thanh toán "
              "lại. Hãy hỏi cán bộ, hoặc tra cứu lại sau bằng biên nhận của bạn.",
        "en": "We cannot confirm the payment yet because the connection is down. Do not pay "
              "again. Ask the staff, or check later with your receipt.",
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


@dataclass(frozen=True)
class Polled:
    """One answer of the portal about a payment: its state and its HetHanLuc (None when
    the portal did not give a usable one)."""

    state: str
    expires_at: float | None = None


def polled(wire: Any) -> Polled:
    """A payment view from the portal as a Polled (an unknown state counts as waiting)."""
    if not isinstance(wire, dict):
        return Polled(WAITING)
    state = wire.get("TrangThai")
    try:
        expires = _epoch(wire.get("HetHanLuc"))
    except PaymentCheckError:
        expires = None
    return Polled(state if state in STATES else WAITING, expires)


def poll(client: Any, payment_id: str) -> Polled:
    """Ask the portal about a payment (blocking; PortalError when it cannot be asked)."""
    return polled(client.payment(payment_id))


def dossier_paid(view: Any, *, obligation: bool = False) -> bool:
    """The portal's dossier view says what was owed is paid: the fee's DaNopLePhi, or for a
    financial obligation (status 6) a status that has moved on."""
    if not isinstance(view, dict):
        return False
    if obligation:
        status = view.get("TrangThaiHoSo")
        return isinstance(status, int) and status != 6
    return view.get("DaNopLePhi") is True


def recheck(client: Any, payment_id: str, dossier_code: str, *,
            obligation: bool = False) -> str:
    """Before a new code or "pay later": was it paid after all? (blocking)

    PAID when the payment or the dossier says so (the bank may have paid while the kiosk
    could not reach the portal), else the payment's own state. PortalError when the portal
    cannot be asked: the caller must then say it does not know, never "unpaid"."""
    state = poll(client, payment_id).state if payment_id else WAITING
    if state == PAID:
        return PAID
    if dossier_paid(client.dossier_status(dossier_code), obligation=obligation):
        return PAID
    return state


def renew(client: Any, previous_id: str, dossier_code: str, amount: int,
          key: str) -> CheckedPayment | str:
    """"Make a new code": PAID when the old one was paid after all, else a new checked
    payment (blocking; PortalError, PaymentCheckError). A new code is never made while
    the old one's fate is unknown: PortalError from the re-check comes first."""
    if recheck(client, previous_id, dossier_code) == PAID:
        return PAID
    return request_payment(client, dossier_code, amount, key)


def settle_for_later(client: Any, payment_id: str, dossier_code: str) -> str:
    """"Pay later at the counter" (blocking): PAID when it was paid after all; EXPIRED or
    CANCELLED when nothing can be paid on the code any more (the code cancelled here when
    it was still open); UNKNOWN when the portal cannot be asked."""
    from kiosk.portal.errors import PortalError

    try:
        state = recheck(client, payment_id, dossier_code)
        if state == WAITING and payment_id:
            state = cancel(client, payment_id)
    except PortalError:
        return UNKNOWN
    return state if state != WAITING else UNKNOWN


class PaymentWatch:
    """What the kiosk may say about one payment code on screen, from the polls' outcomes.

    No I/O and no Qt: the submit and status screens feed it the portal's answers (or the
    failure to get one) and the clock, and show what it says. The portal decides that a
    code expired or was paid; the kiosk's own clock only decides when to ask once more.
    """

    def __init__(self, payment_id: str, expires_at: float, *, slow_after: int = SLOW_AFTER
                 ) -> None:
        self.payment_id = payment_id
        self.expires_at = expires_at
        self.state = WAITING  # the portal's last word
        self.failures = 0  # failed polls in a row
        self._slow_after = slow_after

    def answered(self, answer: Polled) -> str:
        """The portal answered a poll; returns its state."""
        self.failures = 0
        self.state = answer.state
        if answer.expires_at is not None:
            self.expires_at = answer.expires_at  # the portal's HetHanLuc, not ours
        return self.state

    def failed(self) -> None:
        """A poll did not reach the portal (or it did not answer usefully)."""
        self.failures += 1

    @property
    def open(self) -> bool:
        """The portal has not said the code is paid, expired or cancelled."""
        return self.state == WAITING

    def should_poll(self) -> bool:
        # Even after the code's time is up: the portal's answer may still be "paid".
        return self.open

    def phase(self, now: float) -> str:
        """What the citizen is told while the code is open:
        "waiting" (the QR, all is well), "slow" (the QR, the connection is slow),
        "confirming" (time is up: asking the portal once more), "unconfirmed" (time is
        up and the portal cannot be reached: the kiosk does not know). Once closed: the
        portal's state."""
        if not self.open:
            return self.state
        if now < self.expires_at:
            return "slow" if self.failures >= self._slow_after else "waiting"
        return "unconfirmed" if self.failures else "confirming"

    def payable(self, now: float) -> bool:
        """The QR may stay on screen."""
        return self.open and now < self.expires_at

    def keeps_visit_alive(self, now: float) -> bool:
        """The citizen is in their bank app, not touching the kiosk: while the code can be
        paid the visit stays (bounded by the code's expiry), then the idle timer runs."""
        return self.payable(now)


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
