"""VietQR: the EMVCo merchant-presented QR that Vietnamese banking apps pay over NAPAS 247.

Layout (EMVCo QRCPS-MPM, NAPAS VietQR profile): a flat list of ``TTLLvalue`` fields, TT a
two-digit tag, LL the value's length as two decimal digits (counted in characters). The
fields the kiosk uses:

    00 "01"                       payload format indicator
    01 "11" static | "12" dynamic  point of initiation ("12" when an amount is fixed)
    38 merchant account info:     00 GUID "A000000727" (NAPAS)
                                  01 beneficiary: 00 bank BIN (6 digits), 01 account/card
                                  02 service "QRIBFTTA" (to account) | "QRIBFTTC" (to card)
    53 "704" (VND)   54 amount (digits)   58 "VN"   59 merchant name   60 city
    62 additional data:           01 bill number, 08 purpose of transaction
    63 CRC-16/CCITT-FALSE of everything before its value, "6304" included, as 4 hex digits

The CRC runs over the UTF-8 bytes while lengths count characters; both only differ for
non-ASCII text, which wallets do emit in names (see docs/codes.md). `parse_payload` accepts
such values; `build_payload` writes ASCII only (use `ascii_fold`), because not every banking
app decodes UTF-8 in a QR. `parse_payload` raises nothing but `VietQRError` (property-tested).
"""

from __future__ import annotations

import json
import unicodedata
from dataclasses import dataclass
from functools import cache
from importlib import resources

NAPAS_GUID = "A000000727"
SERVICE_ACCOUNT = "QRIBFTTA"
SERVICE_CARD = "QRIBFTTC"
CURRENCY_VND = "704"
COUNTRY_VN = "VN"
MAX_PAYLOAD = 512  # EMVCo's maximum payload length
MAX_AMOUNT = 9_999_999_999_999  # 13 digits: the widest amount field EMVCo allows
MAX_TEXT = 25  # EMVCo limit for name and the additional-data sub-fields we write


class VietQRError(ValueError):
    """The one error of this module: `key` for the UI (see MESSAGES), `detail` for logs.

    Details never echo the payload: it may hold an account number.
    """

    def __init__(self, key: str, detail: str = "") -> None:
        super().__init__(f"{key}: {detail}" if detail else key)
        self.key = key
        self.detail = detail


MESSAGES: dict[str, dict[str, str]] = {
    "vietqr.not_vietqr": {
        "vi": "Mã QR này không phải mã chuyển khoản VietQR.",
        "en": "This QR code is not a VietQR bank-transfer code.",
    },
    "vietqr.malformed": {
        "vi": "Mã QR chuyển khoản bị lỗi định dạng. Vui lòng quét lại hoặc dùng mã khác.",
        "en": "The payment QR code is damaged or badly formed. Please scan again or use "
              "another code.",
    },
    "vietqr.crc": {
        "vi": "Mã QR chuyển khoản bị đọc sai (mã kiểm tra không khớp). Vui lòng quét lại.",
        "en": "The payment QR code was misread (its check value does not match). Please "
              "scan again.",
    },
    "vietqr.too_long": {
        "vi": "Mã QR chuyển khoản dài quá mức cho phép.",
        "en": "The payment QR code is longer than allowed.",
    },
    "vietqr.amount": {
        "vi": "Số tiền trong mã QR không hợp lệ.",
        "en": "The amount in the payment QR code is not valid.",
    },
    "vietqr.currency": {
        "vi": "Mã QR không thanh toán bằng đồng Việt Nam.",
        "en": "The payment QR code is not in Vietnamese dong.",
    },
    "vietqr.country": {
        "vi": "Mã QR chuyển khoản không phải của Việt Nam.",
        "en": "The payment QR code is not a Vietnamese one.",
    },
    "vietqr.bank": {
        "vi": "Mã ngân hàng (BIN) trong mã QR không hợp lệ.",
        "en": "The bank code (BIN) in the payment QR code is not valid.",
    },
    "vietqr.account": {
        "vi": "Số tài khoản hoặc số thẻ trong mã QR không hợp lệ.",
        "en": "The account or card number in the payment QR code is not valid.",
    },
    "vietqr.service": {
        "vi": "Mã QR dùng một loại dịch vụ chuyển khoản không được hỗ trợ.",
        "en": "The payment QR code uses a transfer service that is not supported.",
    },
    "vietqr.text": {
        "vi": "Nội dung chuyển khoản, mã hóa đơn hoặc tên người nhận quá dài hoặc có ký tự "
              "không dùng được.",
        "en": "The transfer description, bill number or payee name is too long or has "
              "characters that cannot be used.",
    },
}


