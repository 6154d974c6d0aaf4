"""Reading the chip with the keys a citizen's card QR gives, through the in-memory card."""

from datetime import date

import pytest

from devices.cccd.card import CardTransport
from devices.cccd.errors import AccessDenied, CardRemoved
from devices.cccd.specimen import specimen, specimen_card
from kiosk.identity.access import AccessKeys
from kiosk.identity.model import Provenance
from kiosk.identity.reading import read_chip

DOB = date(1990, 3, 15)


def keys(expiry):
    return AccessKeys.for_card("001190012345", DOB, expiry)


def test_second_expiry_guess_opens_the_card():
    card = specimen_card(specimen(face_size=3000))
    read = read_chip(CardTransport(card), [keys(date(2015, 3, 15)), keys(date(2030, 3, 15))])
    assert read.attempts == 2 and read.protocol == "BAC"
    assert read.identity.full_name == "Nguyễn Thị Mẫu"
    assert read.identity.provenance_of("full_name") is Provenance.CHIP_UNVERIFIED
    assert read.pa.status == "no_trust_store"
    assert read.data_groups == [1, 2, 13]
    assert read.identity.face


def test_no_guess_opens_it():
    card = specimen_card(specimen(face_size=100))
    with pytest.raises(AccessDenied) as ei:
        read_chip(CardTransport(card), [keys(date(2015, 3, 15)), keys(date(2031, 3, 15))])
    assert ei.value.key == "card.wrong_keys"


def test_a_card_lifted_is_not_a_wrong_key():
    card = specimen_card(specimen(face_size=100))
    transport = CardTransport(card)
    transport.remove()
    with pytest.raises(CardRemoved):
        read_chip(transport, [keys(date(2030, 3, 15)), keys(date(2015, 3, 15))])
