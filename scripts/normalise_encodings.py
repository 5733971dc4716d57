"""Make the Chinese exports readable by the warehouse: detect each file's encoding, write UTF-8.

Kingdee and Yonyou voucher exports and the CSV files Excel writes in China are usually
GB18030/GBK; the Alibaba Cloud console writes UTF-8, often with a byte-order mark. DuckDB's CSV
reader only reads UTF-8 (and UTF-16, Latin-1) without the ``encodings`` extension, which cannot
be downloaded offline. So this pre-step, run before ``dbt build``, reads every ``*.csv`` of the
folders below under the raw folder, detects its encoding and writes a UTF-8 copy (no BOM, same
bytes otherwise, so line numbers stay the same) under ``<raw>/_utf8/<same relative path>``,
which is where the dbt sources read them.

Detection, per file:

* a UTF-8 byte-order mark: UTF-8 with BOM;
* otherwise a strict UTF-8 decode succeeds: UTF-8;
* otherwise a strict GB18030 decode (a superset of GBK and GB2312) succeeds and the text looks
  like text (no control characters, no private-use characters): GB18030/GBK;
* otherwise (UTF-16, binary, a Latin-1 file that is not valid GB18030, ...): an error naming
  the file. Nothing is written for a run that finds such a file.

Every folder also gets ``_layout_header.csv``, a header-only file with the layout's columns,
so that the sources have a file to read when a group exports nothing of that kind (DuckDB
fails on a glob that matches no file). It holds no rows and so never shows in row counts.
"""

from __future__ import annotations

import argparse
import os
import shutil
import sys
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

NORMALISED_FOLDER = "_utf8"
HEADER_FILE = "_layout_header.csv"

# The columns each layout's staging model reads (docs/china.md). The header-only file carries
# them so that a folder without exports still gives the base model every column it names.
KINGDEE_COLUMNS: tuple[str, ...] = (
    "账簿", "日期", "会计年度", "期间", "凭证字", "凭证号", "分录号", "摘要", "科目编码",
    "科目名称", "核算维度", "币别", "汇率", "原币金额", "借方金额", "贷方金额", "制单", "审核",
)
YONYOU_COLUMNS: tuple[str, ...] = (
    "制单日期", "会计年度", "会计期间", "凭证类别", "凭证号", "行号", "附单据数", "摘要",
    "科目编码", "科目名称", "借方金额", "贷方金额", "币种", "汇率", "外币金额", "部门编码",
    "部门名称", "项目编码", "项目名称", "供应商编码", "供应商名称", "制单人",
)
ALIBABA_CLOUD_COLUMNS: tuple[str, ...] = (
    "账期", "财务单元", "账号ID", "账号", "Owner账号", "产品", "产品Code", "产品明细",
    "产品明细Code", "消费类型", "账单类型", "订单号/账单号", "服务开始时间", "服务结束时间",
    "服务时长", "时长单位", "实例ID", "实例昵称", "资源组", "实例标签", "实例规格", "地域",
    "可用区", "官网价", "优惠金额", "应付金额", "代金券抵扣", "储值卡支付金额", "现金支付",
    "未结清金额", "币种",
)
LAYOUTS: dict[str, tuple[str, ...]] = {
    "erp/kingdee": KINGDEE_COLUMNS,
    "erp/yonyou": YONYOU_COLUMNS,
    "cloud/alibaba_cloud": ALIBABA_CLOUD_COLUMNS,
}

UTF8_BOM = b"\xef\xbb\xbf"
UTF16_BOMS = (b"\xff\xfe", b"\xfe\xff")
# Control characters a text export never holds (tab, CR and LF are fine).
_ALLOWED_CONTROLS = frozenset("\t\r\n")


class EncodingProblem(ValueError):
    """A file that is neither UTF-8 nor GB18030/GBK text."""


@dataclass(frozen=True)
class NormalisedFile:
    source: Path
    target: Path
    encoding: str  # 'utf-8', 'utf-8-sig' or 'gb18030'
    data_lines: int


def _looks_like_text(text: str) -> bool:
    for char in text:
        category = unicodedata.category(char)
        if category == "Cc" and char not in _ALLOWED_CONTROLS:
            return False
        if category in ("Co", "Cs", "Cn"):  # private use, surrogates, unassigned
            return False
    return True


