"""generator room."""
