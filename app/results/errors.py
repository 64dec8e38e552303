"""The results domain's error."""


class ResultsError(Exception):
    """A results action refused: `code` is stable, `message` Vietnamese, `status` the HTTP status."""

    def __init__(self, code: str, message: str, *, status: int = 422):
        super().__init__(message)
        self.code = code
        self.message = message
        self.status = status
