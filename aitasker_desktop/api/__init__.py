"""The AITasker HTTP client (httpx, blocking; run it off the GUI thread)."""
