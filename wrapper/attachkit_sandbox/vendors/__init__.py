"""The vendors the sandbox stands in for, one package each."""
