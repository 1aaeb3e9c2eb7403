"""AITasker Desktop: post tasks to AITasker and review what comes back."""

from typing import Any

_version: str | None = None


def __getattr__(name: str) -> Any:
    # Looked up lazily and once: importlib.metadata and the search of the installed
    # distributions cost ~40 ms, which start-up does not need to pay.
    if name == "__version__":
        global _version
        if _version is None:
            from importlib.metadata import PackageNotFoundError, version

            try:
                _version = version("aitasker-desktop")
            except PackageNotFoundError:  # a source tree that was never installed
                _version = "0.0.0+unknown"
        return _version
    raise AttributeError(name)
