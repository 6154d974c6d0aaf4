"""The portal simulator's dossiers and payments: a thread-safe in-memory gateway.

What a real one-stop-shop back office does, at demo speed: it validates a submission
against the procedure's form definition, gives it a national-format code
(agency-YYMMDD-sequence, a daily sequence per agency), deduplicates retries by
Idempotency-Key, and moves every dossier through the national statuses on its own, one step
every `step_seconds`, following a scenario chosen from a hash of its code (so a given code
always tells the same story). Fees are paid with VietQR; the "bank" confirms through
`bank_callback`, which is what a banking app paying the QR would cause.

Time comes from a `clock` callable (epoch seconds) plus an offset the control surface can
advance, so tests and demos can jump forward without sleeping.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import json
import logging
import math
import re
import secrets
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta, timezone
from importlib import resources
from typing import Any

log = logging.getLogger(__name__)

# Hà Nội has had no daylight saving time since 1975: a fixed offset is exact.
VN_TZ = timezone(timedelta(hours=7), "ICT")

# Mirrors devices/cccd/specimen.py SPECIMEN_ID (the demo card); copied rather than imported
# so the simulator does not pull the chip stack in.
DEMO_ID_NUMBER = "001190012345"
DEMO_NAME = "Nguyễn Thị Mẫu"
DEMO_ADDRESS = "Số 1 Phố Mẫu, Phường Ba Đình, Thành phố Hà Nội"

STATUS_NAMES = {
    1: "Mới đăng ký",
    2: "Được tiếp nhận",
    3: "Không được tiếp nhận",
    4: "Đang xử lý",
    5: "Yêu cầu bổ sung giấy tờ",
    6: "Yêu cầu thực hiện nghĩa vụ tài chính",
    7: "Công dân yêu cầu rút hồ sơ",
    8: "Dừng xử lý",
    9: "Đã xử lý xong",
    10: "Đã trả kết quả",
}
DELIVERY = ("truc_tiep", "truc_tuyen", "buu_chinh")
ID_SOURCES = ("chip_verified", "chip_unverified", "qr", "typed")
STRONG_ID_SOURCES = ("chip_verified", "chip_unverified")
PAYMENT_STATES = ("cho_thanh_toan", "da_thanh_toan", "het_han", "da_huy")

_ID_NUMBER = re.compile(r"[0-9]{12}")
_PHONE = re.compile(r"[0-9+ ]{8,15}")
_EMAIL = re.compile(r"[^@\s]+@[^@\s]+\.[^@\s]+")
_MA_HO_SO = re.compile(r"[A-Za-z0-9.]+-[0-9]{6}-[0-9]{4,}")
# "LK-" + YYMMDD + 6 Crockford base-32 symbols + a mod-37 check symbol (kiosk/dossier/codes.py).
_LOCAL_REF = re.compile(r"LK-[0-9]{6}-[0-9A-HJKMNP-TV-Z]{6}[0-9A-HJKMNP-TV-Z*~$=U]")
_ASCII_TEXT = re.compile(r"[A-Za-z0-9 .,:/_-]{1,25}")
_MAX_ATTACHMENT = 5 * 1024 * 1024


class ApiError(Exception):
    """An answer other than success: becomes an RFC 9457 problem with `code`."""

    def __init__(self, status: int, code: str, detail: str,
                 headers: dict[str, str] | None = None, *,
                 errors: dict[str, str] | None = None) -> None:
        super().__init__(detail)
        self.status = status
        self.code = code
        self.detail = detail
        self.headers = headers or {}
        self.errors = errors


def _load_json(name: str) -> Any:
    return json.loads(resources.files("kiosk").joinpath("data", name).read_text("utf-8"))


def load_agencies() -> dict[str, str]:
    """{MaCoQuan: TenCoQuan} of the agencies a dossier may be submitted to."""
    return {a["MaCoQuan"]: a["TenCoQuan"] for a in _load_json("agencies.json")["agencies"]}


def iso(ts: float) -> str:
    """Epoch seconds as local Hà Nội time, e.g. 2026-11-22T17:05:00+07:00."""
    return datetime.fromtimestamp(ts, VN_TZ).isoformat(timespec="seconds")


def local_date(ts: float) -> date:
    return datetime.fromtimestamp(ts, VN_TZ).date()


def body_hash(body: Any) -> str:
    text = json.dumps(body, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def add_working_days(start: date, days: int) -> date:
    d = start
    while days > 0:
        d += timedelta(days=1)
        if d.weekday() < 5:
            days -= 1
    return d


class SimClock:
    """`clock()` (epoch seconds) plus an offset that `advance` moves forward."""

    def __init__(self, clock: Callable[[], float] | None = None) -> None:
        self._clock = clock or time.time
        self._offset = 0.0
        self._lock = threading.Lock()

    def __call__(self) -> float:
        with self._lock:
            return self._clock() + self._offset

    def advance(self, seconds: float) -> float:
        if not math.isfinite(seconds) or seconds < 0:
            raise ValueError("advance must be a finite number of seconds >= 0")
        with self._lock:
            self._offset += seconds
        return self()


# -- scenarios -------------------------------------------------------------------------

@dataclass(frozen=True, slots=True)
class Step:
    status: int
    note: str
    hold: bool = False  # stay here until something happens (a payment)


SCENARIOS: dict[str, tuple[Step, ...]] = {
    "normal": (
        Step(2, "Bộ phận Một cửa đã tiếp nhận hồ sơ."),
        Step(4, "Hồ sơ đã chuyển cán bộ chuyên môn xử lý."),
        Step(9, "Đã có kết quả; mời nhận theo hình thức đã chọn."),
        Step(10, "Đã trả kết quả cho công dân."),
    ),
    "bo_sung": (
        Step(2, "Bộ phận Một cửa đã tiếp nhận hồ sơ."),
        Step(5, "Hồ sơ cần bổ sung giấy tờ."),
        Step(4, "Đã nhận giấy tờ bổ sung; tiếp tục xử lý."),
        Step(9, "Đã có kết quả; mời nhận theo hình thức đã chọn."),
        Step(10, "Đã trả kết quả cho công dân."),
    ),
    "nghia_vu_tai_chinh": (
        Step(2, "Bộ phận Một cửa đã tiếp nhận hồ sơ."),
        Step(4, "Hồ sơ đã chuyển cán bộ chuyên môn xử lý."),
        Step(6, "Cần nộp khoản nghĩa vụ tài chính trước khi xử lý tiếp.", hold=True),
        Step(4, "Đã nhận thanh toán; tiếp tục xử lý."),
        Step(9, "Đã có kết quả; mời nhận theo hình thức đã chọn."),
        Step(10, "Đã trả kết quả cho công dân."),
    ),
    "tu_choi": (
        Step(3, "Hồ sơ không được tiếp nhận."),
    ),
}
SUPPLEMENT_TEXT = ("Bổ sung bản sao giấy tờ chứng minh chỗ ở hợp pháp; nộp tại Bộ phận Một cửa "
                   "hoặc trên Cổng Dịch vụ công.")
REFUSAL_TEXT = "Thành phần hồ sơ không đúng với thủ tục đã chọn."
# Simulated obligations (status 6); not real fees of any procedure.
OBLIGATION_AMOUNTS = (20_000, 50_000, 100_000)


def scenario_for(code: str) -> str:
    """The scenario a dossier follows: mostly normal; stable for a given code."""
    b = hashlib.sha256(code.encode("utf-8")).digest()[0] % 20
    if b < 2:
        return "tu_choi"  # 10 %
    if b < 5:
        return "bo_sung"  # 15 %
    if b < 8:
        return "nghia_vu_tai_chinh"  # 15 %
    return "normal"


def obligation_for(code: str) -> int:
    b = hashlib.sha256(code.encode("utf-8")).digest()[1]
    return OBLIGATION_AMOUNTS[b % len(OBLIGATION_AMOUNTS)]


# -- records ---------------------------------------------------------------------------

@dataclass(slots=True)
class DossierRecord:
    code: str
    procedure: str
    procedure_name: str
    agency: str
    agency_name: str
    applicant: dict[str, Any]
    delivery: str
    delivery_address: str | None
    form_data: dict[str, Any]
    local_ref: str | None
    consent_version: str | None
    consent_time: str | None
    created: float
    due: date
    scenario: str
    fee: int | None  # the procedure fee owed at submission (VND); None: none known
    fee_paid: bool = False
    history: list[tuple[int, float, str]] = field(default_factory=list)
    plan: list[Step] = field(default_factory=list)
    next_at: float | None = None
    held: bool = False
    supplement: str | None = None
    owed: int | None = None
    reason: str | None = None
    collect: str | None = None
    returned_at: float | None = None

    @property
    def status(self) -> int:
        return self.history[-1][0]


@dataclass(slots=True)
class PaymentRecord:
    id: str
    dossier: str
    amount: int
    kind: str  # le_phi (the procedure fee) or nghia_vu_tai_chinh (status 6)
    payload: str
    purpose: str
    created: float
    expires: float
    state: str = "cho_thanh_toan"
    paid_at: float | None = None


@dataclass(frozen=True, slots=True)
class Payee:
    bank_bin: str = "970415"  # VietinBank
    account: str = "113366668888"
    account_name: str = "UBND PHUONG HOAN KIEM"


# -- form definitions (kiosk/forms, written alongside) ---------------------------------

class Forms:
    """Form definitions by procedure code, parsed once; through kiosk.forms."""

    def __init__(self, loader: Callable[[str], dict[str, Any] | None] | None = None) -> None:
        self._loader = loader
        self._lock = threading.Lock()
        self._wire: dict[str, dict[str, Any] | None] = {}
        self._parsed: dict[str, Any] = {}

    @staticmethod
    def _module() -> Any:
        try:
            import kiosk.forms as forms
        except ImportError:  # the package is not there: no procedure has a form
            return None
        return forms

    def wire(self, code: str) -> dict[str, Any] | None:
        with self._lock:
            if code not in self._wire:
                loader = self._loader
                if loader is None:
                    forms = self._module()
                    loader = forms.load_definition if forms is not None else (lambda c: None)
                self._wire[code] = loader(code)
            return self._wire[code]

    def validate(self, code: str, values: dict[str, Any], today: date) -> dict[str, str]:
        """{field id: error key}; empty when the values pass the form's own rules."""
        forms = self._module()
        if forms is None:
            raise ApiError(500, "internal_error", "Form validation is not available.")
        with self._lock:
            defn = self._parsed.get(code)
        if defn is None:
            wire = self.wire(code)
            if wire is None:
                return {}
            defn = forms.FormDefinition.from_wire(wire)
            with self._lock:
                self._parsed[code] = defn
        return dict(forms.validate(defn, values, today=today))

    def fee(self, code: str) -> int | None:
        wire = self.wire(code) or {}
        fee = wire.get("fee")
        vnd = fee.get("vnd") if isinstance(fee, dict) else None
        return vnd if isinstance(vnd, int) and not isinstance(vnd, bool) and vnd > 0 else None

    def field_ids(self, code: str) -> set[str]:
        wire = self.wire(code) or {}
        return {f.get("id") for s in wire.get("sections", []) for f in s.get("fields", [])}


