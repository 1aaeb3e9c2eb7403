"""AITasker Desktop: post tasks to AITasker and review what comes back."""

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("aitasker-desktop")
except PackageNotFoundError:  # running from a source tree that was never installed
    __version__ = "0.0.0+unknown"
