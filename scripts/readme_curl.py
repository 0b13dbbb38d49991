#!/usr/bin/env python3
"""Runs the README's `curl` examples as they stand against a real
`kompas serve` on loopback, and checks that every endpoint of the API (every
path of the OpenAPI document, and /mcp) has one.

Each ```sh block of README.md that calls curl runs in one bash session (so a
record id saved in one command is used by the next), with `set -euo pipefail`
and curl failing on any error status; the block that shows a profile's
problems must answer them. Runs in a temporary directory (the files the
examples write land there), with `examples/` linked in.

Usage: readme_curl.py PATH/TO/kompas   (prints "N passed, N failed")
"""
import json
import os
import pathlib
import re
import subprocess
import sys
import tempfile
import urllib.request

ROOT = pathlib.Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "scripts" / "lib"))
from kompas_server import start_server, stop  # noqa: E402
from tally import Tally  # noqa: E402
README_BASE = "http://127.0.0.1:8080"

tally = Tally()
check = tally.check


def blocks(readme):
    """The ```sh blocks that call curl, in order."""
    found = re.findall(r"```sh\n(.*?)```", readme, flags=re.S)
    return [b for b in found if re.search(r"^\s*(curl|[a-z]+=\$\(curl|printf .*\|)", b, flags=re.M) or "\ncurl " in b]


def main(binary):
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    examples = blocks(readme)
    check("the README has curl examples", len(examples) >= 3, len(examples))
    with tempfile.TemporaryDirectory() as work:
        os.symlink(ROOT / "examples", os.path.join(work, "examples"))
        try:
            proc, url = start_server(binary, work)
        except RuntimeError as e:
            sys.exit(str(e))
        try:
            # Every endpoint has an example.
            with urllib.request.urlopen(f"{url}/api/v1/openapi.json") as r:
                paths = list(json.load(r)["paths"].keys()) + ["/mcp"]
            commands = "\n".join(examples)
            for path in paths:
                pattern = re.escape(path)
                pattern = re.sub(r"\\\{[a-z_]+\\\}", r"[^/\\s\"']+", pattern)
                ok = re.search(r"\$base" + pattern + r"(?![\w/])", commands) is not None
                check(f"the README has a curl example for {path}", ok)
            # Every example runs, in order, in one shell: the variables a
            # block sets (base, id, new) carry over to the next.
            strict = 'curl() { command curl --fail-with-body --show-error "$@"; }'
            lenient = 'curl() { command curl --show-error "$@"; }'
            script = ["set -euo pipefail", strict]
            for i, block in enumerate(examples):
                body = block.replace(README_BASE, url)
                shows_problems = "jq .errors" in body
                script += [f"echo {i} > block.now", lenient if shows_problems else strict,
                           "{", body, f"}} > out-{i}.txt 2>&1", strict]
            script.append("echo done > block.now")
            run = subprocess.run(["bash", "-c", "\n".join(script)], cwd=work,
                                 capture_output=True, text=True, timeout=300)
            reached = pathlib.Path(work, "block.now").read_text().strip()
            for i, block in enumerate(examples):
                first = block.strip().splitlines()[0][:70]
                out_file = pathlib.Path(work, f"out-{i}.txt")
                out = out_file.read_text() if out_file.exists() else ""
                ran = reached == "done" or (reached.isdigit() and int(reached) > i)
                if "jq .errors" in block:
                    ok = ran and '"pointer": "/team_size"' in out and '"line": 1' in out
                else:
                    ok = ran
                check(f"README example block {i + 1} runs: {first}", ok,
                      f"exit {run.returncode}; output:\n{out[-2000:]}\n{run.stderr[-1000:]}")
        finally:
            stop(proc)
    return tally.summary()


if __name__ == "__main__":
    sys.exit(main(sys.argv[1] if len(sys.argv) > 1 else str(ROOT / "target" / "debug" / "kompas")))