# -- the store -------------------------------------------------------------------------

class DossierStore:
    """Dossiers and payments of the simulated gateway. Every method is thread-safe."""

    def __init__(
        self,
        *,
        procedures: Callable[[str], dict[str, Any] | None],
        forms: Forms | None = None,
        clock: SimClock | None = None,
        step_seconds: float = 120.0,
        payee: Payee | None = None,
        payment_lifetime: float = 600.0,
        agencies: dict[str, str] | None = None,
        seed_demo: bool = True,
    ) -> None:
        if step_seconds <= 0 or payment_lifetime <= 0:
            raise ValueError("step_seconds and payment_lifetime must be positive")
        self._procedures = procedures
        self.forms = forms or Forms()
        self.clock = clock or SimClock()
        self.step_seconds = float(step_seconds)
        self.payee = payee or Payee()
        self.payment_lifetime = float(payment_lifetime)
        self._agencies = agencies
        self._lock = threading.RLock()
        self._dossiers: dict[str, DossierRecord] = {}
        self._by_citizen: dict[str, list[str]] = {}
        self._idem: dict[str, tuple[str, str]] = {}  # key -> (body hash, MaHoSo)
        self._seq: dict[tuple[str, str], int] = {}
        self._payments: dict[str, PaymentRecord] = {}
        self._pay_idem: dict[str, tuple[str, str]] = {}
        self._procedure_cache: dict[str, tuple[str, int] | None] = {}
        self._seeded = not seed_demo

    @property
    def agencies(self) -> dict[str, str]:
        with self._lock:
            if self._agencies is None:
                self._agencies = load_agencies()
            return self._agencies

    def __len__(self) -> int:
        with self._lock:
            return len(self._dossiers)

    def codes(self) -> list[str]:
        with self._lock:
            self._seed()
            return list(self._dossiers)

    # -- submission ----------------------------------------------------------------

    def submit(self, body: Any, key: str) -> tuple[dict[str, Any], bool]:
        """(status view, replayed). Raises ApiError (422 and friends)."""
        digest = body_hash(body)
        with self._lock:
            self._seed()
            seen = self._idem.get(key)
            if seen is not None:
                if seen[0] != digest:
                    raise ApiError(422, "idempotency_key_reused",
                                   "This Idempotency-Key was used with another body.")
                return self._view(self._dossiers[seen[1]]), True
            now = self.clock()
            checked = self._check_submission(body, now)
            rec = self._create(checked, now)
            self._idem[key] = (digest, rec.code)
            return self._view(rec), False

    def _check_submission(self, body: Any, now: float) -> dict[str, Any]:
        if not isinstance(body, dict):
            raise ApiError(400, "bad_request", "The body must be a JSON object.")
        errors: dict[str, str] = {}
        code = body.get("MaTTHC")
        procedure = None
        if not isinstance(code, str) or not code:
            errors["MaTTHC"] = "form.required"
        else:
            procedure = self._procedure(code)
            if procedure is None:
                errors["MaTTHC"] = "dossier.procedure_unknown"
            elif self.forms.wire(code) is None:
                errors["MaTTHC"] = "dossier.no_form"
        agency = body.get("MaCoQuan")
        if not isinstance(agency, str) or not agency:
            errors["MaCoQuan"] = "form.required"
        elif agency not in self.agencies:
            errors["MaCoQuan"] = "dossier.agency_unknown"
        applicant = body.get("NguoiNop")
        if not isinstance(applicant, dict):
            errors["NguoiNop"] = "form.required"
            applicant = {}
        else:
            _check_applicant(applicant, errors)
        delivery = body.get("HinhThucNhanKetQua")
        address = body.get("DiaChiNhanKetQua")
        if delivery not in DELIVERY:
            errors["HinhThucNhanKetQua"] = "form.choice_invalid"
        if address is not None and (not isinstance(address, str) or len(address) > 300):
            errors["DiaChiNhanKetQua"] = "form.too_long"
        elif delivery == "buu_chinh" and not (isinstance(address, str) and address.strip()):
            errors["DiaChiNhanKetQua"] = "dossier.delivery_address_required"
        if body.get("DongYXuLyDuLieu") is not True:
            errors["DongYXuLyDuLieu"] = "dossier.consent_required"
        version = body.get("PhienBanDongY")
        if not isinstance(version, str) or not 1 <= len(version) <= 40:
            errors["PhienBanDongY"] = "dossier.consent_required"
        consent_at = _parse_datetime(body.get("ThoiDiemDongY"))
        if consent_at is None:
            errors["ThoiDiemDongY"] = "dossier.consent_required"
        elif consent_at > now + 300:  # a kiosk clock a little fast is fine; the future is not
            errors["ThoiDiemDongY"] = "form.date_future"
        ref = body.get("MaThamChieuKiosk")
        if ref is not None and not (isinstance(ref, str) and _LOCAL_REF.fullmatch(ref)):
            errors["MaThamChieuKiosk"] = "dossier.local_ref_invalid"
        for name in ("TruongHop", "MaKiosk"):
            if body.get(name) is not None and not isinstance(body.get(name), str):
                errors[name] = "form.pattern"
        _check_attachments(body.get("GiayTo"), errors)
        data = body.get("DuLieuToKhai", {})
        if not isinstance(data, dict):
            errors["DuLieuToKhai"] = "form.required"
        elif procedure is not None and "MaTTHC" not in errors:
            wire = self.forms.wire(code) or {}
            allowed = wire.get("delivery")
            if isinstance(allowed, list) and allowed and delivery in DELIVERY \
                    and delivery not in allowed:
                errors["HinhThucNhanKetQua"] = "dossier.delivery_not_allowed"
            known = self.forms.field_ids(code)
            for name in data:
                if name not in known:
                    errors[name] = "dossier.unknown_field"  # data minimisation
            errors.update(self.forms.validate(code, data, local_date(now)))
        if errors:
            raise ApiError(422, "validation_failed",
                           f"{len(errors)} field(s) failed validation.", errors=errors)
        return {"procedure": procedure, **body}

    def _create(self, body: dict[str, Any], now: float) -> DossierRecord:
        code = body["MaTTHC"]
        agency = body["MaCoQuan"]
        name, days = body["procedure"]
        today = local_date(now)
        rec = DossierRecord(
            code=self._next_code(agency, today),
            procedure=code,
            procedure_name=name,
            agency=agency,
            agency_name=self.agencies[agency],
            applicant={k: v for k, v in body["NguoiNop"].items()
                       if k in ("HoTen", "SoDinhDanh", "NgaySinh", "SoDienThoai", "Email",
                                "DiaChi")},
            delivery=body["HinhThucNhanKetQua"],
            delivery_address=body.get("DiaChiNhanKetQua"),
            form_data=dict(body.get("DuLieuToKhai") or {}),
            local_ref=body.get("MaThamChieuKiosk"),
            consent_version=body["PhienBanDongY"],
            consent_time=body["ThoiDiemDongY"],
            created=now,
            due=add_working_days(today, days),
            scenario="",
            fee=self.forms.fee(code),
        )
        rec.scenario = scenario_for(rec.code)
        rec.history.append((1, now, "Hồ sơ đã được gửi từ ki-ốt."))
        rec.plan = list(SCENARIOS[rec.scenario])
        rec.next_at = now + self.step_seconds
        self._add(rec)
        log.info("dossier %s received (%s, scenario %s)", rec.code, code, rec.scenario)
        return rec

    def _add(self, rec: DossierRecord) -> None:
        self._dossiers[rec.code] = rec
        self._by_citizen.setdefault(rec.applicant["SoDinhDanh"], []).append(rec.code)

    def _next_code(self, agency: str, day: date) -> str:
        stamp = day.strftime("%y%m%d")
        seq = self._seq.get((agency, stamp), 0) + 1
        self._seq[(agency, stamp)] = seq
        return f"{agency}-{stamp}-{seq:04d}"

    def _procedure(self, code: str) -> tuple[str, int] | None:
        """(name, working days to the appointment) of a catalog procedure, or None."""
        if code not in self._procedure_cache:
            rec = self._procedures(code)
            if rec is None:
                return None  # not cached: it may be added to the catalog later
            self._procedure_cache[code] = (rec.get("TenTTHC") or code, _due_days(rec))
        return self._procedure_cache[code]

    # -- status --------------------------------------------------------------------

    def status(self, code: str) -> dict[str, Any]:
        with self._lock:
            return self._view(self._get(code))

    def details(self, code: Any, id_number: Any) -> dict[str, Any]:
        """The status view plus the applicant's details, only for the matching ID number."""
        if not isinstance(code, str) or not isinstance(id_number, str):
            raise ApiError(422, "validation_failed", "MaHoSo and SoDinhDanh are required.",
                           errors={"MaHoSo" if not isinstance(code, str) else "SoDinhDanh":
                                   "form.required"})
        with self._lock:
            self._seed()
            rec = self._dossiers.get(code)
            # One answer for "no such dossier" and "not yours": existence is not revealed.
            if rec is None or not secrets.compare_digest(
                    rec.applicant["SoDinhDanh"].encode(), id_number.encode()):
                raise ApiError(404, "dossier_not_found",
                               "No dossier with this code for this ID number.")
            view = self._view(rec)
            person = {k: rec.applicant[k] for k in ("HoTen", "DiaChi", "SoDienThoai", "Email")
                      if rec.applicant.get(k)}
            view["NguoiNop"] = person
            view["HinhThucNhanKetQua"] = rec.delivery
            if rec.delivery_address:
                view["DiaChiNhanKetQua"] = rec.delivery_address
            return view

    def citizen_dossiers(self, id_number: Any, source: Any) -> list[dict[str, Any]]:
        errors = {}
        if not isinstance(id_number, str) or not _ID_NUMBER.fullmatch(id_number):
            errors["SoDinhDanh"] = "form.id_invalid"
        if source not in ID_SOURCES:
            errors["NguonDinhDanh"] = "form.choice_invalid"
        if errors:
            raise ApiError(422, "validation_failed", "Bad lookup request.", errors=errors)
        if source not in STRONG_ID_SOURCES:
            # A printed QR or a typed number proves nothing: anyone can photograph a card.
            raise ApiError(403, "identity_insufficient",
                           "Listing a citizen's dossiers needs the chip of the ID card.")
        with self._lock:
            self._seed()
            recs = [self._dossiers[c] for c in self._by_citizen.get(id_number, [])]
            recs.sort(key=lambda r: (r.created, r.code), reverse=True)
            return [self._view(r) for r in recs]

    def set_status(self, code: str, body: dict[str, Any]) -> dict[str, Any]:
        """Control surface: put a dossier in a status now; its scenario stops there."""
        status = body.get("TrangThaiHoSo")
        if not isinstance(status, int) or isinstance(status, bool) or status not in STATUS_NAMES:
            raise ApiError(400, "bad_request", "TrangThaiHoSo must be 1..10.")
        owed = body.get("SoTienPhaiNop")
        if status == 6 and owed is not None and (
                not isinstance(owed, int) or isinstance(owed, bool) or owed < 1):
            raise ApiError(400, "bad_request", "SoTienPhaiNop must be a positive integer.")
        with self._lock:
            rec = self._get(code)
            now = self.clock()
            rec.plan = []
            rec.next_at = None
            rec.held = False
            note = body.get("GhiChu")
            self._enter(rec, Step(status, note if isinstance(note, str) else "Cập nhật thủ công."),
                        now)
            if status == 5 and isinstance(body.get("YeuCauBoSung"), str):
                rec.supplement = body["YeuCauBoSung"]
            if status == 6:
                rec.owed = owed or obligation_for(rec.code)
                rec.held = True
                # After payment it goes on as the fee scenario does.
                rec.plan = list(SCENARIOS["nghia_vu_tai_chinh"][3:])
            if status in (3, 8) and isinstance(body.get("LyDo"), str):
                rec.reason = body["LyDo"]
            if status == 9 and isinstance(body.get("NoiNhanKetQua"), str):
                rec.collect = body["NoiNhanKetQua"]
            return self._view(rec)

    def _get(self, code: str) -> DossierRecord:
        self._seed()
        rec = self._dossiers.get(code)
        if rec is None:
            raise ApiError(404, "dossier_not_found", f"No dossier {code}.")
        return rec

    def _advance(self, rec: DossierRecord, now: float) -> None:
        while rec.plan and not rec.held and rec.next_at is not None and now >= rec.next_at:
            at = rec.next_at
            step = rec.plan.pop(0)
            self._enter(rec, step, at)
            if step.hold:
                rec.held = True
                rec.next_at = None
            else:
                rec.next_at = at + self.step_seconds if rec.plan else None

    def _enter(self, rec: DossierRecord, step: Step, at: float) -> None:
        rec.history.append((step.status, at, step.note))
        if step.status == 5:
            rec.supplement = SUPPLEMENT_TEXT
        elif step.status == 6:
            rec.owed = rec.owed or obligation_for(rec.code)
        elif step.status in (3, 8):
            rec.reason = rec.reason or REFUSAL_TEXT
        elif step.status == 9:
            rec.collect = rec.collect or _collect_text(rec, at)
        elif step.status == 10:
            rec.returned_at = at

    def _view(self, rec: DossierRecord) -> dict[str, Any]:
        """The status view: what anyone holding the code may see (no personal data)."""
        self._advance(rec, self.clock())
        status = rec.status
        received = next((t for s, t, _ in rec.history if s == 2), None)
        return {
            "MaHoSo": rec.code,
            "MaTTHC": rec.procedure,
            "TenTTHC": rec.procedure_name,
            "MaCoQuan": rec.agency,
            "CoQuanTiepNhan": rec.agency_name,
            "TrangThaiHoSo": status,
            "TenTrangThai": STATUS_NAMES[status],
            "NgayNop": iso(rec.created),
            "NgayTiepNhan": iso(received) if received is not None else None,
            "NgayHenTra": datetime.combine(rec.due, datetime.min.time().replace(hour=17),
                                           VN_TZ).isoformat(timespec="seconds"),
            "NgayTraKetQua": iso(rec.returned_at) if rec.returned_at else None,
            "LichSu": [{"TrangThaiHoSo": s, "ThoiDiem": iso(t), "GhiChu": n}
                       for s, t, n in rec.history],
            "YeuCauBoSung": rec.supplement if status == 5 else None,
            "SoTienPhaiNop": rec.owed if status == 6 else None,
            "NoiNhanKetQua": rec.collect if status == 9 else None,
            "LyDo": rec.reason if status in (3, 8) else None,
            "LePhi": rec.fee,
            "DaNopLePhi": rec.fee_paid if rec.fee else None,
            "MaThamChieuKiosk": rec.local_ref,
        }

    # -- payments ------------------------------------------------------------------

    def create_payment(self, body: Any, key: str) -> tuple[dict[str, Any], bool]:
        if not isinstance(body, dict):
            raise ApiError(400, "bad_request", "The body must be a JSON object.")
        digest = body_hash(body)
        with self._lock:
            self._seed()
            seen = self._pay_idem.get(key)
            if seen is not None:
                if seen[0] != digest:
                    raise ApiError(422, "idempotency_key_reused",
                                   "This Idempotency-Key was used with another body.")
                return self._pay_view(self._payments[seen[1]]), True
            errors = {}
            code, amount, purpose = body.get("MaHoSo"), body.get("SoTien"), body.get("NoiDung")
            if not isinstance(code, str) or not _MA_HO_SO.fullmatch(code):
                errors["MaHoSo"] = "form.required"
            if not isinstance(amount, int) or isinstance(amount, bool) or amount < 1:
                errors["SoTien"] = "form.number_invalid"
            if purpose is not None and not (isinstance(purpose, str)
                                            and _ASCII_TEXT.fullmatch(purpose)):
                errors["NoiDung"] = "payment.purpose_invalid"
            if errors:
                raise ApiError(422, "validation_failed", "Bad payment request.", errors=errors)
            rec = self._get(code)
            now = self.clock()
            self._advance(rec, now)
            if rec.status == 6 and rec.held:
                owed, kind = rec.owed, "nghia_vu_tai_chinh"
            elif rec.fee and not rec.fee_paid and rec.status not in (3, 7, 8):
                owed, kind = rec.fee, "le_phi"
            else:
                raise ApiError(422, "nothing_owed", f"Nothing is owed on dossier {code}.")
            if amount != owed:
                raise ApiError(422, "amount_mismatch",
                               f"The amount owed on {code} is {owed} VND, not {amount}.")
            for other in self._payments.values():
                # One QR at a time per dossier: a new one supersedes the one on screen.
                if other.dossier == code and other.kind == kind:
                    self._expire(other, now)
                    if other.state == "cho_thanh_toan":
                        other.state = "da_huy"
            purpose = purpose or ("Le phi ho so" if kind == "le_phi" else "Nghia vu tai chinh")
            from kiosk.payment.vietqr import build_payload

            payload = build_payload(bank_bin=self.payee.bank_bin, account=self.payee.account,
                                    amount=amount, bill_number=code, purpose=purpose)
            pay = PaymentRecord(
                id="TT" + secrets.token_hex(8).upper(), dossier=code, amount=amount, kind=kind,
                payload=payload, purpose=purpose, created=now,
                expires=now + self.payment_lifetime,
            )
            self._payments[pay.id] = pay
            self._pay_idem[key] = (digest, pay.id)
            return self._pay_view(pay), False

    def payment(self, pay_id: str) -> dict[str, Any]:
        with self._lock:
            return self._pay_view(self._get_payment(pay_id))

    def cancel_payment(self, pay_id: str) -> dict[str, Any]:
        with self._lock:
            pay = self._get_payment(pay_id)
            self._expire(pay, self.clock())
            if pay.state == "da_thanh_toan":
                raise ApiError(409, "payment_already_paid", "This payment is already paid.")
            if pay.state == "cho_thanh_toan":
                pay.state = "da_huy"
            return self._pay_view(pay)

    def bank_callback(self, body: dict[str, Any]) -> dict[str, Any]:
        """What the bank tells the gateway when someone pays the QR."""
        amount = body.get("amount")
        if not isinstance(amount, int) or isinstance(amount, bool) or amount < 1:
            raise ApiError(400, "bad_request", "amount must be a positive integer (VND).")
        with self._lock:
            pay_id, bill = body.get("payment_id"), body.get("bill_number")
            if isinstance(pay_id, str):
                pay = self._get_payment(pay_id)
            elif isinstance(bill, str):
                now = self.clock()
                candidates = [p for p in self._payments.values() if p.dossier == bill]
                for p in candidates:
                    self._expire(p, now)
                open_ = [p for p in candidates if p.state == "cho_thanh_toan"]
                pool = open_ or candidates
                if not pool:
                    raise ApiError(404, "payment_not_found", f"No payment for bill {bill}.")
                pay = max(pool, key=lambda p: p.created)
            else:
                raise ApiError(400, "bad_request", "Give payment_id or bill_number.")
            now = self.clock()
            self._expire(pay, now)
            if pay.state == "da_thanh_toan":
                return self._pay_view(pay)  # banks repeat callbacks
            if pay.state != "cho_thanh_toan":
                raise ApiError(409, "payment_not_payable", f"The payment is {pay.state}.")
            if amount != pay.amount:
                raise ApiError(422, "amount_mismatch",
                               f"Paid {amount} VND but {pay.amount} VND is owed.")
            pay.state = "da_thanh_toan"
            pay.paid_at = now
            rec = self._dossiers[pay.dossier]
            self._advance(rec, now)
            if pay.kind == "le_phi":
                rec.fee_paid = True
            elif rec.held and rec.status == 6:
                rec.held = False
                if rec.plan:
                    self._enter(rec, rec.plan.pop(0), now)
                rec.next_at = now + self.step_seconds if rec.plan else None
            log.info("payment %s of %s paid (%d VND)", pay.id, pay.dossier, pay.amount)
            return self._pay_view(pay)

    def _get_payment(self, pay_id: str) -> PaymentRecord:
        pay = self._payments.get(pay_id)
        if pay is None:
            raise ApiError(404, "payment_not_found", f"No payment {pay_id}.")
        return pay

    @staticmethod
    def _expire(pay: PaymentRecord, now: float) -> None:
        if pay.state == "cho_thanh_toan" and now >= pay.expires:
            pay.state = "het_han"

    def _pay_view(self, pay: PaymentRecord) -> dict[str, Any]:
        self._expire(pay, self.clock())
        return {
            "id": pay.id,
            "MaHoSo": pay.dossier,
            "SoTien": pay.amount,
            "LoaiKhoanNop": pay.kind,
            "TrangThai": pay.state,
            "MaVietQR": pay.payload,
            "NganHang": self.payee.bank_bin,
            "SoTaiKhoan": self.payee.account,
            "TenTaiKhoan": self.payee.account_name,
            "NoiDung": pay.purpose,
            "TaoLuc": iso(pay.created),
            "HetHanLuc": iso(pay.expires),
            "ThanhToanLuc": iso(pay.paid_at) if pay.paid_at is not None else None,
        }

    # -- demo data -----------------------------------------------------------------

    def _seed(self) -> None:
        """Demo dossiers of the specimen card's citizen, in different statuses."""
        if self._seeded:
            return
        self._seeded = True
        now = self.clock()
        day = 86_400.0
        person = {"HoTen": DEMO_NAME, "SoDinhDanh": DEMO_ID_NUMBER, "DiaChi": DEMO_ADDRESS}
        # (procedure, agency, days ago, statuses walked, delivery)
        demos = [
            ("1.116789", "H26.107", 40, (2, 4, 9, 10), "truc_tiep"),
            ("1.116410", "H26.107", 12, (2, 4, 9), "truc_tiep"),
            ("1.004873", "H26.105", 6, (2, 5), "truc_tuyen"),
            ("1.116788", "H26.107", 4, (2, 4, 6), "truc_tiep"),
            ("1.001193", "H26.107", 1, (2, 4), "buu_chinh"),
            ("2.000815", "H26.105", 20, (3,), "truc_tiep"),
        ]
        for procedure, agency, ago, walk, delivery in demos:
            info = self._procedure(procedure)
            if info is None or agency not in self.agencies:
                continue  # a catalog without it (tests with a small catalog)
            created = now - ago * day
            rec = DossierRecord(
                code=self._next_code(agency, local_date(created)), procedure=procedure,
                procedure_name=info[0], agency=agency, agency_name=self.agencies[agency],
                applicant=dict(person), delivery=delivery,
                delivery_address=DEMO_ADDRESS if delivery == "buu_chinh" else None,
                form_data={}, local_ref=None, consent_version=None, consent_time=None,
                created=created, due=add_working_days(local_date(created), info[1]),
                scenario="demo", fee=self.forms.fee(procedure), fee_paid=True,
            )
            rec.history.append((1, created, "Hồ sơ đã được gửi từ ki-ốt."))
            steps = {s.status: s for sc in SCENARIOS.values() for s in sc[::-1]}
            gap = (ago * day) / (len(walk) + 1)
            for i, status in enumerate(walk, 1):
                self._enter(rec, steps[status], created + i * gap)
            if walk[-1] == 6:
                rec.held = True
                rec.plan = list(SCENARIOS["nghia_vu_tai_chinh"][3:])
            elif walk[-1] == 4:  # still moving: the demo shows progress
                rec.plan = list(SCENARIOS["normal"][2:])
                rec.next_at = now + self.step_seconds
            self._add(rec)


