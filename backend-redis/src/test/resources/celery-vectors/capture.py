"""Captures what Celery 5.2's redis:// result backend writes to Redis, as golden files.

Re-run from the repository root, with Redis and RabbitMQ running locally:

    /usr/bin/python3 backend-redis/src/test/resources/celery-vectors/capture.py \
        [--redis redis://127.0.0.1:6379/7] [--broker amqp://guest:guest@localhost:5672//]

It FLUSHES the Redis database named by --redis before and after (default 7; pick one nothing
else uses), starts Python Celery workers as subprocesses on a queue of its own, and rewrites the
*.json files next to itself. Needs Debian's python3-celery (5.2.6) and python3-redis. The Java
golden tests read the files; docs/results.md states what they show.

Each file holds one scenario: the worker configuration, the task id, the key, the raw value
stored under it (`value`, exactly as Redis returned it), its TTL right after the store, its Redis
type, and every pub/sub message seen on any channel naming the task (`published`, in order).
"""
import argparse
import json
import os
import pathlib
import shutil
import subprocess
import sys
import threading
import time
import uuid

import redis
from celery import Celery, chain, chord, group
from celery.result import AsyncResult, GroupResult

HERE = pathlib.Path(__file__).resolve().parent
QUEUE = "celeriac-redis-capture"
WORKER_NAME = "capture@capturehost"
TIMEOUT = 30
WORKER_COPY = pathlib.Path("/tmp/celery-capture/capture.py")

REDIS_URL = os.environ.get("CAPTURE_REDIS", "redis://127.0.0.1:6379/7")
BROKER_URL = os.environ.get("CAPTURE_BROKER", "amqp://guest:guest@localhost:5672//")

app = Celery("capture", broker=BROKER_URL, backend=REDIS_URL)
app.conf.update(
    task_default_queue=QUEUE,
    task_track_started=True,
    result_extended=os.environ.get("CAPTURE_EXTENDED") == "1",
    worker_prefetch_multiplier=1,
)
if "CAPTURE_EXPIRES" in os.environ:
    app.conf.result_expires = float(os.environ["CAPTURE_EXPIRES"])


@app.task(name="capture.add")
def add(x, y=0):
    return x + y


@app.task(name="capture.echo")
def echo(value):
    return value


@app.task(name="capture.fail")
def fail(*args):
    raise ValueError(*args)


@app.task(name="capture.flaky", bind=True, max_retries=3)
def flaky(self, flag):
    # Retries until the capture sets the flag, so the RETRY state stays visible meanwhile.
    if not self.backend.client.get(flag):
        raise self.retry(countdown=1, exc=OSError("not yet: " + flag))
    return "done after retry"


@app.task(name="capture.block")
def block(flag, value=None):
    # Runs (STARTED) until the capture sets the flag.
    client = app.backend.client
    deadline = time.time() + TIMEOUT
    while not client.get(flag) and time.time() < deadline:
        time.sleep(0.05)
    return value


@app.task(name="capture.spawn")
def spawn():
    return add.delay(1, 1).id


@app.task(name="capture.collect")
def collect(values):
    return values


class Recorder:
    """Every pub/sub message on any channel (channels are not per database in Redis)."""

    def __init__(self, client):
        self.messages = []
        self._pubsub = client.pubsub(ignore_subscribe_messages=True)
        self._pubsub.psubscribe("*")
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._thread.start()

    def _run(self):
        for message in self._pubsub.listen():
            if message["type"] == "pmessage":
                self.messages.append(
                    {"channel": message["channel"].decode(), "data": message["data"].decode()}
                )

    def about(self, *ids):
        return [m for m in list(self.messages) if any(i in m["channel"] for i in ids)]


def wait_for(predicate, what):
    deadline = time.time() + TIMEOUT
    while time.time() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(0.02)
    raise TimeoutError("timed out waiting for " + what)


def status_of(client, task_id):
    raw = client.get("celery-task-meta-" + task_id)
    return json.loads(raw)["status"] if raw else None


def snapshot(client, key):
    raw = client.get(key)
    return {
        "key": key,
        "type": client.type(key).decode(),
        "value": raw.decode() if raw is not None else None,
        "ttl": client.ttl(key),
    }


class Capture:
    def __init__(self, client, recorder, config):
        self.client = client
        self.recorder = recorder
        self.config = config

    def write(self, name, task_id, note, **extra):
        # Let late pub/sub messages arrive before the file is written.
        time.sleep(0.3)
        record = {
            "scenario": name,
            "note": note,
            "celery": "5.2.6",
            "config": self.config,
            "task_id": task_id,
            **snapshot(self.client, "celery-task-meta-" + task_id),
            "published": self.recorder.about(task_id),
            **extra,
        }
        (HERE / (name + ".json")).write_text(json.dumps(record, indent=2, ensure_ascii=False) + "\n")
        print("wrote", name)

    def task(self, name, note, result, state="SUCCESS"):
        wait_for(lambda: status_of(self.client, result.id) == state, name + " " + state)
        self.write(name, result.id, note)


