"""BER-TLV as used on ICAO 9303 chips (ISO/IEC 7816-4 and ASN.1 BER subset).

Decoding is strict because every byte comes from an untrusted card:

* tags of up to 4 bytes (multi-byte tags per ISO 8825-1: low 5 bits all set, then
  continuation bytes with bit 8 set);
* lengths in short form (0..127) or long form with 1..4 length bytes (0x81..0x84);
  the indefinite form 0x80 and 0x85.. are refused (DER-only chips never use them);
* a length that runs past the data, or bytes left over where none are allowed, raise
  ``CardDataError``; nothing else escapes.

Parsing is lazy, one level at a time (``Tlv.children``), so a caller never recurses
deeper than it means to; ``walk`` descends iteratively with a depth cap.

The encoder emits minimal (DER) lengths; the card side of the tests and the virtual chip
build their files with it.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from .errors import CardDataError

MAX_TAG_BYTES = 4
MAX_LENGTH_BYTES = 4
# Deeper nesting than this never occurs in the LDS (DG2 is the deepest, at 5): a hostile
# card could otherwise make a recursive consumer blow the stack.
MAX_DEPTH = 16


def is_constructed(tag: int) -> bool:
    """Bit 6 of the first tag byte tells whether the value is itself TLVs."""
    first = tag
    while first > 0xFF:
        first >>= 8
    return bool(first & 0x20)


def read_tag(data: bytes, pos: int = 0) -> tuple[int, int]:
    """Decode a tag at ``pos``: (tag, position after it)."""
    end = len(data)
    if pos >= end:
        raise CardDataError("TLV: missing tag")
    first = data[pos]
    tag = first
    pos += 1
    if first & 0x1F == 0x1F:
        # Multi-byte tag: continuation bytes while bit 8 is set.
        while True:
            if pos >= end:
                raise CardDataError("TLV: truncated multi-byte tag")
            b = data[pos]
            pos += 1
            tag = (tag << 8) | b
            if tag > 0xFFFFFFFF:
                raise CardDataError("TLV: tag longer than 4 bytes")
            if not b & 0x80:
                break
    return tag, pos


def read_length(data: bytes, pos: int) -> tuple[int, int]:
    """Decode a length at ``pos``: (length, position after it)."""
    end = len(data)
    if pos >= end:
        raise CardDataError("TLV: missing length")
    first = data[pos]
    pos += 1
    if first < 0x80:
        return first, pos
    if first == 0x80:
        raise CardDataError("TLV: indefinite length")
    n = first & 0x7F
    if n > MAX_LENGTH_BYTES:
        raise CardDataError("TLV: length field too long")
    if pos + n > end:
        raise CardDataError("TLV: truncated length")
    return int.from_bytes(data[pos : pos + n], "big"), pos + n


def read_header(data: bytes, pos: int = 0) -> tuple[int, int, int]:
    """(tag, value length, header length) of the TLV at ``pos``.

    Needs only the header bytes, not the value: the reader learns a file's size from its
    first bytes this way.
    """
    tag, p = read_tag(data, pos)
    length, p = read_length(data, p)
    return tag, length, p - pos


@dataclass(frozen=True, slots=True)
class Tlv:
    """One decoded TLV: its tag and raw value bytes."""

    tag: int
    value: bytes

    @property
    def constructed(self) -> bool:
        return is_constructed(self.tag)

    def children(self) -> list[Tlv]:
        """The value parsed as a concatenation of TLVs (one level)."""
        return decode_all(self.value)

    def find(self, tag: int) -> Tlv | None:
        """The first direct child with ``tag``, or None."""
        for child in self.children():
            if child.tag == tag:
                return child
        return None

    def child(self, tag: int) -> Tlv:
        """The first direct child with ``tag``; its absence is malformed data."""
        found = self.find(tag)
        if found is None:
            raise CardDataError(f"TLV: tag {tag:X} missing in {self.tag:X}")
        return found

    def encode(self) -> bytes:
        return encode(self.tag, self.value)


def decode_at(data: bytes, pos: int = 0) -> tuple[Tlv, int]:
    """Decode the TLV at ``pos``: (tlv, position after it)."""
    tag, p = read_tag(data, pos)
    length, p = read_length(data, p)
    if length > len(data) - p:
        raise CardDataError("TLV: value runs past the end of the data")
    return Tlv(tag, bytes(data[p : p + length])), p + length


def decode(data: bytes, *, allow_trailing: bool = False) -> Tlv:
    """Decode exactly one TLV; bytes after it are an error unless ``allow_trailing``.

    ``allow_trailing`` exists for a file read whole from a card, where some chips pad
    the EF after the data group with 0x00 or 0xFF.
    """
    tlv, end = decode_at(data, 0)
    if end != len(data) and not allow_trailing:
        raise CardDataError("TLV: trailing bytes after the value")
    return tlv


def decode_all(data: bytes) -> list[Tlv]:
    """Decode a concatenation of TLVs that must fill ``data`` exactly."""
    out: list[Tlv] = []
    pos = 0
    end = len(data)
    while pos < end:
        tlv, pos = decode_at(data, pos)
        out.append(tlv)
    return out


def walk(
    data: bytes,
    *,
    max_depth: int = MAX_DEPTH,
    opaque: frozenset[int] = frozenset(),
) -> Iterator[tuple[int, Tlv]]:
    """Every TLV in ``data`` depth-first as (depth, tlv), descending into constructed ones.

    Iterative, so the Python stack is safe; nesting deeper than ``max_depth`` is an
    error. Tags in ``opaque`` are not descended into (7F2E, for instance, has the
    constructed bit set but holds an image).
    """
    stack: list[tuple[int, Iterator[Tlv]]] = [(0, iter(decode_all(data)))]
    while stack:
        depth, pending = stack[-1]
        tlv = next(pending, None)
        if tlv is None:
            stack.pop()
            continue
        yield depth, tlv
        if tlv.constructed and tlv.tag not in opaque:
            if depth + 1 > max_depth:
                raise CardDataError("TLV: nested too deep")
            stack.append((depth + 1, iter(tlv.children())))


# -- encoding -----------------------------------------------------------------------


def encode_tag(tag: int) -> bytes:
    if tag < 0 or tag > 0xFFFFFFFF:
        raise ValueError("tag out of range")
    return tag.to_bytes(max(1, (tag.bit_length() + 7) // 8), "big")


def encode_length(length: int) -> bytes:
    if length < 0:
        raise ValueError("negative length")
    if length < 0x80:
        return bytes([length])
    body = length.to_bytes((length.bit_length() + 7) // 8, "big")
    if len(body) > MAX_LENGTH_BYTES:
        raise ValueError("length too large")
    return bytes([0x80 | len(body)]) + body


def encode(tag: int, value: bytes | Iterable[bytes] = b"") -> bytes:
    """Encode one TLV; ``value`` may be a list of already encoded children."""
    body = value if isinstance(value, bytes | bytearray) else b"".join(value)
    return encode_tag(tag) + encode_length(len(body)) + bytes(body)


# -- a few ASN.1 primitives used by DG13 and EF.SOD -----------------------------------


def decode_integer(value: bytes, *, max_bytes: int = 8) -> int:
    """A DER INTEGER's content as a Python int (two's complement)."""
    if not value:
        raise CardDataError("INTEGER: empty")
    if len(value) > max_bytes:
        raise CardDataError("INTEGER: too large")
    return int.from_bytes(value, "big", signed=True)


def encode_integer(n: int) -> bytes:
    """Content bytes of a DER INTEGER."""
    length = max(1, (n.bit_length() + 8) // 8)
    return n.to_bytes(length, "big", signed=True)


def decode_oid(value: bytes) -> str:
    """An OBJECT IDENTIFIER's content as dotted text."""
    if not value or len(value) > 64:
        raise CardDataError("OID: bad length")
    if value[-1] & 0x80:
        raise CardDataError("OID: truncated sub-identifier")
    arcs: list[int] = []
    n = 0
    for b in value:
        n = (n << 7) | (b & 0x7F)
        if not b & 0x80:
            arcs.append(n)
            n = 0
    first = arcs[0]
    head = [0, first] if first < 40 else [1, first - 40] if first < 80 else [2, first - 80]
    return ".".join(str(a) for a in head + arcs[1:])


def encode_oid(dotted: str) -> bytes:
    """Content bytes of an OBJECT IDENTIFIER given as dotted text."""
    arcs = [int(a) for a in dotted.split(".")]
    if len(arcs) < 2:
        raise ValueError("an OID has at least two arcs")
    out = bytearray()
    for arc in [arcs[0] * 40 + arcs[1], *arcs[2:]]:
        chunk = [arc & 0x7F]
        arc >>= 7
        while arc:
            chunk.append(0x80 | (arc & 0x7F))
            arc >>= 7
        out.extend(reversed(chunk))
    return bytes(out)
