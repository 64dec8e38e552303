"""Upload, preview and confirm a household-roll import."""

from __future__ import annotations

from flask import Blueprint

bp = Blueprint("roll_import", __name__, url_prefix="/rolls/import", template_folder="templates")
