"""Build the kiosk's seed data (kiosk/data/*.json) from the shared reference data.

Usage: python tools/build_seed.py [SHARED_DATA_DIR] [--check]

SHARED_DATA_DIR defaults to ../shared/data relative to the repository root. The
output is committed, so CI and installs never need the shared folder; --check only
verifies that the committed files are what this script would write.

Rules kept here, because the kiosk shows this text to citizens:
- never invent a fee, a document or a time: what the source lacks stays null/empty;
- the source's words are kept, only Unicode-normalised (NFC) and whitespace-collapsed;
- the few English notes the extractor left inside Vietnamese text are replaced by
  explicit, checked overrides (see OVERRIDES), so a changed source fails loudly.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import re
import sys
import unicodedata
from collections import Counter
from pathlib import Path
from typing import Any

REPO_ROOT = Path(__file__).resolve().parents[1]
OUT_DIR = REPO_ROOT / "kiosk" / "data"

# The national portal's detail page needs an internal id the data does not have, so
# the citizen's QR opens the portal's procedure search with the code filled in.
PROCEDURE_URL_TEMPLATE = (
    "https://dichvucong.gov.vn/p/home/dvc-tthc-thu-tuc-hanh-chinh.html?keyword={code}"
)

LEVELS = {"Cấp Bộ": "bo", "Cấp tỉnh": "tinh", "Cấp xã": "xa", "Cơ quan khác": "khac"}
LEVEL_LABELS = {
    "bo": {"vi": "Cấp Bộ", "en": "Ministry"},
    "tinh": {"vi": "Cấp tỉnh", "en": "City"},
    "xa": {"vi": "Cấp xã", "en": "Commune / ward"},
    "khac": {"vi": "Cơ quan khác", "en": "Other agency"},
}
ONLINE_LEVELS = {"Toàn trình": "toan_trinh", "Một phần": "mot_phan"}
ONLINE_LABELS = {
    "toan_trinh": {"vi": "Toàn trình", "en": "Fully online"},
    "mot_phan": {"vi": "Một phần", "en": "Partly online"},
}
METHODS = {"DIRECT": "truc_tiep", "ONLINE": "truc_tuyen", "POSTAL": "buu_chinh"}
METHOD_LABELS = {
    "truc_tiep": {"vi": "Trực tiếp", "en": "In person"},
    "truc_tuyen": {"vi": "Trực tuyến", "en": "Online"},
    "buu_chinh": {"vi": "Qua bưu chính", "en": "By post"},
}
# "OTHER" is the portal's own unit code with no further meaning given: keep the number
# and say the unit is not stated rather than guess one.
TIME_UNITS = {"WORKING_DAY": "ngay_lam_viec", "DAY": "ngay", "HOUR": "gio", "OTHER": "khac"}
TIME_UNIT_LABELS = {
    "ngay_lam_viec": {"vi": "ngày làm việc", "en": "working days"},
    "ngay": {"vi": "ngày", "en": "days"},
    "gio": {"vi": "giờ", "en": "hours"},
    "thang": {"vi": "tháng", "en": "months"},
    "khac": {"vi": "(đơn vị thời gian không ghi rõ)", "en": "(unit not stated)"},
}
FEE_KIND_LABELS = {
    "phi": {"vi": "Phí", "en": "Charge"},
    "le_phi": {"vi": "Lệ phí", "en": "Fee"},
}
RETURN_METHODS = {
    "AT_HOME": "Trả kết quả tại nhà",
    "ONLINE": "Trả kết quả trực tuyến",
    "AT_SUBMISSION_PLACE": "Trả kết quả tại nơi nộp hồ sơ",
}
TEXT_TIME_UNITS = {
    "ngày làm việc": "ngay_lam_viec",
    "ngày": "ngay",
    "giờ": "gio",
    "tháng": "thang",
}
_TIME_RE = re.compile(r"(\d+)\s*(ngày làm việc|ngày|giờ|tháng)")
TRUNCATION_MARK = "(text truncated at page boundary)"

# (code, wire field): (source text after normalisation, text to publish). The source
# strings are the extractor's notes in English or with internal codes.
OVERRIDES: dict[tuple[str, str], tuple[str, str]] = {
    ("1.001193", "GhiChuPhi"): (
        "executionMethods list SERVICE_FEE value 0 for all methods; lệ phí đăng ký khai "
        "sinh set by HĐND tỉnh (85/2019/TT-BTC) — not itemised in this record",
        "Mức lệ phí đăng ký khai sinh do Hội đồng nhân dân tỉnh quyết định (Thông tư số "
        "85/2019/TT-BTC); nguồn dữ liệu không ghi số tiền cụ thể.",
    ),
    ("3.000722", "CoQuanThucHien"): (
        "Công an cấp Xã (BCA_CAX); unit groups: Ủy ban nhân dân cấp xã, Cơ quan bảo hiểm xã hội",
        "Công an cấp xã; Ủy ban nhân dân cấp xã; Cơ quan bảo hiểm xã hội",
    ),
}

# Wire fields of a procedure, in the order they are written.
WIRE_FIELDS = [
    "MaTTHC", "TenTTHC", "LinhVuc", "MaLinhVuc", "CapThucHien", "LoaiTTHC",
    "CoQuanBanHanh", "MaCoQuanBanHanh", "QuyetDinhCongBo", "CoQuanThucHien",
    "NganhDoc", "CoCauHinhThucHien", "MucDoDVC", "GhiChuMucDo", "DuongDanDVC",
    "DuongDanNopHoSo", "MaDVC", "TrangThaiDVC", "HeThongDVC", "CoChiTiet", "ChiTietDayDu",
    "HinhThucNop", "ThoiHanGiaiQuyet", "ThoiHanTheoTruongHop", "PhiLePhi", "GhiChuPhi",
    "DoiTuongThucHien", "TruongHopApDung", "ThanhPhanHoSo", "GiayToXuatTrinh", "MauDon",
    "KetQua", "CachNhanKetQua", "DieuKien", "CanCuPhapLy", "GhiChu", "NguonDuLieu",
    "PhienBan",
]


class SeedError(Exception):
    """The source data does not look the way this script expects."""


def clean(text: str) -> str:
    return " ".join(unicodedata.normalize("NFC", text).split())


def clean_doc(text: str) -> str:
    text = clean(text)
    if text.endswith(TRUNCATION_MARK):
        # The source page was cut here; the record is flagged ChiTietDayDu=false.
        text = text[: -len(TRUNCATION_MARK)].rstrip(" .") + " …"
    return text


def clean_list(values: Any, *, doc: bool = False) -> list[str]:
    if values is None:
        return []
    if isinstance(values, str):
        values = [values]
    if not isinstance(values, list) or not all(isinstance(v, str) for v in values):
        raise SeedError(f"expected a list of strings, got {values!r}")
    fn = clean_doc if doc else clean
    return [fn(v) for v in values if v.strip()]


def source_ref(src: dict[str, str]) -> str:
    return f"{src['repo']}@{src['commit']}:{src['path']}"


def parse_time_text(text: str) -> tuple[int | None, str | None]:
    """'07 ngày làm việc' -> (7, 'ngay_lam_viec'); ambiguous or no number -> (None, None)."""
    found = _TIME_RE.findall(text)
    if len(found) != 1:
        return None, None
    number, unit = found[0]
    return int(number), TEXT_TIME_UNITS[unit]


def method_from_words(desc: str) -> str | None:
    """Submission method named explicitly in a fee's own words, else None."""
    low = desc.lower()
    if "trực tiếp" in low:
        return "truc_tiep"
    if "cổng dịch vụ công" in low or "trực tuyến" in low:
        return "truc_tuyen"
    return None


