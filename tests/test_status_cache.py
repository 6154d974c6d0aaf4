"""The last-known-status cache: small, durable, and never a place for personal data."""

from __future__ import annotations

import sqlite3

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kiosk.dossier.status_service import open_status_cache
from offline_cache.status_cache import ALLOWED_FIELDS, DAY, StatusCache

CODE = "H26.105-261122-0001"
ID_NUMBER = "001190012345"


class Clock:
    def __init__(self, now: float = 1_800_000_000.0) -> None:
        self.now = now

    def __call__(self) -> float:
        return self.now


def view(status: int = 4, **extra) -> dict:
    return {
        "MaHoSo": CODE, "MaTTHC": "1.001193", "TenTTHC": "Đăng ký khai sinh",
        "TrangThaiHoSo": status, "NgayHenTra": "2026-11-27T17:00:00+07:00",
        "LichSu": [{"TrangThaiHoSo": 1, "ThoiDiem": "2026-11-22T08:00:00+07:00",
                    "GhiChu": "Hồ sơ đã được gửi từ ki-ốt."}],
        **extra,
    }


@pytest.fixture
def clock():
    return Clock()


@pytest.fixture
def cache(tmp_path, clock):
    c = StatusCache(tmp_path / "status.sqlite3", clock=clock)
    yield c
    c.close()


def test_put_then_get_and_it_survives_a_reopen(tmp_path, cache, clock):
    cache.put(CODE, view(9, NoiNhanKetQua="Bộ phận Một cửa"))
    got = cache.get(CODE)
    assert got is not None and got.fetched_at == clock.now
    assert got.view["TrangThaiHoSo"] == 9 and got.view["NoiNhanKetQua"] == "Bộ phận Một cửa"
    cache.close()
    again = StatusCache(tmp_path / "status.sqlite3", clock=clock)
    try:
        assert again.get(CODE).view == got.view
        assert again.get("H26.105-261122-0002") is None
    finally:
        again.close()


def test_personal_fields_never_reach_the_disk(tmp_path, cache):
    leaky = view(NguoiNop={"HoTen": "Nguyễn Thị Mẫu", "SoDinhDanh": ID_NUMBER},
                 SoDinhDanh=ID_NUMBER, DiaChiNhanKetQua="Số 1 Phố Mẫu")
    leaky["LichSu"][0]["NguoiXuLy"] = ID_NUMBER
    cache.put(CODE, leaky)
    stored = cache.get(CODE).view
    assert set(stored) <= ALLOWED_FIELDS
    assert "NguoiNop" not in stored and "DiaChiNhanKetQua" not in stored
    assert set(stored["LichSu"][0]) == {"TrangThaiHoSo", "ThoiDiem", "GhiChu"}
    cache.close()
    for name in ("status.sqlite3", "status.sqlite3-wal"):
        path = tmp_path / name
        if path.exists():
            raw = path.read_bytes()
            assert ID_NUMBER.encode() not in raw
            assert "Mẫu".encode() not in raw and b"NguoiNop" not in raw


def test_wal_and_full_sync(cache):
    assert cache.db.execute("PRAGMA journal_mode").fetchone()[0].lower() == "wal"
    assert cache.db.execute("PRAGMA synchronous").fetchone()[0] == 2  # FULL


def test_an_older_answer_never_replaces_a_newer_one(cache, clock):
    cache.put(CODE, view(9), fetched_at=clock.now)
    cache.put(CODE, view(4), fetched_at=clock.now - 60)  # a slow answer arriving late
    assert cache.get(CODE).view["TrangThaiHoSo"] == 9
    cache.put(CODE, view(10), fetched_at=clock.now + 60)
    assert cache.get(CODE).view["TrangThaiHoSo"] == 10


def test_entries_older_than_90_days_are_forgotten(cache, clock):
    cache.put(CODE, view())
    clock.now += 89 * DAY
    assert cache.get(CODE) is not None
    assert cache.prune() == 0
    clock.now += 2 * DAY
    assert cache.get(CODE) is None  # too old to show, even before the prune
    assert cache.prune() == 1
    assert len(cache) == 0


def test_the_table_is_capped_oldest_first(tmp_path, clock):
    cache = StatusCache(tmp_path / "s.sqlite3", max_entries=3, clock=clock)
    try:
        for i in range(5):
            cache.put(f"H26.105-261122-{i + 1:04d}", view(), fetched_at=clock.now + i)
        assert cache.prune() == 2
        assert len(cache) == 3
        assert cache.get("H26.105-261122-0001") is None
        assert cache.get("H26.105-261122-0005") is not None
    finally:
        cache.close()


def test_a_damaged_file_is_moved_aside_and_a_fresh_cache_made(tmp_path):
    path = tmp_path / "status.sqlite3"
    path.write_bytes(b"this is not a database" * 200)
    cache = open_status_cache(path)
    assert cache is not None
    try:
        cache.put(CODE, view())
        assert cache.get(CODE) is not None
        assert any(p.name.startswith("status.sqlite3.corrupt-") for p in tmp_path.iterdir())
    finally:
        cache.close()


def test_a_bad_row_reads_as_no_entry(cache):
    cache.put(CODE, view())
    with sqlite3.connect(cache.path) as conn:
        conn.execute("UPDATE status_cache SET view = '{not json' WHERE code = ?", [CODE])
    assert cache.get(CODE) is None


def test_bad_arguments_are_refused(tmp_path, cache):
    with pytest.raises(ValueError):
        cache.put("", view())
    with pytest.raises(ValueError):
        StatusCache(tmp_path / "x.sqlite3", max_age_days=0)


_json = st.recursive(
    st.none() | st.booleans() | st.integers(-10**6, 10**6) | st.text(max_size=20),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=8), inner,
                                                                max_size=3),
    max_leaves=10)


@settings(max_examples=60, deadline=None)
@given(st.dictionaries(st.text(max_size=15), _json, max_size=8))
def test_whatever_a_view_holds_only_allowed_fields_are_kept(tmp_path_factory, extra):
    cache = StatusCache(tmp_path_factory.mktemp("c") / "s.sqlite3")
    try:
        cache.put(CODE, {**extra, "MaHoSo": CODE})
        stored = cache.get(CODE).view
        assert set(stored) <= ALLOWED_FIELDS
        assert stored["MaHoSo"] == CODE
        for entry in stored.get("LichSu", []):
            assert set(entry) == {"TrangThaiHoSo", "ThoiDiem", "GhiChu"}
    finally:
        cache.close()
