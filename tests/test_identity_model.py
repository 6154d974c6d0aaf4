"""The Identity value object: provenance, merging, verification checks, masking."""

import dataclasses
from datetime import date

import pytest

from kiosk.identity import (
    FIELDS,
    Identity,
    IdentityConflict,
    IdentityError,
    IdentityNotVerified,
    Provenance,
    Sex,
    decode_id_number,
)

FACE = b"\xff\xd8\xff\xe0JFIF-face-bytes-0123456789"

QR = Identity.from_source(
    Provenance.QR, id_number="001090012345", old_id="123456789", full_name="Nguyễn Văn An",
    date_of_birth=date(1990, 2, 1), sex=Sex.MALE, residence="Số 1 phố Huế, Hà Nội",
    issue_date=date(2021, 10, 10),
)
CHIP = Identity.from_source(
    Provenance.CHIP_VERIFIED, id_number="001090012345", full_name="Nguyễn Văn Ân",
    date_of_birth=date(1990, 2, 1), sex=Sex.MALE, nationality="Việt Nam", ethnicity="Kinh",
    religion="Không", place_of_origin="Hà Nội", residence="Phường Hoàn Kiếm, Hà Nội",
    issue_date=date(2021, 10, 10), expiry_date=date(2030, 2, 1), father_name="Nguyễn Văn B",
    mother_name="Trần Thị C", face=FACE, known_absent=("spouse_name",),
)


def test_fields_match_the_dataclass():
    names = tuple(f.name for f in dataclasses.fields(Identity) if f.name != "provenance")
    assert names == FIELDS


def test_immutable_and_hashable():
    with pytest.raises(dataclasses.FrozenInstanceError):
        QR.full_name = "x"  # type: ignore[misc]
    assert isinstance(QR.provenance, tuple)
    assert hash(QR) == hash(Identity.from_dict(QR.to_dict()))
    for f in dataclasses.fields(Identity):
        v = getattr(CHIP, f.name)
        assert v is None or isinstance(v, str | bytes | date | tuple | Sex)


def test_value_without_provenance_is_refused():
    with pytest.raises(IdentityError):
        Identity(full_name="Nguyễn Văn An")


@pytest.mark.parametrize("kwargs", [
    {"id_number": "12345"}, {"id_number": "00109001234x"}, {"old_id": "1234"},
    {"sex": "Khác"}, {"date_of_birth": "1990-02-01"},
])
def test_validation(kwargs):
    with pytest.raises((IdentityError, TypeError)):
        Identity.from_source(Provenance.TYPED, **kwargs)


def test_datetime_is_not_a_date_here():
    from datetime import datetime
    with pytest.raises(TypeError):
        Identity.from_source(Provenance.TYPED, date_of_birth=datetime(1990, 2, 1))


def test_text_is_normalised():
    import unicodedata
    i = Identity.from_source(Provenance.TYPED,
                             full_name=unicodedata.normalize("NFD", "  Nguyễn   Văn An "),
                             sex="nữ")
    assert i.full_name == "Nguyễn Văn An" and i.sex is Sex.FEMALE
    assert Identity.from_source(Provenance.TYPED, residence="   ").knows("residence") is False


def test_known_absent_and_no_expiry():
    assert CHIP.spouse_name is None and CHIP.knows("spouse_name")
    no_exp = Identity.from_source(Provenance.CHIP_VERIFIED, known_absent=("expiry_date",))
    assert no_exp.has_no_expiry and not QR.has_no_expiry and not CHIP.has_no_expiry
    with pytest.raises(IdentityError):
        Identity.from_source(Provenance.QR, known_absent=("spouse",))
    with pytest.raises(IdentityError):
        Identity.from_source(Provenance.QR, full_name="A", known_absent=("full_name",))


# -- merge ------------------------------------------------------------------------------------

def test_chip_beats_qr_beats_typed():
    typed = Identity.from_source(Provenance.TYPED, full_name="Nguyen Van An",
                                 residence="gõ tay", spouse_name="Lê Thị D")
    merged = typed.merge(QR).merge(CHIP)
    assert merged.full_name == "Nguyễn Văn Ân"
    assert merged.provenance_of("full_name") is Provenance.CHIP_VERIFIED
    assert merged.old_id == "123456789" and merged.provenance_of("old_id") is Provenance.QR
    # the verified chip says "no spouse": that beats the typed value
    assert merged.spouse_name is None and merged.knows("spouse_name")
    # order does not matter between different strengths
    assert CHIP.merge(QR).merge(typed) == merged


def test_qr_does_not_overwrite_unverified_chip():
    chip = Identity.from_source(Provenance.CHIP_UNVERIFIED, full_name="Nguyễn Văn Ân")
    assert chip.merge(QR).full_name == "Nguyễn Văn Ân"
    assert QR.merge(chip).full_name == "Nguyễn Văn Ân"
    verified = Identity.from_source(Provenance.CHIP_VERIFIED, full_name="Nguyễn Văn Ấn")
    assert chip.merge(verified).full_name == "Nguyễn Văn Ấn"
    assert verified.merge(chip).full_name == "Nguyễn Văn Ấn"


