"""What the kiosk prints: the receipt after a submission and the slip after a status lookup.

Pure layout in the core (no Qt, no printer I/O): a dataclass of what the citizen needs
and a function to the printer's block model, Vietnamese first and English second in a
smaller size. Data minimisation: a receipt can be lost, so it carries what the citizen
needs to follow the dossier and nothing that identifies them further; there is no
field for an ID number or a date of birth.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import TYPE_CHECKING, Literal

if TYPE_CHECKING:
    from devices.printer.layout import Block

Lang = Literal["vi", "en"]
Delivery = Literal["counter", "post", "online"]

DEFAULT_LOOKUP_URL = "https://dichvucong.hanoi.gov.vn/tra-cuu-ho-so?ma={code}"

# Sizes in dots (8 per mm): the first language reads at arm's length, the second is smaller.
_SIZE = {True: {"title": 34, "text": 24, "code": 32}, False: {"title": 24, "text": 19, "code": 22}}

_L: dict[str, dict[str, str]] = {
    "receipt": {"vi": "BIÊN NHẬN HỒ SƠ", "en": "Dossier receipt"},
    "slip": {"vi": "TÌNH TRẠNG HỒ SƠ", "en": "Dossier status"},
    "code": {"vi": "Mã hồ sơ", "en": "Dossier code"},
    "local_ref": {"vi": "Mã tham chiếu tại ki-ốt", "en": "Kiosk reference"},
    "offline": {
        "vi": "Hồ sơ đã được lưu tại ki-ốt và sẽ được tự động gửi đi khi có kết nối mạng. "
              "Dùng mã tham chiếu này để tra cứu tại ki-ốt cho đến khi có mã hồ sơ.",
        "en": "Your dossier is saved at the kiosk and will be sent automatically when the "
              "connection is back. Use this reference at the kiosk until the dossier code arrives.",
    },
    "procedure": {"vi": "Thủ tục", "en": "Procedure"},
    "procedure_code": {"vi": "Mã thủ tục", "en": "Procedure code"},
    "submitted": {"vi": "Thời gian nộp", "en": "Submitted"},
    "appointment": {"vi": "Ngày hẹn trả kết quả", "en": "Result due"},
    "no_appointment": {"vi": "Sẽ thông báo sau", "en": "To be announced"},
    "fee": {"vi": "Phí, lệ phí", "en": "Fee"},
    "fee_paid": {"vi": "đã thanh toán", "en": "paid"},
    "fee_unpaid": {"vi": "Chưa thanh toán — nộp tại quầy", "en": "Not paid — pay at the counter"},
    "fee_none": {"vi": "Không mất phí", "en": "No fee"},
    "sample": {"vi": "BẢN IN THỬ — KHÔNG CÓ GIÁ TRỊ", "en": "TEST PRINT — NOT A RECEIPT"},
    "fee_confirming": {"vi": "Đang xác nhận thanh toán — không nộp lại; hỏi cán bộ nếu chưa được xác nhận",
                       "en": "Payment being confirmed — do not pay again; ask the staff if not confirmed"},
    "fee_unknown": {"vi": "Cán bộ xác nhận và thu tại quầy", "en": "Confirmed and paid at the counter"},
    "delivery": {"vi": "Nhận kết quả", "en": "Result delivery"},
    "bring": {"vi": "Giấy tờ cần mang khi nhận kết quả", "en": "Documents to bring"},
    "bring_see_above": {"vi": "Xem danh sách phía trên", "en": "See the list above (in Vietnamese)"},
    # The quoted names are the start screen's tile (StartScreen.qml "Check a dossier" and
    # its Vietnamese translation); tests/test_receipt.py keeps them in step.
    "lookup": {
        "vi": "Tra cứu: tại ki-ốt chọn “Tra cứu hồ sơ” và quét mã QR này, hoặc quét mã bằng "
              "điện thoại.",
        "en": "Look it up: at the kiosk choose “Check a dossier” and scan this QR, or scan it "
              "with your phone.",
    },
    "status": {"vi": "Tình trạng", "en": "Status"},
    "next": {"vi": "Bước tiếp theo", "en": "Next step"},
    "printed": {"vi": "In lúc", "en": "Printed"},
    "keep": {"vi": "Vui lòng giữ phiếu này.", "en": "Please keep this slip."},
}

_DELIVERY: dict[str, dict[str, str]] = {
    "counter": {"vi": "Tại bộ phận một cửa", "en": "At the one-stop counter"},
    "post": {"vi": "Qua dịch vụ bưu chính", "en": "By post"},
    "online": {"vi": "Trực tuyến, trên Cổng dịch vụ công", "en": "Online, on the public-service portal"},
}

# National one-stop-shop dossier statuses: words and what happens next, for the citizen.
STATUSES: dict[int, dict[str, str]] = {
    1: {"vi": "Mới đăng ký", "en": "Registered",
        "vi_next": "Cán bộ sẽ kiểm tra và tiếp nhận hồ sơ.",
        "en_next": "An officer will check and accept the dossier."},
    2: {"vi": "Được tiếp nhận", "en": "Accepted",
        "vi_next": "Hồ sơ sẽ được chuyển xử lý; chờ đến ngày hẹn.",
        "en_next": "The dossier goes to processing; wait for the result date."},
    3: {"vi": "Không được tiếp nhận", "en": "Not accepted",
        "vi_next": "Xem lý do tại bộ phận một cửa và nộp lại hồ sơ nếu cần.",
        "en_next": "Ask at the one-stop counter why, and submit again if needed."},
    4: {"vi": "Đang xử lý", "en": "Being processed",
        "vi_next": "Không cần làm gì thêm; chờ đến ngày hẹn.",
        "en_next": "Nothing to do now; wait for the result date."},
    5: {"vi": "Yêu cầu bổ sung giấy tờ", "en": "More documents needed",
        "vi_next": "Mang giấy tờ còn thiếu đến bộ phận một cửa.",
        "en_next": "Bring the missing documents to the one-stop counter."},
    6: {"vi": "Yêu cầu thực hiện nghĩa vụ tài chính", "en": "Payment required",
        "vi_next": "Nộp phí, lệ phí tại ki-ốt hoặc tại quầy.",
        "en_next": "Pay the fee at the kiosk or at the counter."},
    7: {"vi": "Công dân yêu cầu rút hồ sơ", "en": "Withdrawn at your request",
        "vi_next": "Nhận lại giấy tờ tại bộ phận một cửa.",
        "en_next": "Collect your documents at the one-stop counter."},
    8: {"vi": "Dừng xử lý", "en": "Processing stopped",
        "vi_next": "Liên hệ bộ phận một cửa để biết lý do.",
        "en_next": "Ask the one-stop counter for the reason."},
    9: {"vi": "Đã xử lý xong", "en": "Processed",
        "vi_next": "Kết quả sẵn sàng; nhận theo hình thức đã chọn.",
        "en_next": "The result is ready; collect it as chosen."},
    10: {"vi": "Đã trả kết quả", "en": "Result delivered",
         "vi_next": "Hồ sơ đã hoàn tất.",
         "en_next": "The dossier is complete."},
}


def lookup_payload(code: str, url_template: str = DEFAULT_LOOKUP_URL) -> str:
    """What the receipt's QR holds: the portal's lookup page for ``code``."""
    return url_template.format(code=code)


def format_vnd(amount: int, lang: Lang) -> str:
    # Vietnamese groups thousands with a dot and writes "đ"; English uses commas and VND.
    digits = f"{amount:,}"
    return f"{digits.replace(',', '.')} đ" if lang == "vi" else f"{digits} VND"


def _dt(value: datetime) -> str:
    return value.strftime("%H:%M %d/%m/%Y")


def _d(value: date) -> str:
    return value.strftime("%d/%m/%Y")


@dataclass(frozen=True)
class Receipt:
    ward_name: str
    procedure_name: str
    procedure_code: str
    submitted_at: datetime
    lookup_qr: str
    dossier_code: str | None = None
    # Set when the dossier is still in the kiosk's outbox (submitted offline).
    local_ref: str | None = None
    appointment: date | None = None
    fee_vnd: int | None = 0  # None: not known at the kiosk (confirmed at the counter)
    fee_paid: bool = False
    # The bank may have paid but the portal could not confirm it yet: never "not paid".
    fee_confirming: bool = False
    delivery: Delivery = "counter"
    documents_to_bring: tuple[str, ...] = field(default_factory=tuple)
    procedure_name_en: str = ""
    kiosk_id: str = ""
    # A technician's test print (`kiosk printer test`): said at the top and the bottom, so
    # nobody takes it for a citizen's receipt.
    sample: bool = False

    def __post_init__(self) -> None:
        if not (self.dossier_code or self.local_ref):
            raise ValueError("a receipt needs a dossier code or the kiosk's local reference")
        if self.delivery not in _DELIVERY:
            raise ValueError(f"unknown delivery {self.delivery!r}")
        if self.fee_vnd is not None and self.fee_vnd < 0:
            raise ValueError("fee_vnd must not be negative")

    @property
    def offline(self) -> bool:
        return not self.dossier_code


@dataclass(frozen=True)
class StatusSlip:
    dossier_code: str
    procedure_name: str
    status: int  # 1..10, the national list
    printed_at: datetime
    ward_name: str = ""
    appointment: date | None = None
    next_step_vi: str = ""  # overrides the default next step of the status
    next_step_en: str = ""
    lookup_qr: str = ""

    def __post_init__(self) -> None:
        if self.status not in STATUSES:
            raise ValueError(f"unknown dossier status {self.status}")


def _fee(r: Receipt, lang: Lang) -> str:
    if r.fee_vnd is None:
        return _L["fee_unknown"][lang]
    if r.fee_vnd == 0:
        return _L["fee_none"][lang]
    if r.fee_confirming and not r.fee_paid:
        return f"{format_vnd(r.fee_vnd, lang)} — {_L['fee_confirming'][lang]}"
    if not r.fee_paid:
        return f"{format_vnd(r.fee_vnd, lang)}. {_L['fee_unpaid'][lang]}"
    return f"{format_vnd(r.fee_vnd, lang)} — {_L['fee_paid'][lang]}"


def _receipt_section(r: Receipt, lang: Lang, first: bool) -> list[Block]:
    # Here, not at the top: Pillow loads with the layout, and the screens that only
    # need the status words must not wait for it at start-up.
    from devices.printer.layout import Bullets, KeyValue, Spacer, Text, Title

    s = _SIZE[first]
    t = s["text"]
    out: list[Block] = [Title(_L["receipt"][lang], size=s["title"])]
    if r.offline:
        out += [Text(_L["local_ref"][lang], size=t, align="center"),
                Text(r.local_ref or "", size=s["code"], bold=True, align="center", shrink=True),
                Text(_L["offline"][lang], size=t)]
    else:
        out += [Text(_L["code"][lang], size=t, align="center"),
                Text(r.dossier_code or "", size=s["code"], bold=True, align="center",
                     shrink=True)]
    name = r.procedure_name if lang == "vi" or not r.procedure_name_en else r.procedure_name_en
    out += [
        Spacer(6),
        KeyValue(_L["procedure"][lang], name, size=t),
        KeyValue(_L["procedure_code"][lang], r.procedure_code, size=t),
        KeyValue(_L["submitted"][lang], _dt(r.submitted_at), size=t),
        KeyValue(_L["appointment"][lang],
                 _d(r.appointment) if r.appointment else _L["no_appointment"][lang], size=t),
        KeyValue(_L["fee"][lang], _fee(r, lang), size=t),
        KeyValue(_L["delivery"][lang], _DELIVERY[r.delivery][lang], size=t),
    ]
    if r.documents_to_bring:
        if first:
            out += [Text(_L["bring"][lang] + ":", size=t, bold=True),
                    Bullets(tuple(r.documents_to_bring), size=t - 2)]
        else:
            out.append(KeyValue(_L["bring"][lang], _L["bring_see_above"][lang], size=t))
    out.append(Text(_L["lookup"][lang], size=t))
    return out


def receipt_blocks(receipt: Receipt, lang_order: tuple[Lang, ...] = ("vi", "en")) -> list[Block]:
    """The receipt, the first language in full at reading size, then the others smaller."""
    # Here, not at the top: Pillow loads with the layout, and the screens that only
    # need the status words must not wait for it at start-up.
    from devices.printer.layout import QR, Rule, Spacer, Text

    if not lang_order or any(lang not in ("vi", "en") for lang in lang_order):
        raise ValueError("lang_order holds 'vi' and/or 'en'")
    blocks: list[Block] = [Text(receipt.ward_name.upper(), size=24, bold=True, align="center"),
                           Rule()]
    sample = [Text(_L["sample"]["vi"] + " / " + _L["sample"]["en"], size=26, bold=True,
                   align="center"), Rule()] if receipt.sample else []
    blocks += sample
    for i, lang in enumerate(lang_order):
        blocks += _receipt_section(receipt, lang, first=i == 0)
        if i == 0:
            blocks += [Spacer(8), QR(receipt.lookup_qr, module=5), Spacer(4)]
        blocks.append(Rule(dashed=True))
    footer = " · ".join(x for x in (receipt.kiosk_id, _dt(receipt.submitted_at)) if x)
    blocks += [Text(_L["keep"][lang_order[0]], size=20, align="center"),
               Text(footer, size=18, align="center")]
    return blocks + sample[:1]


def status_slip_blocks(slip: StatusSlip, lang_order: tuple[Lang, ...] = ("vi", "en")) -> list[Block]:
    # Here, not at the top: Pillow loads with the layout, and the screens that only
    # need the status words must not wait for it at start-up.
    from devices.printer.layout import QR, KeyValue, Rule, Spacer, Text, Title

    if not lang_order or any(lang not in ("vi", "en") for lang in lang_order):
        raise ValueError("lang_order holds 'vi' and/or 'en'")
    st = STATUSES[slip.status]
    blocks: list[Block] = []
    if slip.ward_name:
        blocks += [Text(slip.ward_name.upper(), size=24, bold=True, align="center"), Rule()]
    for i, lang in enumerate(lang_order):
        s = _SIZE[i == 0]
        t = s["text"]
        nxt = (slip.next_step_vi if lang == "vi" else slip.next_step_en) or st[f"{lang}_next"]
        blocks += [
            Title(_L["slip"][lang], size=s["title"]),
            Text(_L["code"][lang], size=t, align="center"),
            Text(slip.dossier_code, size=s["code"], bold=True, align="center", shrink=True),
            KeyValue(_L["procedure"][lang], slip.procedure_name, size=t),
            KeyValue(_L["status"][lang], st[lang], size=t),
            KeyValue(_L["appointment"][lang],
                     _d(slip.appointment) if slip.appointment else _L["no_appointment"][lang],
                     size=t),
            KeyValue(_L["next"][lang], nxt, size=t),
            KeyValue(_L["printed"][lang], _dt(slip.printed_at), size=t),
        ]
        if i == 0 and slip.lookup_qr:
            blocks += [Spacer(8), QR(slip.lookup_qr, module=5)]
        blocks.append(Rule(dashed=True))
    return blocks


def sample_receipt(lookup_url: str = DEFAULT_LOOKUP_URL, now: datetime | None = None,
                   kiosk_id: str = "HN-DEMO-0001") -> Receipt:
    """A realistic receipt for `kiosk printer test` (no real person's data)."""
    now = (now or datetime.now()).replace(second=0, microsecond=0)
    code = f"000.00.07.H26-{now:%y%m%d}-0001"
    return Receipt(
        ward_name="UBND phường Hoàn Kiếm",
        procedure_name="Đăng ký khai sinh",
        procedure_name_en="Birth registration",
        procedure_code="1.001193",
        dossier_code=code,
        submitted_at=now,
        appointment=(now + timedelta(days=3)).date(),
        fee_vnd=8000,
        fee_paid=True,
        delivery="counter",
        documents_to_bring=("Giấy chứng sinh (bản chính)",
                            "Căn cước của người đi đăng ký khai sinh"),
        lookup_qr=lookup_payload(code, lookup_url),
        kiosk_id=kiosk_id,
        sample=True,
    )
