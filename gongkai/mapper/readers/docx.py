"""DOCX reader placeholder (filled below)."""
