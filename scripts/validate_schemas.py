#!/usr/bin/env python3
"""Validates kompas' inputs and outputs against its JSON Schemas with a
third-party validator (jsonschema), so the schemas are proven to describe what
kompas really reads and writes.

  - every file of the built-in KB against `kompas schema kb`;
  - every example profile against `kompas schema profile`;
  - the JSON assessment of every example against `kompas schema assessment`;
  - a decision record (saved, overridden, proposed, signed, accepted in a
    throw-away store) against `kompas schema record`.
  - profiles with `unknown` answers (one input, several, every input) against
    the profile schema, and their assessments (open decisions, possible
    options with their conditions, next questions) against the assessment
    schema.

Usage: validate_schemas.py PATH/TO/kompas   (prints "N passed, N failed")
"""
import json
import pathlib
import subprocess
import sys
import tempfile

import jsonschema
from ruamel.yaml import YAML

ROOT = pathlib.Path(__file__).resolve().parent.parent


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
    passed = failed = 0

    def check(label, v, instance):
        nonlocal passed, failed
        errors = sorted(v.iter_errors(instance), key=lambda e: list(e.path))
        if errors:
            failed += 1
            print(f"FAIL {label}")
            for e in errors[:5]:
                print(f"     at /{'/'.join(map(str, e.path))}: {e.message[:300]}")
        else:
            passed += 1
            print(f"ok   {label}")

    kb_schema = validator(json.loads(kompas(binary, "schema", "kb")))
    for path in sorted((ROOT / "kb" / "webshop").rglob("*.yaml")):
        check(f"kb file {path.relative_to(ROOT)}", kb_schema, load_yaml(path))

    profile_schema = validator(json.loads(kompas(binary, "schema", "profile")))
    assessment_schema = validator(json.loads(kompas(binary, "schema", "assessment")))
    for path in sorted((ROOT / "examples").glob("*.yaml")):
        rel = path.relative_to(ROOT)
        check(f"profile {rel}", profile_schema, load_yaml(path))
        assessment = json.loads(kompas(binary, "assess", str(path), "--format", "json"))
        check(f"assessment of {rel}", assessment_schema, assessment)

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
            assessment = json.loads(
                kompas(binary, "assess", "-", "--format", "json", "--lang", lang, stdin=json.dumps(profile))
            )
            check(f"assessment of a profile with {label} ({lang})", assessment_schema, assessment)
            opened += len(assessment["summary"]["open"])
    if opened == 0:
        failed += 1
        print("FAIL the profiles with unknown answers open no decision: the check above proves nothing")
    else:
        passed += 1
        print(f"ok   {opened} open decisions and capabilities validated")

    # The schemas must also refuse what kompas refuses, or they prove nothing.
    def refuse(label, v, instance):
        nonlocal passed, failed
        if v.is_valid(instance):
            failed += 1
            print(f"FAIL {label}: the schema accepts it")
        else:
            passed += 1
            print(f"ok   {label} is refused")

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
    refuse("an assessment with a status that is neither decided nor open", assessment_schema, bad_status)
    refuse("an assessment without decisions", assessment_schema, {"kb": {}})
    refuse("a record with an unknown status", record_schema, {**record, "status": "approved"})

    print(f"{passed} passed, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
