"""Captures what Celery 5.2's database result backend writes to PostgreSQL, as golden files.

Re-run from the repository root, with PostgreSQL and RabbitMQ running locally:

    /usr/bin/python3 backend-db/src/test/resources/celery-vectors/capture.py \
        [--db postgresql://postgres@127.0.0.1:5432/celeriac_capture] \
        [--broker amqp://guest:guest@localhost:5672//]

It DROPS Celery's tables in the database named by --db (default celeriac_capture; it is created
when absent; pick one nothing else uses), starts Python Celery workers as subprocesses on a queue
of its own, and rewrites the *.json files next to itself. Needs Debian's python3-celery (5.2.6),
python3-sqlalchemy and python3-psycopg2. The Java golden tests read the files; docs/results.md
states what they show.

Each task file holds one scenario: the worker configuration, the task id and the row of
celery_taskmeta as stored (`row`): every column, with bytea columns as hex (`result` is
SQLAlchemy's PickleType: a pickle of the value itself) and, next to them, what Python reads back.
schema.json holds the tables and sequences SQLAlchemy created.
"""
import argparse
import json
import os
import pathlib
import pickle
import shutil
import subprocess
import sys
import time

import psycopg2
from celery import Celery, group
from celery.result import AsyncResult, GroupResult

HERE = pathlib.Path(__file__).resolve().parent
QUEUE = "celeriac-db-capture"
WORKER_NAME = "capture@capturehost"
TIMEOUT = 30
WORKER_COPY = pathlib.Path("/tmp/celery-db-capture/capture.py")
FLAGS = pathlib.Path("/tmp/celery-db-capture/flags")

DB_URL = os.environ.get("CAPTURE_DB", "postgresql://postgres@127.0.0.1:5432/celeriac_capture")
BROKER_URL = os.environ.get("CAPTURE_BROKER", "amqp://guest:guest@localhost:5672//")

app = Celery("capture", broker=BROKER_URL, backend="db+" + DB_URL)
app.conf.update(
    task_default_queue=QUEUE,
    task_track_started=True,
    result_extended=os.environ.get("CAPTURE_EXTENDED") == "1",
    worker_prefetch_multiplier=1,
)


@app.task(name="capture.add")
def add(x, y=0):
    return x + y


@app.task(name="capture.echo")
def echo(value):
    return value


@app.task(name="capture.fail")
def fail(*args):
    raise ValueError(*args)


def flag_set(flag):
    return (FLAGS / flag).exists()


@app.task(name="capture.flaky", bind=True, max_retries=3)
def flaky(self, flag):
    if not flag_set(flag):
        raise self.retry(countdown=1, exc=OSError("not yet: " + flag))
    return "done after retry"


@app.task(name="capture.block")
def block(flag, value=None):
    deadline = time.time() + TIMEOUT
    while not flag_set(flag) and time.time() < deadline:
        time.sleep(0.05)
    return value


def connect():
    return psycopg2.connect(DB_URL)


def row_of(task_id):
    with connect() as conn, conn.cursor() as cur:
        cur.execute(
            "SELECT id, task_id, status, result, date_done, traceback, name, args, kwargs,"
            " worker, retries, queue FROM celery_taskmeta WHERE task_id = %s", (task_id,))
        found = cur.fetchone()
        if found is None:
            return None
        names = [d[0] for d in cur.description]
    row = dict(zip(names, found))
    for column in ("result", "args", "kwargs"):
        if row[column] is not None:
            row[column] = bytes(row[column]).hex()
    if row["date_done"] is not None:
        row["date_done"] = row["date_done"].isoformat()
    return row


def python_view(row):
    view = {}
    if row["result"] is not None:
        value = pickle.loads(bytes.fromhex(row["result"]))
        view["result"] = repr(value)
        view["result_json"] = json.loads(json.dumps(value))
    for column in ("args", "kwargs"):
        if row[column] is not None:
            view[column] = bytes.fromhex(row[column]).decode()
    return view


def status_of(task_id):
    row = row_of(task_id)
    return row["status"] if row else None


def wait_for(predicate, what):
    deadline = time.time() + TIMEOUT
    while time.time() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(0.02)
    raise TimeoutError("timed out waiting for " + what)


