"""The chip ID card read through the real stack: pcscd + vsmartcard's virtual reader +
the virtual CCCD chip, with the faults a real card shows."""

import pytest
from pcsc_fixtures import READER_0, wait_until

from devices.cccd.errors import CardError
from devices.cccd.specimen import specimen
from devices.cccd.testpki import pki
from devices.vpcd.cccd_chip import build_card
from kiosk.identity.access import AccessKeys
from kiosk.identity.reading import read_chip

pytest_plugins = ["pcsc_fixtures"]

PERSON = specimen(face_size=20_000)
KEYS = [AccessKeys.for_card(PERSON.id_number, PERSON.details.birth_date(),
                            PERSON.details.expires_on())]


def read(reader_service, play_card, profile, *, lifted_after=None):
    link = play_card(build_card(profile))
    assert wait_until(lambda: READER_0 in reader_service.cards, 5), "the card was not seen"
    if lifted_after is not None:
        link.remove_after(lifted_after)
    transport = reader_service.open(READER_0)
    try:
        return reader_service.call(
            lambda: read_chip(transport, KEYS, trust=pki().trust_store()), timeout=15)
    finally:
        transport.close()


def test_genuine_card_is_read_and_verified(reader_service, play_card):
    result = read(reader_service, play_card, "genuine")
    assert result.pa.verified and result.identity.full_name == "Nguyễn Thị Mẫu"
    assert result.report["total_apdus"] > 100  # the 20 KB face came through in chunks


def test_unknown_dg13_field_is_kept_not_fatal(reader_service, play_card):
    result = read(reader_service, play_card, "extra-dg13")
    assert result.pa.verified
    assert [n for n, _raw in result.contents.dg13.unknown] == [42]


def test_unsigned_sod_is_not_verified(reader_service, play_card):
    result = read(reader_service, play_card, "unsigned")
    assert not result.pa.verified and result.pa.status == "bad_signature"


@pytest.mark.parametrize("profile,key", [
    ("bad-mac", "card.bad_mac"),
    ("short-tlv", "card.malformed"),
    ("long-tlv", "card.malformed"),
    ("garbage", "card.malformed"),
    ("not-cccd", "card.not_cccd"),
])
def test_faulty_cards_fail_with_their_key(reader_service, play_card, profile, key):
    with pytest.raises(CardError) as ei:
        read(reader_service, play_card, profile)
    assert ei.value.key == key


def test_card_lifted_half_way(reader_service, play_card):
    with pytest.raises(CardError) as ei:
        read(reader_service, play_card, "genuine", lifted_after=40)
    assert ei.value.key == "card.removed"
