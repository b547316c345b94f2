"""The text of a PDF written by Qt's PDF engine (tests only; no PDF library needed).

Qt writes each font as a Type0/Identity-H font with a ToUnicode CMap and draws text glyph by
glyph (``<hex> Tj``) in Flate-compressed content streams, without object streams. That is
all this reader understands; it is enough to check what a print-out says. QtPdf
(``QPdfDocument``) is not part of PySide6-Essentials, so it cannot be relied on.
"""

from __future__ import annotations

import re
import unicodedata
import zlib

_OBJECT = re.compile(rb"(\d+) 0 obj(.*?)endobj", re.S)
_TOKEN = re.compile(rb"/[^\s/<>\[\]()]+|<[0-9A-Fa-f]*>|\[|\]|-?\d*\.?\d+|[A-Za-z*']+")


def _stream(body: bytes) -> bytes:
    match = re.search(rb"stream\r?\n", body)
    if match is None:
        return b""
    raw = body[match.end() : body.rindex(b"endstream")]
    if b"/FlateDecode" in body[: match.start()]:
        return zlib.decompress(raw)
    return raw


def _ref(body: bytes, key: bytes) -> int | None:
    match = re.search(rb"/" + key + rb"\s+(\d+) 0 R", body)
    return int(match.group(1)) if match else None


def _cmap(text: bytes) -> dict[int, str]:
    mapping: dict[int, str] = {}

    def chars(hex_text: bytes) -> str:
        value = bytes.fromhex(hex_text.decode())
        return value.decode("utf-16-be", errors="replace")

    for block in re.findall(rb"beginbfchar(.*?)endbfchar", text, re.S):
        for source, target in re.findall(rb"<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>", block):
            mapping[int(source, 16)] = chars(target)
    for block in re.findall(rb"beginbfrange(.*?)endbfrange", text, re.S):
        pattern = rb"<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>\s*(\[[^\]]*\]|<[0-9A-Fa-f]+>)"
        for low, high, target in re.findall(pattern, block):
            start, end = int(low, 16), int(high, 16)
            if target.startswith(b"["):
                targets = re.findall(rb"<([0-9A-Fa-f]+)>", target)
                for offset, item in enumerate(targets):
                    mapping[start + offset] = chars(item)
            else:
                first = int(target[1:-1], 16)
                for offset in range(end - start + 1):
                    mapping[start + offset] = chr(first + offset)
    return mapping


def pdf_pages_text(data: bytes) -> list[str]:
    """The text of every page, in page order; glyph runs on separate lines."""
    objects = {int(number): body for number, body in _OBJECT.findall(data)}
    cmaps: dict[int, dict[int, str]] = {}
    for number, body in objects.items():
        if b"/Type /Font" in body and b"/ToUnicode" in body:
            target = _ref(body, b"ToUnicode")
            if target is not None:
                cmaps[number] = _cmap(_stream(objects[target]))
    pages_object = next(body for body in objects.values() if b"/Type /Pages" in body)
    kids_match = re.search(rb"/Kids\s*\[(.*?)\]", pages_object, re.S)
    assert kids_match is not None
    kids = [int(n) for n in re.findall(rb"(\d+) 0 R", kids_match.group(1))]
    pages: list[str] = []
    for kid in kids:
        page = objects[kid]
        resources = objects[_ref(page, b"Resources") or -1]
        fonts_match = re.search(rb"/Font\s*<<(.*?)>>", resources, re.S)
        fonts = {
            name: int(number)
            for name, number in re.findall(
                rb"/([^\s/]+)\s+(\d+) 0 R", fonts_match.group(1) if fonts_match else b""
            )
        }
        content = _stream(objects[_ref(page, b"Contents") or -1])
        pages.append(_show_text(content, fonts, cmaps))
    return pages


def _show_text(content: bytes, fonts: dict[bytes, int], cmaps: dict[int, dict[int, str]]) -> str:
    out: list[str] = []
    operands: list[bytes] = []
    cmap: dict[int, str] = {}
    for token in _TOKEN.findall(content):
        if token in (b"Tf",):
            if len(operands) >= 2:
                cmap = cmaps.get(fonts.get(operands[-2][1:], -1), {})
        elif token in (b"Tj", b"TJ", b"'"):
            for operand in operands:
                if operand.startswith(b"<"):
                    hex_text = operand[1:-1].decode()
                    for i in range(0, len(hex_text), 4):
                        out.append(cmap.get(int(hex_text[i : i + 4], 16), ""))
        elif token in (b"Td", b"TD"):
            if len(operands) >= 2 and float(operands[-1]) != 0:
                out.append("\n")
        elif token in (b"BT", b"ET", b"T*"):
            out.append("\n")
        if token[:1].isalpha() or token == b"'":
            operands = []
        else:
            operands.append(token)
    text = unicodedata.normalize("NFKC", "".join(out)).replace("\t", " ")
    return text


def pdf_text(data: bytes) -> str:
    """All pages' text with white space (also line breaks) folded to single spaces."""
    return " ".join(" ".join(pdf_pages_text(data)).split())
