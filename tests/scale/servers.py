"""Real server processes for scale tests: gunicorn as in production, on free loopback ports."""
import os
import random
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
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


# How long a server may take to answer its health check: gunicorn binds its port at once, but
# the worker imports the app (NumPy, SQLAlchemy, every blueprint) before it serves, which on a
# busy 2-core machine has taken over five seconds; requests sent meanwhile only queue.
START_TIMEOUT = 180


def start_server(db_url: str, port: int, tmp_path, **env_extra: str) -> subprocess.Popen:
    """Gunicorn as in production, returned once the app itself answers (not just the socket)."""
    env = os.environ | {"DATABASE_URL": db_url, "SECRET_KEY": "test-secret-key", "RATELIMIT_ENABLED": "0",
                        "AGORA_BIND": f"127.0.0.1:{port}", "AGORA_ENV": "development",
                        "ARGON2_TIME_COST": "1", "ARGON2_MEMORY_COST": "1024", "UPLOAD_FOLDER": str(tmp_path)} | env_extra
    log = Path(tmp_path) / f"gunicorn-{port}.log"
    with open(log, "ab") as output:  # the child keeps its own descriptor
        server = subprocess.Popen([sys.executable, "-m", "gunicorn", "-c", "deploy/gunicorn.conf.py",
                                   "--access-logfile", "/dev/null", "app:create_app()"],
                                  cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=output,
                                  start_new_session=True)  # its own group: a crash kills the worker too
    try:
        wait_until_healthy(server, port, log)
    except BaseException:
        kill_server(server)
        raise
    return server


def wait_until_healthy(server: subprocess.Popen, port: int, log: Path,
                       timeout: float = START_TIMEOUT) -> None:
    """Poll /healthz until it answers 200; fail early, with the server's log, if it exits."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise RuntimeError(f"the server exited with {server.returncode}:\n{_tail(log)}")
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=10) as response:
                if response.status == 200:
                    return
        except (OSError, urllib.error.URLError):
            pass
        time.sleep(0.2)
    raise RuntimeError(f"the server did not answer /healthz within {timeout:.0f} s:\n{_tail(log)}")


def _tail(log: Path, lines: int = 30) -> str:
    return "\n".join(log.read_text(errors="replace").splitlines()[-lines:]) if log.exists() else ""


def kill_server(server: subprocess.Popen, sig: int = signal.SIGKILL) -> None:
    """A crash: the whole process group (gunicorn's master and its worker) dies at once."""
    try:
        os.killpg(server.pid, sig)
    except ProcessLookupError:
        pass
    server.wait()


def stop_server(server: subprocess.Popen) -> None:
    """Quick shutdown (open websockets would hold a graceful one for its whole timeout)."""
    server.send_signal(signal.SIGQUIT)
    try:
        server.wait(timeout=30)
    except subprocess.TimeoutExpired:
        kill_server(server)
        return
    kill_server(server)  # a worker left behind by a master that died first
