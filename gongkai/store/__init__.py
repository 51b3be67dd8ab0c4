"""The embedded Oxigraph store: built atomically, served read-only."""

from .layout import StoreDir, StoreMissing

__all__ = ["StoreDir", "StoreMissing"]
