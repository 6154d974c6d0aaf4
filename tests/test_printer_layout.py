"""Receipt layout: Vietnamese glyphs from the bundled font, wrapping, QR, widths."""

import pytest
import zxingcpp
from PIL import ImageChops

from devices.printer.layout import (
    QR,
    WIDTH_DOTS,
    Bullets,
    KeyValue,
    Rule,
    Spacer,
    Text,
    Title,
    font,
    render,
    wrap,
)

NAME = "Nguyễn Thị Ánh"


def _notdef(f):
    return bytes(f.getmask("\uffff"))


@pytest.mark.parametrize("bold", [False, True])
def test_every_vietnamese_letter_has_a_real_glyph(bold):
    f = font(24, bold)
    notdef = _notdef(f)
    letters = set("ăâđêôơưĂÂĐÊÔƠƯáàảãạấầẩẫậắằẳẵặéèẻẽẹếềểễệíìỉĩịóòỏõọốồổỗộớờởỡợúùủũụứừửữựýỳỷỹỵ"
                  "ÁÀẢÃẠẤẦẨẪẬẮẰẲẴẶÉÈẺẼẸẾỀỂỄỆÍÌỈĨỊÓÒỎÕỌỐỒỔỖỘỚỜỞỠỢÚÙỦŨỤỨỪỬỮỰÝỲỶỸỴ" + NAME.replace(" ", ""))
    missing = [ch for ch in letters if bytes(f.getmask(ch)) == notdef]
    assert missing == []


def test_the_missing_glyph_check_can_fail():
    # A Han character is not in Noto Sans: it must come out as the .notdef box.
    f = font(24)
    assert bytes(f.getmask("漢")) == _notdef(f)


def test_diacritics_change_the_rendered_image():
    with_marks = render([Text(NAME)], 576)
    without = render([Text("Nguyen Thi Anh")], 576)
    assert with_marks.mode == "1"
    assert ImageChops.difference(with_marks.convert("L"), without.convert("L")).getbbox()


def test_decomposed_input_renders_like_precomposed():
    import unicodedata

    nfd = unicodedata.normalize("NFD", NAME)
    a, b = render([Text(NAME)], 384), render([Text(nfd)], 384)
    assert a.tobytes() == b.tobytes()


def test_wrap_never_cuts_a_word():
    text = ("Giấy tờ cần mang khi nhận kết quả gồm căn cước của người đi đăng ký khai sinh "
            "và giấy chứng sinh bản chính do cơ sở y tế cấp")
    f = font(24)
    for width in (150, 250, 368, 560):
        lines = wrap(text, f, width)
        assert len(lines) > 1 or width > 500
        assert " ".join(lines).split() == text.split()  # every word whole, none split
        assert all(f.getlength(line) <= width for line in lines)


def test_a_token_longer_than_the_line_breaks_after_a_separator():
    f = font(24)
    url = "https://dichvucong.hanoi.gov.vn/tra-cuu-ho-so?ma=000.00.07.H26-261122-0001"
    lines = wrap(url, f, 200)
    assert "".join(lines) == url
    assert all(f.getlength(line) <= 200 for line in lines)
    assert lines[0].endswith(("/", ".", "-", "?", "=", ":"))


@pytest.mark.parametrize("paper", [80, 58])
def test_render_fills_the_paper_width(paper):
    blocks = [Title("Biên nhận"), Text("a", align="right"), KeyValue("Lệ phí", "8.000 đ"),
              Rule(), Rule(dashed=True), Spacer(10), Bullets(("Một", "Hai")),
              QR("https://example.test/x", caption="Quét mã")]
    img = render(blocks, WIDTH_DOTS[paper])
    assert img.mode == "1" and img.width == WIDTH_DOTS[paper]
    bbox = img.convert("L").point(lambda v: 255 - v).getbbox()
    assert bbox[0] >= 8 and bbox[2] <= WIDTH_DOTS[paper] - 8  # inside the margins


@pytest.mark.parametrize("paper", [80, 58])
def test_qr_decodes_with_quiet_zone(paper):
    data = "https://dichvucong.hanoi.gov.vn/tra-cuu-ho-so?ma=000.00.07.H26-261122-0001"
    img = render([Text("Tra cứu"), QR(data)], WIDTH_DOTS[paper])
    found = zxingcpp.read_barcodes(img.convert("L"))
    assert [r.text for r in found] == [data]
    qr = found[0].position
    # At least 4 modules (5 dots each) of white around the symbol.
    assert qr.top_left.x >= 20 and qr.top_left.y >= 20 + 30


def test_unknown_block_is_refused():
    with pytest.raises(TypeError):
        render(["not a block"], 576)


def test_qr_shrinks_to_the_paper_or_is_refused():
    data = "https://dichvucong.hanoi.gov.vn/tra-cuu-ho-so?ma=" + "X" * 150
    img = render([QR(data, module=8)], 384)  # 8-dot modules would overflow 58 mm paper
    assert [r.text for r in zxingcpp.read_barcodes(img.convert("L"))] == [data]
    with pytest.raises(ValueError):
        render([QR("x" * 1500)], 384)