_SAMPLE_TEXTS = ("Mẫu", "08:30", "0101234567", DEMO_ID_NUMBER)


def example_submission(
    form: dict[str, Any],
    *,
    agency: str = "H26.107",
    id_number: str = DEMO_ID_NUMBER,
    name: str = DEMO_NAME,
    consent_at: str = "2026-01-01T08:00:00+07:00",
    local_ref: str | None = None,
) -> dict[str, Any]:
    """A submission the simulator accepts for `form` (a wire definition), with specimen
    values: for demos, benchmarks and other components' tests. Hidden fields stay empty.
    Raises ValueError when a field's pattern defeats the sample values."""
    values: dict[str, Any] = {}
    for section in form.get("sections", []):
        for f in section.get("fields", []):
            if f.get("visible_if") or not f.get("required"):
                continue
            values[f["id"]] = _sample_value(f, id_number, name)
    forms = Forms._module()
    if forms is not None:
        # Fields shown by the sample answers (visible_if) are required too: fill them.
        by_id = {f["id"]: f for s in form.get("sections", []) for f in s.get("fields", [])}
        defn = forms.FormDefinition.from_wire(form)
        for _ in range(5):
            errors = forms.validate(defn, values, today=date(2026, 1, 1))
            missing = [k for k, v in errors.items() if v == "form.required" and k in by_id]
            if not missing:
                break
            for k in missing:
                values[k] = _sample_value(by_id[k], id_number, name)
    delivery = (form.get("delivery") or ["truc_tiep"])[0]
    body: dict[str, Any] = {
        "MaTTHC": form["MaTTHC"],
        "MaCoQuan": agency,
        "NguoiNop": {"HoTen": name, "SoDinhDanh": id_number, "DiaChi": DEMO_ADDRESS},
        "HinhThucNhanKetQua": delivery,
        "DuLieuToKhai": values,
        "DongYXuLyDuLieu": True,
        "PhienBanDongY": "demo",
        "ThoiDiemDongY": consent_at,
    }
    if delivery == "buu_chinh":
        body["DiaChiNhanKetQua"] = DEMO_ADDRESS
    if local_ref is not None:
        body["MaThamChieuKiosk"] = local_ref
    return body


