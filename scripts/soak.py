#!/usr/bin/env python3
"""A soak test of a running `kompas serve --kb DIR --watch`, on loopback only.

For DURATION seconds, at once:
- valid clients: assessments (a new profile now and then), explanations,
  reports, the KB, the questionnaire, the site, health, readiness, metrics;
- hostile clients: slow and half-sent heads, silent connections, malformed
  and oversized heads, made-up methods, long URLs, duplicate JSON keys,
  other charsets and compressed bodies, oversized and deeply nested bodies,
  garbage bytes, pipelined requests never read, bodies sent too slowly;
- a reloader that updates the KB the way kubelet updates a ConfigMap, in
  turn with a good KB (it must be served within a second) and a bad one (an
  alias bomb, a second `kb:` section: it must be refused, the last good KB
  kept);
- a sampler of the server's resident memory every 5 s.

Fails (exit 1) on any 5xx, on a request the server never answered, on a bad
KB served, or on a good KB not served within RELOAD_WITHIN seconds. Python
standard library only.
"""

import argparse
import json
import os
import random
import shutil
import socket
import sys
import threading
import time

RELOAD_WITHIN = 1.0


class Stats:
    def __init__(self):
        self.lock = threading.Lock()
        self.counts = {}
        self.failures = []

    def add(self, kind, status):
        with self.lock:
            key = (kind, status)
            self.counts[key] = self.counts.get(key, 0) + 1
            if isinstance(status, int) and status >= 500:
                self.failures.append(f"{kind}: {status}")

    def fail(self, message):
        with self.lock:
            self.failures.append(message)


def exchange(host, port, data, wait=15.0, read=True):
    """Sends raw bytes; reads until the server closes or `wait` passes."""
    s = socket.create_connection((host, port), timeout=wait)
    try:
        s.sendall(data)
        if not read:
            return b""
        out = b""
        deadline = time.time() + wait
        while time.time() < deadline:
            try:
                chunk = s.recv(65536)
            except (ConnectionResetError, socket.timeout):
                break
            if not chunk:
                break
            out += chunk
        return out
    finally:
        s.close()


def status_of(reply):
    if reply.startswith(b"HTTP/1.1 ") and len(reply) >= 12:
        try:
            return int(reply[9:12])
        except ValueError:
            return "garbled"
    return "no answer"


def request(host, port, method, path, body=b"", headers=()):
    head = f"{method} {path} HTTP/1.1\r\nHost: soak\r\nConnection: close\r\n"
    for k, v in headers:
        head += f"{k}: {v}\r\n"
    if body or method == "POST":
        head += f"Content-Length: {len(body)}\r\n"
    return exchange(host, port, head.encode() + b"\r\n" + body)


def valid_client(host, port, stop, stats, inputs, seed):
    rng = random.Random(seed)
    json_ct = [("Content-Type", "application/json"), ("Accept-Encoding", "gzip")]
    while not stop.is_set():
        pick = rng.random()
        if pick < 0.45:
            profile = {"team_size": rng.choice([3, 10, 40, 200])}
            if rng.random() < 0.3:
                profile["service_count"] = rng.randint(1, 80)
            kind, reply = "assess", request(host, port, "POST", "/api/v1/assess", json.dumps(profile).encode(), json_ct)
        elif pick < 0.55:
            body = json.dumps({"profile": {"team_size": 12}, "decision": "cni"}).encode()
            kind, reply = "explain", request(host, port, "POST", "/api/v1/explain?lang=nl", body, json_ct)
        elif pick < 0.65:
            kind, reply = "report", request(host, port, "GET", "/api/v1/report.md?team_size=8")
        else:
            path = rng.choice(["/api/v1/kb", "/api/v1/inputs", "/", "/assets/app.js", "/healthz", "/readyz", "/metrics", "/api/v1/schema/profile", "/api/v1/openapi.json"])
            kind, reply = "get " + path, request(host, port, "GET", path, headers=[("Accept-Encoding", "gzip")])
        status = status_of(reply)
        stats.add(kind, status)
        if status == "no answer":
            stats.fail(f"{kind}: no answer")
        elif status != 200:
            stats.fail(f"{kind}: {status}")


