"""Every wire decision of the sandbox, in one place: paths, statuses, limits, headers, codes.

The sandbox is written from AITasker's published documentation (../shared/platform.md) and
this project's conventions (docs/api-conventions.md); it shares no code with the client, so
a client that drifts from the documented wire format fails a test instead of agreeing with
itself. Each name says whether AITasker documents it or this project decided it.
"""

from enum import StrEnum
from typing import Final

API_PREFIX: Final = "/api/v1"

# -- paths AITasker documents ----------------------------------------------------------------
HEALTH: Final = "/health"
TASKS: Final = f"{API_PREFIX}/tasks"  # POST create
TASK: Final = f"{API_PREFIX}/tasks/{{task_id}}"
BIDS: Final = f"{API_PREFIX}/tasks/{{task_id}}/bids"
CATEGORIES: Final = f"{API_PREFIX}/categories"
BALANCE: Final = f"{API_PREFIX}/a2a/credits/balance"
BRIEF_GENERATE: Final = f"{API_PREFIX}/brief/generate"
BRIEF_SUGGESTIONS: Final = f"{API_PREFIX}/brief/suggestions"
A2A_RPC: Final = f"{API_PREFIX}/a2a/rpc"
AGENT_CARD: Final = "/.well-known/agent.json"
PUBLIC_PATHS: Final = frozenset(
    {HEALTH, "/docs", "/openapi.json", "/docs/oauth2-redirect", "/redoc", AGENT_CARD}
)

# -- paths this project decided (AITasker names the operations, not the paths) --------------
# GET TASKS lists tasks changed since a cursor: ?since=<cursor>&limit=<n>.
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
FILE: Final = f"{API_PREFIX}/files/{{file_id}}"
BRAND_KITS: Final = f"{API_PREFIX}/brand-kits"
BRAND_KIT: Final = f"{API_PREFIX}/brand-kits/{{kit_id}}"
SANDBOX_PREFIX: Final = "/sandbox"  # the simulation's own controls: not part of AITasker
TOP_UP: Final = f"{SANDBOX_PREFIX}/credits/top-up"  # body {"amount_usd"}; a 402's topup_url
LIST_MAX_LIMIT: Final = 500


class Surface(StrEnum):
    FULL = "full"  # everything: the documented API, this project's decided paths, /sandbox/*
    DOCUMENTED = "documented"  # only what AITasker documents; decided paths answer 404


# -- headers --------------------------------------------------------------------------------
IDEMPOTENCY_HEADER: Final = "Idempotency-Key"  # decided
IDEMPOTENT_REPLAYED_HEADER: Final = "Idempotent-Replayed"  # decided: "true" on a replay
RATE_LIMIT_HEADER: Final = "X-RateLimit-Limit"
RATE_REMAINING_HEADER: Final = "X-RateLimit-Remaining"
RETRY_AFTER_HEADER: Final = "Retry-After"
IDEMPOTENCY_KEY_MAX: Final = 255

# -- rate limits (documented), per client and path prefix -----------------------------------
RATE_LIMIT_DEFAULT: Final = 300  # per minute
RATE_LIMIT_CREATE: Final = 60
RATE_LIMIT_TASK_READS: Final = 300
RATE_LIMIT_SUGGESTIONS_PER_HOUR: Final = 60
RATE_LIMIT_GENERATE_PER_HOUR: Final = 10

# -- keys and money -------------------------------------------------------------------------
SANDBOX_DEFAULT_KEY: Final = "aitk_test_sandbox_0000000000000000"
# AITasker gives a new account 10 USD; the sandbox gives pretend credit enough for about a
# dozen tasks at its typical median win price (40 USD), or four of its dearest type (120).
STARTING_CREDIT_USD: Final = 500.0
PLATFORM_TOPUP_URL: Final = "https://aitasker.co/dashboard/credits"  # where AITasker sends you
REMIX_FEE_USD: Final = 1.0  # the documented example fee
MAX_REMIXES: Final = 2
MAX_REVISIONS: Final = 3
MAX_NOTES_PER_TASK: Final = 20
PAYMENT_METHODS: Final = ("prepaid", "mpp", "ap2")

