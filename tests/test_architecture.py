"""The architecture holds: the import contracts of pyproject.toml, what each layer loads when imported alone,
and no import cycle among bot's modules (TYPE_CHECKING-only imports excepted).

Every check runs on this checkout's bot/ (PYTHONPATH=ROOT), whichever bot an installed package points to.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Mapping
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
ENV = {**os.environ, "PYTHONPATH": os.pathsep.join(filter(None, (str(ROOT), os.environ.get("PYTHONPATH"))))}

WEB = {"flask", "flask_login", "flask_wtf", "flask_limiter", "werkzeug"}
DATABASE = {"sqlalchemy", "alembic"}

# Layer -> top-level packages that importing every module of that layer (in a fresh interpreter) must not load,
# directly or through any third-party package it uses.
FORBIDDEN: dict[str, set[str]] = {
    "bot.conversation": WEB | DATABASE | {"twilio", "jinja2", "babel", "i18n"},
    "bot.texts": WEB | DATABASE | {"twilio"},
    "bot.reports": WEB | DATABASE | {"twilio"},
    "bot.store": WEB | {"twilio"},
    "bot.services": WEB | {"twilio"},
    "bot.config": WEB | {"twilio"},
}

IMPORT_LAYER = """
import importlib, json, pkgutil, sys
layer, forbidden = sys.argv[1], set(json.loads(sys.argv[2]))
package = importlib.import_module(layer)
for found in pkgutil.walk_packages(getattr(package, "__path__", []), layer + "."):
    importlib.import_module(found.name)
print(json.dumps(sorted({m.split(".")[0] for m in sys.modules} & forbidden)))
"""

# bot/__init__.py's lazy `create_app` is a function-level import (in __getattr__), not a module-level edge.
LAZY_IMPORTS = {("bot", "bot.app")}

IMPORT_GRAPH = """
import json, grimp
graph = grimp.build_graph("bot", exclude_type_checking_imports=True, cache_dir=None)
print(json.dumps({m: sorted(graph.find_modules_directly_imported_by(m)) for m in sorted(graph.modules)}))
"""


def run(args: list[str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(args, capture_output=True, text=True, timeout=60, check=False, cwd=ROOT, env=ENV)


def test_import_contracts_are_kept() -> None:
    lint_imports = Path(sys.executable).with_name("lint-imports")
    assert lint_imports.exists(), f"no {lint_imports}: pip install -e '.[dev]'"
    done = run([str(lint_imports), "--no-cache", "--no-logo"])
    assert done.returncode == 0, f"lint-imports failed:\n{done.stdout}\n{done.stderr}"


@pytest.mark.parametrize("layer", sorted(FORBIDDEN))
def test_layer_alone_loads_no_forbidden_package(layer: str) -> None:
    done = run([sys.executable, "-c", IMPORT_LAYER, layer, json.dumps(sorted(FORBIDDEN[layer]))])
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout) == [], f"importing {layer} loads {done.stdout.strip()}"


def cycles(graph: Mapping[str, set[str]]) -> list[list[str]]:
    """The import cycles of `graph` (module -> modules it imports): every strongly connected component of more
    than one module, or of one module importing itself (Tarjan's algorithm, without recursion)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []
    for root in sorted(graph):
        if root in index:
            continue
        work = [(root, iter(sorted(graph.get(root, ()))))]
        index[root] = low[root] = len(index)
        stack.append(root)
        on_stack.add(root)
        while work:
            node, children = work[-1]
            child = next(children, None)
            if child is not None:
                if child not in index:
                    index[child] = low[child] = len(index)
                    stack.append(child)
                    on_stack.add(child)
                    work.append((child, iter(sorted(graph.get(child, ())))))
                elif child in on_stack:
                    low[node] = min(low[node], index[child])
                continue
            work.pop()
            if work:
                low[work[-1][0]] = min(low[work[-1][0]], low[node])
            if low[node] == index[node]:
                component = []
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    component.append(member)
                    if member == node:
                        break
                if len(component) > 1 or node in graph.get(node, ()):
                    found.append(sorted(component))
    return sorted(found)


def test_cycle_finder() -> None:
    # A package importing its own submodules is no cycle; a submodule importing its package back is.
    assert cycles({"p": {"p.a", "p.b"}, "p.a": {"p.b"}, "p.b": set()}) == []
    assert cycles({"p": {"p.a"}, "p.a": {"p"}, "q": {"q"}, "r": {"p"}}) == [["p", "p.a"], ["q"]]
    assert cycles({"a": {"b"}, "b": {"c"}, "c": {"a", "d"}, "d": {"e"}, "e": {"d"}}) == [["a", "b", "c"], ["d", "e"]]


@pytest.fixture(scope="module")
def graph() -> dict[str, set[str]]:
    """bot's import graph (module -> modules it imports), TYPE_CHECKING-only imports left out."""
    done = run([sys.executable, "-c", IMPORT_GRAPH])
    assert done.returncode == 0, done.stderr
    found = {module: set(imported) for module, imported in json.loads(done.stdout).items()}
    assert len(found) > 50, "grimp found too few modules: is every package of bot/ a directory with __init__.py?"
    return found


def test_nothing_imports_the_root_package(graph: dict[str, set[str]]) -> None:
    # The lazy bot -> bot.app edge is left out of the contracts and the cycle search; that is only safe while no
    # module imports `bot` itself (`from bot import create_app` would load the whole app).
    assert sorted(m for m, imported in graph.items() if "bot" in imported) == []


def test_no_import_cycles(graph: dict[str, set[str]]) -> None:
    graph = {module: imported - {i for m, i in LAZY_IMPORTS if m == module} for module, imported in graph.items()}
    found = cycles(graph)
    assert found == [], "import cycles:\n" + "\n".join(
        " ".join(f"{m} -> {sorted(graph[m] & set(cycle))};" for m in cycle) for cycle in found)


# Who may write a conversation's row: the applier (every step, through store/conversations.update_conversation)
# and the invitation, which inserts the row as the engine began it. Nothing else sets its state or status.
STATE_WRITERS = {"bot/store/conversations.py", "bot/services/apply.py"}


def test_only_the_applier_writes_a_conversations_state_or_status() -> None:
    sources = {p.relative_to(ROOT).as_posix(): p.read_text(encoding="utf-8") for p in (ROOT / "bot").rglob("*.py")}
    writers = {path for path, text in sources.items() if "update_conversation" in text or "update(Conversation" in text}
    assert writers == STATE_WRITERS
    orm_writes = [path for path, text in sources.items()
                  for needle in (".status = ", ".state = ", "conv.status=", "status=\"completed\"")
                  if needle in text and not path.startswith("bot/conversation/")]
    assert orm_writes == []
    inserts = [path for path, text in sources.items() if "Conversation(participant=" in text]
    assert inserts == ["bot/services/meetings.py"] and "status=rt.engine.status(" in sources[inserts[0]]
