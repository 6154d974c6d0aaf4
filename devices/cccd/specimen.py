"""A fictional citizen's chip contents, for tests, demos and the virtual chip.

Everything here is invented ("Mẫu" means "specimen"); no real card's data is used.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import dataclass

from . import lds
from .bac import BacKey
from .card import EmrtdCard
from .dg13 import Dg13, build_dg13
from .mrz import build_cccd_td1

SPECIMEN_ID = "001190012345"  # Hà Nội (001), woman born in the 1900s (1), 1990, serial
SPECIMEN_DOB = "900315"
SPECIMEN_EXPIRY = "300315"  # the 40th birthday


@dataclass(frozen=True, slots=True)
class Specimen:
    id_number: str
    date_of_birth: str
    date_of_expiry: str
    mrz: str
    details: Dg13
    face: bytes

    def bac_key(self) -> BacKey:
        return BacKey.for_cccd(self.id_number, self.date_of_birth, self.date_of_expiry)


def fake_jpeg(size: int = 15_000) -> bytes:
    """A real, decodable JPEG portrait placeholder (a grey silhouette, no one's face),
    padded with JPEG comment segments to `size` bytes so reads move as much data as a
    real chip's DG2 would."""
    import io

    from PIL import Image, ImageDraw

    img = Image.new("L", (120, 160), 225)  # resized below for small targets
    draw = ImageDraw.Draw(img)
    draw.ellipse((35, 22, 85, 82), fill=120)  # head
    draw.ellipse((12, 88, 108, 200), fill=120)  # shoulders
    if size < 2_000:
        img = img.resize((60, 80))
    buf = io.BytesIO()
    img.save(buf, "JPEG", quality=80)
    jpeg = buf.getvalue()
    missing = size - len(jpeg)
    segments = []
    while missing >= 4:
        # A COM segment: FF FE, a 2-byte length (itself included), then the comment.
        body = min(missing - 4, 65533)
        segments.append(b"\xff\xfe" + (body + 2).to_bytes(2, "big") + b"\x00" * body)
        missing -= body + 4
    return jpeg[:2] + b"".join(segments) + jpeg[2:]


def specimen(face_size: int = 15_000) -> Specimen:
    details = Dg13(
        id_number=SPECIMEN_ID,
        full_name="Nguyễn Thị Mẫu",
        date_of_birth="15/03/1990",
        sex="Nữ",
        nationality="Việt Nam",
        ethnicity="Kinh",
        religion="Không",
        place_of_origin="Phường Hoàn Kiếm, Thành phố Hà Nội",
        place_of_residence="Số 1 Phố Mẫu, Phường Ba Đình, Thành phố Hà Nội",
        identifying_marks="Nốt ruồi cách 1 cm dưới đuôi mắt trái",
        issue_date="01/07/2024",
        expiry_date="15/03/2030",
        father_name="Nguyễn Văn Cha",
        mother_name="Trần Thị Mẹ",
    )
    mrz = build_cccd_td1(
        id_number=SPECIMEN_ID,
        date_of_birth=SPECIMEN_DOB,
        sex="F",
        date_of_expiry=SPECIMEN_EXPIRY,
        surname="Nguyễn",
        given_names="Thị Mẫu",
    )
    return Specimen(SPECIMEN_ID, SPECIMEN_DOB, SPECIMEN_EXPIRY, mrz, details, fake_jpeg(face_size))


def specimen_files(
    person: Specimen | None = None, *, face: bool = True, details: bool = True, sod: bool = True
) -> dict[int, bytes]:
    """EF.COM, DG1, DG2, DG13 and an unsigned EF.SOD, by file identifier."""
    person = person or specimen()
    files = {lds.FID_DG1: lds.build_dg1(person.mrz)}
    groups = [1]
    if face:
        files[lds.FID_DG2] = lds.build_dg2(person.face, width=480, height=640)
        groups.append(2)
    if details:
        files[lds.FID_DG13] = build_dg13(person.details)
        groups.append(13)
    files[lds.FID_EF_COM] = lds.build_ef_com(groups)
    if sod:
        hashes = {n: hashlib.sha256(files[lds.dg_fid(n)]).digest() for n in groups}
        files[lds.FID_EF_SOD] = lds.build_unsigned_sod(hashes)
    return files


def specimen_card(
    person: Specimen | None = None,
    *,
    rng: Callable[[int], bytes] | None = None,
    extended_length: bool = False,
    **file_options: bool,
) -> EmrtdCard:
    """An in-memory chip holding the specimen, keyed with its BAC key."""
    person = person or specimen()
    kwargs = {"rng": rng} if rng else {}
    return EmrtdCard(
        specimen_files(person, **file_options),
        person.bac_key().keys(),
        extended_length=extended_length,
        **kwargs,
    )
