"""Finding a task type from the words a person uses, not only the catalog's names.

People type "flyer", "excel" or "powerpoint"; the catalog says "Flyer design", "Spreadsheet"
and "Presentation design". `search` ranks every type of a catalog against what was typed:

0. the name itself ("spreadsheet");
1. a name that starts with it ("spread");
2. a word of the name that starts with it ("api" finds "API integration");
3. a common word for the type (the synonym table below: "excel" finds "Spreadsheet");
4. a word of the type's description;
5. the text anywhere inside the name (the old behaviour; "api" inside "scraping").

Several words must each match somewhere; the weakest word sets the rank. Within a rank the
catalog's order stands, so the list never shuffles between keystrokes.

`more_specific` reads a brief and names a narrower type of the same category when the brief's
words point to one (a wordmark, not a logo): local, no network.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache

from aitasker_desktop.domain.catalog import Catalog, TaskType

# Common words for each type, keyed by type slug (a slug the catalog lacks is ignored).
# Written for the sandbox's catalog and the slugs AITasker's pages show; phrases allowed.
SYNONYMS: dict[str, tuple[str, ...]] = {
    "blog-post": ("blog", "post"),
    "article": ("essay", "feature", "long read", "whitepaper", "white paper"),
    "copywriting": (
        "copy",
        "slogan",
        "tagline",
        "landing page",
        "website text",
        "product description",
    ),
    "translation": (
        "translate",
        "translator",
        "localise",
        "localize",
        "localisation",
        "localization",
    ),
    "proofreading": ("proofread", "editing", "grammar", "spelling", "copy edit", "copyedit"),
    "resume-writing": (
        "resume",
        "résumé",
        "cv",
        "curriculum vitae",
        "cover letter",
        "linkedin profile",
    ),
    "logo-design": ("logo", "brand mark", "emblem", "icon", "branding", "visual identity"),
    "wordmark": ("logotype", "text logo", "type logo", "lettermark", "name logo"),
    "social-graphics": (
        "instagram",
        "banner",
        "facebook",
        "thumbnail",
        "social image",
        "header image",
    ),
    "illustration": ("drawing", "artwork", "picture", "mascot", "cartoon"),
    "flyer-design": ("flyer", "flier", "leaflet", "poster", "brochure", "pamphlet", "print"),
    "data-analysis": ("analytics", "statistics", "stats", "insights", "dashboard"),
    "spreadsheet": ("excel", "xlsx", "google sheets", "sheet", "workbook", "formula", "tracker"),
    "data-analysis-summary": ("report", "findings", "summary"),
    "data-cleaning": ("dedupe", "deduplicate", "clean up data", "tidy data", "csv"),
    "social-media-post": ("instagram post", "tweet", "linkedin post", "caption", "hashtags"),
    "seo-audit": ("seo", "search ranking", "google ranking", "keywords"),
    "email-campaign": ("newsletter", "email", "mailchimp", "drip"),
    "ad-copy": ("ads", "advert", "advertisement", "google ads", "facebook ads", "headline"),
    "business-plan": ("plan", "strategy", "financial model", "forecast"),
    "market-research": ("market", "survey", "trends", "market size"),
    "pitch-deck": ("investor deck", "investor presentation", "slides", "presentation"),
    "presentation-design": (
        "powerpoint",
        "ppt",
        "pptx",
        "slides",
        "slide deck",
        "keynote",
        "google slides",
    ),
    "prompt-engineering": ("prompt", "prompts", "chatgpt", "gpt"),
    "chatbot-design": ("chatbot", "bot", "assistant", "conversational"),
    "ai-workflow": ("automation", "zapier", "agent", "llm"),
    "script": ("python", "program", "code", "tool", "automate"),
    "web-scraping": ("scrape", "scraper", "crawler", "crawl", "extract data"),
    "bug-fix": ("bug", "fix", "error", "crash", "debug"),
    "api-integration": ("integrate", "webhook", "connect", "rest", "sync"),
    "video-script": ("youtube", "video", "screenplay"),
    "storyboard": ("frames", "shot list"),
    "explainer-animation": ("animation", "animated", "motion graphics", "explainer video"),
    "jingle": ("tune", "music", "song", "sound logo"),
    "podcast-show-notes": ("podcast", "episode notes", "timestamps"),
    "voiceover-script": ("voice over", "narration", "voiceover"),
    "lesson-plan": ("lesson", "teaching", "class", "workshop"),
    "quiz": ("test", "exam", "questions", "trivia"),
    "course-outline": ("course", "curriculum", "syllabus", "training"),
    "policy-draft": ("policy", "handbook", "code of conduct"),
    "privacy-notice": ("privacy policy", "gdpr", "cookie notice"),
    "compliance-checklist": ("compliance", "regulation", "audit checklist"),
    "faq": ("questions and answers", "q&a", "frequently asked questions"),
    "help-article": ("how to", "guide", "tutorial", "documentation", "docs", "knowledge base"),
    "support-macros": ("canned replies", "canned responses", "templates", "ticket replies"),
    "literature-review": ("sources", "papers", "academic", "review of studies"),
    "fact-check": ("verify", "verification", "claims", "fact checking"),
    "competitor-analysis": ("competitors", "competition", "rivals"),
}

# Brief words that point to a narrower type than a broader one (broad slug -> narrow slugs).
_NARROWER: dict[str, tuple[str, ...]] = {
    "logo-design": ("wordmark",),
    "copywriting": ("ad-copy", "resume-writing"),
    "article": ("blog-post",),
    "data-analysis": ("data-analysis-summary", "data-cleaning", "spreadsheet"),
    "social-graphics": ("flyer-design",),
    "illustration": ("flyer-design",),
    "business-plan": ("pitch-deck",),
    "market-research": ("competitor-analysis",),
    "script": ("web-scraping", "api-integration", "bug-fix"),
}
# Phrases in a brief that name the narrow type (beyond its name and synonyms).
_POINTERS: dict[str, tuple[str, ...]] = {
    "wordmark": (
        "wordmark",
        "logotype",
        "text only",
        "type only",
        "text-only",
        "no symbol",
        "no icon",
        "just the name",
        "lettering",
    ),
}

_WORD = re.compile(r"[^\W_]+(?:[&'][^\W_]+)*", re.UNICODE)


def _fold(text: str) -> str:
    """Case-folded, accents removed: "Résumé" and "resume" are the same word."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


