"""The count's domain error."""


class TallyError(Exception):
    """A count action refused: `code` is stable (API), `message` Vietnamese, `status` the HTTP status."""

    def __init__(self, code: str, message: str, *, status: int = 422):
        super().__init__(message)
        self.code = code
        self.message = message
        self.status = status
