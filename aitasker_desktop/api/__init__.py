"""The AITasker HTTP client (httpx, blocking; run it off the GUI thread): `api.client`.

Nothing is imported here, so naming `api.errors` (as the UI does) does not load httpx:
the client and httpx load when a client is first made, off the GUI thread.
"""