def submit_url(raw: str) -> str | None:
    token = raw.split()[0] if raw.split() else ""
    if "." not in token:
        return None
    if not token.startswith(("http://", "https://")):
        token = "https://" + token
    return token.rstrip("?")


def fee_item(fee: dict[str, Any], method: str | None) -> dict[str, Any]:
    desc = clean(fee["desc"]) if fee.get("desc") else None
    item: dict[str, Any] = {
        "HinhThuc": method or (method_from_words(desc) if desc else None),
        # The source's "FEE" type does not say phí or lệ phí: leave it unknown.
        "Loai": None,
        "SoTien": fee["vnd"] if isinstance(fee.get("vnd"), int) else None,
        "MoTa": desc,
    }
    if fee.get("per"):
        item["DonViTinh"] = clean(fee["per"])
    if "usd" in fee:
        item["SoTienNgoaiTe"] = fee["usd"]
        item["MaNgoaiTe"] = "USD"
    unknown = set(fee) - {"type", "vnd", "usd", "per", "desc"}
    if unknown or fee.get("type", "FEE") != "FEE":
        raise SeedError(f"unexpected fee shape {fee!r}")
    return item


def time_item(method: str | None, amount: Any, unit: str | None, text: str | None,
              case: str | None = None) -> dict[str, Any]:
    item: dict[str, Any] = {"HinhThuc": method, "ThoiGian": amount, "DonVi": unit, "MoTa": text}
    if case is not None:
        item["TruongHop"] = case
    return item


