"""The package as shipped: every package folder is listed for the wheel, and every module says what it is."""

from __future__ import annotations

import ast
import tomllib

from dumps import ROOT

PYPROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
MAPPED = {"pipeline.data.rules": ROOT / "rules", "pipeline.data.models": ROOT / "models"}


def _package_folders() -> set[str]:
    return {".".join(init.parent.relative_to(ROOT).parts) for init in (ROOT / "pipeline").rglob("__init__.py")}


def test_every_package_folder_is_listed_for_the_wheel():
    listed = set(PYPROJECT["tool"]["setuptools"]["packages"])
    assert listed == _package_folders() | set(MAPPED)


def test_rules_and_models_are_mapped_from_where_they_live():
    mapping = PYPROJECT["tool"]["setuptools"]["package-dir"]
    for package, folder in MAPPED.items():
        assert ROOT / mapping[package] == folder
        assert (folder / "__init__.py").is_file()


def test_every_module_has_a_docstring():
    missing = [str(path.relative_to(ROOT)) for path in sorted((ROOT / "pipeline").rglob("*.py"))
               if path.name != "__main__.py" and not ast.get_docstring(ast.parse(path.read_text(encoding="utf-8")))]
    assert missing == []


def _public_functions(tree: ast.Module):
    """Module-level functions and methods of module-level classes (local helpers need no docstring)."""
    for node in tree.body:
        if isinstance(node, ast.ClassDef):
            yield from (n for n in node.body if isinstance(n, ast.FunctionDef | ast.AsyncFunctionDef))
        elif isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            yield node


def test_every_public_function_says_what_it_returns():
    missing = [f"{path.relative_to(ROOT)}:{node.lineno} {node.name}"
               for path in sorted((ROOT / "pipeline").rglob("*.py"))
               for node in _public_functions(ast.parse(path.read_text(encoding="utf-8")))
               if not node.name.startswith("_") and not ast.get_docstring(node)]
    assert missing == []
