"""The wire conventions this project decided where AITasker's documentation is silent.

The client (api/) and the sandbox (sandbox/) both import this module, so a decision lives in
exactly one place. docs/api-conventions.md explains each choice for people.
"""

from typing import Final

API_PREFIX: Final = "/api/v1"

# Documented by the platform.
HEALTH: Final = "/health"
TASKS: Final = f"{API_PREFIX}/tasks"  # POST create, GET list (decided: changed-since cursor)
TASK: Final = f"{API_PREFIX}/tasks/{{task_id}}"
BIDS: Final = f"{API_PREFIX}/tasks/{{task_id}}/bids"
CATEGORIES: Final = f"{API_PREFIX}/categories"
BALANCE: Final = f"{API_PREFIX}/a2a/credits/balance"
BRIEF_GENERATE: Final = f"{API_PREFIX}/brief/generate"
BRIEF_SUGGESTIONS: Final = f"{API_PREFIX}/brief/suggestions"
OPENAPI: Final = "/openapi.json"  # public: what the server offers
A2A_RPC: Final = f"{API_PREFIX}/a2a/rpc"  # JSON-RPC 2.0 (the agent protocol; see api/a2a.py)

# Decided here (named by the platform, paths unpublished).
SELECT: Final = f"{API_PREFIX}/tasks/{{task_id}}/select"  # body {"bid_id"}
REMIX: Final = f"{API_PREFIX}/tasks/{{task_id}}/remix"
EXTEND_REVIEW: Final = f"{API_PREFIX}/tasks/{{task_id}}/extend-review"
CANCEL: Final = f"{API_PREFIX}/tasks/{{task_id}}/cancel"
NOTES: Final = f"{API_PREFIX}/tasks/{{task_id}}/notes"  # body {"text"}: REST twin of provideInput
DELIVERY: Final = f"{API_PREFIX}/tasks/{{task_id}}/delivery"
APPROVE: Final = f"{API_PREFIX}/tasks/{{task_id}}/delivery/approve"
REVISION: Final = f"{API_PREFIX}/tasks/{{task_id}}/delivery/revision"  # body {"feedback"}
DISPUTE: Final = f"{API_PREFIX}/tasks/{{task_id}}/delivery/dispute"  # body {"reason"}
UPLOADS: Final = f"{API_PREFIX}/uploads"  # multipart field "file"
FILE: Final = f"{API_PREFIX}/files/{{file_id}}"  # raw bytes of an artifact, delivery or upload
BRAND_KITS: Final = f"{API_PREFIX}/brand-kits"
BRAND_KIT: Final = f"{API_PREFIX}/brand-kits/{{kit_id}}"

# List query parameters: GET /tasks?since=<cursor>&limit=<n>
# Answer: {"tasks": [...], "cursor": "<opaque>", "has_more": bool}. Without `since` every
# task is listed (paged by `limit`); with it only tasks changed after that cursor.
LIST_SINCE_PARAM: Final = "since"
LIST_LIMIT_PARAM: Final = "limit"
LIST_MAX_LIMIT: Final = 500

# Headers.
IDEMPOTENCY_HEADER: Final = "Idempotency-Key"
RATE_LIMIT_HEADER: Final = "X-RateLimit-Limit"
RATE_REMAINING_HEADER: Final = "X-RateLimit-Remaining"
RETRY_AFTER_HEADER: Final = "Retry-After"

# Published rate limits, requests per minute per client and path prefix.
RATE_LIMIT_DEFAULT: Final = 300
RATE_LIMIT_CREATE: Final = 60
RATE_LIMIT_TASK_READS: Final = 300
# The free brief tools are limited per hour.
RATE_LIMIT_SUGGESTIONS_PER_HOUR: Final = 60
RATE_LIMIT_GENERATE_PER_HOUR: Final = 10

# Key prefixes: treat the key as opaque, but tell a person which world it belongs to.
LIVE_KEY_PREFIX: Final = "aitk_live_"
TEST_KEY_PREFIX: Final = "aitk_test_"
LEGACY_KEY_PREFIX: Final = "ait_"
SANDBOX_DEFAULT_KEY: Final = "aitk_test_sandbox_0000000000000000"

# Payment-required errors (HTTP 402) carry these fields in `detail`.
PAYMENT_FIELDS: Final = ("amount_usd", "current_balance_usd", "topup_url")

# Uploads: what the service accepts (the sandbox enforces it; the editor checks first).
MAX_UPLOAD_BYTES: Final = 25 * 1024 * 1024
UPLOAD_MEDIA_TYPES: Final = frozenset(
    {
        "image/png",
        "image/jpeg",
        "image/gif",
        "image/webp",
        "image/svg+xml",
        "application/pdf",
        "text/plain",
        "text/markdown",
        "text/csv",
        "application/json",
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        "application/vnd.openxmlformats-officedocument.presentationml.presentation",
        "application/zip",
        "font/ttf",
        "font/otf",
        "font/woff",
        "font/woff2",
    }
)


def key_kind(api_key: str) -> str:
    """Which world a key belongs to: 'live', 'test' or 'unknown' (never refused)."""
    if api_key.startswith(LIVE_KEY_PREFIX):
        return "live"
    if api_key.startswith(TEST_KEY_PREFIX):
        return "test"
    if api_key.startswith(LEGACY_KEY_PREFIX):
        return "legacy"
    return "unknown"


def mask_key(api_key: str) -> str:
    """The only form in which a key may be shown: its prefix and last four characters."""
    kind = key_kind(api_key)
    prefix = {
        "live": LIVE_KEY_PREFIX,
        "test": TEST_KEY_PREFIX,
        "legacy": LEGACY_KEY_PREFIX,
    }.get(kind, "")
    tail = api_key[-4:] if len(api_key) >= len(prefix) + 8 else ""
    return f"{prefix}…{tail}"
