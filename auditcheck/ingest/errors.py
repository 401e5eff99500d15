"""The one error ingestion raises: a report that cannot be read, with a reason a reviewer understands."""


class ReadError(Exception):
    def __init__(self, reason: str, path: str | None = None):
        super().__init__(reason)
        self.reason = reason
        self.path = path

    def __str__(self) -> str:
        return f"{self.path}: {self.reason}" if self.path else self.reason
