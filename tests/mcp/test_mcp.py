#!/usr/bin/env python3
"""kompas over the Model Context Protocol, driven by a real MCP client (the
Python `mcp` SDK from PyPI).

Over stdio (`kompas mcp`) and over streamable HTTP (`/mcp` on a real
`kompas serve` on loopback), each with the 2026-07-28 lifecycle (`auto`:
server/discover) and the older initialize handshake (`legacy`):
  - the tools are listed, with the profile schema in their input schemas;
  - every tool is called and answers text plus structured content;
  - answers may be `unknown`: assess reports open decisions (summary and
    full views), next_questions names the question that settles them;
  - malformed arguments get a tool error naming the JSON pointer, the value
    and what was expected, and the server keeps working;
  - the resources are listed and read by URI; an unknown URI is an error.
Over HTTP with an auth file: no token is 401, a reader may assess but not
save a record, an editor may save.

Usage: test_mcp.py PATH/TO/kompas   (prints "N passed, N failed")
"""
import asyncio
import hashlib
import json
import os
import pathlib
import re
import sys
import tempfile

import httpx2
from mcp import Client
from mcp.client.stdio import StdioServerParameters
from mcp.client.streamable_http import streamable_http_client
from mcp.shared.exceptions import MCPError

ROOT = pathlib.Path(__file__).resolve().parent.parent.parent
sys.path.insert(0, str(ROOT / "scripts" / "lib"))
from kompas_server import start_server, stop  # noqa: E402
from tally import Tally  # noqa: E402
TOOLS = {"assess", "explain", "next_questions", "list_decisions", "list_inputs", "check_kb",
         "record_save", "record_diff", "record_drift"}
WEBSHOP = {
    "team_size": 10, "kubernetes_experience": "none", "budget_constraint": "low",
    "vendor_independence_priority": "high", "compliance_requirements": ["GDPR"],
    "team_maturity": "none", "deployment_frequency": "weekly", "service_count": "5-10",
    "downtime_tolerance": "none", "data_criticality": "high",
}

tally = Tally()
check = tally.check


def text_of(result):
    return "\n".join(c.text for c in result.content if getattr(c, "type", "") == "text")


