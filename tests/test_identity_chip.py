"""The chip's contents become an Identity with the right provenance."""

from datetime import date

import pytest

from devices.cccd.card import CardTransport
from devices.cccd.dg13 import Dg13
from devices.cccd.reader import EmrtdReader
from devices.cccd.specimen import specimen, specimen_card
from kiosk.identity.chip import identity_from_chip
from kiosk.identity.model import IdentityNotVerified, Provenance, Sex


def read_specimen():
    person = specimen(face_size=2000)
    contents = EmrtdReader(CardTransport(specimen_card(person))).read_card(person.bac_key())
    face = contents.dg2.faces[0].data if contents.dg2 else None
    return contents, face


def test_a_read_card_becomes_an_unverified_chip_identity():
    contents, face = read_specimen()
    ident = identity_from_chip(contents.dg13, contents.dg1.mrz, face=face, verified=False)
    assert ident.id_number == "001190012345"
    assert ident.full_name == "Nguyễn Thị Mẫu"
    assert ident.date_of_birth == date(1990, 3, 15)
    assert ident.sex is Sex.FEMALE
    assert ident.expiry_date == date(2030, 3, 15)
    assert ident.residence.startswith("Số 1 Phố Mẫu")
    assert ident.face == face and face
    assert ident.provenance_of("full_name") is Provenance.CHIP_UNVERIFIED
    with pytest.raises(IdentityNotVerified):  # a form needing a verified chip refuses it
        ident.require_chip_verified("full_name")
    assert "Mẫu" not in repr(ident) and "001190012345" not in repr(ident)


def test_verified_chip_data_is_marked_verified():
    contents, face = read_specimen()
    ident = identity_from_chip(contents.dg13, contents.dg1.mrz, face=face, verified=True)
    assert ident.provenance_of("residence") is Provenance.CHIP_VERIFIED
    ident.require_chip_verified("residence")


def test_no_expiry_in_words_is_known_absent():
    ident = identity_from_chip(Dg13(id_number="001058012345", full_name="A",
                                    expiry_date="Không thời hạn"), None, face=None,
                               verified=True)
    assert ident.expiry_date is None
    assert ident.has_no_expiry
