"""A Document as an A4 PDF, with fpdf2.

fpdf2 is pure Python (its dependencies are Pillow, fontTools and defusedxml,
all wheels), so the PDF needs no system libraries; WeasyPrint would render the
HTML with more typographic fidelity but needs Pango and its native stack on
every server. The text font is DejaVu Sans, embedded from matplotlib's own
package data, so names such as Zoë or Siân print correctly without a download.
"""

from __future__ import annotations

import io
import struct
from functools import cache
from pathlib import Path

import matplotlib
from fpdf import FPDF, FontFace

from handlers.reports.document import Block, Document, Facts, Figure, Heading, Para, Table

FONT = "DejaVu"
BLUE = (0, 114, 178)
HEAD_FILL = (232, 241, 248)
GREY = (70, 70, 70)
PX_PER_MM = 150 / 25.4  # charts are drawn at 150 dpi


@cache
def font_files() -> dict[str, Path]:
    folder = Path(matplotlib.get_data_path()) / "fonts" / "ttf"
    return {
        "": folder / "DejaVuSans.ttf",
        "B": folder / "DejaVuSans-Bold.ttf",
        "I": folder / "DejaVuSans-Oblique.ttf",
    }


class _Pdf(FPDF):
    def __init__(self, doc: Document):
        super().__init__(orientation="portrait", unit="mm", format="A4")
        self.doc = doc
        for style, path in font_files().items():
            self.add_font(FONT, style, str(path))
        self.set_margins(15, 15, 15)
        self.set_auto_page_break(True, margin=18)
        self.set_title(doc.title)
        self.set_creator("Keyworker")
        self.set_lang("en-GB")

    def footer(self) -> None:
        self.set_y(-13)
        self.set_font(FONT, "", 7)
        self.set_text_color(*GREY)
        self.cell(
            0, 4, f"{self.doc.title} · Confidential · page {self.page_no()} of {{nb}}", align="C"
        )
        self.set_text_color(0, 0, 0)


def render_pdf(doc: Document) -> bytes:
    pdf = _Pdf(doc)
    pdf.add_page()
    pdf.set_font(FONT, "B", 16)
    pdf.multi_cell(0, 7.5, doc.title, align="L", new_x="LMARGIN", new_y="NEXT")
    pdf.set_font(FONT, "", 10)
    pdf.set_text_color(*GREY)
    pdf.multi_cell(0, 5.5, doc.subtitle, align="L", new_x="LMARGIN", new_y="NEXT")
    pdf.set_text_color(0, 0, 0)
    pdf.ln(2)
    for block in doc.blocks:
        _block(pdf, block)
    pdf.ln(4)
    pdf.set_font(FONT, "I", 7.5)
    pdf.set_text_color(*GREY)
    pdf.multi_cell(0, 3.8, doc.footer, align="L", new_x="LMARGIN", new_y="NEXT")
    return bytes(pdf.output())


def _block(pdf: _Pdf, block: Block) -> None:
    if isinstance(block, Heading):
        _heading(pdf, block)
    elif isinstance(block, Para):
        pdf.set_font(FONT, "I" if block.note else "", 8 if block.note else 9.5)
        pdf.set_text_color(*(GREY if block.note else (0, 0, 0)))
        pdf.multi_cell(
            0, 4.2 if block.note else 4.8, block.text, align="L", new_x="LMARGIN", new_y="NEXT"
        )
        pdf.set_text_color(0, 0, 0)
        pdf.ln(1.5)
    elif isinstance(block, Facts):
        _facts(pdf, block)
    elif isinstance(block, Table):
        _table(pdf, block)
    elif isinstance(block, Figure):
        _figure(pdf, block)
    else:
        raise TypeError(f"unknown block {type(block).__name__}")


def _heading(pdf: _Pdf, heading: Heading) -> None:
    size = 13 if heading.level == 2 else 10.5
    if pdf.will_page_break(28):  # never leave a heading alone at the foot of a page
        pdf.add_page()
    pdf.ln(3 if heading.level == 2 else 1.5)
    pdf.set_font(FONT, "B", size)
    pdf.set_text_color(*(BLUE if heading.level == 2 else (0, 0, 0)))
    pdf.multi_cell(0, size * 0.5, heading.text, align="L", new_x="LMARGIN", new_y="NEXT")
    pdf.set_text_color(0, 0, 0)
    if heading.level == 2:
        pdf.set_draw_color(*BLUE)
        pdf.set_line_width(0.5)
        pdf.line(pdf.l_margin, pdf.get_y() + 0.5, pdf.w - pdf.r_margin, pdf.get_y() + 0.5)
        pdf.set_line_width(0.2)
        pdf.set_draw_color(0, 0, 0)
    pdf.ln(2.5)


