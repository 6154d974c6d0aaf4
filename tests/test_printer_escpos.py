"""ESC/POS bytes of a receipt, decoded back by the simulator: the image and its QR survive."""

import zxingcpp
from hypothesis import given, settings
from hypothesis import strategies as st
from PIL import Image

from devices.printer.escpos import encode_image
from devices.printer.layout import WIDTH_DOTS, render
from devices.printer.simulator import PrinterSimulator, decode_raster
from kiosk.receipt import receipt_blocks, sample_receipt


def test_job_bytes_init_raster_feed_partial_cut():
    img = Image.new("1", (16, 2), 1)
    img.putpixel((0, 0), 0)  # top-left dot black
    img.putpixel((15, 1), 0)  # bottom-right dot black
    data = encode_image(img, 576)
    assert data == (b"\x1b@"  # ESC @ initialise
                    + b"\x1dv0\x00" + b"\x02\x00" + b"\x02\x00"  # GS v 0, 2 bytes x 2 rows
                    + b"\x80\x00" + b"\x00\x01"  # a set bit is a black dot, MSB first
                    + b"\x1bd\x06"  # ESC d 6: feed past the cutter
                    + b"\x1dV\x01")  # GS V 1: partial cut


def test_decoder_inverts_the_encoder_exactly():
    img = render(receipt_blocks(sample_receipt()), 576)
    sim = PrinterSimulator()
    sim.feed(encode_image(img, 576))
    (job,) = sim.jobs
    assert job.cut == "partial" and not job.out_of_paper
    assert job.image().tobytes() == img.tobytes()
    assert job.paper_mm > img.height * 25.4 / 203  # the image plus the feed before the cut


def test_receipt_through_escpos_decodes_to_its_lookup_qr():
    for paper in (80, 58):
        receipt = sample_receipt()
        img = render(receipt_blocks(receipt), WIDTH_DOTS[paper])
        sim = PrinterSimulator(width_dots=WIDTH_DOTS[paper])
        data = encode_image(img, WIDTH_DOTS[paper])
        # Split the stream at odd places: a printer receives it in packets.
        for i in range(0, len(data), 1337):
            sim.feed(data[i:i + 1337])
        printed = sim.jobs[0].image()
        texts = [r.text for r in zxingcpp.read_barcodes(printed.convert("L"))]
        assert texts == ["https://dichvucong.hanoi.gov.vn/tra-cuu-ho-so?ma=" + receipt.dossier_code]


def test_decode_raster_refuses_a_short_command():
    import pytest

    with pytest.raises(ValueError):
        decode_raster(b"\x1dv0\x00\x02\x00\x02\x00\x00")


@settings(max_examples=300, deadline=None)
@given(st.binary(max_size=200))
def test_simulator_survives_any_byte_stream(data):
    sim = PrinterSimulator(roll_mm=20)
    answer = sim.feed(data)
    assert len(answer) <= data.count(b"\x10\x04")
    assert all(b & 0x93 == 0x12 for b in answer)
    assert 0 <= sim.remaining_mm <= 20


def test_fast_1bit_raster_equals_python_escpos_image():
    from devices.printer.escpos import KioskEscpos, _Recorder

    img = render(receipt_blocks(sample_receipt()), 576)
    assert img.height > 960  # more than one fragment
    ours, theirs = _Recorder(), _Recorder()
    KioskEscpos(ours, 576).raster_1bit(img)
    KioskEscpos(theirs, 576).image(img, impl="bitImageRaster", fragment_height=960)
    assert bytes(ours.data) == bytes(theirs.data)
