"""A Document as one self-contained HTML file: CSS inline, charts as base64 data URIs,
no scripts and nothing fetched, so it opens offline and can be emailed as it is.

A Content-Security-Policy meta tag says so to the browser too: nothing may load
or run except the inline styles and the `data:` chart images, so a name or note
that somehow slipped past escaping still could not fetch or execute anything.
"""

from __future__ import annotations

import base64
from html import escape

from handlers.reports.document import Block, Document, Facts, Figure, Heading, Para, Table

# default-src 'none' covers scripts, fetches, fonts, frames and objects; base-uri and
# form-action are not fetch directives, so they are shut separately.
CONTENT_SECURITY_POLICY = (
    "default-src 'none'; img-src data:; style-src 'unsafe-inline'; "
    "base-uri 'none'; form-action 'none'"
)

CSS = """
body{font-family:"DejaVu Sans",Verdana,Arial,sans-serif;color:#111;max-width:60rem;margin:1.5rem auto;
padding:0 1rem;line-height:1.4;font-size:15px}
h1{font-size:1.5rem;margin:0 0 .2rem}h2{font-size:1.2rem;margin:1.8rem 0 .5rem;
border-bottom:2px solid #0072B2;padding-bottom:.2rem}h3{font-size:1rem;margin:1.2rem 0 .4rem}
.subtitle{color:#444;margin:0 0 1rem}.note{color:#444;font-size:.88rem}
table{border-collapse:collapse;width:100%;margin:.4rem 0 1rem;font-size:.88rem}
th,td{border:1px solid #bbb;padding:.25rem .4rem;text-align:left;vertical-align:top}
th{background:#e8f1f8}td.num,th.num{text-align:right;font-variant-numeric:tabular-nums}
dl{display:grid;grid-template-columns:max-content 1fr;gap:.15rem 1rem;margin:.4rem 0 1rem}
dt{font-weight:bold}dd{margin:0}.facts{border-left:3px solid #E69F00;padding-left:.7rem}
figure{margin:.6rem 0 1rem}img{max-width:100%;height:auto}figcaption{font-size:.85rem;color:#444}
footer{margin-top:2rem;border-top:1px solid #bbb;padding-top:.5rem;font-size:.8rem;color:#444}
@media print{body{max-width:none;font-size:11pt}h2{break-after:avoid}figure,dl{break-inside:avoid}}
"""


def render_html(doc: Document) -> bytes:
    parts = [
        "<!DOCTYPE html>",
        '<html lang="en-GB"><head><meta charset="utf-8">',
        f'<meta http-equiv="Content-Security-Policy" content="{CONTENT_SECURITY_POLICY}">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        '<meta name="robots" content="noindex">',
        f"<title>{escape(doc.title)}</title><style>{CSS}</style></head><body>",
        f'<header><h1>{escape(doc.title)}</h1><p class="subtitle">{escape(doc.subtitle)}</p></header>',
        "<main>",
    ]
    parts.extend(_block(b) for b in doc.blocks)
    parts.append(f"</main><footer>{escape(doc.footer)}</footer></body></html>")
    return "\n".join(parts).encode("utf-8")


def _block(block: Block) -> str:
    if isinstance(block, Heading):
        return f"<h{block.level}>{escape(block.text)}</h{block.level}>"
    if isinstance(block, Para):
        return f"<p{' class=note' if block.note else ''}>{escape(block.text)}</p>"
    if isinstance(block, Facts):
        title = f"<h3>{escape(block.title)}</h3>" if block.title else ""
        items = "".join(f"<dt>{escape(k)}</dt><dd>{escape(v)}</dd>" for k, v in block.items)
        return f'{title}<dl class="facts">{items}</dl>'
    if isinstance(block, Table):
        return _table(block)
    if isinstance(block, Figure):
        data = base64.b64encode(block.png).decode("ascii")
        return (
            f'<figure><img src="data:image/png;base64,{data}" alt="{escape(block.alt)}">'
            f"<figcaption>{escape(block.alt)}</figcaption></figure>"
        )
    raise TypeError(f"unknown block {type(block).__name__}")


def _table(table: Table) -> str:
    if not table.rows:
        return f"<p class=note>{escape(table.empty)}</p>"

    def cls(i: int) -> str:
        return ' class="num"' if i in table.numeric else ""

    head = "".join(f'<th scope="col"{cls(i)}>{escape(h)}</th>' for i, h in enumerate(table.headers))
    body = "".join(
        "<tr>" + "".join(f"<td{cls(i)}>{escape(c)}</td>" for i, c in enumerate(row)) + "</tr>"
        for row in table.rows
    )
    return f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"