def start_worker(extended, expires=None):
    env = dict(os.environ, CAPTURE_EXTENDED="1" if extended else "0")
    if expires is not None:
        env["CAPTURE_EXPIRES"] = str(expires)
    # The worker runs a copy at a fixed neutral path, so that tracebacks in the golden files do
    # not name the checkout they were captured in.
    WORKER_COPY.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(__file__, WORKER_COPY)
    worker = subprocess.Popen([sys.executable, str(WORKER_COPY), "worker"], env=env)
    # The first result doubles as the readiness check.
    add.delay(0, 0).get(timeout=TIMEOUT)
    return worker


def stop_worker(worker):
    worker.terminate()
    worker.wait(timeout=TIMEOUT)


def plain_run(client, recorder):
    cap = Capture(client, recorder, {"result_extended": False, "result_expires": 86400})
    cap.task("success-int", "add(2, 3)", add.delay(2, 3))
    cap.task("success-str", "echo of a non-ASCII string", echo.delay("h\u00e9llo w\u00f6rld \u2713 \U0001f600"))
    cap.task("success-list", "echo of a nested list", echo.delay([1, "two", [3.5, None], True]))
    cap.task("success-dict", "echo of a dict", echo.delay({"a": 1, "b": [1, 2], "c": {"d": None}}))
    cap.task("success-none", "echo(None)", echo.delay(None))
    cap.task("failure", "fail('boom', 42) raises ValueError", fail.delay("boom", 42), "FAILURE")

    flag = "capture-flag-" + str(uuid.uuid4())
    retried = flaky.delay(flag)
    wait_for(lambda: status_of(client, retried.id) == "RETRY", "RETRY")
    cap.write("retry", retried.id, "flaky raised self.retry(countdown=1, exc=OSError(...)); value while in RETRY")
    client.set(flag, "1", ex=60)
    cap.task("retry-then-success", "the same task after the retry succeeded", retried)

    flag = "capture-flag-" + str(uuid.uuid4())
    started = block.delay(flag, "unblocked")
    wait_for(lambda: status_of(client, started.id) == "STARTED", "STARTED")
    cap.write("started", started.id, "task_track_started=True; value while the task runs")
    client.set(flag, "1", ex=60)
    started.get(timeout=TIMEOUT)

    revoked = add.apply_async((1, 1), countdown=2)
    time.sleep(0.5)
    app.control.revoke(revoked.id)
    cap.task("revoked", "apply_async(countdown=2), then control.revoke(id)", revoked, "REVOKED")
    import datetime

    past = datetime.datetime.now(datetime.timezone.utc) - datetime.timedelta(minutes=1)
    cap.task("revoked-expired", "apply_async(expires=<a minute ago>)", add.apply_async((1, 1), expires=past), "REVOKED")

    parent = spawn.delay()
    child_id = parent.get(timeout=TIMEOUT)
    cap.write("success-children", parent.id, "spawn() calls add.delay(1, 1) and returns the child's id", child_id=child_id)

    steps = chain(add.s(1, 1), add.s(10)).delay()
    steps.get(timeout=TIMEOUT)
    cap.write("chain-step", steps.id, "second step of chain(add.s(1, 1), add.s(10)): carries parent_id", parent_id=steps.parent.id)

    members = group(add.s(1, 1), add.s(2, 2)).delay()
    members.get(timeout=TIMEOUT)
    cap.write("group-member", members.results[0].id, "first member of group(add.s(1, 1), add.s(2, 2))", group_id=members.id)
    members.save()
    group_key = "celery-taskset-meta-" + members.id
    restored = GroupResult.restore(members.id)
    record = {
        "scenario": "group-save",
        "note": "GroupResult.save() by the client, then GroupResult.restore(id), then delete()",
        "celery": "5.2.6",
        "config": cap.config,
        "group_id": members.id,
        "member_ids": [r.id for r in members.results],
        **snapshot(client, group_key),
        "published": recorder.about(members.id),
        "restored_ids": [r.id for r in restored.results],
    }
    members.delete()
    record["exists_after_delete"] = bool(client.exists(group_key))
    (HERE / "group-save.json").write_text(json.dumps(record, indent=2) + "\n")
    print("wrote group-save")

    forgotten = add.delay(4, 4)
    forgotten.get(timeout=TIMEOUT)
    key = "celery-task-meta-" + forgotten.id
    before = snapshot(client, key)
    published_before = len(recorder.about(forgotten.id))
    AsyncResult(forgotten.id, app=app).forget()
    time.sleep(0.3)
    record = {
        "scenario": "forget",
        "note": "AsyncResult(id).forget() after the result was stored",
        "celery": "5.2.6",
        "config": cap.config,
        "task_id": forgotten.id,
        "before": before,
        "after": snapshot(client, key),
        "published_by_forget": recorder.about(forgotten.id)[published_before:],
        "state_after_forget": AsyncResult(forgotten.id, app=app).state,
    }
    (HERE / "forget.json").write_text(json.dumps(record, indent=2) + "\n")
    print("wrote forget")

    capture_chords(client, recorder, cap)


