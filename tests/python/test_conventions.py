"""Conventions, lint and safety: the project keeps its rules, and the checkers catch breaches."""

from __future__ import annotations

import copy
import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from scripts import check_conventions
from tests.python.conftest import REPO_ROOT

# ------------------------------------------------------------------------------------------------
# The convention checker
# ------------------------------------------------------------------------------------------------


def _model(name: str, path: str, depends: list[str] | None = None, **extra: object) -> dict:
    return {
        "unique_id": f"model.btim.{name}",
        "resource_type": "model",
        "package_name": "btim",
        "name": name,
        "original_file_path": path,
        "depends_on": {"nodes": depends or []},
        "access": "protected",
        "description": "",
        "columns": {},
        **extra,
    }


def _key_test(model: str) -> dict:
    return {
        "unique_id": f"test.btim.unique_{model}",
        "resource_type": "test",
        "package_name": "btim",
        "test_metadata": {"name": "unique"},
        "attached_node": f"model.btim.{model}",
    }


def good_manifest() -> dict:
    """A tiny project that keeps every rule."""
    nodes = {}
    for node in [
        _model("base_erp__lines", "models/staging/erp/base/base_erp__lines.sql", ["source.btim.erp.lines"]),
        _model("stg_erp__lines", "models/staging/erp/stg_erp__lines.sql", ["model.btim.base_erp__lines"]),
        _model("int_lines_converted", "models/intermediate/finance/int_lines_converted.sql", ["model.btim.stg_erp__lines"]),
        _model(
            "fct_costs", "models/marts/finance/fct_costs.sql", ["model.btim.int_lines_converted"],
            access="public", description="One row per month.",
            columns={"fiscal_month": {"name": "fiscal_month", "description": "The month."}},
        ),
    ]:
        nodes[node["unique_id"]] = node
        test = _key_test(node["name"])
        nodes[test["unique_id"]] = test
    sources = {
        "source.btim.erp.lines": {
            "unique_id": "source.btim.erp.lines", "package_name": "btim", "resource_type": "source",
            "freshness": {"warn_after": {"count": 35, "period": "day"}, "error_after": {"count": None, "period": None}},
        }
    }
    return {"metadata": {"project_name": "btim"}, "nodes": nodes, "sources": sources}


def test_a_project_that_keeps_the_rules_passes():
    assert check_conventions.check_manifest(good_manifest()) == []


def test_each_rule_catches_its_breach():
    manifest = good_manifest()
    nodes = manifest["nodes"]
    # layer_names: a mart without fct_/dim_
    bad_name = _model("costs_by_month", "models/marts/finance/costs_by_month.sql", ["model.btim.int_lines_converted"])
    nodes[bad_name["unique_id"]] = bad_name
    nodes[_key_test("costs_by_month")["unique_id"]] = _key_test("costs_by_month")
    # primary_key_test: drop the key test of the intermediate model
    del nodes["test.btim.unique_int_lines_converted"]
    # public_descriptions: an undocumented column on the public mart
    nodes["model.btim.fct_costs"]["columns"]["amount"] = {"name": "amount", "description": " "}
    # source_outside_staging: the intermediate model reads the source
    nodes["model.btim.int_lines_converted"]["depends_on"]["nodes"].append("source.btim.erp.lines")
    # staging_reads_staging: a staging model reads another staging model
    other = _model("stg_erp__vendors", "models/staging/erp/stg_erp__vendors.sql", ["model.btim.stg_erp__lines"])
    nodes[other["unique_id"]] = other
    nodes[_key_test("stg_erp__vendors")["unique_id"]] = _key_test("stg_erp__vendors")
    # source_freshness: no thresholds
    manifest["sources"]["source.btim.erp.lines"]["freshness"] = {"warn_after": {"count": None}, "error_after": {}}

    found = {(v.rule, v.node) for v in check_conventions.check_manifest(manifest)}
    assert found == {
        ("layer_names", "model.btim.costs_by_month"),
        ("primary_key_test", "model.btim.int_lines_converted"),
        ("public_descriptions", "model.btim.fct_costs"),
        ("source_outside_staging", "model.btim.int_lines_converted"),
        ("staging_reads_staging", "model.btim.stg_erp__vendors"),
        ("source_freshness", "source.btim.erp.lines"),
    }


