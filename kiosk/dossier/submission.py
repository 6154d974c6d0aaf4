"""A dossier being submitted at the kiosk: what the citizen chose, checked in the core,
and the DossierSubmission body the outbox stores and sends (kiosk/portal/openapi.yaml).

No Qt. The UI edits a `Draft` through its methods; every rule that decides whether a
dossier may be submitted (a chip-verified identity where the procedure needs one, the
consent, a delivery the procedure allows, a form without errors) is checked here, so no
screen bug can submit what the citizen did not agree to.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta, timezone
from typing import Any

from kiosk.dossier.codes import new_local_ref, receipt_qr_payload
from kiosk.forms import FormDefinition, FormState
from kiosk.identity.model import Identity, IdentityNotVerified
from kiosk.units import unit_by_code

# Hà Nội time: what the citizen's clock says; the portal wants an offset with the time.
HANOI = timezone(timedelta(hours=7), "ICT")

# Where the result goes: the API's words, and the receipt's.
DELIVERY_TO_RECEIPT = {"truc_tiep": "counter", "buu_chinh": "post", "truc_tuyen": "online"}
MAX_POST_ADDRESS = 300  # DiaChiNhanKetQua maxLength


class SubmissionError(ValueError):
    """Why this dossier cannot go on now: `key` for the UI (see MESSAGES)."""

    def __init__(self, key: str, detail: str = "", fields: dict[str, str] | None = None) -> None:
        super().__init__(f"{key}: {detail}" if detail else key)
        self.key = key
        self.detail = detail
        self.fields = dict(fields or {})  # form field id -> error key


MESSAGES: dict[str, dict[str, str]] = {
    "submit.chip_required": {
        "vi": "Thủ tục này cần thông tin đọc từ chip của thẻ căn cước. Mã QR trên thẻ "
              "chưa đủ. Vui lòng đặt thẻ lên đầu đọc và đọc lại.",
        "en": "This procedure needs the details read from the chip of your ID card; the "
              "QR code on the card is not enough. Place the card on the reader and read it again.",
    },
    "submit.no_identity": {
        "vi": "Chưa xác thực người nộp. Vui lòng xác thực bằng thẻ căn cước.",
        "en": "You are not identified yet. Please identify yourself with your ID card.",
    },
    "submit.form_errors": {
        "vi": "Một số mục chưa đúng. Vui lòng xem các mục được đánh dấu.",
        "en": "Some items are not right. Please look at the marked items.",
    },
    "submit.form_unavailable": {
        "vi": "Không tải được tờ khai của thủ tục này. Vui lòng nộp tại quầy một cửa.",
        "en": "The form of this procedure could not be loaded. Please submit at the "
              "one-stop counter.",
    },
    "submit.consent_declined": {
        "vi": "Bạn chưa đồng ý cho xử lý dữ liệu cá nhân, nên ki-ốt không thể nộp hồ sơ. "
              "Thông tin bạn đã nhập sẽ bị xóa khi bạn về màn hình chính. Bạn có thể nộp "
              "hồ sơ tại quầy một cửa.",
        "en": "You did not agree to the processing of your personal data, so the kiosk "
              "cannot submit the dossier. What you typed is deleted when you go home. You "
              "can submit at the one-stop counter instead.",
    },
    "submit.store_failed": {
        "vi": "Ki-ốt không lưu được hồ sơ nên chưa nộp. Thông tin của bạn vẫn còn trên "
              "màn hình. Vui lòng thử lại hoặc báo cán bộ.",
        "en": "The kiosk could not save your dossier, so it was not submitted. Your "
              "details are still on the screen. Please try again or tell a staff member.",
    },
    "submit.no_outbox": {
        "vi": "Ki-ốt chưa sẵn sàng nhận hồ sơ. Vui lòng báo cán bộ.",
        "en": "The kiosk is not ready to take dossiers. Please tell a staff member.",
    },
    "submit.address_required": {
        "vi": "Vui lòng nhập địa chỉ nhận kết quả qua bưu điện.",
        "en": "Please enter the address to post the result to.",
    },
    "submit.address_too_long": {
        "vi": "Địa chỉ quá dài (tối đa 300 ký tự).",
        "en": "The address is too long (300 characters at most).",
    },
    "submit.delivery_required": {
        "vi": "Vui lòng chọn cách nhận kết quả.",
        "en": "Please choose how to receive the result.",
    },
    "submit.agency_unknown": {
        "vi": "Ki-ốt chưa được gắn với một xã, phường. Vui lòng báo cán bộ.",
        "en": "This kiosk is not set to a commune or ward. Please tell a staff member.",
    },
}


def now_hanoi() -> datetime:
    return datetime.now(HANOI).replace(microsecond=0)


def agency_for_ward(ward: str) -> str:
    """MaCoQuan of the People's Committee of the kiosk's commune or ward."""
    unit = unit_by_code(ward)
    agency = unit.get("MaCoQuan") if unit else None
    if not isinstance(agency, str) or not agency:
        raise SubmissionError("submit.agency_unknown", f"ward {ward!r}")
    return agency


def agency_name_for_ward(ward: str) -> str:
    unit = unit_by_code(ward)
    return str(unit.get("TenCoQuan") or "") if unit else ""


def chip_fields(defn: FormDefinition) -> tuple[str, ...]:
    """The identity fields a `requires_chip` form must have from a verified chip: the
    ID number and name always, and whatever its fields prefill from."""
    names = ["id_number", "full_name"]
    for f in defn.fields():
        if f.prefill and f.prefill not in names:
            names.append(f.prefill)
    return tuple(names)


def check_identity(defn: FormDefinition, identity: Identity | None) -> None:
    """Raise SubmissionError unless `identity` may submit this procedure: someone must be
    identified with an ID number, and a `requires_chip` procedure needs the fields it
    uses read from a verified chip (a QR alone can be photographed)."""
    if identity is None or not identity.id_number:
        raise SubmissionError("submit.no_identity")
    if defn.requires_chip:
        # Only the fields the card actually holds: a chip without a spouse name does not
        # block a form that could prefill one.
        wanted = tuple(n for n in chip_fields(defn)
                       if identity.knows(n) or n in ("id_number", "full_name"))
        try:
            identity.require_chip_verified(*wanted)
        except IdentityNotVerified as exc:
            raise SubmissionError("submit.chip_required", ", ".join(exc.fields)) from None


@dataclass(eq=False)
class Draft:
    """One citizen's submission in progress (kept in the session: a wipe forgets it)."""

    definition: FormDefinition
    identity: Identity
    form: FormState
    procedure_name: str = ""
    consent_version: str | None = None
    consent_time: datetime | None = None
    delivery: str | None = None
    post_address: str = ""
    local_ref: str = ""
    # Set once the outbox has it: never submitted twice from one draft.
    stored: bool = False

    @classmethod
    def start(cls, definition: FormDefinition, identity: Identity, *,
              procedure_name: str = "", today: date | None = None) -> Draft:
        check_identity(definition, identity)
        form = FormState.prefill(definition, identity.to_form_prefill(), today=today)
        draft = cls(definition, identity, form, procedure_name=procedure_name)
        draft.local_ref = new_local_ref(today or now_hanoi().date()).text
        if len(definition.delivery) == 1:
            draft.delivery = definition.delivery[0]
        if "buu_chinh" in definition.delivery and identity.residence:
            draft.post_address = identity.residence[:MAX_POST_ADDRESS]
        return draft

    # -- the fee ------------------------------------------------------------------------

    @property
    def fee(self) -> int | None:
        """VND owed at submission; None when not known here (confirmed at the counter)."""
        return self.definition.fee.vnd

    # -- consent ------------------------------------------------------------------------

    def agree(self, version: str, at: datetime | None = None) -> None:
        if not version:
            raise SubmissionError("dossier.consent_required")
        self.consent_version = version
        self.consent_time = (at or now_hanoi()).astimezone(HANOI).replace(microsecond=0)

    def decline(self) -> None:
        self.consent_version = None
        self.consent_time = None

    @property
    def consented(self) -> bool:
        return bool(self.consent_version) and self.consent_time is not None

    # -- delivery -----------------------------------------------------------------------

    def choose_delivery(self, delivery: str, address: str = "") -> None:
        if delivery not in self.definition.delivery:
            raise SubmissionError("dossier.delivery_not_allowed", delivery)
        if delivery == "buu_chinh":
            text = " ".join(address.split())
            if not text:
                raise SubmissionError("submit.address_required")
            if len(text) > MAX_POST_ADDRESS:
                raise SubmissionError("submit.address_too_long")
            self.post_address = text
        self.delivery = delivery

    # -- checks and the body -------------------------------------------------------------

    def problems(self, today: date) -> dict[str, str]:
        """Form field id → error key (visible fields only)."""
        return self.form.errors(today)

    def check(self, today: date) -> None:
        """Everything a submission needs; SubmissionError naming the first thing missing."""
        check_identity(self.definition, self.identity)
        errors = self.problems(today)
        if errors:
            raise SubmissionError("submit.form_errors", fields=errors)
        if not self.consented:
            raise SubmissionError("dossier.consent_required")
        if self.delivery is None:
            raise SubmissionError("submit.delivery_required")
        if self.delivery not in self.definition.delivery:
            raise SubmissionError("dossier.delivery_not_allowed", self.delivery)
        if self.delivery == "buu_chinh" and not self.post_address.strip():
            raise SubmissionError("submit.address_required")

    def body(self, *, agency: str, kiosk_id: str, today: date) -> dict[str, Any]:
        """The DossierSubmission (checked first: raises SubmissionError)."""
        self.check(today)
        data = self.form.submission_data()
        ident = self.identity
        # Data minimisation: who submits (name, ID number, birth date, residence); the
        # form's own answers go in DuLieuToKhai, and nothing else from the card.
        applicant: dict[str, Any] = {
            "HoTen": str(data.get("full_name") or ident.full_name or ""),
            "SoDinhDanh": ident.id_number,
        }
        if ident.date_of_birth is not None:
            applicant["NgaySinh"] = ident.date_of_birth.isoformat()
        if ident.residence:
            applicant["DiaChi"] = ident.residence[:300]
        body: dict[str, Any] = {
            "MaTTHC": self.definition.MaTTHC,
            "MaCoQuan": agency,
            "NguoiNop": applicant,
            "HinhThucNhanKetQua": self.delivery,
            "DiaChiNhanKetQua": self.post_address if self.delivery == "buu_chinh" else None,
            "DuLieuToKhai": data,
            "DongYXuLyDuLieu": True,
            "PhienBanDongY": self.consent_version,
            "ThoiDiemDongY": self.consent_time.isoformat(),  # type: ignore[union-attr]
            "MaThamChieuKiosk": self.local_ref,
        }
        if kiosk_id:
            body["MaKiosk"] = kiosk_id
        return body


