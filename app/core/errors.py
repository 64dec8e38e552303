"""Error pages in the user's language, and JSON errors under /api."""

from __future__ import annotations

from flask import Flask, render_template, request
from flask_babel import gettext as _
from werkzeug.exceptions import HTTPException

from app.extensions import db

MESSAGES = {
    400: lambda: _("Yêu cầu không hợp lệ."),
    401: lambda: _("Bạn cần đăng nhập (hoặc gửi mã truy cập API) để dùng chức năng này."),
    403: lambda: _("Bạn không có quyền xem hoặc thay đổi mục này."),
    404: lambda: _("Không tìm thấy trang hoặc dữ liệu yêu cầu."),
    405: lambda: _("Phương thức không được hỗ trợ."),
    409: lambda: _("Yêu cầu xung đột với dữ liệu hiện có."),
    413: lambda: _too_large(),
    415: lambda: _("Định dạng dữ liệu gửi lên không được hỗ trợ."),
    422: lambda: _("Dữ liệu gửi lên không hợp lệ."),
    429: lambda: _("Quá nhiều yêu cầu; vui lòng thử lại sau."),
    500: lambda: _("Đã có lỗi ở máy chủ. Dữ liệu chưa bị thay đổi; vui lòng thử lại."),
}


def _too_large() -> str:
    limit = request.max_content_length
    if not limit:
        return _("Tệp hoặc dữ liệu gửi lên quá lớn.")
    size = f"{limit / 2**20:.0f} MB" if limit >= 2**20 else f"{limit // 1024} KB"
    return _("Tệp hoặc dữ liệu gửi lên quá lớn: tối đa %(size)s.", size=size)


def _wants_json() -> bool:
    """The API, and the pages' own JSON calls (sign-in desk, count), get JSON errors."""
    return request.path.startswith("/api/") or request.is_json


def _details(error: HTTPException) -> tuple[str | None, dict | None]:
    """The message a service or view gave to `abort(..., message=...)`, and the per-field details: flask-smorest
    puts `errors=` in `data["errors"]`, webargs puts marshmallow's in `data["messages"]` (by location)."""
    data = getattr(error, "data", None)
    if not isinstance(data, dict):
        return None, None
    message = data.get("message") if isinstance(data.get("message"), str) else None
    errors = data.get("errors") or data.get("messages") or None
    return message, errors if isinstance(errors, dict) else None


def register_error_handlers(app: Flask) -> None:
    @app.errorhandler(HTTPException)
    def http_error(error: HTTPException):
        given, errors = _details(error)
        message = given or MESSAGES.get(error.code, lambda: error.description)()
        if _wants_json():
            body = {"code": error.code, "status": error.name, "message": message}
            if errors:
                body["errors"] = errors
            return body, error.code, _headers(error)
        return render_template("error.html", code=error.code, message=message), error.code, _headers(error)

    @app.errorhandler(Exception)
    def unexpected_error(error: Exception):
        db.session.rollback()
        app.logger.exception("unhandled error on %s", request.path)
        message = MESSAGES[500]()
        if _wants_json():
            return {"code": 500, "status": "Internal Server Error", "message": message}, 500
        return render_template("error.html", code=500, message=message), 500


def _headers(error: HTTPException) -> dict:
    """Headers the exception carries that a client needs (Allow on 405, Retry-After on 429, WWW-Authenticate)."""
    keep = ("Allow", "Retry-After", "WWW-Authenticate")
    return {k: v for k, v in error.get_headers() if k in keep}
