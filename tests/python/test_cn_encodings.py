"""Encoding detection and the UTF-8 pre-step for the Chinese exports (scripts/normalise_encodings.py)."""

from __future__ import annotations

from pathlib import Path

import pytest

from scripts import normalise_encodings as ne

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "cn"
TEXT = "日期,摘要,借方金额\r\n2025-03-05,阿里云3月云服务费（含税）,\"12,000.00\"\r\n"


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        (TEXT.encode("gbk"), "gb18030"),
        (TEXT.encode("gb18030"), "gb18030"),
        (TEXT.encode("utf-8"), "utf-8"),
        (b"\xef\xbb\xbf" + TEXT.encode("utf-8"), "utf-8-sig"),
        (b"plain,ascii\n1,2\n", "utf-8"),
        # characters GBK cannot hold but GB18030 can (a four-byte sequence)
        ("名称\n𠀀,€\n".encode("gb18030"), "gb18030"),
    ],
)
def test_detects_the_encodings_chinese_exports_use(data: bytes, expected: str) -> None:
    assert ne.detect_encoding(data, "x.csv") == expected


@pytest.mark.parametrize(
    "data",
    [
        TEXT.encode("utf-16"),  # with a BOM, as Excel's "Unicode text" writes it
        TEXT.encode("utf-16-le"),  # no BOM: NUL bytes
        b"\x80\x81\xff\xfe\x00garbage",
        b"ok,\x81\x30",  # a truncated four-byte GB18030 sequence
        b"\xef\xbb\xbfBOM but \xff not utf-8",
    ],
)
def test_a_file_that_is_neither_fails_naming_the_file(data: bytes) -> None:
    with pytest.raises(ne.EncodingProblem, match="bad_export.csv"):
        ne.detect_encoding(data, "bad_export.csv")


def test_normalise_writes_utf8_copies_with_the_same_lines(tmp_path: Path) -> None:
    raw = tmp_path / "raw"
    (raw / "erp" / "kingdee").mkdir(parents=True)
    (raw / "erp" / "yonyou").mkdir(parents=True)
    (raw / "erp" / "kingdee" / "a.csv").write_bytes(TEXT.encode("gbk"))
    (raw / "erp" / "yonyou" / "b.csv").write_bytes(b"\xef\xbb\xbf" + TEXT.encode("utf-8"))
    written = ne.normalise(raw)
    assert {(w.source.name, w.encoding, w.data_lines) for w in written} == {
        ("a.csv", "gb18030", 1),
        ("b.csv", "utf-8-sig", 1),
    }
    copy = raw / "_utf8" / "erp" / "kingdee" / "a.csv"
    assert copy.read_bytes() == TEXT.encode("utf-8")  # same text, same line endings, no BOM
    assert (raw / "_utf8" / "erp" / "yonyou" / "b.csv").read_bytes() == TEXT.encode("utf-8")
    # every layout gets its header-only file, so a source never matches no file
    for folder, columns in ne.LAYOUTS.items():
        header = (raw / "_utf8" / folder / ne.HEADER_FILE).read_text(encoding="utf-8")
        assert header.strip().split(",") == list(columns)


def test_normalise_writes_nothing_when_one_file_is_bad(tmp_path: Path) -> None:
    raw = tmp_path / "raw"
    (raw / "erp" / "kingdee").mkdir(parents=True)
    (raw / "erp" / "kingdee" / "good.csv").write_bytes(TEXT.encode("gbk"))
    (raw / "erp" / "kingdee" / "bad.csv").write_bytes(TEXT.encode("utf-16"))
    with pytest.raises(ne.EncodingProblem, match="bad.csv"):
        ne.normalise(raw)
    assert not (raw / "_utf8").exists()


def test_a_file_removed_from_raw_leaves_the_copy(tmp_path: Path) -> None:
    raw = tmp_path / "raw"
    (raw / "erp" / "yonyou").mkdir(parents=True)
    export = raw / "erp" / "yonyou" / "u8_voucher_002_202501.csv"
    export.write_bytes(TEXT.encode("gbk"))
    ne.normalise(raw)
    export.unlink()
    ne.normalise(raw)
    assert not (raw / "_utf8" / "erp" / "yonyou" / export.name).exists()


def test_cli_reports_a_bad_file_without_a_traceback(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    raw = tmp_path / "raw"
    (raw / "cloud" / "alibaba_cloud").mkdir(parents=True)
    (raw / "cloud" / "alibaba_cloud" / "bill.csv").write_bytes(TEXT.encode("utf-16"))
    assert ne.main(["--raw", str(raw)]) == 1
    err = capsys.readouterr().err
    assert "bill.csv" in err and "UTF-16" in err and "Traceback" not in err
    assert ne.main(["--raw", str(tmp_path / "missing")]) == 1


def test_fixtures_are_in_the_encodings_the_products_write() -> None:
    encodings = {
        path.parent.name: ne.detect_encoding(path.read_bytes(), str(path))
        for path in FIXTURES.glob("*/*.csv.export")
    }
    assert encodings == {"kingdee": "gb18030", "yonyou": "gb18030", "alibaba_cloud": "utf-8-sig"}
    # GBK really: the Kingdee fixture is not valid UTF-8
    with pytest.raises(UnicodeDecodeError):
        next(FIXTURES.glob("kingdee/*.csv.export")).read_bytes().decode("utf-8")
