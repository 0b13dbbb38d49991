#!/usr/bin/env python3
"""Validates deploy/ offline: the container recipe with hadolint, the
Kubernetes manifests with kubernetes-validate (the API schemas, strict), and
the rules the manifests promise: two or more replicas, probes, a disruption
budget, a network policy, the restricted Pod Security level, the KB as a
ConfigMap mounted as a directory with --watch, the database URL from a Secret.
The KB ConfigMap is generated from kb/webshop and the flattened files are
checked with `kompas check`, so what the cluster mounts is what kompas loads.

    target/pyenv/bin/python scripts/validate_deploy.py [KOMPAS_BIN]

Ends with one line "N passed, N failed".
"""
import json
import pathlib
import subprocess
import sys
import tempfile

from ruamel.yaml import YAML

ROOT = pathlib.Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "scripts" / "lib"))
from tally import Tally  # noqa: E402
DEPLOY = ROOT / "deploy"
BIN = pathlib.Path(sys.executable).parent
WORK = ROOT / "target" / "deploy-check"

tally = Tally()
check = tally.check


def run(args):
    result = subprocess.run(args, capture_output=True, text=True)
    return result.returncode, (result.stdout + result.stderr).strip()


def load_all(path):
    yaml = YAML(typ="safe")
    return [d for d in yaml.load_all(path.read_text()) if d]


def main():
    kompas = sys.argv[1] if len(sys.argv) > 1 else str(ROOT / "target" / "debug" / "kompas")
    WORK.mkdir(parents=True, exist_ok=True)

    # --- the image recipe ------------------------------------------------------
    code, out = run([str(BIN / "hadolint"), "--failure-threshold", "info", str(DEPLOY / "Dockerfile")])
    check("hadolint deploy/Dockerfile", code == 0, out)
    text = (DEPLOY / "Dockerfile").read_text()
    stages = [l for l in text.splitlines() if l.startswith("FROM ")]
    check("the image is built in more than one stage", len(stages) >= 2, str(stages))
    users = [l for l in text.splitlines() if l.startswith("USER ")]
    check("the image runs as a non-root user", bool(users) and not users[-1].split()[1].startswith(("0", "root")), str(users))

    # --- the KB as a ConfigMap ---------------------------------------------------
    configmap = WORK / "kb-configmap.yaml"
    code, out = run([sys.executable, str(DEPLOY / "kubernetes" / "kb-configmap.py"), str(ROOT / "kb" / "webshop")])
    check("kb-configmap.py writes the built-in KB as a ConfigMap", code == 0, out[:500])
    if code == 0:
        configmap.write_text(out + "\n")
        data = json.loads(out)["data"]
        with tempfile.TemporaryDirectory() as mount:
            for key, value in data.items():
                (pathlib.Path(mount) / key).write_text(value)
            code, out = run([kompas, "check", "--kb", mount])
            check("the files of the ConfigMap pass `kompas check`", code == 0, out[-2000:])

    # --- the manifests against the Kubernetes API schemas -------------------------
    manifests = sorted(p for p in (DEPLOY / "kubernetes").rglob("*.yaml") if p.name != "kustomization.yaml")
    manifests = [p for p in manifests if p.name != "kb-configmap.yaml"] + [configmap]
    code, out = run([str(BIN / "kubernetes-validate"), "--strict", "--quiet", *map(str, manifests)])
    check(f"kubernetes-validate --strict ({len(manifests)} files)", code == 0, out)

    # --- kustomizations name files that exist --------------------------------------
    for k in sorted((DEPLOY / "kubernetes").rglob("kustomization.yaml")):
        doc = load_all(k)[0]
        missing = [r for r in doc.get("resources", [])
                   if not (k.parent / r).exists() and r != "kb-configmap.yaml"]
        check(f"{k.relative_to(ROOT)} names existing resources", not missing, str(missing))

    # --- what the manifests promise -------------------------------------------------
    base = DEPLOY / "kubernetes" / "base"
    deployment = load_all(base / "deployment.yaml")[0]
    spec = deployment["spec"]
    pod = spec["template"]["spec"]
    container = pod["containers"][0]
    check("the Deployment runs two or more replicas", spec.get("replicas", 1) >= 2)
    check("readiness and liveness probes", "readinessProbe" in container and "livenessProbe" in container)
    sc, csc = pod.get("securityContext", {}), container.get("securityContext", {})
    restricted = (
        sc.get("runAsNonRoot") is True
        and sc.get("seccompProfile", {}).get("type") == "RuntimeDefault"
        and csc.get("allowPrivilegeEscalation") is False
        and csc.get("capabilities", {}).get("drop") == ["ALL"]
        and csc.get("readOnlyRootFilesystem") is True
        and not any(v.get("hostPath") for v in pod.get("volumes", []))
    )
    check("the pod meets the restricted Pod Security Standard, read-only root", restricted)
    kb_volume = next((v for v in pod["volumes"] if v.get("configMap")), None)
    kb_mount = next((m for m in container["volumeMounts"] if kb_volume and m["name"] == kb_volume["name"]), None)
    args = container.get("args", [])
    check("the KB is a ConfigMap mounted as a directory (no subPath) with --watch",
          kb_mount is not None and "subPath" not in kb_mount and "--watch" in args
          and f"--kb={kb_mount['mountPath']}" in args)
    env = {e["name"]: e for e in container.get("env", [])}
    check("the database URL comes from a Secret",
          "secretKeyRef" in env.get("KOMPAS_DATABASE_URL", {}).get("valueFrom", {}))
    check("auth (OIDC, tokens) comes from a Secret",
          any(a.startswith("--auth=") for a in args) and any(v.get("secret") for v in pod["volumes"]))
    pdb = load_all(base / "poddisruptionbudget.yaml")[0]
    check("a PodDisruptionBudget keeps one replica", pdb["kind"] == "PodDisruptionBudget" and pdb["spec"].get("minAvailable", 0) >= 1)
    policy = load_all(base / "networkpolicy.yaml")[0]
    check("a NetworkPolicy limits ingress and egress", set(policy["spec"].get("policyTypes", [])) == {"Ingress", "Egress"})
    namespace = load_all(DEPLOY / "kubernetes" / "overlays" / "example" / "namespace.yaml")[0]
    check("the namespace enforces the restricted level",
          namespace["metadata"]["labels"].get("pod-security.kubernetes.io/enforce") == "restricted")

    return tally.summary()


if __name__ == "__main__":
    sys.exit(main())