# -- the receipt -----------------------------------------------------------------------

@dataclass(frozen=True)
class Outcome:
    """Where the dossier stands after the outbox took it."""

    local_ref: str
    dossier_code: str | None  # None: stored, to be sent automatically
    submitted_at: datetime
    appointment: date | None = None
    fee_paid: bool = False

    @property
    def reference(self) -> str:
        return self.dossier_code or self.local_ref

    @property
    def offline(self) -> bool:
        return self.dossier_code is None


def make_receipt(draft: Draft, outcome: Outcome, *, ward_name: str, lookup_url: str,
                 kiosk_id: str = "") -> Any:
    """The kiosk.receipt.Receipt of this submission."""
    from kiosk.receipt import Receipt

    return Receipt(
        ward_name=ward_name,
        procedure_name=draft.procedure_name or draft.definition.title.vi,
        procedure_name_en=draft.definition.title.en,
        procedure_code=draft.definition.MaTTHC,
        submitted_at=outcome.submitted_at.replace(tzinfo=None),
        lookup_qr=receipt_qr_payload(outcome.reference, lookup_url),
        dossier_code=outcome.dossier_code,
        local_ref=outcome.local_ref if outcome.offline else None,
        appointment=outcome.appointment,
        fee_vnd=draft.fee,
        fee_paid=outcome.fee_paid,
        delivery=DELIVERY_TO_RECEIPT.get(draft.delivery or "", "counter"),  # type: ignore[arg-type]
        documents_to_bring=tuple(d.vi for d in draft.definition.documents_to_bring),
        kiosk_id=kiosk_id,
    )


def appointment_of(dossier: dict[str, Any] | None) -> date | None:
    """NgayHenTra of a status view as a date, or None."""
    value = (dossier or {}).get("NgayHenTra")
    if not isinstance(value, str):
        return None
    try:
        return datetime.fromisoformat(value.replace("Z", "+00:00")).astimezone(HANOI).date()
    except ValueError:
        return None
