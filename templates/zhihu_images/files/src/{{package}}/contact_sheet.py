"""A contact sheet: every downloaded picture as a thumbnail in one PNG grid."""

from __future__ import annotations

import math
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

THUMB = 160          # pixels, the longer side of a thumbnail
COLUMNS = 5
PAD = 8
LABEL = 14           # pixels below each thumbnail for its (ASCII) label
BACKGROUND = (246, 246, 246)


def sheet_size(count: int, thumb: int = THUMB, columns: int = COLUMNS, pad: int = PAD,
               label: int = LABEL) -> tuple[int, int]:
    """(width, height) of a sheet with ``count`` pictures."""
    if count <= 0:
        raise ValueError("a contact sheet needs at least one image")
    cols = min(columns, count)
    rows = math.ceil(count / cols)
    return pad + cols * (thumb + pad), pad + rows * (thumb + label + pad)


def _thumbnail(path: Path, thumb: int) -> Image.Image:
    with Image.open(path) as image:
        image.seek(0)                                   # first frame of a GIF
        image = image.convert("RGBA")
        image.thumbnail((thumb, thumb))
        flat = Image.new("RGB", image.size, BACKGROUND)
        flat.paste(image, mask=image.getchannel("A"))   # transparent pixels on the background
        return flat


def make_contact_sheet(paths: list[str | Path], out: str | Path, labels: list[str] | None = None,
                       thumb: int = THUMB, columns: int = COLUMNS) -> tuple[int, int]:
    """Write the grid to ``out`` (PNG) and return its (width, height).

    ``labels`` (one short ASCII text per picture, e.g. the file name) are drawn under the
    thumbnails; by default the file names are used.
    """
    paths = [Path(p) for p in paths]
    labels = labels if labels is not None else [p.name for p in paths]
    if len(labels) != len(paths):
        raise ValueError("one label per image")
    width, height = sheet_size(len(paths), thumb, columns)
    sheet = Image.new("RGB", (width, height), BACKGROUND)
    draw = ImageDraw.Draw(sheet)
    font = ImageFont.load_default()
    cols = min(columns, len(paths))
    for number, (path, label) in enumerate(zip(paths, labels, strict=True)):
        row, col = divmod(number, cols)
        left = PAD + col * (thumb + PAD)
        top = PAD + row * (thumb + LABEL + PAD)
        small = _thumbnail(path, thumb)
        sheet.paste(small, (left + (thumb - small.width) // 2, top + (thumb - small.height) // 2))
        text = label if len(label) <= 24 else label[:21] + "..."
        draw.text((left, top + thumb + 2), text, fill=(60, 60, 60), font=font)
    out = Path(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    sheet.save(out, format="PNG")
    return width, height