async def exercise(label, client):
    """Every tool, malformed arguments, resources; on one connected client."""
    tools = (await client.list_tools()).tools
    names = {t.name for t in tools}
    check(f"{label}: the tools are listed", names == TOOLS, names)
    assess_tool = next(t for t in tools if t.name == "assess")
    profile_schema = assess_tool.input_schema["properties"]["profile"]
    check(f"{label}: assess takes the KB's profile schema",
          "team_size" in profile_schema["properties"] and profile_schema.get("additionalProperties") is False)
    read_only = {t.name for t in tools if t.annotations and t.annotations.read_only_hint}
    check(f"{label}: read-only tools say so", read_only == TOOLS - {"record_save"}, read_only)

    r = await client.call_tool("assess", {"profile": WEBSHOP})
    s = r.structured_content or {}
    size = len(json.dumps(s))
    check(f"{label}: assess answers the summary view by default ({size} bytes)",
          not r.is_error and "Stack" in text_of(r) and s.get("view") == "summary" and len(s.get("stack", [])) == 20
          and size <= 16 * 1024, text_of(r)[:300])
    r = await client.call_tool("assess", {"profile": WEBSHOP, "view": "full"})
    s = r.structured_content or {}
    check(f"{label}: assess in the full view",
          not r.is_error and s.get("view") == "full" and len(s.get("decisions", [])) == 20
          and s.get("profile", {}).get("inputs", {}).get("team_size") == 10 and s.get("layer0"))
    r = await client.call_tool("assess", {"profile": WEBSHOP, "lang": "nl"})
    check(f"{label}: assess in Dutch", not r.is_error and (r.structured_content or {}).get("lang") == "nl")
    # "I don't know": the CNI stays open; the next question is the one that settles it.
    unsure = {**WEBSHOP, "calico_expertise": "unknown"}
    r = await client.call_tool("assess", {"profile": unsure})
    s = r.structured_content or {}
    cni = next((d for d in s.get("stack", []) if d["decision"] == "cni"), {})
    check(f"{label}: assess with an unknown answer: the summary says the CNI is open",
          not r.is_error and cni.get("status") == "open" and cni.get("provisional") is True
          and len(cni.get("possible", [])) >= 2 and cni.get("blocked_by") == ["calico_expertise"]
          and s.get("unknown") == ["calico_expertise"] and "cni" in s.get("open", [])
          and s.get("next_questions", [{}])[0].get("input") == "calico_expertise", json.dumps(cni)[:600])
    r = await client.call_tool("assess", {"profile": unsure, "view": "full"})
    s = r.structured_content or {}
    cni = next((d for d in s.get("decisions", []) if d["id"] == "cni"), {})
    answer = next((x for x in s.get("answers", []) if x["input"] == "calico_expertise"), {})
    check(f"{label}: assess with an unknown answer: the full view has the exact conditions",
          not r.is_error and cni.get("status") == "open" and all(p.get("when") for p in cni.get("possible", []))
          and len(cni.get("possible", [])) >= 2 and answer.get("source") == "unknown" and s.get("next_questions"),
          json.dumps(cni)[:600])
    r = await client.call_tool("next_questions", {"profile": unsure})
    s = r.structured_content or {}
    first = (s.get("next_questions") or [{}])[0]
    check(f"{label}: next_questions names the question that settles the open decision",
          not r.is_error and first.get("input") == "calico_expertise" and "cni" in first.get("settles", [])
          and first.get("state") == "unknown" and s.get("provisional") is True
          and "calico_expertise" in text_of(r).splitlines()[1], text_of(r)[:600])
    r = await client.call_tool("next_questions", {"profile": WEBSHOP, "lang": "nl"})
    s = r.structured_content or {}
    check(f"{label}: next_questions without unknowns: the assumed answers that decide something, in Dutch",
          not r.is_error and s.get("open") == [] and s.get("next_questions")
          and all(q["state"] == "assumed" for q in s["next_questions"]) and "aangenomen" in text_of(r),
          text_of(r)[:600])
    r = await client.call_tool("explain", {"profile": WEBSHOP, "decision": "cni"})
    check(f"{label}: explain one decision",
          not r.is_error and (r.structured_content or {}).get("decision", {}).get("id") == "cni"
          and "Cilium" in text_of(r), text_of(r)[:300])
    r = await client.call_tool("list_decisions", {})
    s = r.structured_content or {}
    check(f"{label}: list_decisions", not r.is_error and len(s.get("decisions", [])) == 20
          and len(s.get("capabilities", [])) == 8 and "cni (CNI plugin)" in text_of(r))
    r = await client.call_tool("list_inputs", {"lang": "nl"})
    s = r.structured_content or {}
    ids = {i["id"] for i in s.get("inputs", [])}
    check(f"{label}: list_inputs", not r.is_error and set(WEBSHOP) <= ids and "team_size:" in text_of(r))
    r = await client.call_tool("check_kb", {})
    s = r.structured_content or {}
    check(f"{label}: check_kb gives the verdict", not r.is_error and s.get("ok") is True
          and "20 decisions: no gaps, no overlaps" in text_of(r), text_of(r)[:300])

    r1 = await client.call_tool("record_save", {"profile": WEBSHOP, "title": "Platform choices", "organisation": "Webshop"})
    r2 = await client.call_tool("record_save", {"profile": {**WEBSHOP, "team_size": 3}, "title": "Smaller team"})
    a = (r1.structured_content or {}).get("id", "")
    b = (r2.structured_content or {}).get("id", "")
    check(f"{label}: record_save returns the record's id",
          not r1.is_error and not r2.is_error and re.fullmatch(r"r[0-9a-z]{10}", a or "") is not None
          and (r1.structured_content or {}).get("status") == "draft", text_of(r1))
    r = await client.call_tool("record_diff", {"from": a, "to": b})
    s = r.structured_content or {}
    check(f"{label}: record_diff names the changed answer",
          not r.is_error and any(c["input"] == "team_size" for c in s.get("answers", []))
          and "answer team_size: 10 -> 3" in text_of(r), text_of(r)[:300])
    r = await client.call_tool("record_drift", {})
    check(f"{label}: record_drift reviews accepted records",
          not r.is_error and (r.structured_content or {}).get("drifted") == [], text_of(r))
    r = await client.call_tool("record_drift", {"record": a})
    check(f"{label}: record_drift of one record",
          not r.is_error and (r.structured_content or {}).get("drifted") is False, text_of(r))

    # Malformed arguments: a tool error naming the pointer, the value and what was expected.
    cases = [
        ("assess", {"profile": {"team_size": "many", "kubernetes_experience": "guru"}},
         ["/profile/team_size", '"many"', "expected a whole number", "/profile/kubernetes_experience", '"guru"']),
        ("assess", {"profile": "team_size: 10"}, ["/profile", "must be an object", "given \"team_size: 10\""]),
        ("assess", {}, ["/profile", "`profile` is missing", "expected an object of answers"]),
        ("assess", {"profile": {}, "lang": "fr", "viewz": 1}, ["/lang", "one of `en`, `nl`", "/viewz", "unknown argument", "did you mean `view`?"]),
        ("assess", {"profile": {}, "view": "detail"}, ["/view", "one of `summary`, `full`, `expanded`"]),
        ("next_questions", {"profile": {"team_size": "Unknown"}}, ["/profile/team_size", '"Unknown"', "lower case"]),
        ("next_questions", {"profile": [], "lang": "de"}, ["/profile", "must be an object", "/lang"]),
        ("explain", {"profile": {}, "decision": "cnii"}, ["/decision", '"cnii"', "did you mean `cni`?"]),
        ("record_save", {"profile": {"team_size": -4}, "title": 7},
         ["/profile/team_size", "-4", "/title", "must be a string"]),
        ("record_diff", {"from": "nope", "to": "r0000000000"}, ["/from", '"nope"', "a record id"]),
        ("record_drift", {"record": "r0000000000"}, ["no record"]),
        ("check_kb", {"severity": ["error"]}, ["/severity", "one of `error`, `warning`, `info`"]),
    ]
    for tool, arguments, expected in cases:
        r = await client.call_tool(tool, arguments)
        t = text_of(r)
        missing = [e for e in expected if e not in t]
        check(f"{label}: {tool} {json.dumps(arguments)[:60]} is a tool error naming {expected[0]}",
              r.is_error and not missing, f"missing {missing} in: {t[:600]}")
    try:
        await client.call_tool("no_such_tool", {})
        check(f"{label}: an unknown tool is refused", False)
    except MCPError as e:
        check(f"{label}: an unknown tool is refused", "no_such_tool" in str(e), str(e))
    r = await client.call_tool("list_decisions", {})
    check(f"{label}: the server keeps working after bad calls", not r.is_error)

    resources = (await client.list_resources()).resources
    uris = {str(x.uri) for x in resources}
    check(f"{label}: resources list decisions, Layer 0 items and open questions",
          {"kompas://kb/decisions/cni", "kompas://kb/questions/q1"} <= uris
          and any(u.startswith("kompas://kb/layer0/") for u in uris)
          and any(u.startswith("kompas://kb/capabilities/") for u in uris), sorted(uris)[:5])
    templates = (await client.list_resource_templates()).resource_templates
    check(f"{label}: resource templates", len(templates) == 4)
    r = await client.read_resource("kompas://kb/decisions/cni")
    check(f"{label}: read a decision by URI", json.loads(r.contents[0].text)["id"] == "cni")
    layer0 = next(u for u in sorted(uris) if u.startswith("kompas://kb/layer0/"))
    r = await client.read_resource(layer0)
    check(f"{label}: read a Layer 0 item by URI", json.loads(r.contents[0].text)["id"] == layer0.rsplit("/", 1)[1])
    try:
        await client.read_resource("kompas://kb/decisions/nope")
        check(f"{label}: an unknown resource is an error", False)
    except MCPError as e:
        check(f"{label}: an unknown resource is an error", "kompas://kb/decisions/nope" in str(e), str(e))


