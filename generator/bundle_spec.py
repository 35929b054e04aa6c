"""Writes a spec as JSON into the client package generated from it (`make generate`), so
the spec ships with the library and `attachkit <vendor> check` can read it without YAML.

    python generator/bundle_spec.py specs/envi.yaml generated/attachkit_envi_client/openapi.json
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import yaml


class _Loader(yaml.SafeLoader):
    """Keeps dates and times as the strings the spec wrote (JSON has no date type)."""


_Loader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


def main(source: str, target: str) -> None:
    spec = yaml.load(Path(source).read_text(encoding="utf-8"), Loader=_Loader)  # noqa: S506
    text = json.dumps(spec, indent=1, ensure_ascii=False) + "\n"
    Path(target).write_text(text, encoding="utf-8")


if __name__ == "__main__":
    main(*sys.argv[1:])
