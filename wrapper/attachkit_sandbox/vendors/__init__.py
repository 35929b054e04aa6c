"""The vendors the sandbox stands in for, one package each."""

__all__: list[str] = []