def test_tie_keeps_the_newer_value():
    a = Identity.from_source(Provenance.TYPED, residence="cũ")
    b = Identity.from_source(Provenance.TYPED, residence="mới")
    assert a.merge(b).residence == "mới"


def test_merge_refuses_two_people():
    other = Identity.from_source(Provenance.QR, id_number="001090099999")
    with pytest.raises(IdentityConflict) as ei:
        QR.merge(other)
    assert ei.value.key == "identity.conflict"


def test_merge_carries_the_face_by_provenance():
    assert QR.merge(CHIP).face == FACE
    assert CHIP.merge(QR).face == FACE
    assert CHIP.without_face().face is None and not CHIP.without_face().knows("face")


# -- verification checks -----------------------------------------------------------------------

def test_require_chip_verified():
    merged = QR.merge(CHIP)
    merged.require_chip_verified("id_number", "full_name", "date_of_birth")
    with pytest.raises(IdentityNotVerified) as ei:
        merged.require_chip_verified("full_name", "old_id", "identifying_marks")
    assert ei.value.fields == ("old_id", "identifying_marks")
    assert ei.value.key == "identity.not_verified"
    assert QR.unverified(["full_name"], Provenance.QR) == ()
    assert QR.meets("full_name", Provenance.TYPED)
    assert not QR.meets("full_name", Provenance.CHIP_UNVERIFIED)
    with pytest.raises(IdentityError):
        QR.provenance_of("no_such_field")


def test_with_field_replaces_value_and_provenance():
    corrected = QR.with_field("full_name", "Nguyễn Văn Ăn", Provenance.TYPED)
    assert corrected.full_name == "Nguyễn Văn Ăn"
    assert corrected.provenance_of("full_name") is Provenance.TYPED
    assert QR.full_name == "Nguyễn Văn An"  # original untouched
    with pytest.raises(IdentityError):
        QR.with_field("id_number", "123", Provenance.TYPED)


# -- privacy ----------------------------------------------------------------------------------------

def test_masked_view():
    m = QR.masked()
    assert m["id_number"] == "0010******45"
    assert m["full_name"] == "N*** V** A*"
    assert m["old_id"] == "12*****89"
    assert m["date_of_birth"] == "**/**/1990"
    assert m["residence"] == "***"
    assert Identity.from_source(Provenance.QR, full_name="Nguyễn Văn A").masked()[
        "full_name"] == "N*** V** A"
    assert CHIP.masked()["face"] == "<withheld>"


def test_repr_never_contains_the_face_or_full_values():
    r = repr(CHIP) + str(CHIP)
    assert repr(FACE) not in r and "JFIF" not in r and "face-bytes" not in r
    assert FACE.hex() not in r
    assert "001090012345" not in r and "Nguyễn" not in r and "Hoàn Kiếm" not in r


def test_face_is_excluded_from_equality_and_serialisation():
    assert CHIP == dataclasses.replace(CHIP, face=b"other")
    d = CHIP.to_dict()
    assert "face" not in d and "face" not in d["provenance"]
    assert "face" not in CHIP.to_form_prefill()
    back = Identity.from_dict(d)
    assert back.face is None and back == CHIP
    assert "JFIF" not in str(d)


def test_form_prefill():
    p = QR.merge(CHIP).to_form_prefill()
    assert p["full_name"] == {"value": "Nguyễn Văn Ân", "provenance": "chip_verified",
                              "verified": True}
    assert p["old_id"]["verified"] is False and p["old_id"]["provenance"] == "qr"
    assert p["date_of_birth"]["value"] == "1990-02-01"
    assert p["sex"]["value"] == "Nam"
    assert p["spouse_name"] == {"value": None, "provenance": "chip_verified", "verified": True}
    assert "nationality" in p and "identifying_marks" not in p


def test_from_dict_rejects_garbage():
    for bad in ({"provenance": {"full_name": "magic"}, "full_name": "A"},
                {"provenance": {"face": "qr"}},
                {"provenance": {"issue_date": "qr"}, "issue_date": "10/10/2021"},
                {"provenance": ["id_number"]}):
        with pytest.raises(IdentityError):
            Identity.from_dict(bad)


# -- the ID number's structure ------------------------------------------------------------------------

def test_decode_id_number():
    info = decode_id_number("001090012345")
    assert (info.province, info.sex, info.birth_year, info.registered_abroad) == (
        "Hà Nội", Sex.MALE, 1990, False)
    assert decode_id_number("079303012345").birth_year == 2003
    assert decode_id_number("079303012345").sex is Sex.FEMALE
    assert decode_id_number("175092012345").registered_abroad
    assert decode_id_number("099092012345").province is None
    with pytest.raises(IdentityError):
        decode_id_number("12345")


def test_identity_id_conflicts():
    assert QR.id_conflicts() == ()
    wrong = QR.with_field("sex", Sex.FEMALE, Provenance.TYPED)
    assert wrong.id_conflicts() == ("sex",)
    assert Identity().id_conflicts() == ()
