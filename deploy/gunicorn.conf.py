"""gunicorn settings of one reader instance.

    gunicorn -c deploy/gunicorn.conf.py 'reader:create_app()'

Everything can be overridden on the command line or by GUNICORN_CMD_ARGS; `make serve` runs
gunicorn with its own flags and does not read this file.
"""

import multiprocessing
import os

bind = os.environ.get("READER_BIND", "127.0.0.1:8001")  # nginx's upstream (reader.conf)
# Sync workers: our requests are short and CPU-bound (a page from memory, one small query).
workers = int(os.environ.get("WORKERS", multiprocessing.cpu_count() * 2))
worker_class = "sync"
timeout = 30  # a stuck worker is replaced; PostgreSQL's statement_timeout (5 s) comes first
graceful_timeout = 20  # on SIGTERM (systemctl stop), requests in flight finish first
max_requests = 10_000  # recycled now and then, staggered
max_requests_jitter = 1_000
accesslog = "-"
# nginx on this machine sets X-Forwarded-Proto: trusted from loopback only (gunicorn's default),
# so `request.is_secure` is true behind TLS and our cookies get `Secure`.
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1,::1")
