"""What a strong brief covers, and whether a text covers it (keyword heuristics).

The editor shows a checklist for the chosen task type (from `TaskType.brief_checklist`, or
`DEFAULT_CHECKLIST`) that ticks itself as the brief mentions each point. The heuristics are
deliberately forgiving: they nudge, they never block posting.
"""

import functools
import re
from dataclasses import dataclass

DEFAULT_CHECKLIST: tuple[str, ...] = (
    "Audience",
    "Deliverable and format",
    "Tone",
    "Must-haves",
    "References",
    "Do's and don'ts",
)

# Per label: a one-line hint for the person, and word stems that show the text covers it.
_RULES: dict[str, tuple[str, tuple[str, ...]]] = {
    "audience": (
        "Who will read or use it?",
        (
            "audience",
            "reader",
            "customer",
            "client",
            "user",
            "visitor",
            "for people",
            "aimed at",
            "owner",
            "buyer",
            "people",
            "target",
            "beginner",
            "expert",
            "manager",
            "staff",
            "parents",
            "students",
        ),
    ),
    "deliverable and format": (
        "What exactly should you receive, and in what format or length?",
        (
            "deliver",
            "format",
            "words",
            "pages",
            "pdf",
            "docx",
            "word document",
            "png",
            "svg",
            "jpg",
            "csv",
            "xlsx",
            "spreadsheet",
            "slides",
            "file",
            "length",
            "size",
            "pixels",
            "px",
            "markdown",
            "html",
            "paragraph",
            "version",
        ),
    ),
    "tone": (
        "How should it sound: friendly, formal, playful…?",
        (
            "tone",
            "voice",
            "friendly",
            "formal",
            "informal",
            "casual",
            "playful",
            "serious",
            "professional",
            "warm",
            "witty",
            "conversational",
            "upbeat",
            "calm",
            "style",
        ),
    ),
    "must-haves": (
        "What must it include?",
        (
            "must",
            "include",
            "required",
            "need to",
            "needs to",
            "essential",
            "mention",
            "make sure",
            "has to",
            "should contain",
            "keyword",
        ),
    ),
    "references": (
        "Examples you like, links, or material to work from.",
        (
            "example",
            "reference",
            "like the",
            "similar to",
            "inspired",
            "see ",
            "http",
            "www.",
            "attached",
            "attachment",
            "sample",
            "competitor",
            "source",
        ),
    ),
    "do's and don'ts": (
        "What to avoid, and what to do.",
        (
            "don't",
            "do not",
            "avoid",
            "never",
            "no ",
            "without",
            "not use",
            "stay away",
            "please don",
            "should not",
            "shouldn't",
        ),
    ),
    "style and colours": (
        "Visual style, colours and fonts.",
        (
            "style",
            "colour",
            "color",
            "palette",
            "font",
            "typeface",
            "minimal",
            "modern",
            "retro",
            "flat",
            "bold",
            "pastel",
            "brand",
        ),
    ),
    "data source": (
        "Where the data comes from, and how big it is.",
        (
            "data",
            "dataset",
            "csv",
            "spreadsheet",
            "export",
            "database",
            "rows",
            "columns",
            "attached",
            "source",
            "survey",
        ),
    ),
    "questions to answer": (
        "What should the analysis find out?",
        (
            "question",
            "find out",
            "answer",
            "why",
            "how many",
            "which",
            "trend",
            "compare",
            "insight",
            "?",
        ),
    ),
    "goal": (
        "What should it achieve?",
        (
            "goal",
            "aim",
            "purpose",
            "so that",
            "in order to",
            "want to",
            "need to",
            "objective",
            "achieve",
        ),
    ),
    "environment and tools": (
        "Language, platform, tools and versions to use.",
        (
            "python",
            "javascript",
            "excel",
            "windows",
            "mac",
            "linux",
            "version",
            "platform",
            "tool",
            "library",
            "framework",
            "api",
            "google sheets",
            "zapier",
            "sql",
        ),
    ),
    "inputs and outputs": (
        "What goes in, what comes out.",
        ("input", "output", "returns", "produces", "reads", "writes", "from", "into", "result"),
    ),
}


@dataclass(frozen=True)
class ChecklistItem:
    label: str
    hint: str
    covered: bool


def checklist_for(labels: tuple[str, ...] | list[str] | None) -> tuple[str, ...]:
    """The labels to show: the type's own, or the default list."""
    return tuple(labels) if labels else DEFAULT_CHECKLIST


def _normalise(text: str) -> str:
    # Curly apostrophes (typed on a Mac, pasted from Word) count as straight ones.
    return text.casefold().replace("\u2019", "'")


def _fallback_stems(label: str) -> tuple[str, ...]:
    # An unknown label (a new catalog entry) is covered when its own longer words appear.
    return tuple(w for w in re.findall(r"[a-z']+", _normalise(label)) if len(w) > 3)


@functools.lru_cache(maxsize=256)
def _pattern(label: str) -> re.Pattern[str] | None:
    """One pattern per label for all its stems (compiled once; run on every pause in typing)."""
    rule = _RULES.get(_normalise(label).strip())
    stems = rule[1] if rule else _fallback_stems(label)
    if not stems:
        return None
    # A stem must start a word: "no " should not match inside "piano ".
    return re.compile(r"(?<![a-z])(?:" + "|".join(re.escape(s) for s in stems) + ")")


def _covers_normalised(label: str, body: str) -> bool:
    if not body.strip():
        return False  # before compiling anything: a new brief is empty
    pattern = _pattern(label)
    return pattern is not None and pattern.search(body) is not None


def covers(label: str, text: str) -> bool:
    """Whether `text` seems to address the checklist point `label`."""
    return _covers_normalised(label, _normalise(text))


def hint_for(label: str) -> str:
    rule = _RULES.get(_normalise(label).strip())
    return rule[0] if rule else f"Say something about {label.casefold()}."


# "Audience: <describe the audience>": a heading with a placeholder still to fill (as a
# drafted brief has) covers nothing, and neither does any "<...>" placeholder.
_PLACEHOLDER_LINE = re.compile(r"^[^\n:<>]{1,60}:[ \t]*<[^<>\n]*>[ \t]*$", re.MULTILINE)
_PLACEHOLDER = re.compile(r"<[^<>\n]{1,200}>")


def evaluate(labels: tuple[str, ...] | list[str] | None, text: str) -> list[ChecklistItem]:
    """Each checklist point with whether the text (title plus brief) covers it."""
    text = _PLACEHOLDER.sub(" ", _PLACEHOLDER_LINE.sub("", text)) if "<" in text else text
    body = _normalise(text)  # once, not once per point
    return [
        ChecklistItem(lbl, hint_for(lbl), _covers_normalised(lbl, body))
        for lbl in checklist_for(labels)
    ]