def _sample_value(f: dict[str, Any], id_number: str, name: str) -> Any:
    t = f.get("type")
    if t == "choice":
        return f["choices"][0]["value"]
    if t == "checkbox":
        return True
    if t == "date":
        return "2026-01-01" if f.get("date_rule") == "not_past" else "1990-03-15"
    if t == "integer":
        lo, hi = f.get("min"), f.get("max")
        value = max(1, lo if isinstance(lo, int) else 1)
        if isinstance(lo, int) and lo >= 1900:
            value = 1990  # a year
        return min(value, hi) if isinstance(hi, int) else value
    if t == "phone":
        return "0912345678"
    if t == "email":
        return "mau@example.vn"
    if t == "id_number":
        return id_number
    if t == "unit":
        return "00070"  # Phường Hoàn Kiếm
    if f.get("id") == "full_name":
        return name
    pattern = f.get("pattern")
    for text in _SAMPLE_TEXTS:
        if pattern is None or re.fullmatch(pattern, text):
            return text
    raise ValueError(f"no sample value matches the pattern of field {f.get('id')}")


def _check_applicant(a: dict[str, Any], errors: dict[str, str]) -> None:
    name = a.get("HoTen")
    if not isinstance(name, str) or not name.strip():
        errors["NguoiNop.HoTen"] = "form.required"
    elif len(name) > 100:
        errors["NguoiNop.HoTen"] = "form.too_long"
    id_number = a.get("SoDinhDanh")
    if not isinstance(id_number, str) or not _ID_NUMBER.fullmatch(id_number):
        errors["NguoiNop.SoDinhDanh"] = "form.id_invalid"
    checks = {"SoDienThoai": (_PHONE, "form.phone_invalid"),
              "Email": (_EMAIL, "form.email_invalid")}
    for name_, (pattern, key) in checks.items():
        value = a.get(name_)
        if value is not None and not (isinstance(value, str) and pattern.fullmatch(value)):
            errors["NguoiNop." + name_] = key
    dob = a.get("NgaySinh")
    if dob is not None:
        try:
            date.fromisoformat(dob if isinstance(dob, str) else "")
        except ValueError:
            errors["NguoiNop.NgaySinh"] = "form.date_invalid"
    address = a.get("DiaChi")
    if address is not None and not (isinstance(address, str) and len(address) <= 300):
        errors["NguoiNop.DiaChi"] = "form.too_long"


