"""AITasker Desktop: post tasks to AITasker and review what comes back."""

from typing import Any


def __getattr__(name: str) -> Any:
    # Looked up lazily: importlib.metadata costs ~50 ms at start-up, before the window shows.
    if name == "__version__":
        from importlib.metadata import PackageNotFoundError, version

        try:
            return version("aitasker-desktop")
        except PackageNotFoundError:  # a source tree that was never installed
            return "0.0.0+unknown"
    raise AttributeError(name)
