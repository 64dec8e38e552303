"""How large a request body may be: one global cap, tighter caps per kind of route, all in this one table.

Flask reads a body only up to `request.max_content_length` and answers 413 beyond it (before parsing a form
or JSON), so a 300 MB POST costs nothing but the refusal. `MAX_CONTENT_LENGTH` (config.py) is the backstop
for every route; `limit_request_body` lowers it per endpoint before the view runs.
"""

from __future__ import annotations

from flask import current_app, request

KB, MB = 1024, 1024 * 1024
#: Room for the multipart envelope and the other form fields around an uploaded file.
ENVELOPE = 64 * KB

#: Endpoint → (config key, default) of the file it accepts; the body may be that plus the envelope.
UPLOAD_LIMITS: dict[str, tuple[str, int]] = {
    "roll_import.upload": ("ROLL_IMPORT_MAX_BYTES", 20 * MB),  # a 100,000-household .xlsx is about 5 MB
    "plan.attach": ("PLAN_ATTACHMENT_MAX_BYTES", 10 * MB),
    "wards.tdps_upload": ("TDP_LIST_MAX_BYTES", 2 * MB),  # 200 TDPs make an .xlsx of about 10 KB
    "results.import_package": ("RESULTS_PACKAGE_MAX_BYTES", 1 * MB),  # a package is a few kB
    # ballot images: a 200 dpi JPEG scan is ~300 kB; the page sends a folder in requests under this
    "reader.images": ("COUNT_IMAGES_MAX_BYTES", 24 * MB),
    "reader_api.post_images": ("COUNT_IMAGES_MAX_BYTES", 24 * MB),
    "capture.probe": ("CAPTURE_PROBE_MAX_BYTES", 2 * MB),  # one camera frame, about 960 px, as JPEG
}
#: Any JSON body (sign-in desk, count, API): a ballot or a sign-in is under 1 kB.
JSON_MAX_BYTES = 64 * KB
#: Any other form: the longest is a plan note or a list of names.
FORM_MAX_BYTES = 256 * KB


def upload_limit(endpoint: str) -> int:
    """The largest file `endpoint` accepts (its config key overrides the default)."""
    key, default = UPLOAD_LIMITS[endpoint]
    return current_app.config.get(key, default)


def body_limit() -> int:
    """The cap for the current request's body."""
    if request.endpoint in UPLOAD_LIMITS:
        return upload_limit(request.endpoint) + ENVELOPE
    if request.is_json or request.path.startswith("/api/"):
        return current_app.config.get("JSON_MAX_BYTES", JSON_MAX_BYTES)
    return current_app.config.get("FORM_MAX_BYTES", FORM_MAX_BYTES)


def limit_request_body() -> None:
    """before_request: lower the body cap for this route (never above the global MAX_CONTENT_LENGTH)."""
    overall = current_app.config.get("MAX_CONTENT_LENGTH")
    limit = body_limit()
    request.max_content_length = min(limit, overall) if overall else limit