def hostile_client(host, port, stop, stats, seed):
    rng = random.Random(seed)
    while not stop.is_set():
        pick = rng.randrange(14)
        try:
            if pick == 0:  # a half-sent head, held past the header timeout
                s = socket.create_connection((host, port))
                s.sendall(b"GET / HTTP/1.1\r\nHost: x\r\n")
                time.sleep(rng.uniform(0.5, 3))
                s.close()
                stats.add("half head", "closed")
            elif pick == 1:  # silent connection
                s = socket.create_connection((host, port))
                time.sleep(rng.uniform(0.5, 3))
                s.close()
                stats.add("silent", "closed")
            elif pick == 2:
                stats.add("malformed head", status_of(exchange(host, port, b"GET / HTTP/1.1\r\nHost: x\r\nno colon\r\n\r\n")))
            elif pick == 3:
                big = b"GET / HTTP/1.1\r\nHost: x\r\nX-Big: " + b"a" * 70000 + b"\r\n\r\n"
                stats.add("huge head", status_of(exchange(host, port, big)))
            elif pick == 4:
                method = "M%08d" % rng.randrange(10**8)
                stats.add("made-up method", status_of(request(host, port, method, "/x%d" % rng.randrange(10**6))))
            elif pick == 5:
                stats.add("long url", status_of(request(host, port, "GET", "/api/v1/report.md?team_size=" + "1" * 9000)))
            elif pick == 6:
                body = b'{"team_size":-1,"team_size":10}'
                stats.add("duplicate keys", status_of(request(host, port, "POST", "/api/v1/assess", body, [("Content-Type", "application/json")])))
            elif pick == 7:
                stats.add("utf-16", status_of(request(host, port, "POST", "/api/v1/assess", b"{}", [("Content-Type", "application/json; charset=utf-16")])))
                stats.add("gzip body", status_of(request(host, port, "POST", "/api/v1/assess", b"\x1f\x8b\x08\x00", [("Content-Type", "application/json"), ("Content-Encoding", "gzip")])))
            elif pick == 8:
                body = b'{"a":"' + b"x" * 70000 + b'"}'
                stats.add("oversized body", status_of(request(host, port, "POST", "/api/v1/assess", body, [("Content-Type", "application/json")])))
            elif pick == 9:
                body = b"[" * 5000 + b"]" * 5000
                stats.add("deep json", status_of(request(host, port, "POST", "/api/v1/assess", body, [("Content-Type", "application/json")])))
            elif pick == 10:
                stats.add("garbage", status_of(exchange(host, port, bytes(rng.randrange(256) for _ in range(200)) + b"\r\n\r\n")))
            elif pick == 11:  # pipelined, never read
                s = socket.create_connection((host, port))
                s.sendall(b"GET /api/v1/kb HTTP/1.1\r\nHost: x\r\n\r\n" * 50)
                time.sleep(rng.uniform(0.5, 2))
                s.close()
                stats.add("unread pipeline", "closed")
            elif pick == 12:  # a body sent too slowly: 408 after 10 s, or given up
                s = socket.create_connection((host, port), timeout=15)
                s.sendall(b"POST /api/v1/assess HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 40\r\n\r\n{")
                time.sleep(rng.uniform(0.5, 2))
                s.close()
                stats.add("slow body", "closed")
            else:
                keys = ",".join('"k%d":1' % i for i in range(3000))
                stats.add("many keys", status_of(request(host, port, "POST", "/api/v1/assess", ("{" + keys + "}").encode(), [("Content-Type", "application/json")])))
        except OSError as e:
            stats.add("hostile connect", type(e).__name__)


def rss_kib(pid):
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    return 0


def served_version(host, port):
    reply = request(host, port, "GET", "/readyz")
    try:
        return json.loads(reply.split(b"\r\n\r\n", 1)[1])["kb"]["version"]
    except Exception:
        return None


class ConfigMap:
    """kubelet's atomic writer: a new ..<timestamp> directory, ..data swapped."""

    def __init__(self, directory, source):
        self.dir = directory
        self.source = source
        self.generation = 0
        self.current = None

    def update(self, version, extra=None):
        self.generation += 1
        stamp = "..%s_%d" % (time.strftime("%Y_%m_%d_%H_%M_%S"), self.generation)
        target = os.path.join(self.dir, stamp)
        shutil.copytree(self.source, target)
        kb_yaml = os.path.join(target, "kb.yaml")
        with open(kb_yaml) as f:
            text = f.read()
        lines = [('  version: "%s"' % version) if l.strip().startswith("version:") else l for l in text.splitlines()]
        with open(kb_yaml, "w") as f:
            f.write("\n".join(lines) + "\n")
        names = set(os.listdir(self.source))
        if extra:
            name, text = extra
            with open(os.path.join(target, name), "w") as f:
                f.write(text)
            names.add(name)
        tmp = os.path.join(self.dir, "..data_tmp")
        os.symlink(stamp, tmp)
        os.rename(tmp, os.path.join(self.dir, "..data"))
        for name in names:
            link = os.path.join(self.dir, name)
            if not os.path.lexists(link):
                os.symlink(os.path.join("..data", name), link)
        for name in os.listdir(self.dir):
            if not name.startswith(".") and name not in names:
                os.remove(os.path.join(self.dir, name))
        if self.current:
            shutil.rmtree(os.path.join(self.dir, self.current))
        self.current = stamp


