"""FileCard answers like a plain ISO 7816-4 file system card, T=0 quirks on request."""

from __future__ import annotations

import pytest

from devices.vpcd import FileCard

AID = bytes.fromhex("A0000002471001")
FILES = {0x011E: bytes(range(256)) * 2 + b"tail", 0x0101: b"short file"}


def h(text: str) -> bytes:
    return bytes.fromhex(text.replace(" ", ""))


@pytest.fixture
def card() -> FileCard:
    return FileCard(FILES, aid=AID)


def select(card: FileCard, fid: int) -> bytes:
    return card.process(h("00 A4 02 0C 02") + fid.to_bytes(2, "big"))


def test_files_need_the_application_selected_first(card):
    assert select(card, 0x011E) == h("6A82")
    assert card.process(h("00 A4 04 0C 07") + AID) == h("9000")
    assert select(card, 0x011E) == h("9000")
    assert select(card, 0x0F0F) == h("6A82")


def test_wrong_aid_and_no_aid(card):
    assert card.process(h("00 A4 04 0C 07 A0000000031010")) == h("6A82")
    open_card = FileCard(FILES)
    assert select(open_card, 0x0101) == h("9000")


def test_read_binary_at_offsets(card):
    card.process(h("00 A4 04 0C 07") + AID)
    select(card, 0x011E)
    assert card.process(h("00 B0 00 00 04")) == h("00010203 9000")
    assert card.process(h("00 B0 01 FE 04")) == h("FEFF") + b"ta" + h("9000")
    assert card.process(h("00 B0 02 00 10")) == b"tail" + h("6282")  # end of file
    assert card.process(h("00 B0 02 04 01")) == h("6B00")  # past the end
    assert card.process(h("00 B0 00 00 00")) == bytes(range(256)) + h("9000")  # Le 00: 256


def test_read_binary_by_short_file_identifier(card):
    card.process(h("00 A4 04 0C 07") + AID)
    assert card.process(h("00 B0 81 00 05")) == b"short" + h("9000")
    assert card.process(h("00 B0 00 06 04")) == b"file" + h("9000")  # now current


def test_errors_of_a_real_card(card):
    assert card.process(h("00 B0 00 00 04")) == h("6985")  # nothing selected
    assert card.process(h("00 CA 00 00 00")) == h("6D00")
    assert card.process(h("80 B0 00 00 04")) == h("6E00")
    assert card.process(h("00 A4 04")) == h("6700")  # not even a header
    assert card.process(h("00 A4 04 0C 09") + AID) == h("6700")  # Lc lies
    assert card.process(h("00 A4 08 0C 02 011E")) == h("6A86")


def test_reset_forgets_the_selection(card):
    card.process(h("00 A4 04 0C 07") + AID)
    select(card, 0x011E)
    card.reset()
    assert card.process(h("00 B0 00 00 04")) == h("6985")
    assert select(card, 0x011E) == h("6A82")


def test_t0_style_get_response_chain():
    card = FileCard(FILES, get_response=True)
    select(card, 0x011E)
    assert card.process(h("00 B0 00 00 00")) == h("6100")  # 256 bytes waiting
    first = card.process(h("00 C0 00 00 80"))
    assert first == bytes(range(128)) + h("6180")
    assert card.process(h("00 C0 00 00 80")) == bytes(range(128, 256)) + h("9000")
    assert card.process(h("00 C0 00 00 10")) == h("6985")  # nothing left
    assert card.process(h("00 B0 02 00 10")) == h("6104")
    assert card.process(h("00 C0 00 00 04")) == b"tail" + h("6282")


def test_exact_le_answers_6cxx():
    card = FileCard(FILES, exact_le=True)
    select(card, 0x0101)
    assert card.process(h("00 B0 00 00 20")) == h("6C0A")
    assert card.process(h("00 B0 00 00 0A")) == b"short file" + h("9000")
