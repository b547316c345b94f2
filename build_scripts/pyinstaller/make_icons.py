"""Render the application icon (``resources/icons/pzp-desktop.svg``) for the bundles.

    python build_scripts/pyinstaller/make_icons.py [OUTPUT_DIR]     # default: build/icons

Writes, with Qt's SVG renderer only (no downloads, no Pillow):

* ``pzp-desktop-<N>.png`` for N in 16 … 1024 (Linux icon themes, documentation);
* ``pzp-desktop.ico``: Windows icon with PNG-compressed images of 16 … 256 pixels
  (supported since Windows Vista);
* ``pzp-desktop.icns``: macOS icon with PNG images of 16 … 1024 pixels.

The outputs are build products (``build/`` is gitignored); the SVG is the source.
"""

from __future__ import annotations

import os
import struct
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SVG = ROOT / "resources" / "icons" / "pzp-desktop.svg"
NAME = "pzp-desktop"

PNG_SIZES = (16, 24, 32, 48, 64, 128, 256, 512, 1024)
ICO_SIZES = (16, 24, 32, 48, 64, 128, 256)
#: ICNS element types with PNG data and their pixel sizes (Apple's "icns" format).
ICNS_TYPES = (
    (b"icp4", 16),
    (b"icp5", 32),
    (b"icp6", 64),
    (b"ic07", 128),
    (b"ic08", 256),
    (b"ic09", 512),
    (b"ic10", 1024),  # 512x512@2x
    (b"ic11", 32),  # 16x16@2x
    (b"ic12", 64),  # 32x32@2x
    (b"ic13", 256),  # 128x128@2x
    (b"ic14", 512),  # 256x256@2x
)


def render_pngs(svg: Path, sizes: tuple[int, ...], output: Path) -> dict[int, bytes]:
    """Render the SVG as ``output/pzp-desktop-<size>.png`` per size; their PNG data."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtCore import Qt
    from PySide6.QtGui import QGuiApplication, QImage, QPainter
    from PySide6.QtSvg import QSvgRenderer

    _app = QGuiApplication.instance() or QGuiApplication([sys.argv[0]])
    renderer = QSvgRenderer(str(svg))
    if not renderer.isValid():
        raise SystemExit(f"error: {svg} is not a valid SVG")
    out: dict[int, bytes] = {}
    for size in sizes:
        image = QImage(size, size, QImage.Format.Format_ARGB32_Premultiplied)
        image.fill(Qt.GlobalColor.transparent)
        painter = QPainter(image)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
        renderer.render(painter)
        painter.end()
        path = output / f"{NAME}-{size}.png"
        if not image.save(str(path)):
            raise SystemExit(f"error: could not write {path}")
        out[size] = path.read_bytes()
    del _app
    return out


def ico(pngs: dict[int, bytes], sizes: tuple[int, ...]) -> bytes:
    """An ICO file whose images are PNG data (ICONDIR, ICONDIRENTRY…, images)."""
    header = struct.pack("<HHH", 0, 1, len(sizes))
    entries = b""
    images = b""
    offset = 6 + 16 * len(sizes)
    for size in sizes:
        data = pngs[size]
        dimension = 0 if size >= 256 else size  # 0 means 256
        entries += struct.pack(
            "<BBBBHHII", dimension, dimension, 0, 0, 1, 32, len(data), offset + len(images)
        )
        images += data
    return header + entries + images


def icns(pngs: dict[int, bytes]) -> bytes:
    """An ICNS file: 'icns', total length, then (type, length, PNG data) elements."""
    body = b"".join(
        kind + struct.pack(">I", 8 + len(pngs[size])) + pngs[size] for kind, size in ICNS_TYPES
    )
    return b"icns" + struct.pack(">I", 8 + len(body)) + body


def main(argv: list[str]) -> int:
    output = Path(argv[0]) if argv else ROOT / "build" / "icons"
    output.mkdir(parents=True, exist_ok=True)
    pngs = render_pngs(SVG, PNG_SIZES, output)
    (output / f"{NAME}.ico").write_bytes(ico(pngs, ICO_SIZES))
    (output / f"{NAME}.icns").write_bytes(icns(pngs))
    print(f"icons written to {output}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
