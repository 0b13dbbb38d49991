#!/usr/bin/env python3
"""Writes a KB directory as the ConfigMap `kompas-kb` (YAML on stdout).

ConfigMap keys are flat, so `decisions/cni.yaml` becomes `decisions__cni.yaml`;
kompas loads every YAML file of the mounted directory, whatever its name. A
ConfigMap holds at most 1 MiB: the script refuses a KB that does not fit.

    python3 deploy/kubernetes/kb-configmap.py kb/webshop > kb-configmap.yaml
"""
import json
import pathlib
import sys

LIMIT = 1024 * 1024


def main() -> int:
    if len(sys.argv) != 2:
        print("usage: kb-configmap.py KB_DIR", file=sys.stderr)
        return 2
    root = pathlib.Path(sys.argv[1])
    files = sorted(p for p in root.rglob("*") if p.suffix in (".yaml", ".yml") and p.is_file()
                   and not any(part.startswith(".") for part in p.relative_to(root).parts))
    if not files:
        print(f"{root} holds no .yaml files", file=sys.stderr)
        return 1
    data = {"__".join(p.relative_to(root).parts): p.read_text(encoding="utf-8") for p in files}
    size = sum(len(k) + len(v.encode()) for k, v in data.items())
    if size > LIMIT - 16 * 1024:
        print(f"the KB is {size} bytes; a ConfigMap holds at most 1 MiB", file=sys.stderr)
        return 1
    manifest = {
        "apiVersion": "v1",
        "kind": "ConfigMap",
        "metadata": {"name": "kompas-kb", "labels": {"app.kubernetes.io/name": "kompas"}},
        "data": data,
    }
    # JSON is YAML; it keeps every text exactly as written.
    json.dump(manifest, sys.stdout, indent=2, ensure_ascii=False)
    sys.stdout.write("\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
