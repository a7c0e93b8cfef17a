"""A Celery 5 app for Celeriac's interop tests: Python tasks named py.*, and a Python client
(see driver.py) for Celeriac workers' it.* tasks. The broker comes from INTEROP_BROKER, the result
backend from INTEROP_BACKEND (default rpc://)."""
import os
import time

from celery import Celery

app = Celery(
    "celeriac_interop",
    broker=os.environ["INTEROP_BROKER"],
    backend=os.environ.get("INTEROP_BACKEND") or "rpc://",
)
app.conf.update(
    task_serializer="json",
    accept_content=["json"],
    result_serializer="json",
    result_accept_content=["json"],
    task_queue_max_priority=int(os.environ.get("INTEROP_MAX_PRIORITY", "0")) or None,
    worker_prefetch_multiplier=1,
    # Task events (celery worker -E), for the event interop test.
    worker_send_task_events=bool(os.environ.get("INTEROP_TASK_EVENTS")),
)

RECORD_DIR = os.environ.get("INTEROP_RECORD_DIR", "/tmp")

# Message signing (Celery's auth serializer): INTEROP_SECURITY_DIR holds SIGNER.key and SIGNER.pem,
# INTEROP_SECURITY_STORE is the glob of trusted certificates. Results stay JSON (Celery's default
# result_serializer), which a client configured by setup_security alone refuses
# (accept_content=['auth'] also covers results), so result_accept_content lets them in.
_security_dir = os.environ.get("INTEROP_SECURITY_DIR")
if _security_dir:
    _signer = os.environ.get("INTEROP_SECURITY_SIGNER", "bob")
    app.conf.update(
        security_key=os.path.join(_security_dir, _signer + ".key"),
        security_certificate=os.path.join(_security_dir, _signer + ".pem"),
        security_cert_store=os.environ["INTEROP_SECURITY_STORE"],
        task_serializer="auth",
        accept_content=["auth"],
        result_accept_content=["json"],
    )
    # Celery 5.2.6 ignores security_digest: only the argument chooses the digest.
    app.setup_security(digest=os.environ.get("INTEROP_SECURITY_DIGEST", "sha256"))

# Celery rejects messages for unknown tasks without requeueing them; a dead-letter exchange on the
# queue keeps them (here: Celeriac's dead-letter queue for that queue).
_dlx_queue = os.environ.get("INTEROP_DLX_QUEUE")
if _dlx_queue:
    from kombu import Exchange, Queue

    app.conf.task_queues = [
        Queue(
            _dlx_queue,
            Exchange(_dlx_queue, type="direct"),
            routing_key=_dlx_queue,
            queue_arguments={
                "x-dead-letter-exchange": "celeriac.dead-letter",
                "x-dead-letter-routing-key": _dlx_queue,
            },
        )
    ]


class CustomError(Exception):
    pass


def _record(key, value):
    with open(os.path.join(RECORD_DIR, key), "a") as f:
        f.write(repr(value) + "\n")


@app.task(name="py.add")
def add(x, y):
    return x + y


@app.task(name="py.mul")
def mul(x, y):
    return x * y


@app.task(name="py.echo")
def echo(*args, **kwargs):
    return {"args": list(args), "kwargs": kwargs}


@app.task(name="py.fail")
def fail(message):
    raise ValueError(message)


@app.task(name="py.fail_custom")
def fail_custom(code, message):
    raise CustomError(code, message)


@app.task(name="py.beat_tick", bind=True)
def beat_tick(self, key):
    # Celery puts a message's own headers on the request: the beat's entry and scheduled time.
    _record(key, "%s|%s" % (getattr(self.request, "beat_entry", None),
                            getattr(self.request, "beat_scheduled", None)))


@app.task(name="py.flaky", bind=True, max_retries=5)
def flaky(self, n):
    if self.request.retries < n:
        raise self.retry(countdown=0.2, exc=RuntimeError("try %d" % self.request.retries))
    return n


@app.task(name="py.always_retry", bind=True, max_retries=2)
def always_retry(self):
    raise self.retry(countdown=0.1, exc=OSError("still down"))


@app.task(name="py.slow", track_started=True)
def slow(seconds):
    time.sleep(seconds)
    return "done"


@app.task(name="py.record")
def record(value, key):
    _record(key, value)
    return key


@app.task(name="py.on_error")
def on_error(request, exc, traceback, key):
    # Celery's errback signature: called in the failing worker with the failed request.
    _record(key, request.id)
    return key


@app.task(name="py.quiet", ignore_result=True)
def quiet():
    return 1
