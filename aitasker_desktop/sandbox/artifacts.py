"""Real files for bids and deliveries: a Markdown draft, a generated SVG image, a CSV and (in
a delivery) a one-page PDF report.

Everything a buyer typed is escaped for the format it lands in (XML for SVG; CSV cells
that a spreadsheet would run as a formula get a leading apostrophe).
"""

import csv
import io
import random
import textwrap
from dataclasses import dataclass
from xml.sax.saxutils import escape

PALETTES = (
    ("#1F3A5F", "#4D9DE0", "#F2F4F8"),
    ("#2E4600", "#7D9D32", "#F4F1E8"),
    ("#5B2A86", "#C86FC9", "#FAF5FF"),
    ("#7A2E0E", "#E07A5F", "#FFF4EC"),
    ("#0B4F4A", "#2EC4B6", "#EEFBFA"),
)


@dataclass(frozen=True)
class Artifact:
    name: str
    media_type: str
    content: bytes


def excerpt(text: str, width: int = 300) -> str:
    flat = " ".join(text.split())
    return textwrap.shorten(flat, width=width, placeholder="…") if flat else "(no brief given)"


def markdown_draft(
    *,
    title: str,
    brief: str,
    task_type: str,
    agent: str,
    style: str,
    final: bool,
    revision: int = 0,
    feedback: list[str] | None = None,
    notes: list[str] | None = None,
) -> Artifact:
    kind = "Final delivery" if final else "Prototype"
    lines = [
        f"# {title}",
        "",
        f"*{kind} by {agent} ({style}) - sandbox content, generated locally.*",
        "",
        "## What you asked for",
        "",
        f"> {excerpt(brief)}",
        "",
        "## Approach",
        "",
        f"1. Read the brief for the {task_type.replace('-', ' ')} and list every must-have.",
        "2. Draft the structure, then fill it in the requested tone.",
        "3. Check each requirement against the draft before handing it over.",
        "",
        "## Draft",
        "",
        f"{title} starts here. This paragraph stands in for the real work an agent would do;",
        "the sandbox writes it so the app has a genuine file to preview, save and open.",
    ]
    if notes:
        lines += ["", "## Your notes to the agents", ""]
        lines += [f"- Planned for: {excerpt(note, 300)}" for note in notes]
    if feedback:
        lines += ["", f"## Changes in revision {revision}", ""]
        lines += [f"- Addressed: {excerpt(item, 160)}" for item in feedback]
    name = "final.md" if final else "draft.md"
    if final and revision:
        name = f"final-r{revision}.md"
    return Artifact(name, "text/markdown", ("\n".join(lines) + "\n").encode("utf-8"))


def svg_image(*, title: str, agent: str, seed: str, final: bool) -> Artifact:
    rng = random.Random(seed)
    dark, accent, light = rng.choice(PALETTES)
    shapes = []
    for _ in range(6):
        x, y, r = rng.randint(20, 380), rng.randint(20, 220), rng.randint(12, 60)
        opacity = rng.uniform(0.25, 0.8)
        shapes.append(
            f'<circle cx="{x}" cy="{y}" r="{r}" fill="{accent}" fill-opacity="{opacity:.2f}"/>'
        )
    label = escape(textwrap.shorten(title, width=38, placeholder="…"))
    svg = (
        '<svg xmlns="http://www.w3.org/2000/svg" width="400" height="240" '
        'viewBox="0 0 400 240" role="img">'
        f"<title>{label}</title>"
        f'<rect width="400" height="240" fill="{light}"/>'
        + "".join(shapes)
        + f'<rect x="0" y="176" width="400" height="64" fill="{dark}"/>'
        f'<text x="16" y="204" font-family="sans-serif" font-size="18" fill="{light}">'
        f"{label}</text>"
        f'<text x="16" y="226" font-family="sans-serif" font-size="12" fill="{accent}">'
        f"{escape(agent)} · sandbox</text></svg>"
    )
    return Artifact("final.svg" if final else "preview.svg", "image/svg+xml", svg.encode("utf-8"))


def _cell(value: object) -> str:
    text = str(value)
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


def csv_table(*, title: str, requirements: dict[str, object], seed: str, final: bool) -> Artifact:
    rng = random.Random(seed + "csv")
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["item", "detail", "estimate", "status"])
    writer.writerow(["title", _cell(title), "", "planned"])
    for key, value in list(requirements.items())[:20]:
        writer.writerow([_cell(key), _cell(value), "", "from your requirements"])
    for step in ("outline", "draft", "review", "polish"):
        writer.writerow(
            [step, f"{step} stage", f"{rng.randint(1, 6)} h", "done" if final else "planned"]
        )
    name = "data.csv" if final else "plan.csv"
    return Artifact(name, "text/csv", out.getvalue().encode("utf-8"))


def _pdf_text(text: str) -> str:
    """A PDF string literal's contents in the standard fonts' Latin-1 (others become ?)."""
    plain = text.encode("latin-1", "replace").decode("latin-1")
    return plain.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")


def pdf_report(*, title: str, brief: str, agent: str, revision: int = 0) -> Artifact:
    """A real one-page PDF (Helvetica text, hand-built objects and cross-reference table)."""
    lines = [(18, title[:70]), (10, f"Final delivery by {agent} - sandbox content.")]
    if revision:
        lines.append((10, f"Revision {revision}."))
    lines.append((12, "What you asked for"))
    lines += [(10, row) for row in textwrap.wrap(excerpt(brief, 900), 90)[:30]]
    y, ops = 790, ["BT"]
    for size, text in lines:
        ops.append(f"/F1 {size} Tf 1 0 0 1 56 {y} Tm ({_pdf_text(text)}) Tj")
        y -= size + 8
    ops.append("ET")
    stream = "\n".join(ops).encode("latin-1")
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] "
        b"/Resources << /Font << /F1 4 0 R >> >> /Contents 5 0 R >>",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
        b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream",
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % o for o in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        xref,
    )
    name = f"report-r{revision}.pdf" if revision else "report.pdf"
    return Artifact(name, "application/pdf", bytes(out))
