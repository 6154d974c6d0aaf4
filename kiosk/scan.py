"""What did the citizen just scan?

Scanners deliver decoded text on any screen; `classify` says what it is so the UI can
route it: a receipt's lookup URL, a dossier code or local reference (a code printed as a
QR or barcode), the chip ID card's QR, a VietQR payment code, or something else.
`classify` never raises and its time is bounded by the input cap (property-tested).
"""

from __future__ import annotations

import enum
import logging
from dataclasses import dataclass

from kiosk.dossier.codes import (
    DossierCode,
    DossierCodeError,
    code_from_receipt_qr,
    looks_like_code,
    parse_any_code,
)
from kiosk.identity.card_qr import CardQrError, parse_card_qr
from kiosk.payment.vietqr import VietQR, VietQRError, parse_payload

log = logging.getLogger(__name__)

MAX_SCAN = 4096  # characters (or bytes) looked at; real payloads are far shorter

MESSAGES: dict[str, dict[str, str]] = {
    "scan.unknown": {
        "vi": "Không nhận ra mã vừa quét. Vui lòng quét mã QR trên phiếu biên nhận, "
              "thẻ căn cước hoặc mã thanh toán.",
        "en": "The scanned code was not recognised. Please scan the QR code on your "
              "receipt, your ID card or a payment code.",
    },
    "scan.too_long": {
        "vi": "Mã vừa quét quá dài, không phải mã ki-ốt có thể đọc.",
        "en": "The scanned code is too long to be one the kiosk can read.",
    },
}


class ScanKind(enum.StrEnum):
    RECEIPT = "receipt"
    DOSSIER_CODE = "dossier_code"
    LOCAL_REF = "local_ref"
    CARD_QR = "card_qr"
    VIETQR = "vietqr"
    UNKNOWN = "unknown"


@dataclass(frozen=True)
class Scan:
    kind: ScanKind
    text: str  # the decoded text, stripped (capped at MAX_SCAN)
    code: str | None = None  # canonical dossier code / local reference
    card: object | None = None  # kiosk.identity.card_qr.CardQr
    vietqr: VietQR | None = None
    error_key: str | None = None  # set when `kind` is known but the content is not usable

    def __repr__(self) -> str:
        # The text may be a citizen's card QR: never in logs.
        return f"Scan(kind={self.kind.value!r}, code={self.code!r}, error_key={self.error_key!r})"


def _decode(raw: str | bytes) -> tuple[str, bool]:
    """(text, decoded_cleanly). Bytes that are not UTF-8 are kept as Latin-1 so the card
    parser can still recognise a mangled card QR."""
    if isinstance(raw, bytes | bytearray | memoryview):
        data = bytes(raw[:MAX_SCAN])
        try:
            return data.decode("utf-8"), True
        except UnicodeDecodeError:
            return data.decode("latin-1"), False
    if isinstance(raw, str):
        return raw, True
    return "", False


def _classify(raw: str | bytes) -> Scan:
    too_long = len(raw) > MAX_SCAN if isinstance(raw, str | bytes | bytearray) else False
    text, clean = _decode(raw)
    text = text[:MAX_SCAN].strip().lstrip("\ufeff").strip()
    if too_long:
        return Scan(ScanKind.UNKNOWN, text, error_key="scan.too_long")
    if not text:
        return Scan(ScanKind.UNKNOWN, text, error_key="scan.unknown")

    if not clean:
        # Not UTF-8: only a card QR that a scanner mangled could explain such bytes.
        try:
            card = parse_card_qr(raw if isinstance(raw, bytes) else text.encode("latin-1"))
        except CardQrError as e:
            if e.key != "qr.not_cccd" and text.count("|") >= 5:
                return Scan(ScanKind.CARD_QR, text, error_key=e.key)
            return Scan(ScanKind.UNKNOWN, text, error_key="scan.unknown")
        return Scan(ScanKind.CARD_QR, text, card=card)

    if text.startswith("000201"):  # EMVCo payload format indicator
        try:
            return Scan(ScanKind.VIETQR, text, vietqr=parse_payload(text))
        except VietQRError as e:
            # Another wallet's EMVCo code is not ours to pay; a misread VietQR is.
            kind = ScanKind.UNKNOWN if e.key == "vietqr.not_vietqr" else ScanKind.VIETQR
            return Scan(kind, text, error_key=e.key)

    if "://" in text[:12]:
        code = code_from_receipt_qr(text)
        if code is not None:
            return Scan(ScanKind.RECEIPT, text, code=code)
        return Scan(ScanKind.UNKNOWN, text, error_key="scan.unknown")

    shape = looks_like_code(text)
    if shape is not None:
        try:
            parsed = parse_any_code(text)
        except DossierCodeError as e:
            kind = ScanKind.LOCAL_REF if shape == "local_ref" else ScanKind.DOSSIER_CODE
            return Scan(kind, text, error_key=e.key)
        kind = ScanKind.DOSSIER_CODE if isinstance(parsed, DossierCode) else ScanKind.LOCAL_REF
        return Scan(kind, text, code=parsed.text)

    try:
        card = parse_card_qr(text)
    except CardQrError as e:
        if e.key == "qr.not_cccd":
            return Scan(ScanKind.UNKNOWN, text, error_key="scan.unknown")
        return Scan(ScanKind.CARD_QR, text, error_key=e.key)
    return Scan(ScanKind.CARD_QR, text, card=card)


def classify(text: str | bytes) -> Scan:
    """Classify scanned text or bytes. Never raises: garbage is UNKNOWN ("scan.unknown");
    a recognised kind with unusable content carries that parser's error key."""
    try:
        return _classify(text)
    except Exception:  # a scan must never take the kiosk down; _classify is fuzzed
        log.exception("scan classification failed")
        return Scan(ScanKind.UNKNOWN, "", error_key="scan.unknown")
