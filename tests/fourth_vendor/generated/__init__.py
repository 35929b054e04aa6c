"""The generated clients of the test vendors whose home this is (`make generate`)."""
