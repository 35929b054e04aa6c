"""attachkit."""
