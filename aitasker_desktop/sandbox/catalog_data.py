"""The sandbox's catalog: 13 categories with task types, budget ranges and median win prices.

The first seven category slugs and their named task types are the ones AITasker's public
pages show. Everything else (the extra types, the six further categories, every price) is
sandbox data, invented to be plausible, and says so in its description.
"""

from .catalog import Catalog, CategoryOut, TaskTypeOut

SANDBOX_NOTE = "(sandbox data)"

_STANDARD_CHECKLIST = (
    "Audience",
    "Deliverable and format",
    "Tone",
    "Must-haves",
    "References",
    "Do's and don'ts",
)
_VISUAL_CHECKLIST = (
    "Audience",
    "Deliverable and format",
    "Style and colours",
    "Must-haves",
    "References",
    "Do's and don'ts",
)
_DATA_CHECKLIST = (
    "Audience",
    "Data source",
    "Deliverable and format",
    "Questions to answer",
    "Must-haves",
    "Do's and don'ts",
)
_TECH_CHECKLIST = (
    "Goal",
    "Environment and tools",
    "Deliverable and format",
    "Inputs and outputs",
    "Must-haves",
    "Do's and don'ts",
)

# (slug, name, description, known, [(type slug, name, description, min, max, median)], checklist)
_Row = tuple[str, str, str, float, float, float]
_DATA: list[tuple[str, str, str, bool, tuple[str, ...], list[_Row]]] = [
    (
        "writing-translation",
        "Writing & Translation",
        "Posts, articles, copy and translations.",
        True,
        _STANDARD_CHECKLIST,
        [
            ("blog-post", "Blog post", "A post of 600-1,500 words for your blog.", 4, 150, 25),
            ("article", "Article", "A researched long-form article.", 4, 300, 45),
            (
                "copywriting",
                "Copywriting",
                "Short persuasive copy: pages, ads, emails.",
                4,
                200,
                30,
            ),
            ("translation", "Translation", "A faithful translation of your text.", 4, 250, 20),
            (
                "proofreading",
                "Proofreading",
                "Spelling, grammar and style corrections.",
                3,
                100,
                12,
            ),
            ("resume-writing", "Resume & CV", "A resume or CV, and a cover letter.", 4, 150, 30),
        ],
    ),
    (
        "graphics-design",
        "Graphics & Design",
        "Logos, visual identities and illustrations.",
        True,
        _VISUAL_CHECKLIST,
        [
            ("logo-design", "Logo design", "A logo with a symbol and wordmark.", 4, 500, 60),
            ("wordmark", "Wordmark", "A type-only logo of your name.", 4, 250, 45),
            ("social-graphics", "Social graphics", "Images sized for social networks.", 4, 150, 20),
            ("flyer-design", "Flyer & poster", "A flyer, poster or leaflet to print.", 4, 200, 30),
            (
                "illustration",
                "Illustration",
                "A custom illustration in a chosen style.",
                4,
                500,
                55,
            ),
        ],
    ),
    (
        "data",
        "Data",
        "Analysis, spreadsheets and summaries of your data.",
        True,
        _DATA_CHECKLIST,
        [
            (
                "data-analysis",
                "Data analysis",
                "Answers to questions from your dataset.",
                4,
                500,
                50,
            ),
            ("spreadsheet", "Spreadsheet", "A spreadsheet model, tracker or template.", 4, 200, 30),
            (
                "data-analysis-summary",
                "Data analysis summary",
                "A short written summary of a dataset's findings.",
                4,
                150,
                25,
            ),
            (
                "data-cleaning",
                "Data cleaning",
                "Deduplicated, consistent, validated data.",
                4,
                200,
                25,
            ),
        ],
    ),
    (
        "digital-marketing",
        "Digital Marketing",
        "Social posts, campaigns and SEO.",
        True,
        _STANDARD_CHECKLIST,
        [
            (
                "social-media-post",
                "Social media post",
                "Posts with captions and hashtags.",
                3,
                100,
                15,
            ),
            ("seo-audit", "SEO audit", "A prioritised list of SEO fixes for a site.", 4, 500, 60),
            ("email-campaign", "Email campaign", "A sequence of marketing emails.", 4, 250, 40),
            ("ad-copy", "Ad copy", "Variants of ad headlines and text.", 4, 150, 20),
        ],
    ),
    (
        "business",
        "Business",
        "Plans, research and presentations.",
        True,
        _STANDARD_CHECKLIST,
        [
            (
                "business-plan",
                "Business plan",
                "A structured plan with market and numbers.",
                4,
                500,
                90,
            ),
            ("market-research", "Market research", "Competitors, sizing and trends.", 4, 500, 60),
            ("pitch-deck", "Pitch deck", "Slides that tell your story to investors.", 4, 500, 75),
            (
                "presentation-design",
                "Presentation slides",
                "A slide deck for PowerPoint, Keynote or Google Slides.",
                4,
                300,
                45,
            ),
        ],
    ),
    (
        "ai-services",
        "AI Services",
        "Prompts, chatbots and AI workflows.",
        True,
        _TECH_CHECKLIST,
        [
            (
                "prompt-engineering",
                "Prompt engineering",
                "Tested prompts for a use case.",
                4,
                200,
                30,
            ),
            ("chatbot-design", "Chatbot design", "Flows and answers for a chatbot.", 4, 500, 80),
            ("ai-workflow", "AI workflow", "A documented automation using AI tools.", 4, 500, 70),
        ],
    ),
    (
        "programming-automation",
        "Programming & Automation",
        "Scripts, integrations and fixes.",
        True,
        _TECH_CHECKLIST,
        [
            ("script", "Script", "A small program that does one job well.", 4, 500, 50),
            (
                "web-scraping",
                "Web scraping",
                "Structured data extracted from websites.",
                4,
                300,
                45,
            ),
            ("bug-fix", "Bug fix", "A diagnosed and fixed defect with notes.", 4, 250, 40),
            (
                "api-integration",
                "API integration",
                "Two services connected via their APIs.",
                4,
                500,
                90,
            ),
        ],
    ),
    (
        "video-animation",
        "Video & Animation",
        "Scripts, storyboards and short animations.",
        False,
        _VISUAL_CHECKLIST,
        [
            ("video-script", "Video script", "A script with scenes and voice-over.", 4, 200, 35),
            ("storyboard", "Storyboard", "Frame-by-frame plan for a video.", 4, 250, 55),
            (
                "explainer-animation",
                "Explainer animation",
                "A short animated explainer.",
                4,
                500,
                120,
            ),
        ],
    ),
    (
        "music-audio",
        "Music & Audio",
        "Jingles, voice-over scripts and podcast notes.",
        False,
        _STANDARD_CHECKLIST,
        [
            ("jingle", "Jingle", "A short memorable tune for a brand.", 4, 500, 80),
            ("podcast-show-notes", "Podcast show notes", "Summaries and timestamps.", 4, 100, 15),
            ("voiceover-script", "Voice-over script", "A script timed for narration.", 4, 150, 25),
        ],
    ),
    (
        "education-training",
        "Education & Training",
        "Lessons, quizzes and course outlines.",
        False,
        _STANDARD_CHECKLIST,
        [
            (
                "lesson-plan",
                "Lesson plan",
                "A lesson with goals, activities and checks.",
                4,
                150,
                25,
            ),
            ("quiz", "Quiz", "Questions with answers and explanations.", 3, 100, 12),
            ("course-outline", "Course outline", "Modules, outcomes and sequence.", 4, 250, 50),
        ],
    ),
    (
        "legal-compliance",
        "Legal & Compliance",
        "Drafts and checklists (not legal advice).",
        False,
        _STANDARD_CHECKLIST,
        [
            ("policy-draft", "Policy draft", "A first draft of an internal policy.", 4, 500, 90),
            (
                "privacy-notice",
                "Privacy notice",
                "A plain-language privacy notice draft.",
                4,
                250,
                60,
            ),
            ("compliance-checklist", "Compliance checklist", "Steps to meet a rule.", 4, 200, 40),
        ],
    ),
    (
        "customer-support",
        "Customer Support",
        "Help articles, macros and FAQs.",
        False,
        _STANDARD_CHECKLIST,
        [
            ("faq", "FAQ", "Questions and answers for your customers.", 4, 150, 20),
            ("help-article", "Help article", "A step-by-step help centre article.", 4, 150, 22),
            (
                "support-macros",
                "Support macros",
                "Reusable replies for common tickets.",
                4,
                150,
                25,
            ),
        ],
    ),
    (
        "research",
        "Research",
        "Literature reviews, fact-checks and summaries.",
        False,
        _DATA_CHECKLIST,
        [
            (
                "literature-review",
                "Literature review",
                "Sources summarised and compared.",
                4,
                500,
                70,
            ),
            ("fact-check", "Fact-check", "Claims verified with sources.", 4, 150, 20),
            ("competitor-analysis", "Competitor analysis", "Who competes and how.", 4, 500, 55),
        ],
    ),
]


def build_catalog() -> Catalog:
    categories: list[CategoryOut] = []
    for slug, name, description, known, checklist, types in _DATA:
        note = "" if known else f" {SANDBOX_NOTE}"
        task_types = tuple(
            TaskTypeOut(
                slug=t_slug,
                name=t_name,
                description=t_desc if known else f"{t_desc} {SANDBOX_NOTE}",
                budget_min_usd=float(low),
                budget_max_usd=float(high),
                median_win_usd=float(median),
                brief_checklist=checklist,
            )
            for t_slug, t_name, t_desc, low, high, median in types
        )
        medians = sorted(t.median_win_usd for t in task_types)
        categories.append(
            CategoryOut(
                slug=slug,
                name=name,
                description=f"{description}{note}",
                median_win_usd=medians[len(medians) // 2],
                task_types=task_types,
            )
        )
    return Catalog(categories=tuple(categories))
