"""Pure Python domain: briefs, catalog, tasks, bids, deliveries and the lifecycle.

Imports no Qt, no httpx and no sqlite, so every rule here is testable in milliseconds.
"""
