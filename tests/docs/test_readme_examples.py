"""Every Python block of README.md, and examples/quickstart.py, run against the sandbox as
a user would run them: in a process of their own, with the sandbox's address and demo
credentials in place of the README's placeholders (PLACEHOLDERS) and the few names the
README leaves to the reader defined (tests/docs/readme_prelude.py). A new README block
runs too: if it needs a new placeholder or name, add it there."""

from __future__ import annotations

import ast
import builtins
import re
import subprocess
from pathlib import Path

import attrs
import pytest

from attachkit_sandbox.vendors.altegio import ALTEGIO_PASSWORD, ALTEGIO_SMALL_LOCATION_ID
from attachkit_sandbox.vendors.envi import ENVI_PASSWORD, ENVI_PO_ID
from tests.docs.readme_prelude import FILES
from tests.support.command import ROOT, Served, python_command

pytestmark = pytest.mark.block_network(allowed_hosts=["127\\.0\\.0\\.1"])

README = ROOT / "README.md"

PLACEHOLDERS = {
    "https://api-demo.envi.net": "ATTACHKIT_ENVI_URL",
    "me@example.com": "ATTACHKIT_ENVI_USERNAME",
    "...": "ATTACHKIT_ENVI_PASSWORD",  # Envi's and Altegio's (the sandbox's are the same)
    "https://armrest.example": "ATTACHKIT_AMILI_URL",
    "owner@example.com": "ATTACHKIT_ALTEGIO_LOGIN",
    "https://api.alteg.io/api": "ATTACHKIT_ALTEGIO_URL",
    "https://app.alteg.io": "ATTACHKIT_ALTEGIO_WEB_URL",
    "9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d": str(ENVI_PO_ID),
    "/etc/company/proxy-root.pem": "proxy-root.pem",  # made from FILES in the working directory
}
"""A quoted string in a README block -> the variable of the sandbox's value (or the value)."""

LITERALS = {
    # The README's example location, for the sandbox's smaller one (60 clients instead of
    # 303): its whole-location export, paced as every Altegio client is (200 requests a
    # minute), takes seconds instead of a minute and a half.
    "location_id=456": f"location_id={ALTEGIO_SMALL_LOCATION_ID}",
}
"""Code in a README block -> the same code with the sandbox's value."""

PRELUDE = (
    "base_url", "po_id", "po_ids", "token_provider", "get_jwt", "partner_token", "envi",
)  # fmt: skip
"""The names a README block may use without defining them (readme_prelude.namespace)."""

RUNNER = """
import ast, asyncio, inspect, sys
from tests.docs.readme_prelude import namespace
with open(sys.argv[1], encoding="utf-8") as block:
    code = compile(block.read(), "README.md", "exec", flags=ast.PyCF_ALLOW_TOP_LEVEL_AWAIT)
result = eval(code, namespace())
if inspect.iscoroutine(result):
    asyncio.run(result)
"""


@attrs.frozen
class Block:
    line: int
    """Where its first line of code is in README.md."""
    code: str


def readme_blocks() -> list[Block]:
    text = README.read_text(encoding="utf-8")
    blocks = []
    for match in re.finditer(r"^```python\n(.*?)^```$", text, flags=re.MULTILINE | re.DOTALL):
        line = text.count("\n", 0, match.start(1)) + 1
        blocks.append(Block(line, match.group(1)))
    return blocks


def _free_names(code: str) -> set[str]:
    """Names the block reads but never binds (imports, assignments, loops, functions)."""
    tree = ast.parse(code)
    bound: set[str] = set()
    read: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Name):
            (read if isinstance(node.ctx, ast.Load) else bound).add(node.id)
        elif isinstance(node, ast.alias):
            bound.add((node.asname or node.name).partition(".")[0])
        elif isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
            bound.add(node.name)
        elif isinstance(node, ast.arg):
            bound.add(node.arg)
    return read - bound - set(dir(builtins))


def _substituted(block: Block, env: dict[str, str]) -> str:
    code = block.code
    for placeholder, source in PLACEHOLDERS.items():
        value = env.get(source, source)
        code = code.replace(f'"{placeholder}"', repr(value))
    for literal, value in LITERALS.items():
        code = code.replace(literal, value)
    return "\n" * (block.line - 1) + code  # tracebacks name README.md's own line numbers


def test_the_readme_has_python_examples_and_every_placeholder_is_used() -> None:
    blocks = readme_blocks()
    assert len(blocks) >= 5
    used = "".join(block.code for block in blocks)
    assert [p for p in PLACEHOLDERS if f'"{p}"' not in used] == []
    assert [literal for literal in LITERALS if literal not in used] == []
    assert ENVI_PASSWORD == ALTEGIO_PASSWORD  # one placeholder stands for both


@pytest.mark.parametrize("block", readme_blocks(), ids=lambda block: f"README.md:{block.line}")
def test_a_readme_example_runs_against_the_sandbox(
    served: Served, tmp_path: Path, block: Block
) -> None:
    unknown = _free_names(block.code) - set(PRELUDE)
    assert not unknown, f"README.md:{block.line} uses {sorted(unknown)}: define them in PRELUDE"
    for name, content in FILES.items():
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_bytes(content)
    script = tmp_path / "block.py"
    script.write_text(_substituted(block, served.env), encoding="utf-8")
    done = subprocess.run(  # noqa: S603
        python_command("-c", RUNNER, str(script)),
        cwd=tmp_path,
        env=served.environment(extra={"PYTHONPATH": str(ROOT)}),
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr


def test_the_quickstart_example_runs_against_the_sandbox(served: Served, tmp_path: Path) -> None:
    done = subprocess.run(  # noqa: S603
        python_command(str(ROOT / "examples" / "quickstart.py")),
        cwd=tmp_path,
        env=served.environment(extra={"TMPDIR": str(tmp_path)}),
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert "uploaded as file" in done.stdout
    assert "altegio: saved 4 files" in done.stdout
