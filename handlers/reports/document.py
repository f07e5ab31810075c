"""A tiny format-neutral document (headings, facts, tables, figures) that both
the HTML and the PDF renderers draw, so each report is laid out once."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class Heading:
    text: str
    level: int = 2


@dataclass
class Para:
    text: str
    note: bool = False  # a quieter aside (method notes, "nothing recorded")


@dataclass
class Facts:
    """Label / value pairs, e.g. the pupil's details or one RPI's statutory fields."""

    items: list[tuple[str, str]]
    title: str = ""


@dataclass
class Table:
    headers: list[str]
    rows: list[list[str]]
    widths: list[float] | None = None  # relative column widths
    numeric: frozenset[int] = frozenset()  # columns aligned right
    empty: str = "Nothing recorded."
    # False for long lists of short values: one line a row, over-long cells cut with "…"
    # (the PDF draws these far faster than wrapped cells).
    wrap: bool = True


@dataclass
class Figure:
    png: bytes
    alt: str


Block = Heading | Para | Facts | Table | Figure


@dataclass
class Document:
    title: str
    subtitle: str
    footer: str
    blocks: list[Block] = field(default_factory=list)

    def add(self, *blocks: Block) -> Document:
        self.blocks.extend(blocks)
        return self

    def text(self) -> str:
        """Every word in the document, for tests and search."""
        parts = [self.title, self.subtitle, self.footer]
        for b in self.blocks:
            if isinstance(b, Heading | Para):
                parts.append(b.text)
            elif isinstance(b, Facts):
                parts.extend(f"{k}: {v}" for k, v in b.items)
            elif isinstance(b, Table):
                parts.append(" | ".join(b.headers))
                parts.extend(" | ".join(r) for r in b.rows)
        return "\n".join(parts)