def write(name, record):
    (HERE / (name + ".json")).write_text(json.dumps(record, indent=2, ensure_ascii=False) + "\n")
    print("wrote", name)


class Capture:
    def __init__(self, config):
        self.config = config

    def write(self, name, task_id, note, **extra):
        row = row_of(task_id)
        write(name, {
            "scenario": name,
            "note": note,
            "celery": "5.2.6",
            "config": self.config,
            "task_id": task_id,
            "row": row,
            "python": python_view(row),
            **extra,
        })

    def task(self, name, note, result, state="SUCCESS"):
        wait_for(lambda: status_of(result.id) == state, name + " " + state)
        self.write(name, result.id, note)


def start_worker(extended):
    env = dict(os.environ, CAPTURE_EXTENDED="1" if extended else "0")
    WORKER_COPY.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(__file__, WORKER_COPY)
    worker = subprocess.Popen([sys.executable, str(WORKER_COPY), "worker"], env=env)
    add.delay(0, 0).get(timeout=TIMEOUT)
    return worker


def stop_worker(worker):
    worker.terminate()
    worker.wait(timeout=TIMEOUT)


def new_flag():
    import uuid
    return "flag-" + str(uuid.uuid4())


def plain_run():
    cap = Capture({"result_extended": False})
    cap.task("success-int", "add(2, 3)", add.delay(2, 3))
    cap.task("success-bigint", "add(2**40, 1)", add.delay(2 ** 40, 1))
    cap.task("success-negative", "add(-70000, 0)", add.delay(-70000, 0))
    cap.task("success-float", "add(1.5, 0.25)", add.delay(1.5, 0.25))
    cap.task("success-str", "echo of a non-ASCII string",
             echo.delay("h\u00e9llo w\u00f6rld \u2713 \U0001f600"))
    cap.task("success-list", "echo of a nested list", echo.delay([1, "two", [3.5, None], True, False]))
    cap.task("success-dict", "echo of a dict", echo.delay({"a": 1, "b": [1, 2], "c": {"d": None}}))
    cap.task("success-none", "echo(None)", echo.delay(None))
    cap.task("success-empty", "echo([]) then echo({}) would differ only in the opcode", echo.delay([]))
    cap.task("success-long-str", "echo of a 300-character string", echo.delay("x" * 300))
    cap.task("failure", "fail('boom', 42) raises ValueError", fail.delay("boom", 42), "FAILURE")

    flag = new_flag()
    retried = flaky.delay(flag)
    wait_for(lambda: status_of(retried.id) == "RETRY", "RETRY")
    cap.write("retry", retried.id, "flaky raised self.retry(countdown=1, exc=OSError(...)); row while in RETRY")
    (FLAGS / flag).touch()
    retried.get(timeout=TIMEOUT)

    flag = new_flag()
    started = block.delay(flag, "unblocked")
    wait_for(lambda: status_of(started.id) == "STARTED", "STARTED")
    cap.write("started", started.id, "task_track_started=True; row while the task runs")
    (FLAGS / flag).touch()
    started.get(timeout=TIMEOUT)

    revoked = add.apply_async((1, 1), countdown=2)
    time.sleep(0.5)
    app.control.revoke(revoked.id)
    cap.task("revoked", "apply_async(countdown=2), then control.revoke(id)", revoked, "REVOKED")

    members = group(add.s(1, 1), add.s(2, 2)).delay()
    members.get(timeout=TIMEOUT)
    members.save()
    with connect() as conn, conn.cursor() as cur:
        cur.execute("SELECT id, taskset_id, result, date_done FROM celery_tasksetmeta"
                    " WHERE taskset_id = %s", (members.id,))
        found = cur.fetchone()
    restored = GroupResult.restore(members.id, app=app)
    write("group-save", {
        "scenario": "group-save",
        "note": "GroupResult.save() by the client, then GroupResult.restore(id)",
        "celery": "5.2.6",
        "config": cap.config,
        "group_id": members.id,
        "member_ids": [r.id for r in members.results],
        "row": {"id": found[0], "taskset_id": found[1], "result": bytes(found[2]).hex(),
                "date_done": found[3].isoformat()},
        "restored_ids": [r.id for r in restored.results],
    })

    forgotten = add.delay(4, 4)
    forgotten.get(timeout=TIMEOUT)
    AsyncResult(forgotten.id, app=app).forget()
    write("forget", {
        "scenario": "forget",
        "note": "AsyncResult(id).forget() deletes the row",
        "celery": "5.2.6",
        "task_id": forgotten.id,
        "row_after": row_of(forgotten.id),
        "state_after_forget": AsyncResult(forgotten.id, app=app).state,
    })