async def main(binary):
    with tempfile.TemporaryDirectory() as data:
        for mode in ("auto", "legacy"):
            params = StdioServerParameters(
                command=binary,
                args=["mcp", "--database-url", f"sqlite://{data}/stdio-{mode}.sqlite3"],
                env={"KOMPAS_DATA_DIR": data},
            )
            async with Client(params, mode=mode) as client:
                await exercise(f"stdio ({mode})", client)

        proc, url = start_server(binary, data)
        try:
            for mode in ("auto", "legacy"):
                async with Client(f"{url}/mcp", mode=mode) as client:
                    await exercise(f"http ({mode})", client)
            async with httpx2.AsyncClient() as http:
                r = await http.get(f"{url}/mcp", headers={"accept": "text/event-stream"})
                check("http: GET /mcp is 405 (stateless, no event stream)", r.status_code == 405, r.status_code)
                r = await http.get(f"{url}/healthz")
                check("http: the server still answers", r.status_code == 200)
        finally:
            stop(proc)

    # A shared server: bearer tokens, roles.
    with tempfile.TemporaryDirectory() as data:
        tokens = {"reader": "kpt_reader_" + "r" * 40, "editor": "kpt_editor_" + "e" * 40}
        auth = os.path.join(data, "auth.yaml")
        with open(auth, "w") as f:
            f.write("tokens:\n")
            for role, token in tokens.items():
                f.write(f"  - {{name: {role}-agent, role: {role}, sha256: {hashlib.sha256(token.encode()).hexdigest()}}}\n")
        proc, url = start_server(binary, data, "--auth", auth)
        try:
            async with httpx2.AsyncClient() as http:
                r = await http.post(f"{url}/mcp", json={"jsonrpc": "2.0", "id": 1, "method": "tools/list"},
                                    headers={"accept": "application/json, text/event-stream"})
                check("shared: no token is 401 with problem details",
                      r.status_code == 401 and r.headers.get("content-type", "").startswith("application/problem+json")
                      and "Bearer" in r.headers.get("www-authenticate", ""), (r.status_code, r.text[:200]))
            for role, token in tokens.items():
                http = httpx2.AsyncClient(headers={"authorization": f"Bearer {token}"})
                async with http, Client(streamable_http_client(f"{url}/mcp", http_client=http)) as client:
                    r = await client.call_tool("assess", {"profile": WEBSHOP})
                    check(f"shared: a {role} may assess", not r.is_error)
                    r = await client.call_tool("record_save", {"profile": WEBSHOP, "title": f"By the {role}"})
                    if role == "reader":
                        check("shared: a reader may not save a record", r.is_error and "editor" in text_of(r), text_of(r))
                    else:
                        check("shared: an editor saves a record as itself",
                              not r.is_error and (r.structured_content or {}).get("created", {}).get("by", {}).get("id") == "token:editor-agent",
                              r.structured_content)
        finally:
            stop(proc)


if __name__ == "__main__":
    asyncio.run(main(sys.argv[1] if len(sys.argv) > 1 else str(ROOT / "target" / "debug" / "kompas")))
    sys.exit(tally.summary())