def times_from_case_texts(texts: dict[str, str]) -> list[dict[str, Any]]:
    out = []
    for case, text in texts.items():
        text = clean(text)
        amount, unit = parse_time_text(text)
        out.append(time_item(None, amount, unit, text, clean(case)))
    return out


KNOWN_DETAIL_KEYS = {
    # carried over
    "executing_agency", "online_level_note", "cases_covered", "submission_methods",
    "fees", "fee_note", "documents_by_case", "documents_submit", "documents_present",
    "documents", "conditions", "forms", "legal_basis", "legal_basis_seen", "notes",
    "result", "results", "result_delivery", "returning_methods", "biometrics",
    "deadline", "channel", "processing_time", "step_times", "cases", "subjects",
    "field_code", "publisher_code", "decision", "pages_read",
    # duplicates of catalog fields or portal-internal flags: not carried over
    "code", "detail_id", "source_commit", "name", "field", "publisher", "type", "state",
    "isWard", "isProvince", "isMinistry", "isOtherAgency", "isFullProcess",
    "isOfflineOnly", "executing_agency_groups", "service_group",
}


def detail_fields(rec: dict[str, Any]) -> dict[str, Any]:
    """Map one heterogeneous detail record to wire fields."""
    det = rec["detail"]
    unknown = set(det) - KNOWN_DETAIL_KEYS
    if unknown:
        raise SeedError(f"{rec['code']}: unmapped detail keys {sorted(unknown)}")
    out: dict[str, Any] = {}
    notes: list[str] = []
    fee_notes: list[str] = []
    times: list[dict[str, Any]] = []
    fees: list[dict[str, Any]] = []
    methods: list[str] = []

    for sm in det.get("submission_methods") or []:
        if isinstance(sm, str):
            methods.append(METHODS[sm])
            continue
        method = METHODS[sm["method"]]
        methods.append(method)
        pt = sm.get("processingTime")
        if isinstance(pt, int | float) and not isinstance(pt, bool):
            times.append(time_item(method, pt, TIME_UNITS[sm["unit"]], None))
        elif sm.get("desc"):
            desc = clean(sm["desc"])
            # One source sentence carries both the time and the fee rule: split them.
            time_text, sep, fee_text = desc.partition("Phí, lệ phí:")
            if sep:
                fee_notes.append(clean("Phí, lệ phí:" + fee_text))
            times.append(time_item(method, None, None, time_text.strip()))
        for fee in sm.get("fees") or []:
            fees.append(fee_item(fee, method))
        if sm.get("note"):
            note = clean(sm["note"])
            if "phí" in note.lower():
                fee_notes.append(note)
            else:
                notes.append(f"{METHOD_LABELS[method]['vi']}: {note}")
        # fee_vnd is the portal's service-fee field (0 everywhere), not the statutory
        # lệ phí, which these records leave to the provincial council: not a fee here.
    for key in ("processing_time", "step_times"):
        if isinstance(det.get(key), dict):
            times.extend(times_from_case_texts(det[key]))

    if isinstance(det.get("fees"), list):
        fees += [fee_item(fee, None) for fee in det["fees"]]
    elif isinstance(det.get("fees"), str):
        fee_notes.append(clean(det["fees"]))
    if det.get("fee_note"):
        fee_notes.append(clean(det["fee_note"]))

    groups: list[dict[str, Any]] = []
    if det.get("documents_by_case"):
        for case, docs in det["documents_by_case"].items():
            groups.append({"TruongHop": clean(case), "GiayTo": clean_list(docs, doc=True)})
    for key in ("documents_submit", "documents"):
        if det.get(key):
            groups.append({"TruongHop": None, "GiayTo": clean_list(det[key], doc=True)})

    results = clean_list(det.get("results") or det.get("result") or rec.get("result"))
    delivery = clean_list(det.get("result_delivery"))
    delivery += [RETURN_METHODS[m] for m in det.get("returning_methods") or []]

    if det.get("channel"):
        notes.append("Nộp hồ sơ qua: " + clean(det["channel"]))
    notes += clean_list(det.get("biometrics"))
    notes += clean_list(det.get("deadline"))
    notes = clean_list(det.get("notes")) + notes

    pages = det.get("pages_read") or rec["source"]["detail"].get("pages_read")
    out.update(
        CoChiTiet=True,
        ChiTietDayDu=pages == "full",
        HinhThucNop=list(dict.fromkeys(methods)),
        ThoiHanGiaiQuyet=times,
        ThoiHanTheoTruongHop=[
            {"MaTruongHop": c["code"], "ThoiGian": c["processing_days"],
             "DonVi": TIME_UNITS[c["day_type"]]}
            for c in det.get("cases") or []
        ],
        PhiLePhi=fees,
        GhiChuPhi=" ".join(dict.fromkeys(fee_notes)) or None,
        DoiTuongThucHien=clean_list(det.get("subjects")),
        TruongHopApDung=clean_list(det.get("cases_covered")),
        ThanhPhanHoSo=groups,
        GiayToXuatTrinh=clean_list(det.get("documents_present"), doc=True),
        MauDon=clean_list(det.get("forms")),
        KetQua=results,
        CachNhanKetQua=delivery,
        DieuKien=clean_list(det.get("conditions")),
        CanCuPhapLy=clean_list(det.get("legal_basis") or det.get("legal_basis_seen")),
        GhiChu=notes,
    )
    if det.get("field_code"):
        out["MaLinhVuc"] = det["field_code"]
    if det.get("publisher_code"):
        out["MaCoQuanBanHanh"] = det["publisher_code"]
    if det.get("decision"):
        out["QuyetDinhCongBo"] = clean(det["decision"])
    agency = rec.get("executing_agency") or det.get("executing_agency")
    if agency:
        out["CoQuanThucHien"] = clean(agency)
    _check_against_summary(rec, out)
    return out