# -- banks --------------------------------------------------------------------------

@dataclass(frozen=True)
class Bank:
    bin: str
    short_name: str
    name: str
    code: str


@cache
def _banks() -> dict[str, Bank]:
    raw = json.loads(resources.files("kiosk").joinpath("data/banks.json")
                     .read_text(encoding="utf-8"))
    rows = [r for r in raw["banks"] if len(r.get("bin") or "") == 6]
    # A few BINs are listed twice (a bank renamed or merged): prefer the entry that can
    # receive VietQR transfers and is not marked deprecated.
    rows.sort(key=lambda r: (r.get("vietqr_status") == 1, not r.get("deprecated")))
    banks: dict[str, Bank] = {}
    for r in rows:  # later (preferred) rows overwrite earlier ones
        banks[r["bin"]] = Bank(bin=r["bin"], short_name=r["short_name"], name=r["name"],
                               code=r["code"])
    return banks


def bank_by_bin(bin: str) -> Bank | None:  # noqa: A002 - the public API names it so
    """The bank with this NAPAS BIN, or None when the BIN is not in the bundled list."""
    if not isinstance(bin, str):
        return None
    return _banks().get(bin.strip())


def all_banks() -> list[Bank]:
    """Every known bank, sorted by short name (for staff configuration screens)."""
    return sorted(_banks().values(), key=lambda b: b.short_name.casefold())


# -- CRC ----------------------------------------------------------------------------

def _crc_table() -> tuple[int, ...]:
    table = []
    for byte in range(256):
        crc = byte << 8
        for _ in range(8):
            crc = ((crc << 1) ^ 0x1021) if crc & 0x8000 else (crc << 1)
        table.append(crc & 0xFFFF)
    return tuple(table)


_TABLE = _crc_table()


def crc16_ccitt_false(data: bytes) -> int:
    """CRC-16/CCITT-FALSE: poly 0x1021, init 0xFFFF, no reflection, xorout 0."""
    crc = 0xFFFF
    for b in data:
        crc = ((crc << 8) & 0xFFFF) ^ _TABLE[((crc >> 8) ^ b) & 0xFF]
    return crc


# -- the payload --------------------------------------------------------------------

@dataclass(frozen=True)
class VietQR:
    bank_bin: str
    account: str
    service: str  # SERVICE_ACCOUNT or SERVICE_CARD
    amount: int | None  # VND; None when the payer types it
    bill_number: str | None  # 62/01
    purpose: str | None  # 62/08
    merchant_name: str | None  # 59
    dynamic: bool  # point of initiation "12"
    raw: str  # the payload as parsed (surrounding whitespace removed)

    @property
    def bank(self) -> Bank | None:
        return bank_by_bin(self.bank_bin)

    def __repr__(self) -> str:
        # Keep account numbers out of logs: only the last 4 characters.
        acct = "*" * max(0, len(self.account) - 4) + self.account[-4:]
        return (f"VietQR(bank_bin={self.bank_bin!r}, account={acct!r}, "
                f"amount={self.amount!r}, dynamic={self.dynamic})")


def _tlv(tag: str, value: str) -> str:
    if len(value) > 99:
        raise VietQRError("vietqr.too_long", f"field {tag} longer than 99")
    return f"{tag}{len(value):02d}{value}"


def _is_printable_ascii(s: str) -> bool:
    return all(" " <= ch <= "~" for ch in s)


def ascii_fold(text: str) -> str:
    """Vietnamese text without diacritics ("Lệ phí hộ tịch" -> "Le phi ho tich"), for the
    free-text fields of a payload; characters with no ASCII form are dropped."""
    text = text.replace("đ", "d").replace("Đ", "D")
    decomposed = unicodedata.normalize("NFD", text)
    kept = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return "".join(ch for ch in kept if " " <= ch <= "~")


