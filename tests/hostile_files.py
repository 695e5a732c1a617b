"""Small files that are large or lying once opened, built on the fly for tests and bench/.

Each is a few hundred KB at most on disk: what matters is what it becomes when read.
"""

from __future__ import annotations

import io
import re
import struct
import zipfile
from collections.abc import Sequence

from PIL import Image

_MB = 1024 * 1024


def forge_declared_size(data: bytes, member: str, declared: int) -> bytes:
    """The same ZIP with `member`'s uncompressed size declared as `declared` (local header
    and central directory) while its real deflated bytes stay as they are."""
    archive = zipfile.ZipFile(io.BytesIO(data))
    info = archive.getinfo(member)
    forged = bytearray(data)
    struct.pack_into("<I", forged, info.header_offset + 22, declared)
    position = archive.start_dir
    name = member.encode()
    while True:
        position = forged.index(b"PK\x01\x02", position)
        length = struct.unpack_from("<H", forged, position + 28)[0]
        if forged[position + 46 : position + 46 + length] == name:
            break
        position += 4
    struct.pack_into("<I", forged, position + 24, declared)
    return bytes(forged)


def docx_bomb(*, real_mb: int, declared: int | None = None) -> bytes:
    """A ZIP with the parts of a DOCX and a member of `real_mb` MB of zeros (about 1 KB per
    MB once deflated), its size declared as `declared` bytes when given."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<w:document/>")
        with archive.open("word/media/image1.png", "w") as member:
            zeros = bytes(_MB)
            for _ in range(real_mb):
                member.write(zeros)
    data = buffer.getvalue()
    if declared is not None:
        data = forge_declared_size(data, "word/media/image1.png", declared)
    return data


def huge_png(width: int = 12_000, height: int = 12_000) -> bytes:
    """One colour, `width` x `height`: a few KB to a few hundred KB as PNG."""
    buffer = io.BytesIO()
    Image.new("1", (width, height), 1).save(buffer, "PNG")
    return buffer.getvalue()


def xlsx_with_sheet_xml(workbook: bytes, rows: Sequence[bytes], *, repeat: int = 1) -> bytes:
    """`workbook` (an .xlsx) whose first sheet holds `rows` (`<row>` elements), the last
    one written `repeat` times: a few KB of deflated bytes can stand for 100 MB of XML."""
    source = zipfile.ZipFile(io.BytesIO(workbook))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            if item.filename != "xl/worksheets/sheet1.xml":
                target.writestr(item, source.read(item.filename))
                continue
            sheet = source.read(item.filename)
            # Without <dimension>, readers take the size of the sheet from its rows.
            head = re.sub(rb"<dimension[^>]*/>", b"", sheet[: sheet.index(b"<sheetData")])
            with target.open(item.filename, "w") as member:
                member.write(head + b"<sheetData>")
                for row in rows[:-1]:
                    member.write(row)
                batch, rest = divmod(repeat, 1000)
                for _ in range(batch):
                    member.write(rows[-1] * 1000)
                member.write(rows[-1] * rest)
                member.write(b"</sheetData></worksheet>")
    return buffer.getvalue()


def sheet_row(number: int, values: Sequence[str | int], *, first_column: int = 0) -> bytes:
    """One `<row>` of inline strings and numbers (columns from A, or after `first_column`)."""
    cells = []
    for index, value in enumerate(values, start=first_column):
        ref = f"{_column(index)}{number}"
        if isinstance(value, int):
            cells.append(f'<c r="{ref}"><v>{value}</v></c>')
        else:
            text = value.replace("&", "&amp;").replace("<", "&lt;")
            cells.append(f'<c r="{ref}" t="inlineStr"><is><t>{text}</t></is></c>')
    return f'<row r="{number}">{"".join(cells)}</row>'.encode()


def _column(index: int) -> str:
    name = ""
    index += 1
    while index:
        index, remainder = divmod(index - 1, 26)
        name = chr(65 + remainder) + name
    return name