def _facts(pdf: _Pdf, facts: Facts) -> None:
    if facts.title:
        _heading(pdf, Heading(facts.title, level=3))
    pdf.set_font(FONT, "", 9)
    bold = FontFace(emphasis="BOLD")
    with pdf.table(
        col_widths=(32, 68),
        first_row_as_headings=False,
        borders_layout="NONE",
        text_align="LEFT",
        line_height=4.6,
        padding=(0.6, 1.5),
    ) as table:
        for label, value in facts.items:
            row = table.row()
            row.cell(label, style=bold)
            row.cell(value)
    pdf.ln(2)


def _table(pdf: _Pdf, table: Table) -> None:
    if not table.rows:
        _block(pdf, Para(table.empty, note=True))
        return
    pdf.set_font(FONT, "", 8)
    if not table.wrap:
        _one_line_table(pdf, table)
        return
    align = tuple("RIGHT" if i in table.numeric else "LEFT" for i in range(len(table.headers)))
    with pdf.table(
        col_widths=table.widths,
        text_align=align,
        line_height=3.8,
        padding=(0.8, 1.2),
        headings_style=FontFace(emphasis="BOLD", fill_color=HEAD_FILL),
        borders_layout="HORIZONTAL_LINES",
        repeat_headings=1,
    ) as out:
        out.row(table.headers)
        for row in table.rows:
            out.row(row)
    pdf.ln(2)


def _one_line_table(pdf: _Pdf, table: Table) -> None:
    total = sum(table.widths) if table.widths else len(table.headers)
    widths = [pdf.epw * w / total for w in (table.widths or [1] * len(table.headers))]
    aligns = ["R" if i in table.numeric else "L" for i in range(len(widths))]
    height = 4.4
    widths_seen: dict[str, float] = {}

    def headings() -> None:
        pdf.set_font(FONT, "B", 8)
        pdf.set_fill_color(*HEAD_FILL)
        for text, w, a in zip(table.headers, widths, aligns, strict=True):
            pdf.cell(
                w, height + 0.8, _fit(pdf, text, w), align=a, fill=True, new_x="RIGHT", new_y="TOP"
            )
        pdf.ln(height + 0.8)
        pdf.set_font(FONT, "", 8)

    headings()
    for row in table.rows:
        if pdf.will_page_break(height):
            pdf.add_page()
            headings()
        y = pdf.get_y()
        x = pdf.l_margin
        for text, w, a in zip(row, widths, aligns, strict=True):
            # text() is several times cheaper than cell(), which matters for thousands of rows.
            text = _fit(pdf, text, w)
            left = (
                x + w - pdf.c_margin - _width(pdf, text, widths_seen)
                if a == "R"
                else x + pdf.c_margin
            )
            pdf.text(left, y + 3.1, text)
            x += w
        pdf.line(pdf.l_margin, y + height, pdf.l_margin + pdf.epw, y + height)
        pdf.set_y(y + height)
    pdf.ln(2)


def _width(pdf: _Pdf, text: str, seen: dict[str, float]) -> float:
    if text not in seen:  # numbers repeat a lot down a column
        seen[text] = pdf.get_string_width(text)
    return seen[text]


def _fit(pdf: _Pdf, text: str, width: float) -> str:
    room = width - 2 * pdf.c_margin
    if len(text) * 1.9 < room:  # no 8 pt DejaVu glyph is wider than 1.9 mm: skip measuring
        return text
    if pdf.get_string_width(text) <= room:
        return text
    while text and pdf.get_string_width(text + "…") > room:
        text = text[:-1]
    return text.rstrip() + "…"


def _figure(pdf: _Pdf, figure: Figure) -> None:
    width_px, height_px = struct.unpack(">II", figure.png[16:24])  # the PNG IHDR chunk
    width = min(pdf.epw, width_px / PX_PER_MM)
    height = width * height_px / width_px
    room = pdf.page_break_trigger - pdf.get_y() - 1
    if height > room >= 0.7 * height:  # shrink a little rather than leave half a page empty
        width, height = width * room / height, room
    elif height > room:
        pdf.add_page()
    pdf.image(
        io.BytesIO(figure.png),
        x=pdf.l_margin + (pdf.epw - width) / 2,
        w=width,
        h=height,
        alt_text=figure.alt,
    )
    pdf.ln(2)