def _check_against_summary(rec: dict[str, Any], out: dict[str, Any]) -> None:
    """The catalog row repeats parts of the detail: they must agree with what we mapped."""
    docs = rec.get("documents")
    mapped = [d for g in out["ThanhPhanHoSo"] for d in g["GiayTo"]]
    if isinstance(docs, dict):
        flat = [clean_doc(d) for v in docs.values() for d in v]
    else:
        flat = [clean_doc(d) for d in docs or []]
    if flat != mapped:
        raise SeedError(f"{rec['code']}: documents differ between catalog row and detail")
    amounts = sorted(f["SoTien"] for f in out["PhiLePhi"] if f["SoTien"] is not None)
    fees = rec.get("fees")
    if isinstance(fees, list):
        flat_fees = [f for x in fees for f in (x if isinstance(x, list) else [x])]
        if sorted(f["vnd"] for f in flat_fees if "vnd" in f) != amounts:
            raise SeedError(f"{rec['code']}: fee amounts differ between catalog row and detail")


def build_procedure(rec: dict[str, Any]) -> dict[str, Any]:
    code = rec["code"]
    if not re.fullmatch(r"\d\.\d{6}", code):
        raise SeedError(f"odd procedure code {code!r}")
    levels = []
    for label in rec["levels"]:
        if label not in LEVELS:
            raise SeedError(f"{code}: unknown level {label!r}")
        levels.append(LEVELS[label])
    online = rec.get("online_level")
    dvc = rec.get("hanoi_dvc") or {}
    if dvc.get("online_level") and online and dvc["online_level"] != online:
        raise SeedError(f"{code}: online level differs between catalog and Hanoi DVC")
    refs = [source_ref(rec["source"]["catalog"])]
    if "detail" in rec["source"]:
        refs.append(source_ref(rec["source"]["detail"]))
    out: dict[str, Any] = {
        "MaTTHC": code,
        "TenTTHC": clean(rec["name"]),
        "LinhVuc": clean(rec["field"]),
        "MaLinhVuc": None,
        "CapThucHien": list(dict.fromkeys(levels)),
        "LoaiTTHC": clean(rec["procedure_type"]) if rec.get("procedure_type") else None,
        "CoQuanBanHanh": clean(rec["publishing_agency"]) if rec.get("publishing_agency") else None,
        "MaCoQuanBanHanh": None,
        "QuyetDinhCongBo": None,
        # Without a detail record the only executing agency known is the one in
        # Hanoi's online-service configuration.
        "CoQuanThucHien": clean(dvc["agency"]) if dvc.get("agency") else None,
        "NganhDoc": bool(rec.get("vertical_sector")),
        "CoCauHinhThucHien": bool(rec.get("has_hanoi_execution_config")),
        "MucDoDVC": ONLINE_LEVELS.get(online) if online else None,
        "GhiChuMucDo": clean(online) if online and online not in ONLINE_LEVELS else None,
        "DuongDanDVC": PROCEDURE_URL_TEMPLATE.format(code=code),
        "DuongDanNopHoSo": submit_url(dvc["submit_url"]) if dvc.get("submit_url") else None,
        "MaDVC": dvc.get("dvc_code"),
        "TrangThaiDVC": clean(dvc["status"]) if dvc.get("status") else None,
        "HeThongDVC": clean(dvc["system"]) if dvc.get("system") else None,
        "CoChiTiet": False,
        "ChiTietDayDu": None,
        "HinhThucNop": [],
        "ThoiHanGiaiQuyet": [],
        "ThoiHanTheoTruongHop": [],
        "PhiLePhi": [],
        "GhiChuPhi": None,
        "DoiTuongThucHien": [],
        "TruongHopApDung": [],
        "ThanhPhanHoSo": [],
        "GiayToXuatTrinh": [],
        "MauDon": [],
        "KetQua": [],
        "CachNhanKetQua": [],
        "DieuKien": [],
        "CanCuPhapLy": [],
        "GhiChu": [],
        "NguonDuLieu": "; ".join(refs),
        "PhienBan": 1,
    }
    if rec.get("detail"):
        out.update(detail_fields(rec))
    elif any(rec.get(k) for k in ("processing_time", "fees", "documents", "result")):
        raise SeedError(f"{code}: has detail fields but no detail record")
    if out["GhiChuMucDo"] is None and rec.get("detail", {}).get("online_level_note"):
        out["GhiChuMucDo"] = clean(rec["detail"]["online_level_note"])
    for (ocode, fld), (before, after) in OVERRIDES.items():
        if ocode == code:
            if out[fld] != before:
                raise SeedError(f"{code}.{fld}: override no longer matches the source")
            out[fld] = after
    return {k: out[k] for k in WIRE_FIELDS}


