"""The committed JSON Schema matches the models; `schema --check` notices drift; outputs validate."""
from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from invariants import SCHEMA, check_serialisation, schema_validator
from policyparse import parse_file
from policyparse.cli import app
from policyparse.models import json_schema

ROOT = Path(__file__).resolve().parent.parent
SEEDS = sorted((ROOT / "data" / "raw").glob("*.txt"))
runner = CliRunner()


def test_committed_schema_equals_models():
    assert json.loads(SCHEMA.read_text(encoding="utf-8")) == json_schema()


def test_schema_check_passes_on_committed_file(monkeypatch):
    monkeypatch.chdir(ROOT)
    r = runner.invoke(app, ["schema", "--check"])
    assert r.exit_code == 0, r.stderr
    assert r.stdout == ""


@pytest.mark.parametrize("edit", [
    lambda s: s.replace('"chars"', '"characters"', 1),
    lambda s: s.rstrip("\n"),
    lambda s: json.dumps(json.loads(s), ensure_ascii=False, indent=4) + "\n",   # same content, other layout
], ids=["renamed-field", "no-final-newline", "reformatted"])
def test_schema_check_fails_on_modified_copy(tmp_path, edit):
    copy = tmp_path / "schema.json"
    copy.write_text(edit(SCHEMA.read_text(encoding="utf-8")), encoding="utf-8")
    r = runner.invoke(app, ["schema", "--check", "-o", str(copy)])
    assert r.exit_code == 1
    assert "out of date" in r.stderr


def test_schema_check_on_missing_file(tmp_path):
    r = runner.invoke(app, ["schema", "--check", "-o", str(tmp_path / "none.json")])
    assert r.exit_code == 1 and "cannot read" in r.stderr


def test_schema_writes_what_check_accepts(tmp_path):
    target = tmp_path / "s" / "schema.json"
    assert runner.invoke(app, ["schema", "-o", str(target)]).exit_code == 0
    assert runner.invoke(app, ["schema", "--check", "-o", str(target)]).exit_code == 0
    assert runner.invoke(app, ["schema"]).stdout == target.read_text(encoding="utf-8")


@pytest.mark.parametrize("path", SEEDS, ids=lambda p: p.stem)
def test_seed_outputs_validate_against_committed_schema(path):
    check_serialisation(parse_file(path))


def test_schema_rejects_what_models_reject():
    """The committed schema is not vacuous: it refuses extra fields and wrong types, like the models."""
    v = schema_validator()
    good = json.loads(parse_file(SEEDS[0]).model_dump_json())
    assert not list(v.iter_errors(good))
    bad = json.loads(json.dumps(good))
    bad["documents"][0]["surprise"] = 1
    assert list(v.iter_errors(bad))
    bad = json.loads(json.dumps(good))
    bad["source"]["chars"] = "many"
    assert list(v.iter_errors(bad))


def test_schema_unwritable_target_is_a_clean_error(tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("x", encoding="utf-8")
    r = runner.invoke(app, ["schema", "-o", str(blocker / "schema.json")])
    assert r.exit_code == 1, r.stderr
    assert "cannot write" in r.stderr and "Traceback" not in r.stderr


def test_packaged_schema_is_the_committed_schema():
    """The copy shipped in the package (read by `schema --check` anywhere) is the committed file."""
    from policyparse.validation import packaged_schema
    assert packaged_schema() == SCHEMA.read_text(encoding="utf-8")


def test_schema_check_works_from_any_folder(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)                                  # issue 18: it only worked from the root
    r = runner.invoke(app, ["schema", "--check"])
    assert r.exit_code == 0, r.stderr
    assert "(packaged) is up to date" in r.stderr
    assert f"{ROOT / 'data' / 'schemas' / 'parse_result.schema.json'} is up to date" in r.stderr


def test_schema_check_notices_a_stale_packaged_copy(monkeypatch):
    import policyparse.validation as validation
    monkeypatch.setattr(validation, "packaged_schema", lambda: "{}\n")
    r = runner.invoke(app, ["schema", "--check"])
    assert r.exit_code == 1 and "(packaged) is out of date" in r.stderr
