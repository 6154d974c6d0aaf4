"""The committed seed data: complete, faithful to the source, valid for the core."""

from __future__ import annotations

import json
import re
import subprocess
import sys
import unicodedata
from collections import Counter
from pathlib import Path

import pytest

from kiosk.catalog.model import Procedure
from kiosk.portal.simulator import load_seed

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared" / "data"
needs_shared = pytest.mark.skipif(not SHARED.is_dir(), reason="shared reference data absent")

DETAILED = {
    "1.000656", "1.000894", "1.001193", "1.004873", "1.116410",
    "1.116788", "1.116789", "2.000720", "2.000815", "3.000722",
}


@pytest.fixture(scope="module")
def procedures() -> list[dict]:
    return load_seed("procedures.json")


@pytest.fixture(scope="module")
def by_code(procedures) -> dict[str, dict]:
    return {p["MaTTHC"]: p for p in procedures}


@pytest.fixture(scope="module")
def meta() -> dict:
    return load_seed("catalog_meta.json")


@pytest.fixture(scope="module")
def source() -> dict[str, dict]:
    if not SHARED.is_dir():
        pytest.skip("shared reference data absent")
    rows = json.loads((SHARED / "procedures.json").read_text("utf-8"))
    return {r["code"]: r for r in rows}


def test_all_procedures_with_real_unique_codes(procedures, meta):
    codes = [p["MaTTHC"] for p in procedures]
    assert len(codes) == 1351 == meta["procedure_count"]
    assert len(set(codes)) == len(codes)
    assert codes == sorted(codes)
    assert all(re.fullmatch(r"\d\.\d{6}", c) for c in codes)


@needs_shared
def test_codes_names_fields_levels_match_the_source(by_code, source):
    assert set(by_code) == set(source)
    levels = {"Cấp Bộ": "bo", "Cấp tỉnh": "tinh", "Cấp xã": "xa", "Cơ quan khác": "khac"}
    for code, row in source.items():
        p = by_code[code]
        assert p["TenTTHC"] == " ".join(unicodedata.normalize("NFC", row["name"]).split())
        assert p["LinhVuc"] == row["field"]
        assert p["CapThucHien"] == [levels[x] for x in row["levels"]]
        assert p["CoQuanBanHanh"] == row["publishing_agency"]


def test_every_record_passes_from_wire(procedures, meta):
    for p in procedures:
        proc = Procedure.from_wire(p)
        assert proc.code == p["MaTTHC"]
        assert proc.revision == 1
        assert list(p) == meta["wire_fields"]


def test_levels_are_codes_with_labels(procedures, meta):
    used = Counter(level for p in procedures for level in p["CapThucHien"])
    assert set(used) == {"bo", "tinh", "xa", "khac"} == set(meta["levels"])
    assert all(set(label) == {"vi", "en"} for label in meta["levels"].values())
    assert meta["levels"]["xa"]["vi"] == "Cấp xã"
    assert sum(used.values()) >= len(procedures)


def test_online_levels(procedures, by_code):
    levels = Counter(p["MucDoDVC"] for p in procedures)
    assert levels["toan_trinh"] == 9 and levels["mot_phan"] == 2
    card = by_code["1.116410"]
    assert card["MucDoDVC"] is None
    assert card["GhiChuMucDo"].startswith("Trực tuyến một phần")
    assert [p["MaTTHC"] for p in procedures if p["GhiChuMucDo"]] == ["1.116410"]


def test_links(procedures, meta):
    template = meta["procedure_url_template"]
    assert "{code}" in template and template.startswith("https://")
    assert all(p["DuongDanDVC"] == template.format(code=p["MaTTHC"]) for p in procedures)
    submit = {p["MaTTHC"]: p["DuongDanNopHoSo"] for p in procedures if p["DuongDanNopHoSo"]}
    assert len(submit) == 11
    assert all(u.startswith("https://") for u in submit.values())
    assert submit["1.116451"] == "https://dichvucong.hanoi.gov.vn/nop-ho-so?vnconnect=1"


def test_exactly_the_ten_detailed_ones(procedures):
    detailed = {p["MaTTHC"] for p in procedures if p["CoChiTiet"]}
    assert detailed == DETAILED
    for code in DETAILED:
        p = next(x for x in procedures if x["MaTTHC"] == code)
        assert p["ThanhPhanHoSo"] and all(g["GiayTo"] for g in p["ThanhPhanHoSo"]), code
        assert p["ThoiHanGiaiQuyet"], code
        assert p["PhiLePhi"] or p["GhiChuPhi"], code
        assert p["CoQuanThucHien"], code
        assert "detail" in p["NguonDuLieu"] or "details/" in p["NguonDuLieu"]
        assert isinstance(p["ChiTietDayDu"], bool)


def test_no_facts_without_detail(procedures):
    for p in procedures:
        if p["CoChiTiet"]:
            continue
        for key in ("ThoiHanGiaiQuyet", "ThoiHanTheoTruongHop", "PhiLePhi", "ThanhPhanHoSo",
                    "GiayToXuatTrinh", "KetQua", "DieuKien", "MauDon", "HinhThucNop"):
            assert p[key] == [], (p["MaTTHC"], key)
        assert p["GhiChuPhi"] is None and p["ChiTietDayDu"] is None


