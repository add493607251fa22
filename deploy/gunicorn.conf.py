"""Gunicorn settings for Agora: one worker process with many threads, as Flask-SocketIO needs.

Flask-SocketIO in threading mode serves websockets through simple-websocket from gunicorn's
threaded worker; each process must be a single worker, so scale by running more processes
(behind nginx with sticky sessions) that share Redis as the Socket.IO message queue.
"""
import os

bind = os.environ.get("AGORA_BIND", "127.0.0.1:8001")
workers = 1
worker_class = "gthread"
threads = int(os.environ.get("AGORA_THREADS", "64"))
# Every open websocket holds a connection (and a thread): size both for the expected crowd.
worker_connections = int(os.environ.get("AGORA_WORKER_CONNECTIONS", "1000"))
# One page request inside the app at a time per process, as with gunicorn's sync workers:
# nginx buffers request and response bodies, so a request only holds its slot while it computes
# or waits for the database, and threads of one process cannot compute at once anyway. Queued
# requests cost nothing; thirty running together made each ballot cost twice the CPU
# (bench/ballots.py). Websockets are not counted. With the database on another machine, run
# about two processes per core or raise this to 2. See deliberation/gate.py.
raw_env = [f"AGORA_REQUEST_SLOTS={os.environ.get('AGORA_REQUEST_SLOTS', '1')}"]
timeout = 60
graceful_timeout = 20
keepalive = 5
accesslog = os.environ.get("AGORA_ACCESS_LOG", "-")
errorlog = os.environ.get("AGORA_ERROR_LOG", "-")
forwarded_allow_ips = "127.0.0.1"


def post_worker_init(worker) -> None:
    """Tune the worker's thread switching for live fan-out (see deliberation.live.tune_threads)."""
    from deliberation.live import tune_threads
    tune_threads()