def _check_text(value: str | None, field: str) -> str | None:
    if value is None:
        return None
    if not isinstance(value, str):
        raise VietQRError("vietqr.text", f"{field} is not text")
    if value == "":
        return None
    if len(value) > MAX_TEXT or not _is_printable_ascii(value) or value != value.strip():
        raise VietQRError("vietqr.text", f"{field}: 1-{MAX_TEXT} printable ASCII characters "
                          "without surrounding spaces (see ascii_fold)")
    return value


def _valid_account(account: str) -> bool:
    return 1 <= len(account) <= 19 and account.isascii() and account.isalnum()


def build_payload(*, bank_bin: str, account: str, amount: int | None,
                  bill_number: str | None = None, purpose: str | None = None,
                  merchant_name: str | None = None) -> str:
    """A VietQR payload to the account (service QRIBFTTA); dynamic when `amount` is set.

    Raises VietQRError for a BIN that is not 6 digits, an account that is not 1–19 letters
    or digits, an amount outside 1..MAX_AMOUNT, or free text that is not 1–25 printable
    ASCII characters (fold Vietnamese with `ascii_fold` first).
    """
    if not (isinstance(bank_bin, str) and len(bank_bin) == 6 and bank_bin.isascii()
            and bank_bin.isdigit()):
        raise VietQRError("vietqr.bank", "BIN must be 6 digits")
    if not (isinstance(account, str) and _valid_account(account)):
        raise VietQRError("vietqr.account", "account must be 1-19 letters or digits")
    if amount is not None and (isinstance(amount, bool) or not isinstance(amount, int)
                               or not 1 <= amount <= MAX_AMOUNT):
        raise VietQRError("vietqr.amount", f"amount must be an int in 1..{MAX_AMOUNT}")
    bill_number = _check_text(bill_number, "bill_number")
    purpose = _check_text(purpose, "purpose")
    merchant_name = _check_text(merchant_name, "merchant_name")

    beneficiary = _tlv("00", bank_bin) + _tlv("01", account)
    merchant = _tlv("00", NAPAS_GUID) + _tlv("01", beneficiary) + _tlv("02", SERVICE_ACCOUNT)
    parts = [
        _tlv("00", "01"),
        _tlv("01", "12" if amount is not None else "11"),
        _tlv("38", merchant),
        _tlv("53", CURRENCY_VND),
    ]
    if amount is not None:
        parts.append(_tlv("54", str(amount)))
    parts.append(_tlv("58", COUNTRY_VN))
    if merchant_name:
        parts.append(_tlv("59", merchant_name))
    extra = ""
    if bill_number:
        extra += _tlv("01", bill_number)
    if purpose:
        extra += _tlv("08", purpose)
    if extra:
        parts.append(_tlv("62", extra))
    body = "".join(parts) + "6304"
    if len(body) + 4 > MAX_PAYLOAD:
        raise VietQRError("vietqr.too_long", "payload exceeds 512 characters")
    return body + f"{crc16_ccitt_false(body.encode('ascii')):04X}"


def _fields(text: str, where: str) -> dict[str, str]:
    """Split a TLV string into {tag: value}; raise VietQRError("vietqr.malformed")."""
    out: dict[str, str] = {}
    i, n = 0, len(text)
    while i < n:
        head = text[i:i + 4]
        if len(head) < 4 or not (head.isascii() and head.isdigit()):
            raise VietQRError("vietqr.malformed", f"bad tag/length in {where}")
        tag, length = head[:2], int(head[2:])
        value = text[i + 4:i + 4 + length]
        if len(value) != length:
            raise VietQRError("vietqr.malformed", f"field {tag} in {where} runs past the end")
        if tag in out:
            raise VietQRError("vietqr.malformed", f"field {tag} repeated in {where}")
        out[tag] = value
        i += 4 + length
    return out


def _hex4(s: str) -> int | None:
    if len(s) != 4 or not all(ch in "0123456789abcdefABCDEF" for ch in s):
        return None
    return int(s, 16)


