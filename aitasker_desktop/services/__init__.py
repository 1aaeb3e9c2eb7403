"""The application layer: QtCore-only services with signals. No widgets here."""
