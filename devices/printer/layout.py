"""A small block model of a receipt and its rendering to a 1-bit image.

Everything is drawn with the bundled Noto Sans (fonts/), never with the printer's own
fonts or code pages: Vietnamese needs glyphs no thermal printer's code page has.
Sizes are in printer dots (203 dpi: 8 dots per millimetre).
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from typing import Literal

import qrcode
import qrcode.constants
from PIL import Image, ImageDraw, ImageFont

DOTS_PER_MM = 8  # 203 dpi
WIDTH_DOTS = {80: 576, 58: 384}  # printable width of common thermal mechanisms
MARGIN = 8  # dots left and right: keeps glyphs off the unprinted edge of the head

Align = Literal["left", "center", "right"]


@dataclass(frozen=True)
class Title:
    text: str
    size: int = 34


@dataclass(frozen=True)
class Text:
    text: str
    size: int = 24
    bold: bool = False
    align: Align = "left"
    shrink: bool = False  # a code that should stay on one line: smaller font if needed


@dataclass(frozen=True)
class KeyValue:
    key: str
    value: str
    size: int = 24


@dataclass(frozen=True)
class Rule:
    thickness: int = 2
    dashed: bool = False


@dataclass(frozen=True)
class QR:
    data: str
    module: int = 5  # dots per module: 5 dots = 0.63 mm, read by phones and 2D scanners
    caption: str = ""


@dataclass(frozen=True)
class Spacer:
    dots: int = 16


@dataclass(frozen=True)
class Bullets:
    items: tuple[str, ...] = field(default_factory=tuple)
    size: int = 22


Block = Title | Text | KeyValue | Rule | QR | Spacer | Bullets


@lru_cache(maxsize=32)
def font(size: int, bold: bool = False) -> ImageFont.FreeTypeFont:
    name = "NotoSans-Bold.ttf" if bold else "NotoSans-Regular.ttf"
    with resources.as_file(resources.files(__package__) / "fonts" / name) as path:
        return ImageFont.truetype(str(path), size)


def _line_height(f: ImageFont.FreeTypeFont) -> int:
    ascent, descent = f.getmetrics()
    return ascent + descent  # Noto's metrics already leave room for stacked Vietnamese marks


def _tokens(text: str) -> list[str]:
    return text.split()


_BREAK_AFTER = "-./?&=_:,;"


def _split_long(word: str, f: ImageFont.FreeTypeFont, width: int) -> list[str]:
    """Break a single token wider than the line (a URL, a long code): after a separator
    such as "-" or "/" when one fits, else between characters, never between a letter
    and its combining marks."""
    parts: list[str] = []
    rest = word
    while rest and f.getlength(rest) > width:
        cut = 0
        for i in range(1, len(rest) + 1):
            if f.getlength(rest[:i]) > width:
                break
            if i < len(rest) and not unicodedata.combining(rest[i]):
                cut = i
        cut = max(cut, 1)
        seps = [j + 1 for j in range(cut) if rest[j] in _BREAK_AFTER]
        if seps and seps[-1] >= cut // 2:
            cut = seps[-1]
        parts.append(rest[:cut])
        rest = rest[cut:]
    if rest:
        parts.append(rest)
    return parts


@lru_cache(maxsize=4096)
def _width(f: ImageFont.FreeTypeFont, s: str) -> float:
    return f.getlength(s)


def wrap(text: str, f: ImageFont.FreeTypeFont, width: int) -> list[str]:
    """Lines of ``text`` no wider than ``width``, broken only at spaces (a Vietnamese word,
    one syllable, is never cut) except for a token that alone is wider than a line."""
    text = unicodedata.normalize("NFC", text)
    space = _width(f, " ")
    lines: list[str] = []
    for para in text.split("\n"):
        words = _tokens(para)
        if not words:
            lines.append("")
        i = 0
        while i < len(words):
            w = _width(f, words[i])
            if w > width:
                *full, words[i] = _split_long(words[i], f, width)
                lines.extend(full)
                continue
            # Greedy by cached word widths (a receipt's words recur from one to the next),
            # then one exact measurement settles kerning across the spaces.
            j = i + 1
            while j < len(words) and w + space + _width(f, words[j]) <= width:
                w += space + _width(f, words[j])
                j += 1
            while j - i > 1 and f.getlength(" ".join(words[i:j])) > width:
                j -= 1
            lines.append(" ".join(words[i:j]))
            i = j
    return lines


class _Canvas:
    """Collects drawing operations with their y offset, so the image is allocated once
    at its final height."""

    def __init__(self, width: int) -> None:
        self.width = width
        self.inner = width - 2 * MARGIN
        self.y = 0
        self.ops: list[tuple] = []

    def text_lines(self, lines: list[str], f: ImageFont.FreeTypeFont, align: Align,
                   indent: int = 0) -> None:
        lh = _line_height(f)
        for line in lines:
            w = f.getlength(line)
            if align == "center":
                x = (self.width - w) / 2
            elif align == "right":
                # The ink, not the advance, must stop at the margin.
                x = self.width - MARGIN - max(w, _line_mask(f, line)[2])
            else:
                x = MARGIN + indent
            self.ops.append(("text", (int(x), self.y), line, f))  # int: never past the margin
            self.y += lh


def _layout(blocks: list[Block], width: int) -> _Canvas:
    c = _Canvas(width)
    for b in blocks:
        if isinstance(b, Title):
            f = font(b.size, True)
            c.text_lines(wrap(b.text, f, c.inner), f, "center")
            c.y += 4
        elif isinstance(b, Text):
            f = font(b.size, b.bold)
            if b.shrink:
                size = b.size
                while size > b.size * 2 // 3 and f.getlength(b.text) > c.inner:
                    size -= 1
                    f = font(size, b.bold)
            c.text_lines(wrap(b.text, f, c.inner), f, b.align)
        elif isinstance(b, KeyValue):
            fk, fv = font(b.size, True), font(b.size, False)
            key = unicodedata.normalize("NFC", b.key)
            value = unicodedata.normalize("NFC", b.value)
            kw, vw = fk.getlength(key), fv.getlength(value)
            if kw + 16 + vw <= c.inner and "\n" not in value:
                # One line: the label left, the value right, like a till receipt.
                c.ops.append(("text", (MARGIN, c.y), key, fk))
                right = max(vw, _line_mask(fv, value)[2])
                c.ops.append(("text", (int(width - MARGIN - right), c.y), value, fv))
                c.y += _line_height(fk)
            else:
                c.text_lines(wrap(key, fk, c.inner), fk, "left")
                c.text_lines(wrap(value, fv, c.inner - 16), fv, "left", indent=16)
        elif isinstance(b, Rule):
            c.y += 6
            c.ops.append(("rule", c.y, b.thickness, b.dashed))
            c.y += b.thickness + 6
        elif isinstance(b, Spacer):
            c.y += b.dots
        elif isinstance(b, Bullets):
            f = font(b.size, False)
            bullet = "• "
            ind = round(f.getlength(bullet))
            for item in b.items:
                lines = wrap(item, f, c.inner - ind)
                c.ops.append(("text", (MARGIN, c.y), bullet.strip(), f))
                c.text_lines(lines, f, "left", indent=ind)
        elif isinstance(b, QR):
            img = qr_image(b.data, b.module)
            if img.width > c.inner:
                # Smaller modules, but not below 3 dots (0.38 mm): scanners miss finer ones.
                module = b.module * c.inner // img.width
                if module < 3:
                    raise ValueError("QR data too long for this paper width")
                img = qr_image(b.data, module)
            c.ops.append(("image", ((width - img.width) // 2, c.y), img))
            c.y += img.height
            if b.caption:
                f = font(20, False)
                c.text_lines(wrap(b.caption, f, c.inner), f, "center")
        else:
            raise TypeError(f"not a receipt block: {b!r}")
    return c


def qr_image(data: str, module: int) -> Image.Image:
    """A 1-bit QR with the standard 4-module quiet zone; error correction M survives a
    creased or partly faded thermal print."""
    q = qrcode.QRCode(error_correction=qrcode.constants.ERROR_CORRECT_M, box_size=1, border=4)
    q.add_data(data.encode("utf-8"))
    q.make(fit=True)
    matrix = q.get_matrix()  # quiet zone included; True is a dark module
    n = len(matrix)
    small = Image.frombytes("L", (n, n), bytes(0 if dark else 255 for row in matrix for dark in row))
    # Nearest-neighbour scaling keeps every module a crisp square of module x module dots.
    return small.resize((n * module, n * module), Image.Resampling.NEAREST).convert("1")


@lru_cache(maxsize=1024)
def _line_mask(f: ImageFont.FreeTypeFont, line: str) -> tuple[int, int, int, Image.Image]:
    """(dx, dy, ink right edge, mask) of a line drawn with its pen at (0, 0), drawn once:
    labels and sentences recur on every receipt and FreeType's rasterising is most of
    the cost of a receipt. The mask is cropped to the ink; padding first keeps stacked
    Vietnamese marks and overhanging glyphs whole."""
    pad = f.size // 2 + 1
    ascent, descent = f.getmetrics()
    mask = Image.new("1", (int(f.getlength(line)) + 2 * pad, ascent + descent + 2 * pad), 0)
    draw = ImageDraw.Draw(mask)
    draw.fontmode = "1"  # FreeType's monochrome rendering hints stems to whole dots
    draw.text((pad, pad), line, font=f, fill=1)
    box = mask.getbbox()
    if box is None:
        return 0, 0, 0, mask.crop((0, 0, 1, 1))
    return box[0] - pad, box[1] - pad, box[2] - pad, mask.crop(box)


def clear_caches() -> None:
    """Forget rendered lines and measured words (benchmarks measure a cold start)."""
    _line_mask.cache_clear()
    _width.cache_clear()


def render(blocks: list[Block], width_dots: int) -> Image.Image:
    """Draw ``blocks`` top to bottom on a white 1-bit image ``width_dots`` wide."""
    if width_dots < 2 * MARGIN + 64:
        raise ValueError(f"width {width_dots} dots is too narrow for a receipt")
    c = _layout(list(blocks), width_dots)
    height = max(c.y, 1)
    img = Image.new("1", (width_dots, height), 1)
    draw = ImageDraw.Draw(img)
    for op in c.ops:
        kind = op[0]
        if kind == "text":
            _, xy, line, f = op
            if line:
                dx, dy, _, mask = _line_mask(f, line)
                img.paste(0, (xy[0] + dx, xy[1] + dy), mask)
        elif kind == "rule":
            _, y, t, dashed = op
            if dashed:
                for x in range(MARGIN, width_dots - MARGIN, 12):
                    draw.rectangle((x, y, min(x + 7, width_dots - MARGIN - 1), y + t - 1), fill=0)
            else:
                draw.rectangle((MARGIN, y, width_dots - MARGIN - 1, y + t - 1), fill=0)
        elif kind == "image":
            _, xy, im = op
            img.paste(im, xy)
    return img