def parse_payload(text: str) -> VietQR:
    """Parse and verify a VietQR payload, or raise `VietQRError`.

    Checks, in order: looks like EMVCo at all (else not_vietqr), ends in a well-formed CRC
    field, the CRC (over the UTF-8 bytes up to and including "6304"; hex digits in either
    case, as some generators write lowercase), the TLV structure, the NAPAS GUID in tag 38
    (else not_vietqr), BIN, account, service, currency 704, amount, country VN.
    A static code ("11") carrying an amount is accepted as generators emit it.
    """
    if isinstance(text, bytes | bytearray):
        try:
            text = bytes(text[:MAX_PAYLOAD * 4 + 16]).decode("utf-8")
        except UnicodeDecodeError:
            raise VietQRError("vietqr.malformed", "bytes are not UTF-8") from None
    if not isinstance(text, str):
        raise VietQRError("vietqr.not_vietqr", "not text")
    s = text.strip().lstrip("\ufeff").strip()
    if not s.startswith("000201"):
        raise VietQRError("vietqr.not_vietqr", "does not start with an EMVCo format indicator")
    if len(s) > MAX_PAYLOAD:
        raise VietQRError("vietqr.too_long", "payload exceeds 512 characters")
    if any(unicodedata.category(ch)[0] == "C" for ch in s):
        # Controls, unassigned code points and lone surrogates: scanner damage.
        raise VietQRError("vietqr.malformed", "control or invalid characters")
    if len(s) < 8 or s[-8:-4] != "6304":
        raise VietQRError("vietqr.malformed", "no CRC field at the end")
    given = _hex4(s[-4:])
    if given is None:
        raise VietQRError("vietqr.malformed", "CRC is not 4 hex digits")
    if crc16_ccitt_false(s[:-4].encode("utf-8")) != given:
        raise VietQRError("vietqr.crc", "CRC mismatch")

    top = _fields(s[:-8], "payload")  # the CRC field itself was checked above
    if "63" in top:
        raise VietQRError("vietqr.malformed", "CRC field not last")
    mai = top.get("38")
    if mai is None:
        raise VietQRError("vietqr.not_vietqr", "no NAPAS merchant account (tag 38)")
    sub = _fields(mai, "tag 38")
    if sub.get("00", "").upper() != NAPAS_GUID:
        raise VietQRError("vietqr.not_vietqr", "tag 38 is not NAPAS's")
    if top.get("01") not in ("11", "12"):
        raise VietQRError("vietqr.malformed", "point of initiation is neither 11 nor 12")

    beneficiary = _fields(sub.get("01", ""), "tag 38/01")
    bank_bin = beneficiary.get("00", "")
    if not (len(bank_bin) == 6 and bank_bin.isascii() and bank_bin.isdigit()):
        raise VietQRError("vietqr.bank", "BIN is not 6 digits")
    account = beneficiary.get("01", "")
    if not _valid_account(account):
        raise VietQRError("vietqr.account", "account is not 1-19 letters or digits")
    # Some generators nest the service code inside 38/01; tolerated.
    service = sub.get("02") or beneficiary.get("02")
    if service is None:
        raise VietQRError("vietqr.service", "no service code")
    if service not in (SERVICE_ACCOUNT, SERVICE_CARD):
        raise VietQRError("vietqr.service", "unknown service code")

    if top.get("53") != CURRENCY_VND:
        raise VietQRError("vietqr.currency", "currency is not 704")
    amount: int | None = None
    if "54" in top:
        raw_amount = top["54"]
        if not (raw_amount.isascii() and raw_amount.isdigit()) or int(raw_amount) <= 0:
            raise VietQRError("vietqr.amount", "amount is not a positive whole number")
        amount = int(raw_amount)
        if amount > MAX_AMOUNT:
            raise VietQRError("vietqr.amount", "amount too large")
    if top.get("58", "").upper() != COUNTRY_VN:
        raise VietQRError("vietqr.country", "country is not VN")

    extra = _fields(top["62"], "tag 62") if "62" in top else {}
    return VietQR(
        bank_bin=bank_bin,
        account=account,
        service=service,
        amount=amount,
        bill_number=extra.get("01") or None,
        purpose=extra.get("08") or None,
        merchant_name=top.get("59") or None,
        dynamic=top["01"] == "12",
        raw=s,
    )


