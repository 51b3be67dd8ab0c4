"""Any resource: its properties and inverse links."""

from __future__ import annotations

from typing import Any

from .common import Page

TYPES: tuple[str, ...] = ()
TEMPLATE = "resource.html"


def context(page: Page) -> dict[str, Any]:
    return {}
