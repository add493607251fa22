"""Real server processes for scale tests: gunicorn as in production, on free loopback ports."""
import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


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