# -- amounts in words ---------------------------------------------------------------

_VI_DIGITS = ("không", "một", "hai", "ba", "bốn", "năm", "sáu", "bảy", "tám", "chín")


def _vi_triple(n: int, leading: bool) -> list[str]:
    """Words for 0 < n < 1000. A non-leading group always says its hundreds
    ("một triệu không trăm linh năm nghìn")."""
    h, t, u = n // 100, n // 10 % 10, n % 10
    words: list[str] = []
    if h or not leading:
        words += [_VI_DIGITS[h], "trăm"]
    if t == 0:
        if u:
            if words:
                words.append("linh")  # Northern usage; the South says "lẻ"
            words.append(_VI_DIGITS[u])
        return words
    if t == 1:
        words.append("mười")
    else:
        words += [_VI_DIGITS[t], "mươi"]
    if u == 1:
        words.append("mốt" if t >= 2 else "một")  # "mười một" but "hai mươi mốt"
    elif u == 5:
        words.append("lăm")  # after any ten: "mười lăm", "hai mươi lăm"
    elif u:
        words.append(_VI_DIGITS[u])
    return words


def _vi_number(n: int, leading: bool = True) -> list[str]:
    if n >= 1_000_000_000:
        # "tỷ" repeats for larger amounts: "một nghìn tỷ", "một triệu tỷ".
        high, low = divmod(n, 1_000_000_000)
        words = _vi_number(high, leading) + ["tỷ"]
        if low:
            words += _vi_number(low, leading=False)
        return words
    words = []
    for scale, name in ((1_000_000, "triệu"), (1_000, "nghìn"), (1, "")):
        group = n // scale % 1000
        if group:
            words += _vi_triple(group, leading and not words)
            if name:
                words.append(name)
    return words


def _check_amount(amount: int) -> None:
    if isinstance(amount, bool) or not isinstance(amount, int) or amount < 0:
        raise VietQRError("vietqr.amount", "amount must be a non-negative int")
    if amount > MAX_AMOUNT:
        raise VietQRError("vietqr.amount", "amount too large")


def amount_in_words_vi(amount: int) -> str:
    """The amount read out in Vietnamese, lowercase: 1250000 -> "một triệu hai trăm năm
    mươi nghìn đồng". Raises VietQRError("vietqr.amount") below 0 or above MAX_AMOUNT."""
    _check_amount(amount)
    if amount == 0:
        return "không đồng"
    return " ".join([*_vi_number(amount), "đồng"])


_EN_ONES = ("zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine",
            "ten", "eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen",
            "seventeen", "eighteen", "nineteen")
_EN_TENS = ("", "", "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty",
            "ninety")
_EN_SCALES = ((10**12, "trillion"), (10**9, "billion"), (10**6, "million"),
              (10**3, "thousand"), (1, ""))


def _en_triple(n: int) -> list[str]:
    h, rest = divmod(n, 100)
    words = [_EN_ONES[h], "hundred"] if h else []
    if rest >= 20:
        t, u = divmod(rest, 10)
        words.append(_EN_TENS[t] + (f"-{_EN_ONES[u]}" if u else ""))
    elif rest:
        words.append(_EN_ONES[rest])
    return words


def amount_in_words(amount: int, lang: str) -> str:
    """For a payment screen: the amount in words in `lang` ("vi" or "en"); "" when there
    is nothing to pay or the amount cannot be said (a screen never shows an error here)."""
    if not isinstance(amount, int) or amount <= 0:
        return ""
    try:
        return amount_in_words_en(amount) if lang == "en" else amount_in_words_vi(amount)
    except VietQRError:
        return ""


def amount_in_words_en(amount: int) -> str:
    """The amount in English (short scale): 1250000 -> "one million two hundred
    fifty thousand dong"."""
    _check_amount(amount)
    if amount == 0:
        return "zero dong"
    words: list[str] = []
    for scale, name in _EN_SCALES:
        group = amount // scale % 1000
        if group:
            words += _en_triple(group)
            if name:
                words.append(name)
    return " ".join([*words, "dong"])
