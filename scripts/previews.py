"""Render PNG previews of the example products for the README (``make previews``)."""

from __future__ import annotations

import sys
from pathlib import Path

import pypdfium2 as pdfium
from PIL import Image

PREVIEWS = {  # output name: (PDF name, pages to show side by side)
    "one-page.png": ("dprk-japan-overture-one-page.pdf", [0]),
    "long-form.png": ("dprk-japan-overture-long-form.pdf", [0, 3, 6]),
    "pack.png": ("korea-desk.pdf", [0, 1]),
    "scripts.png": ("previews/scripts-long-form.pdf", [2]),  # the every-script test brief, built by make
    "french.png": ("previews/fr-one-page.pdf", [0]),  # the French test brief (furniture, dates), built by make
    "arabic.png": ("previews/ar-one-page.pdf", [0]),  # the Arabic test brief: the page mirrored right to left
}


def render(pdf: Path, pages: list[int], scale: float) -> Image.Image:
    """Pages of ``pdf`` side by side on a light grey ground."""
    document = pdfium.PdfDocument(str(pdf))
    images = [document[i].render(scale=scale).to_pil() for i in pages]
    gap = 16
    width = sum(image.width for image in images) + gap * (len(images) + 1)
    height = max(image.height for image in images) + 2 * gap
    sheet = Image.new("RGB", (width, height), "#d9dde2")
    x = gap
    for image in images:
        sheet.paste(image, (x, gap))
        x += image.width + gap
    return sheet


def main(out_dir: str, img_dir: str) -> None:
    """Write every preview into ``img_dir``."""
    Path(img_dir).mkdir(parents=True, exist_ok=True)
    for name, (pdf, pages) in PREVIEWS.items():
        scale = 1.1 if len(pages) == 1 else 0.75
        render(Path(out_dir) / pdf, pages, scale).save(Path(img_dir) / name, optimize=True)
        print(f"{img_dir}/{name}")


if __name__ == "__main__":
    main(*sys.argv[1:3])
