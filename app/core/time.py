"""The ward's clock: Vietnam time. Services take dates as parameters; views and commands read them here."""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

LOCAL_TZ = ZoneInfo("Asia/Ho_Chi_Minh")


def local_now() -> datetime:
    return datetime.now(LOCAL_TZ)


def local_today() -> date:
    """Today in Vietnam, whatever the server's own time zone (a UTC server is a day behind until 07:00)."""
    return local_now().date()
