"""Error pages in the user's language, and JSON errors under /api."""

from __future__ import annotations

from flask import Flask, render_template, request
from flask_babel import gettext as _
from werkzeug.exceptions import HTTPException

from app.extensions import db

MESSAGES = {
    400: lambda: _("Yêu cầu không hợp lệ."),
    403: lambda: _("Bạn không có quyền xem hoặc thay đổi mục này."),
    404: lambda: _("Không tìm thấy trang hoặc dữ liệu yêu cầu."),
    405: lambda: _("Phương thức không được hỗ trợ."),
    413: lambda: _("Tệp tải lên quá lớn."),
    429: lambda: _("Quá nhiều yêu cầu; vui lòng thử lại sau."),
    500: lambda: _("Đã có lỗi ở máy chủ. Dữ liệu chưa bị thay đổi; vui lòng thử lại."),
}


def _wants_json() -> bool:
    return request.path.startswith("/api/")


def register_error_handlers(app: Flask) -> None:
    @app.errorhandler(HTTPException)
    def http_error(error: HTTPException):
        message = MESSAGES.get(error.code, lambda: error.description)()
        if _wants_json():
            body = getattr(error, "data", None)
            if isinstance(body, dict) and body.get("errors"):
                return {"code": error.code, "status": error.name, "message": message,
                        "errors": body["errors"]}, error.code
            return {"code": error.code, "status": error.name, "message": message}, error.code
        return render_template("error.html", code=error.code, message=message), error.code

    @app.errorhandler(Exception)
    def unexpected_error(error: Exception):
        db.session.rollback()
        app.logger.exception("unhandled error on %s", request.path)
        message = MESSAGES[500]()
        if _wants_json():
            return {"code": 500, "status": "Internal Server Error", "message": message}, 500
        return render_template("error.html", code=500, message=message), 500