@lru_cache(maxsize=8192)  # the catalog's names, descriptions and synonyms, read per key
def _catalog_words(text: str) -> tuple[str, ...]:
    return tuple(_WORD.findall(_fold(text)))


def words(text: str) -> list[str]:
    return _WORD.findall(_fold(text))


def _stem(word: str) -> str:
    """A plural's singular, crudely ("logos", "slides", "flyers"); short words left alone."""
    return word[:-1] if len(word) > 3 and word.endswith("s") and not word.endswith("ss") else word


@dataclass(frozen=True)
class TypeHit:
    category: str  # category slug
    task_type: TaskType
    rank: int  # 0 (the name itself) .. 5 (inside the name); see the module's docstring

    @property
    def key(self) -> str:
        return f"{self.category}/{self.task_type.slug}"


def _word_rank(
    token: str, tt: TaskType, name_words: tuple[str, ...], synonyms: list[tuple[str, ...]]
) -> int | None:
    stem = _stem(token)
    if any(w.startswith(token) or _stem(w) == stem for w in name_words):
        return 2
    if any(any(w.startswith(token) or _stem(w) == stem for w in phrase) for phrase in synonyms):
        return 3
    if any(w.startswith(token) or _stem(w) == stem for w in _catalog_words(tt.description)):
        return 4
    if token in _fold(tt.name) or token in _fold(tt.slug):
        return 5
    return None


def rank(query: str, tt: TaskType) -> int | None:
    """How well `query` names `tt` (lower is better), or None when it does not."""
    folded = " ".join(words(query))
    if not folded:
        return None
    name = " ".join(_catalog_words(tt.name))
    if folded in (name, " ".join(_catalog_words(tt.slug))):
        return 0
    if name.startswith(folded):
        return 1
    synonyms = [_catalog_words(s) for s in SYNONYMS.get(tt.slug, ())]
    name_words = _catalog_words(tt.name) + _catalog_words(tt.slug)
    worst = 0
    for token in folded.split():
        found = _word_rank(token, tt, name_words, synonyms)
        if found is None:
            return None
        worst = max(worst, found)
    return worst


def search(catalog: Catalog, query: str, category: str = "") -> list[TypeHit]:
    """The types that `query` names, best first; only `category`'s when one is given."""
    hits: list[TypeHit] = []
    for cat in catalog.categories:
        if category and cat.slug != category:
            continue
        for tt in cat.task_types:
            found = rank(query, tt)
            if found is not None:
                hits.append(TypeHit(cat.slug, tt, found))
    return sorted(hits, key=lambda h: h.rank)  # sorted() is stable: catalog order within a rank


def _stems(text: str) -> list[str]:
    return [_stem(w) for w in words(text)]


def _mentions(stems: list[str], phrase: str) -> bool:
    """`phrase` appears in the text whose word stems are `stems`, as whole words."""
    want = [_stem(w) for w in _catalog_words(phrase)]
    if not want:
        return False
    n = len(want)
    return any(stems[i : i + n] == want for i in range(len(stems) - n + 1))


def more_specific(catalog: Catalog, category: str, task_type: str, text: str) -> TypeHit | None:
    """A narrower type of `category` that the brief `text` points to, if any.

    Only a type the catalog lists as narrower than the chosen one is offered, and only when
    the brief names it (its name, a synonym, or a pointer phrase such as "text only").
    """
    cat = catalog.category(category)
    if cat is None or cat.task_type(task_type) is None:
        return None
    text_words = _stems(text)
    for slug in _NARROWER.get(task_type, ()):
        narrow = cat.task_type(slug)
        if narrow is None:
            continue
        phrases: Iterable[str] = (narrow.name, *SYNONYMS.get(slug, ()), *_POINTERS.get(slug, ()))
        if any(_mentions(text_words, p) for p in phrases):
            return TypeHit(cat.slug, narrow, 0)
    return None


def guess(catalog: Catalog, text: str) -> TypeHit | None:
    """The type an idea most likely asks for: one whose name (rank 0) or common word (rank 1)
    the idea uses as whole words; the catalog's first on a tie; None when none is named."""
    text_words = _stems(text)
    best: TypeHit | None = None
    for cat in catalog.categories:
        for tt in cat.task_types:
            if _mentions(text_words, tt.name):
                found = 0
            elif any(_mentions(text_words, s) for s in SYNONYMS.get(tt.slug, ())):
                found = 1
            else:
                continue
            if best is None or found < best.rank:
                best = TypeHit(cat.slug, tt, found)
    return best
