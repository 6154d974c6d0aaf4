"""The procedure catalog as the core sees it.

The wire format (Kiosk Portal API, field names in the national vocabulary) is the
source of truth; these dataclasses are the typed view the flows and screens use.
Everything optional stays optional: most real procedures come without documents or
fees, and the kiosk must say so rather than guess.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

# Handling levels are data. The codes are the API's; labels come from the portal's
# catalog metadata, so a new level needs no code change. These are only the defaults
# used when the portal has not told us.
DEFAULT_LEVEL_LABELS: dict[str, dict[str, str]] = {
    "bo": {"vi": "Cấp Bộ", "en": "Ministry"},
    "tinh": {"vi": "Cấp tỉnh", "en": "City"},
    "xa": {"vi": "Cấp xã", "en": "Commune / ward"},
    "khac": {"vi": "Cơ quan khác", "en": "Other agency"},
}

# Online service level ("mức độ dịch vụ công trực tuyến").
ONLINE_FULL = "toan_trinh"  # fully online (historically level 4)
ONLINE_PARTIAL = "mot_phan"  # partly online (historically level 3)


class CatalogDataError(ValueError):
    """A procedure record does not have the shape the API promises."""


def _str(d: dict[str, Any], key: str, *, required: bool = False) -> str | None:
    v = d.get(key)
    if v is None:
        if required:
            raise CatalogDataError(f"missing {key}")
        return None
    if not isinstance(v, str):
        raise CatalogDataError(f"{key} is not a string")
    return v


def _str_list(d: dict[str, Any], key: str) -> tuple[str, ...]:
    v = d.get(key) or []
    if not isinstance(v, list) or not all(isinstance(x, str) for x in v):
        raise CatalogDataError(f"{key} is not a list of strings")
    return tuple(v)


def _dict_list(d: dict[str, Any], key: str) -> list[dict[str, Any]]:
    v = d.get(key) or []
    if not isinstance(v, list) or not all(isinstance(x, dict) for x in v):
        raise CatalogDataError(f"{key} is not a list of objects")
    return v


@dataclass(frozen=True, slots=True)
class ProcessingTime:
    method: str | None  # truc_tiep | truc_tuyen | buu_chinh | None (any)
    amount: float | None
    unit: str | None  # ngay_lam_viec | ngay | gio | thang ...
    text: str | None  # the source's own words when it gives no number
    case: str | None = None  # the case ("trường hợp") this time applies to


@dataclass(frozen=True, slots=True)
class Fee:
    method: str | None
    kind: str | None  # phi | le_phi
    amount_vnd: int | None  # None: the source states no fixed number
    text: str | None


@dataclass(frozen=True, slots=True)
class DocumentGroup:
    case: str | None  # the case ("trường hợp") the documents apply to, None for all
    documents: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Procedure:
    code: str  # MaTTHC
    name: str  # TenTTHC
    field: str  # LinhVuc
    levels: tuple[str, ...]  # CapThucHien: level codes
    procedure_type: str | None = None  # LoaiTTHC
    publisher: str | None = None  # CoQuanBanHanh
    agency: str | None = None  # CoQuanThucHien
    online_level: str | None = None  # MucDoDVC: toan_trinh | mot_phan | None (unknown)
    online_note: str | None = None  # GhiChuMucDo
    online_url: str | None = None  # DuongDanDVC: page a citizen opens on a phone
    has_detail: bool = False  # CoChiTiet: documents/fees/times are known
    processing_times: tuple[ProcessingTime, ...] = ()
    fees: tuple[Fee, ...] = ()
    fee_note: str | None = None
    documents: tuple[DocumentGroup, ...] = ()
    documents_to_show: tuple[str, ...] = ()  # GiayToXuatTrinh: originals to present
    results: tuple[str, ...] = ()
    conditions: tuple[str, ...] = ()
    legal_basis: tuple[str, ...] = ()
    notes: tuple[str, ...] = ()
    source_url: str | None = None  # NguonDuLieu: where the full official text lives
    revision: int = 0  # PhienBan
    extra: dict[str, Any] = field(default_factory=dict, compare=False, repr=False)

    @property
    def fully_online(self) -> bool:
        return self.online_level == ONLINE_FULL

    @classmethod
    def from_wire(cls, d: dict[str, Any]) -> Procedure:
        """Build from the API's JSON object; raises CatalogDataError on a bad shape."""
        if not isinstance(d, dict):
            raise CatalogDataError("procedure is not an object")
        try:
            times = tuple(
                ProcessingTime(
                    method=_str(t, "HinhThuc"),
                    amount=_num(t.get("ThoiGian")),
                    unit=_str(t, "DonVi"),
                    text=_str(t, "MoTa"),
                    case=_str(t, "TruongHop"),
                )
                for t in _dict_list(d, "ThoiHanGiaiQuyet")
            )
            fees = tuple(
                Fee(
                    method=_str(f, "HinhThuc"),
                    kind=_str(f, "Loai"),
                    amount_vnd=_int(f.get("SoTien")),
                    text=_str(f, "MoTa"),
                )
                for f in _dict_list(d, "PhiLePhi")
            )
            docs = tuple(
                DocumentGroup(case=_str(g, "TruongHop"), documents=_str_list(g, "GiayTo"))
                for g in _dict_list(d, "ThanhPhanHoSo")
            )
            return cls(
                code=_str(d, "MaTTHC", required=True),  # type: ignore[arg-type]
                name=_str(d, "TenTTHC", required=True),  # type: ignore[arg-type]
                field=_str(d, "LinhVuc") or "",
                levels=_str_list(d, "CapThucHien"),
                procedure_type=_str(d, "LoaiTTHC"),
                publisher=_str(d, "CoQuanBanHanh"),
                agency=_str(d, "CoQuanThucHien"),
                online_level=_str(d, "MucDoDVC"),
                online_note=_str(d, "GhiChuMucDo"),
                online_url=_str(d, "DuongDanDVC"),
                has_detail=bool(d.get("CoChiTiet", False)),
                processing_times=times,
                fees=fees,
                fee_note=_str(d, "GhiChuPhi"),
                documents=docs,
                documents_to_show=_str_list(d, "GiayToXuatTrinh"),
                results=_str_list(d, "KetQua"),
                conditions=_str_list(d, "DieuKien"),
                legal_basis=_str_list(d, "CanCuPhapLy"),
                notes=_str_list(d, "GhiChu"),
                source_url=_str(d, "NguonDuLieu"),
                revision=_int(d.get("PhienBan")) or 0,
            )
        except (TypeError, AttributeError) as exc:  # a nested value of the wrong type
            raise CatalogDataError(str(exc)) from exc


def _num(v: Any) -> float | None:
    if v is None:
        return None
    if isinstance(v, bool) or not isinstance(v, int | float):
        raise CatalogDataError("expected a number")
    return float(v)


def _int(v: Any) -> int | None:
    if v is None:
        return None
    if isinstance(v, bool) or not isinstance(v, int):
        raise CatalogDataError("expected an integer")
    return v