def detect_encoding(data: bytes, name: str = "<bytes>") -> str:
    """Return 'utf-8-sig', 'utf-8' or 'gb18030' for the bytes of a CSV file.

    Raises EncodingProblem, naming the file, for anything else.
    """
    if data.startswith(UTF8_BOM):
        try:
            data.decode("utf-8-sig")
        except UnicodeDecodeError as error:
            raise EncodingProblem(
                f"{name}: starts with a UTF-8 byte-order mark but is not valid UTF-8 "
                f"(byte {error.start}); re-export it as UTF-8 or GBK"
            ) from None
        return "utf-8-sig"
    if data.startswith(UTF16_BOMS):
        raise EncodingProblem(
            f"{name}: is UTF-16 (it starts with a UTF-16 byte-order mark); save it as UTF-8 or "
            "GBK (in Excel: CSV UTF-8, or CSV with the Chinese code page)"
        )
    if b"\x00" in data:
        raise EncodingProblem(f"{name}: holds NUL bytes, so it is not a UTF-8 or GBK text file")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    else:
        if _looks_like_text(text):
            return "utf-8"
        raise EncodingProblem(f"{name}: decodes as UTF-8 but holds control characters")
    try:
        text = data.decode("gb18030")
    except UnicodeDecodeError as error:
        raise EncodingProblem(
            f"{name}: is neither UTF-8 nor GB18030/GBK (undecodable byte at offset {error.start}); "
            "re-export it as UTF-8 or GBK"
        ) from None
    if not _looks_like_text(text):
        raise EncodingProblem(
            f"{name}: is neither UTF-8 nor GB18030/GBK text (it decodes only to control or "
            "private-use characters); re-export it as UTF-8 or GBK"
        )
    return "gb18030"


def normalise_file(source: Path, target: Path) -> NormalisedFile:
    """Write a UTF-8 copy (no BOM) of one file; returns what was done."""
    data = source.read_bytes()
    encoding = detect_encoding(data, str(source))
    text = data.decode(encoding)
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(text.encode("utf-8"))
    lines = [line for line in text.splitlines() if line.strip()]
    return NormalisedFile(source, target, encoding, max(len(lines) - 1, 0))


def _header_line(columns: Sequence[str]) -> str:
    return ",".join(f'"{c}"' if ("," in c or '"' in c) else c for c in columns) + "\n"


def normalise(raw: str | os.PathLike[str], out: str | os.PathLike[str] | None = None) -> list[NormalisedFile]:
    """Normalise every CSV of the Chinese layouts under raw into out (default raw/_utf8).

    Detects every file first and writes nothing if one of them is neither UTF-8 nor GBK.
    The layout folders under out are replaced as a whole, so a file deleted from the raw
    folder disappears from the copy too.
    """
    raw_path = Path(raw)
    out_path = Path(out) if out is not None else raw_path / NORMALISED_FOLDER
    if not raw_path.is_dir():
        raise FileNotFoundError(f"raw folder {raw_path} does not exist")
    plan: list[tuple[Path, Path, str]] = []
    problems: list[str] = []
    for folder in LAYOUTS:
        for source in sorted((raw_path / folder).glob("*.csv")):
            if source.name == HEADER_FILE:
                continue
            try:
                encoding = detect_encoding(source.read_bytes(), str(source))
            except EncodingProblem as problem:
                problems.append(str(problem))
                continue
            plan.append((source, out_path / folder / source.name, encoding))
    if problems:
        raise EncodingProblem("\n".join(problems))
    written: list[NormalisedFile] = []
    for folder, columns in LAYOUTS.items():
        target_folder = out_path / folder
        if target_folder.exists():
            shutil.rmtree(target_folder)
        target_folder.mkdir(parents=True)
        (target_folder / HEADER_FILE).write_text(_header_line(columns), encoding="utf-8")
    for source, target, _ in plan:
        written.append(normalise_file(source, target))
    return written


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="normalise_encodings.py",
        description="Detect the encoding (UTF-8, UTF-8 with BOM, GB18030/GBK) of the Kingdee, "
        "Yonyou and Alibaba Cloud exports under the raw folder and write UTF-8 copies that dbt "
        "reads. Run it before dbt build.",
    )
    parser.add_argument(
        "--raw",
        default=os.environ.get("BTIM_RAW_PATH") or "data/raw",
        help="raw folder (default: $BTIM_RAW_PATH or data/raw)",
    )
    parser.add_argument(
        "--out", default=None, help=f"where the UTF-8 copies go (default: <raw>/{NORMALISED_FOLDER})"
    )
    parser.add_argument("--quiet", action="store_true", help="print nothing on success")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        files = normalise(args.raw, args.out)
    except EncodingProblem as problem:
        print(f"error: cannot read these exports:\n{problem}", file=sys.stderr)
        return 1
    except OSError as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
    if not args.quiet:
        by_encoding: dict[str, int] = {}
        for item in files:
            by_encoding[item.encoding] = by_encoding.get(item.encoding, 0) + 1
        found = ", ".join(f"{count} {enc}" for enc, count in sorted(by_encoding.items())) or "none"
        print(f"Normalised {len(files)} Chinese export file(s) to UTF-8 ({found})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
