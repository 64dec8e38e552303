"""The reader's domain error in the app."""

from app.tally.errors import TallyError


class ReaderError(TallyError):
    """A scan action refused: `code` is stable (API), `message` Vietnamese naming the file or field."""


NOT_INSTALLED = "Chưa cài bộ đọc ảnh (OpenCV): không đọc được ảnh phiếu. Hãy nhập phiếu bằng bàn phím."
