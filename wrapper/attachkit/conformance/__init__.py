"""Checking a live tenant's answers against the bundled spec of its vendor: what
`attachkit <vendor> check` runs.

`schema` compares one decoded JSON value with a schema of the spec and says where they
differ; `spec` loads the bundled spec and finds the operation an exchange belongs to; `run`
makes the check's requests and `report` holds what came of them.
"""

__all__: list[str] = []
