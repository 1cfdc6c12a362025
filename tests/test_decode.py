"""Decoding (issue 3): the encodings policy texts come in, binary refused cleanly, the same document in
every encoding gives the same `documents`."""
from __future__ import annotations

import codecs
import hashlib
from pathlib import Path

import pytest

from invariants import check_result, crlf_mapper, crlf_to_lf_view
from policyparse import parse_text
from policyparse.decode import decode
from policyparse.diagnostics import DecodeError, InputError, PolicyParseError
from policyparse.reading import parse_bytes, parse_file

ROOT = Path(__file__).resolve().parent.parent
SEEDS = sorted((ROOT / "data" / "raw").glob("*.txt"))

# A short synthetic notice in the genre's shape (title, 文号, headings, a target, an assignment, a 专栏).
SAMPLE = (
    "某市人民政府关于印发某市数字经济发展行动计划的通知\n"
    "某府发〔2022〕15号\n\n"
    "各区县人民政府，市政府各部门：\n"
    "　　现将《某市数字经济发展行动计划》印发给你们，请认真贯彻执行。\n\n"
    "一、总体要求\n"
    "（一）发展目标。到2025年，全市数字经济核心产业增加值达到1.4万亿元以上，占地区生产总值比重45%左右。\n"
    "二、重点任务\n"
    "1．推进产业园区建设（牵头单位：市经济信息委；配合单位：市财政局、市科技局）。\n"
    "专栏1　重点工程\n"
    "\t指标\t2022年目标\n"
    "\t软件业务收入（亿元）\t100\n"
    "　　　　　　　　　　　　　　　　　　　　某市人民政府\n"
    "　　　　　　　　　　　　　　　　　　　　2022年3月1日\n"
)


def encodings_of(text: str):
    """(label, bytes, expected source.encoding) for every supported way of saving `text`."""
    yield "utf-8", text.encode("utf-8"), "utf-8"
    yield "utf-8-bom", codecs.BOM_UTF8 + text.encode("utf-8"), "utf-8-sig"
    yield "gb18030", text.encode("gb18030"), "gb18030"
    yield "utf-16-le-bom", text.encode("utf-16"), "utf-16"      # Python writes a BOM (little-endian here)
    yield "utf-16-be-bom", codecs.BOM_UTF16_BE + text.encode("utf-16-be"), "utf-16"


@pytest.mark.parametrize("label,data,enc", list(encodings_of(SAMPLE)), ids=lambda x: x if isinstance(x, str) else "")
def test_decode_each_encoding(label, data, enc):
    d = decode(data)
    assert d.text == SAMPLE
    assert d.encoding == enc


def test_gbk_bytes_read_as_gb18030():
    data = "到2025年，全区软件业务收入达100亿元。".encode("gbk")
    assert decode(data)[:2] == ("到2025年，全区软件业务收入达100亿元。", "gb18030")


def test_line_ends_are_kept():
    assert decode("一、总则\r\n（一）目标\r二、任务\n".encode()).text == "一、总则\r\n（一）目标\r二、任务\n"


def test_explicit_encoding():
    assert decode("一、总则".encode("gb18030"), "gb18030").text == "一、总则"
    with pytest.raises(DecodeError, match=r"x\.txt: cannot decode as utf-8"):
        decode("一、总则".encode("gb18030"), "utf-8", name="x.txt")
    with pytest.raises(DecodeError, match="cannot decode as no-such-codec"):
        decode(b"abc", "no-such-codec")
    with pytest.raises(DecodeError, match="cannot decode as rot13"):   # a str->str codec is not an encoding
        decode(b"abc", "rot13")


@pytest.mark.parametrize("data,why", [
    (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)), "NUL bytes"),
    ("一、总则".encode("utf-16-le"), "NUL bytes"),                         # UTF-16 without a BOM
    (bytes(range(1, 32)) * 40 + "一、总则".encode(), "control characters"),  # no NUL, but not text
    (codecs.BOM_UTF8 + b"\xff\xfe\xfd", "UTF-8 BOM but invalid UTF-8"),
    (b"\x80\x80\x80\xff", "neither UTF-8 nor GB18030"),
], ids=["png", "utf16-no-bom", "control-chars", "bad-utf8-after-bom", "undecodable"])
def test_not_text_is_a_clean_error(data, why):
    with pytest.raises(PolicyParseError) as info:
        decode(data, name="in/x.txt")
    assert str(info.value).startswith("in/x.txt: not a text file (")
    assert why in str(info.value)


def test_stray_control_characters_are_still_text():
    text = "一、总则\x07\n" + "到2025年，全区软件业务收入达100亿元。\n" * 20 + "\x1a"
    assert decode(text.encode()).text == text


def test_source_fields():
    data = SAMPLE.encode("gb18030")
    r = parse_bytes(data, path="a.txt")
    assert (r.source.path, r.source.encoding, r.source.chars) == ("a.txt", "gb18030", len(SAMPLE))
    assert r.source.sha256 == hashlib.sha256(data).hexdigest()


def test_max_bytes(tmp_path):
    data = SAMPLE.encode()
    assert parse_bytes(data, max_bytes=len(data)).documents
    with pytest.raises(InputError, match=rf"{len(data)} bytes is over the limit of {len(data) - 1}"):
        parse_bytes(data, max_bytes=len(data) - 1)
    f = tmp_path / "big.txt"
    f.write_bytes(data)
    with pytest.raises(InputError, match=r"big\.txt: .* over the limit"):
        parse_file(f, max_bytes=10)


def test_missing_file_is_input_error(tmp_path):
    with pytest.raises(InputError, match="cannot read"):
        parse_file(tmp_path / "nope.txt")


def _docs(result):
    return [d.model_dump(mode="json") for d in result.documents]