def alias_bomb():
    text = 'a0: &a0 ["lol","lol","lol","lol","lol","lol","lol","lol","lol","lol"]\n'
    for i in range(1, 10):
        text += "a%d: &a%d [%s]\n" % (i, i, ",".join(["*a%d" % (i - 1)] * 10))
    return text


def reloader(host, port, cm, stop, stats, reloads):
    n = 1
    while not stop.is_set():
        time.sleep(4)
        if stop.is_set():
            break
        n += 1
        if n % 3 == 0:
            bad = random.choice([("zz-bomb.yaml", alias_bomb()), ("zz-second.yaml", 'kb: {id: other, version: "9", title: Other}\n')])
            before = served_version(host, port)
            cm.update("bad-%d" % n, bad)
            time.sleep(1.5)
            now = served_version(host, port)
            reloads.append(("bad", bad[0], now == before))
            if now != before:
                stats.fail(f"bad KB {bad[0]} served: {now}")
        else:
            version = "soak-%d" % n
            started = time.time()
            cm.update(version)
            while served_version(host, port) != version:
                if time.time() - started > 10:
                    stats.fail(f"KB {version} not served within 10 s")
                    break
                time.sleep(0.01)
            took = time.time() - started
            reloads.append(("good", version, took))
            if took > RELOAD_WITHIN:
                stats.fail(f"KB {version} served after {took:.2f} s")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--url", required=True)
    ap.add_argument("--pid", type=int, required=True)
    ap.add_argument("--kb-dir", required=True)
    ap.add_argument("--source", required=True)
    ap.add_argument("--duration", type=float, default=600)
    ap.add_argument("--valid", type=int, default=6)
    ap.add_argument("--hostile", type=int, default=6)
    args = ap.parse_args()
    host, port = args.url.split("//")[1].split(":")
    port = int(port)
    assert host == "127.0.0.1", "loopback only"

    stats, stop, reloads = Stats(), threading.Event(), []
    cm = ConfigMap(args.kb_dir, args.source)
    cm.current = sorted(n for n in os.listdir(args.kb_dir) if n.startswith("..") and n != "..data")[0]
    threads = [threading.Thread(target=valid_client, args=(host, port, stop, stats, None, i)) for i in range(args.valid)]
    threads += [threading.Thread(target=hostile_client, args=(host, port, stop, stats, 1000 + i)) for i in range(args.hostile)]
    threads.append(threading.Thread(target=reloader, args=(host, port, cm, stop, stats, reloads)))
    for t in threads:
        t.start()
    samples = [(0, rss_kib(args.pid))]
    started = time.time()
    while time.time() - started < args.duration:
        time.sleep(5)
        samples.append((round(time.time() - started), rss_kib(args.pid)))
        total = sum(stats.counts.values())
        print(f"  {samples[-1][0]:4d} s  RSS {samples[-1][1] // 1024} MiB  {total} exchanges  {len(stats.failures)} failures", flush=True)
    stop.set()
    for t in threads:
        t.join()
    samples.append((round(time.time() - started), rss_kib(args.pid)))

    rss = [s[1] for s in samples]
    total = sum(stats.counts.values())
    server_errors = sum(n for (k, s), n in stats.counts.items() if isinstance(s, int) and s >= 500)
    good = [r for r in reloads if r[0] == "good"]
    bad = [r for r in reloads if r[0] == "bad"]
    print("\n== soak summary")
    print(f"duration {args.duration:.0f} s, {total} exchanges ({args.valid} valid and {args.hostile} hostile clients)")
    by_kind = {}
    for (k, s), n in sorted(stats.counts.items(), key=lambda x: str(x)):
        by_kind.setdefault(k, []).append(f"{s}: {n}")
    for k, v in sorted(by_kind.items()):
        print(f"  {k:28s} {', '.join(v)}")
    print(f"5xx answers: {server_errors}")
    print(f"RSS: start {rss[0] // 1024} MiB, min {min(rss) // 1024} MiB, max {max(rss) // 1024} MiB, end {rss[-1] // 1024} MiB")
    if good:
        took = [r[2] for r in good]
        print(f"good reloads: {len(good)}, served after {min(took) * 1000:.0f}-{max(took) * 1000:.0f} ms (mean {sum(took) / len(took) * 1000:.0f} ms)")
    print(f"bad reloads: {len(bad)}, refused with the last good KB kept: {sum(1 for r in bad if r[2])}")
    with open(os.path.join(os.path.dirname(args.kb_dir), "rss.txt"), "w") as f:
        f.write("\n".join(f"{t} {k}" for t, k in samples) + "\n")
    if stats.failures:
        print(f"FAILED: {len(stats.failures)} problems, e.g.:")
        for f in stats.failures[:10]:
            print("  " + f)
        sys.exit(1)
    print("soak: OK")


if __name__ == "__main__":
    main()
