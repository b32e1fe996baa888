"""Run Debian's nginx on a loopback port with the configuration `advisories server-config`
prints: used by the tests and by scripts/lighthouse.py, so both measure what a publisher
would run."""

from __future__ import annotations

import os
import socket
import subprocess
import time
from pathlib import Path

NGINX = Path("/usr/sbin/nginx")
BROTLI_MODULE = Path("/usr/lib/nginx/modules/ngx_http_brotli_static_module.so")


def start_nginx(server_block: str, prefix: Path, port: int) -> subprocess.Popen:
    """Wrap the server block in a minimal nginx.conf under `prefix` and start nginx in the
    foreground; returns once it accepts connections."""
    prefix.mkdir(parents=True, exist_ok=True)
    temp_paths = "".join(
        f"  {name}_temp_path {prefix}/{name};\n"
        for name in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi")
    )
    (prefix / "nginx.conf").write_text(
        ("user root;\n" if os.geteuid() == 0 else "")
        + (f"load_module {BROTLI_MODULE};\n" if "brotli_static" in server_block else "")
        + f"worker_processes 1;\npid {prefix}/nginx.pid;\nerror_log {prefix}/error.log;\n"
        + "events {}\nhttp {\n  include /etc/nginx/mime.types;\n  access_log off;\n"
        + temp_paths
        + server_block
        + "}\n"
    )
    proc = subprocess.Popen(
        [str(NGINX), "-p", str(prefix), "-c", str(prefix / "nginx.conf"), "-g", "daemon off;"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.5).close()
            return proc
        except OSError:
            if proc.poll() is not None:
                raise RuntimeError((proc.stderr.read() if proc.stderr else b"").decode()) from None
            time.sleep(0.1)
    proc.terminate()
    raise RuntimeError("nginx did not start listening within 20 s")


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]