def capture_chords(client, recorder, cap):
    flag = "capture-flag-" + str(uuid.uuid4())
    joined = chord([add.s(1, 1), block.s(flag, 7)], collect.s()).delay()
    group_id = joined.parent.id
    header_ids = [r.id for r in joined.parent.results]
    prefix = "celery-taskset-meta-" + group_id
    wait_for(lambda: client.exists(prefix + ".j") and status_of(client, header_ids[1]) == "STARTED", "first chord part")
    keys = {}
    for suffix in (".j", ".t", ".s"):
        key = prefix + suffix
        kind = client.type(key).decode()
        entry = {"key": key, "type": kind, "ttl": client.ttl(key)}
        if kind == "zset":
            entry["members"] = [[m.decode(), s] for m, s in client.zrange(key, 0, -1, withscores=True)]
        elif kind == "list":
            entry["members"] = [m.decode() for m in client.lrange(key, 0, -1)]
        elif kind == "string":
            entry["value"] = client.get(key).decode()
        keys[suffix] = entry
    client.set(flag, "1", ex=60)
    body_value = joined.get(timeout=TIMEOUT)
    time.sleep(0.3)
    record = {
        "scenario": "chord-join",
        "note": "chord([add.s(1, 1), block.s(flag, 7)], collect.s()): join keys after the first header part returned",
        "celery": "5.2.6",
        "config": cap.config,
        "group_id": group_id,
        "header_ids": header_ids,
        "body_id": joined.id,
        "keys_while_waiting": keys,
        "keys_after_body": {s: client.type(prefix + s).decode() for s in (".j", ".t", ".s")},
        "header_member_meta": snapshot(client, "celery-task-meta-" + header_ids[0]),
        "body_meta": snapshot(client, "celery-task-meta-" + joined.id),
        "body_result": body_value,
        "published_on_join_keys": [m for m in recorder.messages if m["channel"].startswith(prefix)],
    }
    (HERE / "chord-join.json").write_text(json.dumps(record, indent=2) + "\n")
    print("wrote chord-join")

    failed = chord([fail.s("header boom"), add.s(2, 2)], collect.s()).delay()
    wait_for(lambda: status_of(client, failed.id) == "FAILURE", "chord body FAILURE")
    cap.write(
        "chord-failure-body",
        failed.id,
        "chord([fail.s('header boom'), add.s(2, 2)], collect.s()): the body's meta",
        group_id=failed.parent.id,
        failed_member=failed.parent.results[0].id,
    )


def extended_run(client, recorder):
    cap = Capture(client, recorder, {"result_extended": True, "result_expires": 600})
    cap.task("extended-success", "add.apply_async((2,), {'y': 3}) with result_extended", add.apply_async((2,), {"y": 3}))
    cap.task("extended-failure", "fail('boom') with result_extended", fail.delay("boom"), "FAILURE")
    flag = "capture-flag-" + str(uuid.uuid4())
    started = block.delay(flag)
    wait_for(lambda: status_of(client, started.id) == "STARTED", "STARTED")
    cap.write("extended-started", started.id, "STARTED with result_extended")
    client.set(flag, "1", ex=60)
    started.get(timeout=TIMEOUT)
    members = group(add.s(5, 5), add.s(6, 6)).delay()
    members.get(timeout=TIMEOUT)
    cap.write("extended-group-member", members.results[0].id, "group member with result_extended", group_id=members.id)


def no_expiry_run(client, recorder):
    cap = Capture(client, recorder, {"result_extended": False, "result_expires": 0})
    cap.task("no-expiry", "result_expires=0: stored with SET, no TTL", add.delay(1, 2))


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--redis", default=REDIS_URL)
    parser.add_argument("--broker", default=BROKER_URL)
    args = parser.parse_args()
    os.environ["CAPTURE_REDIS"], os.environ["CAPTURE_BROKER"] = args.redis, args.broker
    app.conf.update(broker_url=args.broker, result_backend=args.redis)

    client = redis.Redis.from_url(args.redis)
    client.flushdb()
    recorder = Recorder(client)
    for run, options in ((plain_run, {}), (extended_run, {"extended": True, "expires": 600}),
                         (no_expiry_run, {"expires": 0})):
        worker = start_worker(options.get("extended", False), options.get("expires"))
        try:
            run(client, recorder)
        finally:
            stop_worker(worker)
    with app.connection_for_write() as connection:
        connection.default_channel.queue_delete(QUEUE)
    # Leave nothing behind: the no-expiry scenario's key would stay forever.
    client.flushdb()


if __name__ == "__main__":
    if sys.argv[1:] == ["worker"]:
        app.worker_main(["worker", "-Q", QUEUE, "-P", "threads", "-c", "4", "-l", "warning",
                         "-n", WORKER_NAME, "--without-gossip", "--without-mingle", "--without-heartbeat"])
    else:
        main()
