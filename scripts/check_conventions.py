"""Check the project's conventions on dbt's manifest (target/manifest.json).

Rules (STYLE.md, DESIGN.md):

* ``layer_names``: a model's name says its layer: ``base_<source>__*`` in
  ``models/staging/<source>/base/``, ``stg_<source>__*`` in ``models/staging/<source>/``,
  ``int_*`` in ``models/intermediate/``, ``fct_*`` or ``dim_*`` in ``models/marts/``; no model
  lives anywhere else.
* ``primary_key_test``: every model has a key test: ``unique`` on a column, our
  ``unique_combination_of_columns``, or a ``primary_key`` constraint.
* ``public_descriptions``: every public model has a description, and so has each of its
  columns.
* ``source_outside_staging``: only staging models read sources.
* ``staging_reads_staging``: a staging model reads sources, and a ``stg_`` model may read the
  ``base_`` model of its own source; no staging model reads any other model.
* ``source_freshness``: every source table declares freshness (``warn_after`` or
  ``error_after``).

A rule may be waived for a node (or an fnmatch pattern of unique ids) in the exceptions file, and
every exception must say why. Exit status 0 when the project keeps every rule, 1 when it breaks
one (each violation printed on its own line), 2 for bad input.
"""

from __future__ import annotations

import argparse
import fnmatch
import json
import sys
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

RULES: tuple[str, ...] = (
    "layer_names",
    "primary_key_test",
    "public_descriptions",
    "source_outside_staging",
    "staging_reads_staging",
    "source_freshness",
)
KEY_TESTS: frozenset[str] = frozenset({"unique", "unique_combination_of_columns"})
DEFAULT_EXCEPTIONS = Path(__file__).resolve().parents[1] / "conventions_exceptions.yml"


class ConventionInputError(Exception):
    """The manifest or the exceptions file cannot be used."""


@dataclass(frozen=True)
class Violation:
    rule: str
    node: str
    message: str

    def __str__(self) -> str:
        return f"{self.rule}: {self.node}: {self.message}"


@dataclass(frozen=True)
class Exception_:
    rule: str
    node: str
    reason: str

    def covers(self, violation: Violation) -> bool:
        return self.rule == violation.rule and fnmatch.fnmatchcase(violation.node, self.node)


def load_manifest(path: Path) -> dict[str, Any]:
    try:
        manifest = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ConventionInputError(f"{path}: no such manifest; run `dbt parse` first") from None
    except (OSError, json.JSONDecodeError, UnicodeDecodeError) as error:
        raise ConventionInputError(f"{path}: not a readable dbt manifest ({error})") from None
    if not isinstance(manifest, dict) or "nodes" not in manifest or "sources" not in manifest:
        raise ConventionInputError(f"{path}: not a dbt manifest (no nodes and sources)")
    return manifest


def load_exceptions(path: Path) -> list[Exception_]:
    try:
        document = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    except FileNotFoundError:
        raise ConventionInputError(f"{path}: no such exceptions file") from None
    except (OSError, yaml.YAMLError) as error:
        raise ConventionInputError(f"{path}: not readable YAML ({error})") from None
    entries = document.get("exceptions", []) if isinstance(document, dict) else None
    if not isinstance(entries, list):
        raise ConventionInputError(f"{path}: expected a list under `exceptions:`")
    exceptions: list[Exception_] = []
    for number, entry in enumerate(entries, start=1):
        if not isinstance(entry, dict):
            raise ConventionInputError(f"{path}: exception {number} is not a mapping")
        rule, node, reason = entry.get("rule"), entry.get("node"), entry.get("reason")
        if rule not in RULES:
            raise ConventionInputError(f"{path}: exception {number}: unknown rule {rule!r} (rules: {', '.join(RULES)})")
        if not isinstance(node, str) or not node:
            raise ConventionInputError(f"{path}: exception {number}: `node` must name a unique id or pattern")
        if not isinstance(reason, str) or len(reason.strip()) < 10:
            raise ConventionInputError(f"{path}: exception {number} ({rule} {node}): every exception needs a reason")
        exceptions.append(Exception_(rule=rule, node=node, reason=reason.strip()))
    return exceptions


def _models(manifest: dict[str, Any]) -> list[dict[str, Any]]:
    nodes = manifest["nodes"].values()
    return sorted(
        (node for node in nodes if node.get("resource_type") == "model" and node.get("package_name") == _project(manifest)),
        key=lambda node: node["unique_id"],
    )


def _project(manifest: dict[str, Any]) -> str | None:
    return manifest.get("metadata", {}).get("project_name")


def _folders(node: dict[str, Any]) -> list[str]:
    """Folders of a model below models/: models/staging/sap/base/x.sql -> [staging, sap, base]."""
    return Path(node.get("original_file_path", "")).parts[1:-1]


def check_layer_names(manifest: dict[str, Any]) -> Iterable[Violation]:
    for node in _models(manifest):
        name, folders = node["name"], _folders(node)
        layer = folders[0] if folders else ""
        if layer == "staging":
            source = folders[1] if len(folders) > 1 else ""
            in_base = len(folders) > 2 and folders[2] == "base"
            expected = f"base_{source}__" if in_base else f"stg_{source}__"
            if not source or not name.startswith(expected):
                yield Violation("layer_names", node["unique_id"], f"a staging model in {'/'.join(folders)} is named {expected}<entity>")
        elif layer == "intermediate":
            if not name.startswith("int_"):
                yield Violation("layer_names", node["unique_id"], "an intermediate model is named int_<entity>s_<verb>s")
        elif layer == "marts":
            if not name.startswith(("fct_", "dim_")):
                yield Violation("layer_names", node["unique_id"], "a mart is named fct_<event> or dim_<entity>")
        else:
            yield Violation("layer_names", node["unique_id"], f"model outside staging/, intermediate/ and marts/ ({'/'.join(folders) or 'models/'})")


