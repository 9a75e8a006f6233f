"""The typed surface: stubs list exactly the module's public names, everything has a docstring."""

from __future__ import annotations

import ast
import inspect
from pathlib import Path
from typing import Dict, Set

import eblomlada
import eblomlada._eblomlada as native

PACKAGE = Path(eblomlada.__file__).parent
STUB = Path(__file__).resolve().parents[1] / "python" / "eblomlada" / "_eblomlada.pyi"

# Dunder methods are part of the contract where they make the class behave like a container.
CHECKED_DUNDERS = {
    "__getitem__", "__setitem__", "__delitem__", "__contains__", "__len__", "__iter__",
    "__copy__", "__deepcopy__", "__hash__", "_repr_svg_", "_repr_html_",
}


def stub_names() -> Dict[str, Set[str]]:
    """Top-level names of the stub; for classes, their members."""
    tree = ast.parse(STUB.read_text(encoding="utf-8"))
    names: Dict[str, Set[str]] = {}
    for node in tree.body:
        if isinstance(node, ast.ClassDef):
            members = set()
            for item in node.body:
                if isinstance(item, (ast.FunctionDef, ast.AsyncFunctionDef)):
                    members.add(item.name)
                elif isinstance(item, ast.AnnAssign) and isinstance(item.target, ast.Name):
                    members.add(item.target.id)
            names[node.name] = members
        elif isinstance(node, ast.AnnAssign) and isinstance(node.target, ast.Name):
            names[node.target.id] = set()
        elif isinstance(node, ast.Assign):
            for target in node.targets:
                if isinstance(target, ast.Name):
                    names[target.id] = set()
        elif isinstance(node, ast.FunctionDef):
            names[node.name] = set()
    return {k: v for k, v in names.items() if not k.startswith("_") or k == "__version__"}


def runtime_members(cls: type) -> Set[str]:
    own = vars(cls)
    public = {n for n in own if not n.startswith("_") or n in CHECKED_DUNDERS}
    if own.get("__hash__", None) is None:
        public.discard("__hash__")  # unhashable (mutable) classes set __hash__ = None
    if getattr(cls, "__text_signature__", None) is not None:
        public.add("__init__")  # a constructor: the stub declares it as __init__
    return public


STUB_NAMES = stub_names()


def test_stub_lists_exactly_the_native_public_names() -> None:
    runtime = {n for n in dir(native) if not n.startswith("_") or n == "__version__"}
    assert set(STUB_NAMES) == runtime


def test_stub_classes_list_exactly_the_runtime_members() -> None:
    for name, members in STUB_NAMES.items():
        obj = getattr(native, name)
        if not isinstance(obj, type):
            continue
        runtime = runtime_members(obj)
        stubbed = {m for m in members if not m.startswith("_") or m in CHECKED_DUNDERS or m == "__init__"}
        assert stubbed == runtime, f"{name}: only in stub {stubbed - runtime}, only at run time {runtime - stubbed}"


def test_package_exports() -> None:
    ours = {
        name
        for name, value in vars(eblomlada).items()
        if not name.startswith("_") and str(getattr(value, "__module__", "")).startswith("eblomlada")
    }
    assert set(eblomlada.__all__) == ours | {"__version__"}
    for name in eblomlada.__all__:
        assert hasattr(eblomlada, name), name


def test_every_public_class_and_function_has_a_docstring() -> None:
    missing = []
    for name in eblomlada.__all__:
        obj = getattr(eblomlada, name)
        if isinstance(obj, str):
            continue
        if not inspect.getdoc(obj):
            missing.append(name)
        if isinstance(obj, type) and obj.__module__ in ("eblomlada", "eblomlada._eblomlada"):
            for member, value in vars(obj).items():
                if member.startswith("_") and member not in ("_repr_svg_", "_repr_html_"):
                    continue
                if not (getattr(value, "__doc__", None) or "").strip():
                    missing.append(f"{name}.{member}")
    assert missing == []


def test_help_shows_the_docstrings() -> None:
    text = inspect.getdoc(eblomlada.Assessment.from_json) or ""
    assert "InvalidAssessmentError" in text
    assert "catalogue" in (inspect.getdoc(eblomlada.Assessment) or "")
    assert inspect.getdoc(eblomlada.Score.to_dict)
