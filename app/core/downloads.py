"""Send generated files (PDF, XLSX, ZIP) as downloads with a UTF-8-safe file name."""

from __future__ import annotations

import io

from flask import send_file


def send_bytes(data: bytes, filename: str, mimetype: str, *, inline: bool = False):
    return send_file(io.BytesIO(data), mimetype=mimetype, as_attachment=not inline, download_name=filename,
                     max_age=0)