def build_units(units_src: dict[str, Any], agencies_src: dict[str, Any]) -> list[dict[str, Any]]:
    agencies = {a["unit_code"]: a for a in agencies_src["commune_agencies"]}
    out = []
    for u in units_src["units"]:
        ag = agencies.get(u["code"])
        if ag is None:
            raise SeedError(f"unit {u['code']} has no portal agency code")
        if u.get("hanoi_dvc_agency_code") not in (None, ag["agency_code"]):
            raise SeedError(f"unit {u['code']}: agency codes disagree")
        out.append({
            "MaDVHC": u["code"],
            "TenDVHC": clean(u["name"]),
            "TenDayDu": clean(u["full_name"]),
            "LoaiDVHC": clean(u["type"]),
            "TenTiengAnh": clean(u["name_en"]) if u.get("name_en") else None,
            "TenDayDuTiengAnh": clean(u["full_name_en"]) if u.get("full_name_en") else None,
            "MaTinh": u["province_code"],
            "MaCoQuan": ag["agency_code"],
            "TenCoQuan": clean(ag["agency_name"]),
            "SapNhapTu": clean(u["merged_from"]) if u.get("merged_from") else None,
        })
    out.sort(key=lambda u: u["MaDVHC"])
    return out


# What a ward's visitors ask for most, among the procedures described in full: the
# kiosk's "most asked for" list before anything is typed. Order matters (shown as is).
FEATURED_ORDER = ("1.001193", "1.000894", "1.000656", "1.004873", "2.000815",
                  "1.116789", "1.116788", "1.116410", "3.000722", "2.000720")


