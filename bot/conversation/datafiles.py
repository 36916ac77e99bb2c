"""Where the data files live (flows/, locales/) and how they are read. Rule: safe YAML loading only, the C
loader when libyaml is there; one function, so every data file is read the same way."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parent.parent.parent  # the project: flows/, locales/, migrations/
FLOWS_DIR = ROOT / "flows"
LOCALES_DIR = ROOT / "locales"
_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def read_yaml(path: Path) -> Any:
    """The document in `path` (None for an empty file)."""
    with path.open(encoding="utf-8") as fh:
        return yaml.load(fh, Loader=_LOADER)
