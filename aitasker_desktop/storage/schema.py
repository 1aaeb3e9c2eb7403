"""The store's schema as an ordered list of migrations.

Step N (1-based) takes a database at `PRAGMA user_version = N-1` to N. Steps are only ever
appended: a released step is never edited, since users' files already ran it. Each step runs in
one transaction together with the version bump, so a crash mid-migration leaves the old version.
"""

from typing import Final

Migration = tuple[str, ...]

MIGRATIONS: Final[tuple[Migration, ...]] = (
    # 1: drafts, outbox, task cache, brand kits, notifications.
    (
        """
        CREATE TABLE drafts (
            id          TEXT PRIMARY KEY,
            json        TEXT NOT NULL,
            title       TEXT NOT NULL DEFAULT '',
            search      TEXT NOT NULL DEFAULT '',  -- casefolded title + brief, for search
            created_at  REAL NOT NULL,             -- unix seconds, UTC
            updated_at  REAL NOT NULL,
            deleted_at  REAL,                      -- in the trash since; NULL when live
            task_id     TEXT
        )
        """,
        "CREATE INDEX drafts_live_by_edit ON drafts (deleted_at, updated_at DESC)",
        "CREATE INDEX drafts_task ON drafts (task_id) WHERE task_id IS NOT NULL",
        """
        CREATE TABLE outbox (
            id              TEXT PRIMARY KEY,
            draft_id        TEXT NOT NULL,
            idempotency_key TEXT NOT NULL UNIQUE,
            payload         TEXT NOT NULL,          -- JSON: the create body without uploads
            attachments     TEXT NOT NULL,          -- JSON: list of Attachment (upload_id)
            brand_kit       TEXT,                   -- JSON: BrandKit snapshot, or NULL
            state           TEXT NOT NULL CHECK (state IN
                                ('pending', 'sending', 'sent', 'failed_permanent')),
            attempts        INTEGER NOT NULL DEFAULT 0,
            last_error      TEXT NOT NULL DEFAULT '',
            task_id         TEXT,
            created_at      REAL NOT NULL,
            updated_at      REAL NOT NULL
        )
        """,
        # At most one live (not permanently failed) submission per draft: never post twice.
        """
        CREATE UNIQUE INDEX outbox_one_live_per_draft ON outbox (draft_id)
            WHERE state != 'failed_permanent'
        """,
        "CREATE INDEX outbox_by_state ON outbox (state, created_at)",
        """
        CREATE TABLE tasks (
            world       TEXT NOT NULL,
            id          TEXT NOT NULL,
            json        TEXT NOT NULL,
            status      TEXT NOT NULL,
            title       TEXT NOT NULL,
            updated_at  REAL,                       -- the service's updated_at, unix seconds
            PRIMARY KEY (world, id)
        ) WITHOUT ROWID
        """,
        "CREATE INDEX tasks_by_status ON tasks (world, status)",
        """
        CREATE TABLE task_extras (
            world       TEXT NOT NULL,
            task_id     TEXT NOT NULL,
            kind        TEXT NOT NULL,              -- 'gallery' | 'delivery'
            json        TEXT NOT NULL,
            fetched_at  REAL NOT NULL,
            PRIMARY KEY (world, task_id, kind),
            FOREIGN KEY (world, task_id) REFERENCES tasks (world, id) ON DELETE CASCADE
        ) WITHOUT ROWID
        """,
        """
        CREATE TABLE task_cursors (
            world       TEXT PRIMARY KEY,
            cursor      TEXT NOT NULL
        )
        """,
        """
        CREATE TABLE brand_kits (
            id          TEXT PRIMARY KEY,
            name        TEXT NOT NULL,
            json        TEXT NOT NULL,
            updated_at  REAL NOT NULL
        )
        """,
        """
        CREATE TABLE notifications (
            id          INTEGER PRIMARY KEY AUTOINCREMENT,
            world       TEXT NOT NULL,
            task_id     TEXT,
            kind        TEXT NOT NULL,
            text        TEXT NOT NULL,
            created_at  REAL NOT NULL,
            read        INTEGER NOT NULL DEFAULT 0,
            dedupe_key  TEXT
        )
        """,
        "CREATE INDEX notifications_recent ON notifications (world, id DESC)",
        "CREATE INDEX notifications_unread ON notifications (world, read)",
        """
        CREATE UNIQUE INDEX notifications_dedupe ON notifications (world, dedupe_key)
            WHERE dedupe_key IS NOT NULL
        """,
    ),
    # 2: the task list opens with the most recently changed tasks first, read by index.
    ("CREATE INDEX tasks_recent ON tasks (world, updated_at DESC)",),
    # 3: the task list's rows in a narrow table of their own, so the list can scan, sort and
    # page through 100,000 tasks without reading their JSON (which overflows its pages).
    # Filled from the cached JSON here (`casefold` is Python's, registered by the Store);
    # TaskCache writes both tables from then on.
    (
        """
        CREATE TABLE task_rows (
            world       TEXT NOT NULL,
            id          TEXT NOT NULL,
            title       TEXT NOT NULL,
            title_key   TEXT NOT NULL,              -- casefold(title): search and sort
            category    TEXT NOT NULL,
            task_type   TEXT NOT NULL,
            status      TEXT NOT NULL,
            price       REAL,                       -- the chosen bid's price, else the budget
            deadline_at REAL,                       -- unix seconds, UTC
            changed_at  REAL,                       -- updated_at, else created_at
            PRIMARY KEY (world, id)
        ) WITHOUT ROWID
        """,
        "CREATE INDEX task_rows_changed ON task_rows (world, changed_at, id)",
        """
        INSERT INTO task_rows
        SELECT world, id, title, casefold(title), category, task_type, status, price,
               (julianday(deadline_at) - 2440587.5) * 86400.0,
               (julianday(coalesce(updated_at, created_at)) - 2440587.5) * 86400.0
        FROM (
            SELECT world, id, status,
                   coalesce(json_extract(json, '$.title'), '') AS title,
                   coalesce(json_extract(json, '$.category'), '') AS category,
                   coalesce(json_extract(json, '$.task_type'), '') AS task_type,
                   coalesce(json_extract(json, '$.selected_price_usd'),
                            json_extract(json, '$.budget_usd')) AS price,
                   json_extract(json, '$.deadline_at') AS deadline_at,
                   json_extract(json, '$.updated_at') AS updated_at,
                   json_extract(json, '$.created_at') AS created_at
            FROM tasks
        )
        """,
        # The list reads task_rows now; this index only slowed writes.
        "DROP INDEX tasks_recent",
    ),
    # 4: what each world's server offers (domain/capabilities.py), learned on connecting,
    # kept so the app routes at once on the next start and re-learns after a day.
    (
        """
        CREATE TABLE world_capabilities (
            world      TEXT PRIMARY KEY,
            json       TEXT NOT NULL,
            learned_at REAL NOT NULL                 -- unix seconds, UTC
        )
        """,
    ),
    # 5: the title order without case or accents, as the search has it ("Écrire" between
    # "apple" and "zebra", not after "zebra"): title_key is `fold(title)` from now on
    # (domain.text.folded, registered by the Store), no longer casefold(title). ASCII
    # titles fold as they casefolded: only the others are written again.
    ("UPDATE task_rows SET title_key = fold(title) WHERE title GLOB '*[^ -~]*'",),
)
