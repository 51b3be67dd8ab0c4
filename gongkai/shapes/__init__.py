"""shapes room."""
