"""Starting and stopping a real `kompas serve` for the Python test scripts.

The server picks a free loopback port; its JSON log names the URL it serves.
"""

import os
import re
import subprocess
import time


def start_server(binary, data, *args):
    """Starts `kompas serve` with its data (records, log) in `data`; returns
    the process and its URL. Raises RuntimeError with the log when it does not
    start within a minute."""
    log = open(os.path.join(data, "server.log"), "w+")
    env = {**os.environ, "KOMPAS_DATA_DIR": data}
    proc = subprocess.Popen([binary, "serve", "--addr", "127.0.0.1:0", "--log-format", "json", *args],
                            stdout=subprocess.DEVNULL, stderr=log, env=env)
    deadline = time.time() + 60
    while time.time() < deadline:
        log.seek(0)
        m = re.search(r'"url":"(http://[^"]+)"', log.read())
        if m:
            return proc, m.group(1)
        if proc.poll() is not None:
            break
        time.sleep(0.1)
    log.seek(0)
    proc.kill()
    raise RuntimeError("the server did not start:\n" + log.read())


def stop(proc):
    """Stops the server as Kubernetes would: SIGTERM, then SIGKILL after 15 s."""
    proc.terminate()
    try:
        proc.wait(timeout=15)
    except subprocess.TimeoutExpired:
        proc.kill()