def snapshot_date(meta_source: dict[str, Any]) -> str | None:
    """The newest record date the source states: how old the bundled catalog is."""
    dates = re.findall(r"\d{4}-\d{2}-\d{2}", str(meta_source.get("snapshot", "")))
    return max(dates) if dates else None


def build_meta(procedures: list[dict[str, Any]], procedures_text: str,
               snapshot: str | None = None) -> dict[str, Any]:
    fields = Counter(p["LinhVuc"] for p in procedures)
    types = Counter(p["LoaiTTHC"] for p in procedures if p["LoaiTTHC"])
    return {
        "catalog_version": hashlib.sha256(procedures_text.encode()).hexdigest()[:16],
        "procedure_count": len(procedures),
        "detailed_count": sum(1 for p in procedures if p["CoChiTiet"]),
        "procedure_url_template": PROCEDURE_URL_TEMPLATE,
        "procedure_url_kind": "search",
        "levels": LEVEL_LABELS,
        "online_levels": ONLINE_LABELS,
        "submission_methods": METHOD_LABELS,
        "time_units": TIME_UNIT_LABELS,
        "fee_kinds": FEE_KIND_LABELS,
        "procedure_types": [{"name": n, "count": c} for n, c in sorted(types.items())],
        "fields": [{"name": n, "count": c} for n, c in sorted(fields.items())],
        "wire_fields": WIRE_FIELDS,
        "featured": [c for c in FEATURED_ORDER
                     if any(p["MaTTHC"] == c and p["CoChiTiet"] for p in procedures)],
        "snapshot_date": snapshot,
    }


def dump_records(records: list[dict[str, Any]]) -> str:
    """One record per line: readable diffs when the catalog changes."""
    lines = [json.dumps(r, ensure_ascii=False, separators=(",", ":")) for r in records]
    return "[\n" + ",\n".join(lines) + "\n]\n"


def build(shared: Path) -> dict[str, str]:
    def load(name: str) -> Any:
        return json.loads((shared / name).read_text(encoding="utf-8"))

    source = load("procedures.json")
    procedures = sorted((build_procedure(r) for r in source), key=lambda p: p["MaTTHC"])
    codes = [p["MaTTHC"] for p in procedures]
    if len(set(codes)) != len(codes):
        raise SeedError("duplicate procedure codes")
    procedures_text = dump_records(procedures)
    units = build_units(load("hanoi_units.json"), load("hanoi_dvc_agency_codes.json"))
    meta = build_meta(procedures, procedures_text, snapshot_date(load("procedures.meta.json")))
    return {
        "procedures.json": procedures_text,
        "units.json": dump_records(units),
        "catalog_meta.json": json.dumps(meta, ensure_ascii=False, indent=1) + "\n",
    }


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("shared", nargs="?", default=str(REPO_ROOT.parent / "shared" / "data"))
    ap.add_argument("--check", action="store_true", help="fail if kiosk/data is stale")
    args = ap.parse_args(argv)
    shared = Path(args.shared)
    if not shared.is_dir():
        print(f"no shared data directory at {shared}", file=sys.stderr)
        return 2
    files = build(shared)
    stale = []
    for name, text in files.items():
        path = OUT_DIR / name
        if args.check:
            if not path.exists() or path.read_text(encoding="utf-8") != text:
                stale.append(name)
        else:
            path.write_text(text, encoding="utf-8")
    if stale:
        print("stale seed files: " + ", ".join(stale), file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