def _check_attachments(items: Any, errors: dict[str, str]) -> None:
    if items is None:
        return
    if not isinstance(items, list):
        errors["GiayTo"] = "dossier.attachment_invalid"
        return
    for i, item in enumerate(items):
        ok = (isinstance(item, dict) and isinstance(item.get("TenGiayTo"), str)
              and isinstance(item.get("KieuNoiDung"), str)
              and isinstance(item.get("NoiDung"), str))
        if ok:
            try:
                ok = len(base64.b64decode(item["NoiDung"], validate=True)) <= _MAX_ATTACHMENT
            except (binascii.Error, ValueError):
                ok = False
        if not ok:
            errors[f"GiayTo.{i}"] = "dossier.attachment_invalid"


def _parse_datetime(value: Any) -> float | None:
    if not isinstance(value, str):
        return None
    try:
        dt = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return None
    if dt.tzinfo is None:
        return None  # a moment without an offset is ambiguous
    return dt.astimezone(UTC).timestamp()


def _due_days(procedure: dict[str, Any]) -> int:
    """Working days to the appointment: the catalog's time when it states one, else 3."""
    for t in procedure.get("ThoiHanGiaiQuyet") or []:
        n, unit = t.get("ThoiGian"), t.get("DonVi")
        if isinstance(n, int | float) and n > 0:
            if unit in ("ngay_lam_viec", "ngay"):
                return max(1, math.ceil(n))
            if unit == "gio":
                return max(1, math.ceil(n / 8))
    return 3


def _collect_text(rec: DossierRecord, at: float) -> str:
    when = local_date(at)
    if rec.delivery == "truc_tiep":
        return (f"Bộ phận Một cửa {rec.agency_name}, giờ hành chính, từ ngày "
                f"{when:%d/%m/%Y}. Mang theo căn cước.")
    if rec.delivery == "buu_chinh":
        return "Kết quả được gửi qua bưu chính tới địa chỉ đã đăng ký."
    return "Kết quả điện tử trên Cổng Dịch vụ công; tải về bằng tài khoản định danh."


__all__ = [
    "DEMO_ID_NUMBER",
    "STATUS_NAMES",
    "ApiError",
    "DossierStore",
    "Forms",
    "Payee",
    "SimClock",
    "example_submission",
    "scenario_for",
]