def test_exceptions_need_a_reason_and_waive_only_their_rule(tmp_path):
    manifest = good_manifest()
    manifest["sources"]["source.btim.erp.lines"]["freshness"] = {}
    violations = check_conventions.check_manifest(manifest)
    waiver = tmp_path / "exceptions.yml"
    waiver.write_text("exceptions:\n  - rule: source_freshness\n    node: source.btim.erp.*\n    reason: ''\n")
    with pytest.raises(check_conventions.ConventionInputError, match="needs a reason"):
        check_conventions.load_exceptions(waiver)
    waiver.write_text(
        "exceptions:\n  - rule: source_freshness\n    node: source.btim.erp.*\n"
        "    reason: Master data that changes rarely.\n"
        "  - rule: layer_names\n    node: model.btim.nothing\n    reason: Kept to show a stale waiver.\n"
    )
    remaining, unused = check_conventions.apply_exceptions(violations, check_conventions.load_exceptions(waiver))
    assert remaining == []
    assert [ex.node for ex in unused] == ["model.btim.nothing"]


def test_cli_exit_codes_and_messages(tmp_path, capsys):
    bad = good_manifest()
    bad["nodes"]["model.btim.fct_costs"]["description"] = ""
    manifest_path = tmp_path / "manifest.json"
    manifest_path.write_text(json.dumps(bad))
    empty = tmp_path / "none.yml"
    empty.write_text("exceptions: []\n")
    assert check_conventions.main(["--manifest", str(manifest_path), "--exceptions", str(empty)]) == 1
    assert "public_descriptions: model.btim.fct_costs: public model without a description" in capsys.readouterr().out
    assert check_conventions.main(["--manifest", str(tmp_path / "missing.json"), "--exceptions", str(empty)]) == 2
    assert "run `dbt parse` first" in capsys.readouterr().err
    (tmp_path / "junk.json").write_text("{not json")
    assert check_conventions.main(["--manifest", str(tmp_path / "junk.json"), "--exceptions", str(empty)]) == 2


@pytest.mark.slow
def test_the_project_keeps_its_conventions(built_warehouse):
    manifest_path = built_warehouse.db_path.parent / "target" / "manifest.json"
    manifest = check_conventions.load_manifest(manifest_path)
    exceptions = check_conventions.load_exceptions(check_conventions.DEFAULT_EXCEPTIONS)
    remaining, _unused = check_conventions.apply_exceptions(check_conventions.check_manifest(manifest), exceptions)
    assert remaining == [], "\n".join(map(str, remaining))
    # The manifest is the real one: the rules had something to check.
    assert len([n for n in manifest["nodes"].values() if n["resource_type"] == "model"]) > 20


# ------------------------------------------------------------------------------------------------
# Lint
# ------------------------------------------------------------------------------------------------


@pytest.mark.slow
def test_sql_passes_sqlfluff(tmp_path):
    """`sqlfluff lint` with the dbt templater and .sqlfluff over models/, tests/ and macros/."""
    sqlfluff = Path(sys.executable).parent / "sqlfluff"
    env = dict(os.environ)
    # The templater compiles the project: keep it off the real warehouse and raw folder.
    env.update(BTIM_DB_PATH=str(tmp_path / "lint.duckdb"), BTIM_RAW_PATH=str(tmp_path / "raw"),
               DBT_PROFILES_DIR=str(REPO_ROOT))
    result = subprocess.run(
        [str(sqlfluff), "lint", "models", "tests", "macros", "--processes", "2", "--nocolor"],
        cwd=REPO_ROOT, env=env, capture_output=True, text=True, check=False,
    )
    findings = [line for line in result.stdout.splitlines() if line.startswith(("==", "L:"))]
    assert result.returncode == 0, "\n".join(findings)[-6000:] or result.stderr[-3000:]


# ------------------------------------------------------------------------------------------------
# No credentials in the repository
# ------------------------------------------------------------------------------------------------