def check_primary_key_tests(manifest: dict[str, Any]) -> Iterable[Violation]:
    keyed: set[str] = set()
    for node in manifest["nodes"].values():
        if node.get("resource_type") != "test":
            continue
        test_name = (node.get("test_metadata") or {}).get("name")
        if test_name in KEY_TESTS and node.get("attached_node"):
            keyed.add(node["attached_node"])
    for node in _models(manifest):
        constraints = list(node.get("constraints") or [])
        for column in (node.get("columns") or {}).values():
            constraints.extend(column.get("constraints") or [])
        has_pk_constraint = any(constraint.get("type") == "primary_key" for constraint in constraints)
        if node["unique_id"] not in keyed and not has_pk_constraint:
            yield Violation("primary_key_test", node["unique_id"], "no key test (unique, unique_combination_of_columns or a primary_key constraint)")


def check_public_descriptions(manifest: dict[str, Any]) -> Iterable[Violation]:
    for node in _models(manifest):
        if node.get("access") != "public":
            continue
        if not (node.get("description") or "").strip():
            yield Violation("public_descriptions", node["unique_id"], "public model without a description")
        columns = node.get("columns") or {}
        if not columns:
            yield Violation("public_descriptions", node["unique_id"], "public model without documented columns")
        for column_name, column in sorted(columns.items()):
            if not (column.get("description") or "").strip():
                yield Violation("public_descriptions", node["unique_id"], f"column {column_name} has no description")


def check_source_reads(manifest: dict[str, Any]) -> Iterable[Violation]:
    nodes = manifest["nodes"]
    for node in _models(manifest):
        folders = _folders(node)
        depends = (node.get("depends_on") or {}).get("nodes") or []
        sources = [dep for dep in depends if dep.startswith("source.")]
        in_staging = bool(folders) and folders[0] == "staging"
        if sources and not in_staging:
            yield Violation("source_outside_staging", node["unique_id"], f"reads {', '.join(sources)} outside staging")
        if not in_staging:
            continue
        for dep in depends:
            parent = nodes.get(dep)
            if not parent or parent.get("resource_type") != "model":
                continue
            own_base = (
                node["name"].startswith("stg_")
                and parent["name"].startswith("base_")
                and _folders(parent)[:2] == folders[:2]
            )
            if not own_base:
                yield Violation("staging_reads_staging", node["unique_id"], f"reads the model {parent['name']}")


def check_source_freshness(manifest: dict[str, Any]) -> Iterable[Violation]:
    for source in sorted(manifest["sources"].values(), key=lambda item: item["unique_id"]):
        if source.get("package_name") != _project(manifest):
            continue
        freshness = source.get("freshness") or (source.get("config") or {}).get("freshness") or {}
        declared = any(
            ((freshness.get(level) or {}).get("count") is not None) for level in ("warn_after", "error_after")
        )
        if not declared:
            yield Violation("source_freshness", source["unique_id"], "no freshness declared (warn_after or error_after)")


def check_manifest(manifest: dict[str, Any]) -> list[Violation]:
    """Every violation of every rule, unwaived."""
    violations: list[Violation] = []
    for check in (
        check_layer_names,
        check_primary_key_tests,
        check_public_descriptions,
        check_source_reads,
        check_source_freshness,
    ):
        violations.extend(check(manifest))
    return violations


def apply_exceptions(violations: Sequence[Violation], exceptions: Sequence[Exception_]) -> tuple[list[Violation], list[Exception_]]:
    """The violations no exception covers, and the exceptions that cover nothing (stale)."""
    remaining = [violation for violation in violations if not any(ex.covers(violation) for ex in exceptions)]
    unused = [ex for ex in exceptions if not any(ex.covers(violation) for violation in violations)]
    return remaining, unused


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0], epilog="Rules: " + ", ".join(RULES))
    parser.add_argument("--manifest", type=Path, default=Path("target/manifest.json"), help="dbt manifest (default: target/manifest.json)")
    parser.add_argument("--exceptions", type=Path, default=DEFAULT_EXCEPTIONS, help="waivers with reasons (default: conventions_exceptions.yml)")
    args = parser.parse_args(argv)
    try:
        manifest = load_manifest(args.manifest)
        exceptions = load_exceptions(args.exceptions)
    except ConventionInputError as error:
        print(f"check_conventions: {error}", file=sys.stderr)
        return 2
    violations = check_manifest(manifest)
    remaining, unused = apply_exceptions(violations, exceptions)
    for exception in unused:
        print(f"note: exception no longer needed: {exception.rule} {exception.node}", file=sys.stderr)
    for violation in remaining:
        print(violation)
    models = len(_models(manifest))
    print(
        f"check_conventions: {models} models, {len(manifest['sources'])} sources: "
        f"{len(remaining)} violation(s), {len(violations) - len(remaining)} waived by {len(exceptions)} exception(s)",
        file=sys.stderr,
    )
    return 1 if remaining else 0


if __name__ == "__main__":
    sys.exit(main())
