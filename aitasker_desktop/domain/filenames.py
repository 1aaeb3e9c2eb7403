"""Safe local file names for files whose names come from a server.

A delivery's file name is data, not a path: it may hold separators, `..`, control or
bidirectional-override characters (`a\\u202eexe.txt` displays as `atxt.exe`), or a Windows
device name (`CON.txt` opens the console on Windows). `safe_filename` turns any string into
one plain, non-empty name that is valid on Windows, macOS and Linux; `numbered` gives the
`name (2).ext` alternatives used so that an existing file is never overwritten.
"""

import re
import unicodedata

DEFAULT_NAME = "file"
# Bytes, not characters: most file systems cap a name at 255 bytes; leave room for " (999)"
# and for the temporary-download suffix.
MAX_NAME_BYTES = 180
MAX_EXTENSION_CHARS = 16

# Explicit bidi controls (LRE, RLE, PDF, LRO, RLO, LRI, RLI, FSI, PDI, LRM, RLM, ALM).
_BIDI = frozenset("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u200e\u200f\u061c")
# Kept although they are format characters: emoji sequences and some scripts need them.
_JOINERS = frozenset("\u200c\u200d")
# Invalid in a Windows file name (plus the separators, handled first).
_RESERVED_CHARS = re.compile(r'[<>:"|?*\\/]')
_DOTS = re.compile(r"\.{2,}")
_SPACES = re.compile(r"\s+")
_DEVICE_NAMES = frozenset(
    {"CON", "PRN", "AUX", "NUL", "CONIN$", "CONOUT$"}
    | {f"{p}{n}" for p in ("COM", "LPT") for n in [*"123456789", "¹", "²", "³"]}
)


def _drop_unsafe_chars(text: str) -> str:
    out = []
    for ch in text:
        if ch in _JOINERS:
            out.append(ch)
            continue
        if ch in _BIDI:
            continue
        category = unicodedata.category(ch)
        if category in ("Cc", "Cs", "Co", "Cn", "Cf"):
            continue
        if category in ("Zl", "Zp"):
            out.append(" ")
            continue
        out.append(ch)
    return "".join(out)


def _is_device_name(name: str) -> bool:
    # Windows ignores everything from the first dot, and trailing spaces before it.
    stem = name.split(".", 1)[0].rstrip(" ").upper()
    return stem in _DEVICE_NAMES


def split_extension(name: str) -> tuple[str, str]:
    """`("report", ".pdf")`; no extension for dotfiles, trailing dots or very long tails."""
    stem, dot, ext = name.rpartition(".")
    if not dot or not stem or not ext or len(ext) > MAX_EXTENSION_CHARS or " " in ext:
        return name, ""
    return stem, "." + ext


def _cap(name: str, max_bytes: int) -> str:
    if len(name.encode("utf-8")) <= max_bytes:
        return name
    stem, ext = split_extension(name)
    room = max_bytes - len(ext.encode("utf-8"))
    cut = stem.encode("utf-8")[: max(room, 1)].decode("utf-8", "ignore")
    return (cut.rstrip(" .") or DEFAULT_NAME) + ext


def safe_filename(raw: object, *, max_bytes: int = MAX_NAME_BYTES) -> str:
    """One plain, non-empty local file name for any server-given name (or non-string)."""
    text = raw if isinstance(raw, str) else ("" if raw is None else str(raw))
    text = unicodedata.normalize("NFC", text)
    # A name with separators is a path: keep only its last real part, like a browser does.
    parts = [p for p in re.split(r"[/\\]", text) if p.strip(" .")]
    text = parts[-1] if parts else ""
    text = _drop_unsafe_chars(text)
    text = _RESERVED_CHARS.sub("_", text)
    text = _DOTS.sub(".", text)
    text = _SPACES.sub(" ", text)
    # Leading dots hide a file on Unix; trailing dots and spaces are dropped by Windows.
    text = text.strip(" .")
    if not text:
        text = DEFAULT_NAME
    if _is_device_name(text):
        text = "_" + text
    text = _cap(text, max_bytes)
    return text


def numbered(name: str, n: int) -> str:
    """The n-th alternative for `name`: n=1 is the name itself, then `stem (2).ext`, ..."""
    if n <= 1:
        return name
    stem, ext = split_extension(name)
    return f"{stem} ({n}){ext}"
