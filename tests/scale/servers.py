"""Real server processes for scale tests: gunicorn as in production, on free loopback ports."""
import os
import random
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def _ephemeral_low() -> int:
    """Where the kernel starts picking source ports for outgoing connections."""
    try:
        return int(Path("/proc/sys/net/ipv4/ip_local_port_range").read_text().split()[0])
    except (OSError, ValueError, IndexError):
        return 32768


def _bindable(port: int) -> bool:
    with socket.socket() as probe:
        try:
            probe.bind(("127.0.0.1", port))
        except OSError:
            return False
    return True


def free_port(run: int = 1) -> int:
    """The first of ``run`` free consecutive ports, below the ephemeral range: a port the
    kernel handed out could be taken as the source of an outgoing connection (to PostgreSQL,
    say) before the server binds it, which once failed the production-launch test."""
    top = _ephemeral_low() - run
    for _ in range(500):
        first = random.randrange(10_000, top)
        if all(_bindable(first + n) for n in range(run)):
            return first
    raise RuntimeError("no free port below the ephemeral range")


def start_server(db_url: str, port: int, tmp_path, **env_extra: str) -> subprocess.Popen:
    env = os.environ | {"DATABASE_URL": db_url, "SECRET_KEY": "test-secret-key", "RATELIMIT_ENABLED": "0",
                        "AGORA_BIND": f"127.0.0.1:{port}", "AGORA_ENV": "development",
                        "ARGON2_TIME_COST": "1", "ARGON2_MEMORY_COST": "1024", "UPLOAD_FOLDER": str(tmp_path)} | env_extra
    server = subprocess.Popen([sys.executable, "-m", "gunicorn", "-c", "deploy/gunicorn.conf.py",
                               "--access-logfile", "/dev/null", "app:create_app()"],
                              cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    for _ in range(100):
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
            return server
        except OSError:
            time.sleep(0.1)
    server.kill()
    raise RuntimeError("the server did not start")


def stop_server(server: subprocess.Popen) -> None:
    """Quick shutdown (open websockets would hold a graceful one for its whole timeout)."""
    server.send_signal(signal.SIGQUIT)
    try:
        server.wait(timeout=10)
    except subprocess.TimeoutExpired:
        server.kill()
        server.wait()