# -- field limits ---------------------------------------------------------------------------
TITLE_MIN, TITLE_MAX = 5, 200  # what agents are promised
BRIEF_MIN, BRIEF_MAX = 20, 5000
TEXT_MAX: Final = 5000  # feedback, dispute reasons, notes
SLUG_MAX: Final = 100
DEFAULT_EXPERIMENTATION: Final = 0.3
# Budgets: the reference says 3 to 300 USD, the platform's published client 4 to 500 and
# posts a blog post at 4 by default. Every per-type range lies inside 3..500, and no type
# asks more than 4 USD, so nothing the platform's own client sends is refused.
BUDGET_FLOOR_USD: Final = 3.0
BUDGET_CEILING_USD: Final = 500.0
MAX_TYPE_MINIMUM_USD: Final = 4.0
# Free-form JSON objects (requirements, metadata, an A2A data part): bounded in depth and size.
JSON_OBJECT_MAX_DEPTH: Final = 8
JSON_OBJECT_MAX_BYTES: Final = 16 * 1024
MAX_ATTACHMENTS: Final = 20

# -- request bodies: capped by the bytes read, whatever the framing (chunked too) ------------
MAX_JSON_BODY: Final = 1024 * 1024
MAX_UPLOAD_BYTES: Final = 25 * 1024 * 1024
MAX_UPLOAD_BODY: Final = MAX_UPLOAD_BYTES + 64 * 1024  # the file plus its multipart framing
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


# -- statuses: AITasker's documented ones, and the names this project decided ---------------
class Status(StrEnum):
    OPEN = "open"
    MATCHING = "matching"
    PROTOTYPING = "prototyping"
    REVIEW = "review"
    DELIVERING = "delivering"
    AWAITING_APPROVAL = "awaiting_approval"  # decided
    REVISION_REQUESTED = "revision_requested"  # decided
    DISPUTED = "disputed"  # decided
    REFUNDED = "refunded"  # decided: a dispute resolved in the buyer's favour
    COMPLETED = "completed"
    EXPIRED = "expired"
    CANCELLED = "cancelled"


class A2AState(StrEnum):
    """The A2A states AITasker documents (note the American `canceled`)."""

    SUBMITTED = "submitted"
    WORKING = "working"
    COMPLETED = "completed"
    CANCELED = "canceled"


# Decided: AITasker does not publish how its A2A states map to the REST statuses.
A2A_STATE: Final[dict[str, A2AState]] = {
    Status.OPEN: A2AState.SUBMITTED,  # queued
    Status.MATCHING: A2AState.WORKING,
    Status.PROTOTYPING: A2AState.WORKING,
    Status.REVIEW: A2AState.COMPLETED,  # prototypes ready to choose from
    Status.DELIVERING: A2AState.WORKING,  # as after selectBid
    Status.AWAITING_APPROVAL: A2AState.COMPLETED,  # the delivery waits on the buyer
    Status.REVISION_REQUESTED: A2AState.WORKING,
    Status.DISPUTED: A2AState.WORKING,  # the platform is deciding; the task still moves
    Status.COMPLETED: A2AState.COMPLETED,
    Status.REFUNDED: A2AState.CANCELED,  # the money came back
    Status.EXPIRED: A2AState.CANCELED,  # ended without a result; no money moved
    Status.CANCELLED: A2AState.CANCELED,
}


# -- JSON-RPC 2.0 error codes ----------------------------------------------------------------
class RpcCode:
    PARSE_ERROR: Final = -32700
    INVALID_REQUEST: Final = -32600  # also every batch request: batches are not supported
    METHOD_NOT_FOUND: Final = -32601
    INVALID_PARAMS: Final = -32602
    INTERNAL_ERROR: Final = -32603
    TASK_NOT_FOUND: Final = -32001  # the A2A protocol's own code
    TASK_NOT_CANCELABLE: Final = -32002  # the A2A protocol's own code
    UNSUPPORTED_OPERATION: Final = -32004  # the A2A protocol's own: not in the task's state
    PAYMENT_REQUIRED: Final = -32010  # decided: data {amount_usd, current_balance_usd, topup_url}


A2A_METHODS: Final = (
    "message/send",
    "tasks/get",
    "tasks/selectBid",
    "tasks/cancel",
    "tasks/provideInput",
)
# A2A task ids are their own uuids (AITasker says they may differ from the REST id), derived
# from the REST id under this namespace; every tasks/* method accepts either id.
A2A_ID_NAMESPACE: Final = "3b0e5f0c-7a61-4d43-9d7e-a2a5a2a5a2a5"