def _fees(p):
    return [(f["HinhThuc"], f["SoTien"]) for f in p["PhiLePhi"]]


def test_fees_as_in_the_source(by_code):
    assert _fees(by_code["1.116789"]) == [
        ("truc_tiep", 15000), ("truc_tiep", 10000), ("truc_tuyen", 7000), ("truc_tuyen", 5000)]
    assert "miễn lệ phí" in by_code["1.116789"]["GhiChuPhi"]
    assert _fees(by_code["1.116788"]) == [
        ("truc_tiep", 20000), ("truc_tuyen", 10000), ("truc_tiep", 10000), ("truc_tuyen", 5000)]
    assert _fees(by_code["1.116410"]) == [(None, 0), (None, 50000), (None, 70000)]
    copy_fees = by_code["2.000815"]["PhiLePhi"]
    assert _fees(by_code["2.000815"]) == [("truc_tiep", 2000), ("truc_tiep", None)]
    assert copy_fees[0]["DonViTinh"] == "trang"
    assert (copy_fees[1]["SoTienNgoaiTe"], copy_fees[1]["MaNgoaiTe"]) == (10, "USD")
    # Fee rules in words only: no amount is made up.
    for code in ("1.000656", "1.000894", "1.001193", "1.004873", "2.000720", "3.000722"):
        assert by_code[code]["PhiLePhi"] == [], code
        assert by_code[code]["GhiChuPhi"], code
    assert by_code["1.000894"]["GhiChuPhi"].startswith("Miễn lệ phí")
    assert all(f["Loai"] is None for p in by_code.values() for f in p["PhiLePhi"])


def test_times_and_documents_shapes(by_code):
    card = by_code["1.116410"]
    assert [(t["HinhThuc"], t["ThoiGian"], t["DonVi"]) for t in card["ThoiHanGiaiQuyet"]] == [
        ("truc_tiep", 7, "ngay_lam_viec"), ("truc_tuyen", 7, "ngay_lam_viec")]
    perm = by_code["1.116788"]["ThoiHanGiaiQuyet"]
    assert perm[0] == {"HinhThuc": None, "ThoiGian": 7, "DonVi": "ngay_lam_viec",
                       "MoTa": "07 ngày làm việc", "TruongHop": "Đăng ký thường trú"}
    temp = by_code["1.116789"]["ThanhPhanHoSo"]
    assert len(temp) == 5 and all(g["TruongHop"] for g in temp)
    birth = by_code["1.001193"]
    assert birth["ThanhPhanHoSo"][0]["TruongHop"] is None
    assert len(birth["ThanhPhanHoSo"][0]["GiayTo"]) == 6
    assert len(birth["GiayToXuatTrinh"]) == 3
    assert birth["KetQua"] == ["Giấy khai sinh"]
    under6 = by_code["3.000722"]
    assert len(under6["KetQua"]) == 4
    assert under6["ThoiHanGiaiQuyet"][0]["ThoiGian"] is None  # two numbers in the words
    assert under6["GhiChuPhi"] == "Phí, lệ phí: Theo quy định của các TTHC tương ứng"


@needs_shared
def test_documents_match_the_source(by_code, source):
    def norm(s):
        s = " ".join(unicodedata.normalize("NFC", s).split())
        return s.replace("(text truncated at page boundary)", "").rstrip(" .…")

    for code in DETAILED:
        docs = source[code]["documents"]
        flat = [d for v in docs.values() for d in v] if isinstance(docs, dict) else docs
        mapped = [d for g in by_code[code]["ThanhPhanHoSo"] for d in g["GiayTo"]]
        assert [norm(d) for d in mapped] == [norm(d) for d in flat], code


def test_text_is_clean(procedures):
    text = json.dumps(procedures, ensure_ascii=False)
    assert unicodedata.normalize("NFC", text) == text
    assert "truncated" not in text and "unit groups" not in text
    assert "not itemised" not in text


def test_units(meta):
    units = load_seed("units.json")
    assert len(units) == 126
    assert len({u["MaDVHC"] for u in units}) == 126
    assert Counter(u["LoaiDVHC"] for u in units) == {"Phường": 51, "Xã": 75}
    agencies = [u["MaCoQuan"] for u in units]
    assert len(set(agencies)) == 126
    assert all(re.fullmatch(r"H26\.\d+", a) for a in agencies)
    assert sorted(int(a.split(".")[1]) for a in agencies) == list(range(105, 231))
    hoan_kiem = next(u for u in units if u["TenDVHC"] == "Hoàn Kiếm")
    assert hoan_kiem["MaCoQuan"] == "H26.105" and hoan_kiem["TenTiengAnh"] == "Hoan Kiem"


@needs_shared
def test_committed_seed_is_what_the_script_builds():
    proc = subprocess.run(
        [sys.executable, str(REPO / "tools" / "build_seed.py"), str(SHARED), "--check"],
        capture_output=True, text=True, timeout=60,
    )
    assert proc.returncode == 0, proc.stderr