@pytest.mark.parametrize("path", [None, *SEEDS], ids=lambda p: "synthetic" if p is None else p.stem)
def test_same_documents_in_every_encoding(path):
    """UTF-8, UTF-8 with BOM, GB18030 and UTF-16 (both byte orders) copies decode to the same text, so
    `documents` must be identical, spans included."""
    text = SAMPLE if path is None else decode(path.read_bytes()).text
    reference = parse_bytes(text.encode("utf-8"))
    check_result(text, reference)
    for label, data, enc in encodings_of(text):
        r = parse_bytes(data)
        assert r.source.encoding == enc, label
        assert _docs(r) == _docs(reference), f"{label} copy gives different documents"


@pytest.mark.parametrize("path", [None, *SEEDS], ids=lambda p: "synthetic" if p is None else p.stem)
def test_crlf_copy_gives_same_documents(path):
    """A CRLF copy differs from the LF original only by the \\r characters: every title, marker, value and
    unit must be equal, every span must map onto the LF span once the \\r before it are subtracted, and
    every `text` sliced from the original differs only by its \\r."""
    lf = (SAMPLE if path is None else decode(path.read_bytes()).text).replace("\r\n", "\n").replace("\r", "\n")
    crlf = lf.replace("\n", "\r\n")
    a, b = parse_text(lf), parse_text(crlf)
    check_result(crlf, b)
    assert crlf_to_lf_view(_docs(b), crlf_mapper(crlf)) == _docs(a)
    # and the same through the bytes path with a BOM, as Windows tools save it
    assert _docs(parse_bytes(codecs.BOM_UTF8 + crlf.encode())) == _docs(b)


# --- warnings instead of silent garbage (issue 18) -------------------------------------------------------

def _codes(decoded):
    return [str(w.code) for w in decoded.warnings]


@pytest.mark.parametrize("enc", ["utf-8", "utf-8-sig", "gb18030", "utf-16"])
def test_an_input_cut_inside_a_character_decodes_with_a_warning(enc):
    text = SAMPLE.rstrip("\n")                                  # ends with 日
    d = decode(text.encode(enc)[:-1])                            # cut inside it
    assert d.text == text[:-1] + "\ufffd"
    assert _codes(d) == ["decode.truncated"] and d.warnings[0].span == (len(d.text) - 1, len(d.text))
    assert d.encoding == {"utf-8": "utf-8", "utf-8-sig": "utf-8-sig", "gb18030": "gb18030", "utf-16": "utf-16"}[enc]


def test_invalid_bytes_in_the_middle_are_still_refused():
    data = SAMPLE.encode("utf-8")
    with pytest.raises(PolicyParseError):
        decode(codecs.BOM_UTF8 + data[:10] + b"\xff" + data[10:])


def test_big5_read_as_gb18030_is_low_confidence():
    text = "臺北市政府關於印發促進產業發展若干措施的通知。到2025年，全市產值達到100億元，就業人數增加一萬人。"
    d = decode(text.encode("big5"))
    assert d.encoding == "gb18030" and _codes(d) == ["decode.low_confidence"]
    assert "big5" in d.warnings[0].message
    assert decode(text.encode("big5"), "big5").text == text and not decode(text.encode("big5"), "big5").warnings


def test_a_big5_line_in_a_gb18030_file_is_low_confidence():
    big5 = "臺北市政府關於印發促進產業發展若干措施的通知\n".encode("big5")
    data = SAMPLE.encode("gb18030") + big5 + SAMPLE.encode("gb18030")
    d = decode(data)
    assert _codes(d) == ["decode.low_confidence"]
    s, e = d.warnings[0].span
    assert s == len(SAMPLE) and e == s + len(big5.decode("gb18030").rstrip("\n"))


def test_utf8_and_gb18030_lines_mixed_are_refused_with_the_reason():
    data = SAMPLE.encode("gb18030") + "这一行是UTF-8编码的。\n".encode("utf-8") + SAMPLE.encode("gb18030")
    with pytest.raises(DecodeError, match="lines in UTF-8 and lines in GB18030 mixed"):
        decode(data, name="x.txt")


REAL = sorted((ROOT / "tests" / "data" / "real_sample").glob("*.txt"))
HELDOUT = sorted((ROOT / "tests" / "heldout" / "raw").glob("*.txt"))


@pytest.mark.parametrize("path", [*SEEDS, *REAL, *HELDOUT], ids=lambda p: p.stem)
def test_real_documents_decode_without_doubt(path):
    """No false alarm on real documents, in every encoding they are saved in."""
    d = decode(path.read_bytes())
    assert not d.warnings, d.warnings
    assert not decode(d.text.encode("gb18030")).warnings


def test_empty_input_warns():
    assert [w.code for w in parse_bytes(b"").warnings] == ["input.empty"]
    assert [w.code for w in parse_text(" \u3000\r\n").warnings] == ["input.empty"]
    assert not parse_text(SAMPLE).warnings or "input.empty" not in [w.code for w in parse_text(SAMPLE).warnings]


@pytest.mark.parametrize("odd", ["", "•", "é•", "αβγ", "αβγδε", "αβγδεζ"])
def test_a_few_odd_characters_are_no_alarm(odd):
    """Found by the mutation fuzzer: 1 to 4 odd characters in a GB18030 text crashed the density check."""
    d = decode((SAMPLE + odd + "\n").encode("gb18030"))
    assert d.text == SAMPLE + odd + "\n"
    assert _codes(d) == (["decode.low_confidence"] if len(odd) >= 6 else [])


def test_a_near_empty_text_is_no_alarm():
    """Found by the mutation fuzzer: a mutant reduced to two non-ASCII characters, one of them rare."""
    assert not decode("\u00e9\u3000\n".encode("gb18030")).warnings
