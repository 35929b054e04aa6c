"""The sandbox is an optional extra: say so plainly instead of failing deep in an import."""

import importlib.util

for _needed in ("starlette", "uvicorn"):
    if importlib.util.find_spec(_needed) is None:
        raise ImportError(
            f"attachkit_sandbox needs {_needed}: install the extra with "
            "pip install 'attachkit[sandbox]'"
        )