def extended_run():
    cap = Capture({"result_extended": True})
    cap.task("extended-success", "add.apply_async((2,), {'y': 3}) with result_extended",
             add.apply_async((2,), {"y": 3}))
    cap.task("extended-failure", "fail('boom') with result_extended", fail.delay("boom"), "FAILURE")
    flag = new_flag()
    started = block.delay(flag)
    wait_for(lambda: status_of(started.id) == "STARTED", "STARTED")
    cap.write("extended-started", started.id, "STARTED with result_extended")
    (FLAGS / flag).touch()
    started.get(timeout=TIMEOUT)


def schema():
    with connect() as conn, conn.cursor() as cur:
        cur.execute(
            "SELECT table_name, column_name, data_type, character_maximum_length, is_nullable,"
            " column_default FROM information_schema.columns WHERE table_name IN"
            " ('celery_taskmeta', 'celery_tasksetmeta') ORDER BY table_name, ordinal_position")
        columns = [dict(zip([d[0] for d in cur.description], r)) for r in cur.fetchall()]
        cur.execute("SELECT sequence_name, data_type, start_value, increment FROM"
                    " information_schema.sequences ORDER BY sequence_name")
        sequences = [dict(zip([d[0] for d in cur.description], r)) for r in cur.fetchall()]
        cur.execute("SELECT conname, contype, pg_get_constraintdef(oid) FROM pg_constraint WHERE"
                    " conrelid IN ('celery_taskmeta'::regclass, 'celery_tasksetmeta'::regclass)"
                    " ORDER BY conname")
        constraints = [{"name": r[0], "type": r[1], "definition": r[2]} for r in cur.fetchall()]
    write("schema", {"scenario": "schema", "note": "tables created by SQLAlchemy with result_extended=True",
                     "celery": "5.2.6", "columns": columns, "sequences": sequences,
                     "constraints": constraints})


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--db", default=DB_URL)
    parser.add_argument("--broker", default=BROKER_URL)
    args = parser.parse_args()
    os.environ["CAPTURE_DB"], os.environ["CAPTURE_BROKER"] = args.db, args.broker
    app.conf.update(broker_url=args.broker, result_backend="db+" + args.db)
    base, name = args.db.rsplit("/", 1)
    admin = psycopg2.connect(base + "/postgres")
    admin.autocommit = True
    with admin.cursor() as cur:
        cur.execute("SELECT 1 FROM pg_database WHERE datname = %s", (name,))
        if cur.fetchone() is None:
            cur.execute('CREATE DATABASE "' + name + '"')
    admin.close()
    with connect() as conn, conn.cursor() as cur:
        cur.execute("DROP TABLE IF EXISTS celery_taskmeta, celery_tasksetmeta")
        cur.execute("DROP SEQUENCE IF EXISTS task_id_sequence, taskset_id_sequence")
    FLAGS.mkdir(parents=True, exist_ok=True)
    # The extended run goes first, so the tables have every column (SQLAlchemy creates them once).
    for run, extended in ((extended_run, True), (plain_run, False)):
        worker = start_worker(extended)
        try:
            run()
        finally:
            stop_worker(worker)
    schema()
    with app.connection_for_write() as connection:
        connection.default_channel.queue_delete(QUEUE)


if __name__ == "__main__":
    if sys.argv[1:] == ["worker"]:
        app.worker_main(["worker", "-Q", QUEUE, "-P", "threads", "-c", "4", "-l", "warning",
                         "-n", WORKER_NAME, "--without-gossip", "--without-mingle", "--without-heartbeat"])
    else:
        main()