SECRET_PATTERNS: dict[str, re.Pattern[str]] = {
    "AWS access key id": re.compile(r"\b(AKIA|ASIA)[0-9A-Z]{16}\b"),
    "private key": re.compile(r"-----BEGIN [A-Z ]*PRIVATE KEY-----"),
    "GitHub token": re.compile(r"\bgh[pousr]_[A-Za-z0-9]{36,}\b"),
    "Slack token": re.compile(r"\bxox[abprs]-[A-Za-z0-9-]{10,}"),
    "Azure storage key": re.compile(r"AccountKey=[A-Za-z0-9+/=]{40,}"),
    "password or secret in clear": re.compile(
        r"""(?i)\b(password|passwd|secret|api[_-]?key|access[_-]?token|client[_-]?secret|token)\b\s*[:=]\s*["']?(?!\{\{|env_var|\$\{|<|["']?\s*$)[^\s"'#,)]{6,}"""
    ),
    "connection string with a password": re.compile(r"://[^/\s:@]+:[^/\s:@{]+@"),
}
SCANNED_SUFFIXES = {".py", ".sql", ".yml", ".yaml", ".md", ".toml", ".ini", ".cfg", ".json", ".txt", ".sh", ".env", ""}


def find_secrets(paths: list[Path], root: Path) -> list[str]:
    """'<file>:<line>: <kind>' for every line that looks like a credential."""
    findings: list[str] = []
    for path in paths:
        if path.suffix not in SCANNED_SUFFIXES or not path.is_file() or path.stat().st_size > 2_000_000:
            continue
        try:
            text = path.read_text(encoding="utf-8")
        except UnicodeDecodeError:
            continue
        for number, line in enumerate(text.splitlines(), start=1):
            for kind, pattern in SECRET_PATTERNS.items():
                if pattern.search(line):
                    findings.append(f"{path.relative_to(root)}:{number}: {kind}")
    return findings


def repository_files(root: Path) -> list[Path]:
    """Files git tracks or would track (ignored files such as .venv/ and data/ are not the repo)."""
    result = subprocess.run(
        ["git", "ls-files", "--cached", "--others", "--exclude-standard"],
        cwd=root, capture_output=True, text=True, check=True,
    )
    return [root / line for line in result.stdout.splitlines() if line]


def test_the_scanner_finds_planted_credentials(tmp_path):
    planted = tmp_path / "profiles.yml"
    # Assembled at run time, so that this file does not hold what it plants.
    password_line = "pass" + "word: " + "hunter2" * 2
    key_line = "key: " + "AKIA" + "ABCDEFGHIJKLMNOP"
    url_line = "url: postgres://etl" + ":" + "s3cr3tpw" + "@db.example.com/warehouse"
    planted.write_text(
        f"prod:\n  {password_line}\n  {key_line}\n  {url_line}\n"
        "  token: \"{{ env_var('BTIM_TOKEN') }}\"\n"
    )
    findings = find_secrets([planted], tmp_path)
    assert findings == [
        "profiles.yml:2: password or secret in clear",
        "profiles.yml:3: AWS access key id",
        "profiles.yml:4: connection string with a password",
    ]


def test_no_credentials_in_the_repository():
    files = repository_files(REPO_ROOT)
    assert any(path.name == "profiles.yml" for path in files)
    assert find_secrets(files, REPO_ROOT) == []


def test_profiles_read_secrets_from_the_environment():
    profiles = (REPO_ROOT / "profiles.yml").read_text(encoding="utf-8")
    for line in profiles.splitlines():
        if re.search(r"(?i)\b(password|token|secret|key)\b\s*:", line):
            assert "env_var(" in line, line


def test_good_manifest_is_not_mutated_by_checks():
    manifest = good_manifest()
    before = copy.deepcopy(manifest)
    check_conventions.check_manifest(manifest)
    assert manifest == before


# ------------------------------------------------------------------------------------------------
# Freshness of file sources: the age of the newest file
# ------------------------------------------------------------------------------------------------


@pytest.mark.slow
def test_source_freshness_is_the_age_of_the_exported_files(built_warehouse, tmp_path):
    import shutil
    import time

    from tests.python.conftest import dbt_env, run_dbt

    raw = tmp_path / "raw"
    shutil.copytree(built_warehouse.raw_path / "erp", raw / "erp")
    old = time.time() - 100 * 86400
    for path in (raw / "erp" / "sap_acdoca").glob("*.csv"):
        os.utime(path, (old, old))  # SAP's extract landed 100 days ago; NetSuite's today
    result = run_dbt(
        ["source", "freshness", "--select", "source:sap_s4hana", "source:netsuite"],
        dbt_env(raw, built_warehouse.db_path),
        tmp_path,
    )
    output = result.stdout + result.stderr
    assert result.returncode != 0, output[-3000:]
    assert re.search(r"ERROR STALE freshness of sap_s4hana\.acdoca", output), output[-3000:]
    assert re.search(r"PASS freshness of netsuite\.gl_detail", output), output[-3000:]
