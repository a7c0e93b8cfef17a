"""Python Celery as a client of a Celeriac worker: runs one scenario against the it.* tasks on the
queue given and prints one JSON object with what it saw. Usage: driver.py SCENARIO QUEUE [ARGS]."""
import datetime
import json
import sys
import time
import uuid

from celery import chain, chord, group, signature
from celery.exceptions import TimeoutError as CeleryTimeout

from celeriac_interop import app

TIMEOUT = 30


def sig(name, *args, **kwargs):
    return signature(name, args=args, kwargs=kwargs, app=app)


def failure(result):
    try:
        result.get(timeout=TIMEOUT)
        return {"state": result.state}
    except CeleryTimeout:
        return {"state": "TIMEOUT"}
    except Exception as e:  # what the caller sees: the remote exception, rebuilt
        return {
            "state": result.state,
            "type": type(e).__name__,
            "module": type(e).__module__,
            "args": list(e.args),
            "traceback": result.traceback,
        }


def run(scenario, queue, extra):
    send = lambda name, *a, **o: app.send_task(name, args=a, queue=queue, **o)
    if scenario == "durable":
        # With backend='redis://...': results come from Redis, whatever reply_to the client sent.
        ok = send("it.add", 20, 22)
        bad = send("it.fail", "boom")
        return {
            "backend": type(app.backend).__name__,
            "ok_id": ok.id,
            "ok": ok.get(timeout=TIMEOUT),
            "bad_id": bad.id,
            "failure": failure(bad),
        }
    if scenario == "signed":
        # Run with INTEROP_SECURITY_*: every message below is signed; the chain's second step is
        # published (and so signed) by the worker that ran the first.
        q = {"queue": queue}
        values = [1, 2 ** 40, 1.5, "h\u00e9llo \u4e16\u754c", None, True, {"a": [1, {"b": None}]}]
        ch = chain(sig("it.add", 1, 2).set(**q), sig("it.mul", 3).set(**q)).apply_async()
        ok = send("it.add", 2, 3)
        return {
            "serializer": app.conf.task_serializer,
            "add": ok.get(timeout=TIMEOUT),
            "add_id": ok.id,
            "echo_same": send("it.echo", values).get(timeout=TIMEOUT) == values,
            "chain": ch.get(timeout=TIMEOUT),
        }
    if scenario == "values":
        values = [1, -7, 2 ** 31, 2 ** 40, -(2 ** 53), 1.5, "h\u00e9llo \u4e16\u754c", None, True, False,
                  [1, [2, [3]]], {"a": {"b": [1, {"c": None}]}}]
        out = send("it.echo", values).get(timeout=TIMEOUT)
        return {"same": out == values, "back": out}
    if scenario == "basic":
        task_id = "py-explicit-" + str(uuid.uuid4())
        return {
            "positional": send("it.add", 2, 3).get(timeout=TIMEOUT),
            "kwargs": app.send_task("it.add", kwargs={"x": 4, "y": 5}, queue=queue).get(timeout=TIMEOUT),
            "explicit_id": send("it.add", 1, 1, task_id=task_id).id == task_id,
            "headers": send("it.add", 3, 3, headers={"x-custom": "abc", "x-big-int": 2 ** 40}).get(timeout=TIMEOUT),
        }
    if scenario == "times":
        start = time.time()
        countdown = send("it.add", 1, 2, countdown=1.5).get(timeout=TIMEOUT)
        waited = time.time() - start
        aware = send("it.add", 2, 2, eta=datetime.datetime.now(datetime.timezone.utc) + datetime.timedelta(seconds=1)).get(timeout=TIMEOUT)
        naive = send("it.add", 3, 3, eta=datetime.datetime.utcnow() + datetime.timedelta(seconds=1)).get(timeout=TIMEOUT)
        expired = failure(send("it.add", 1, 1, expires=datetime.datetime.now(datetime.timezone.utc) - datetime.timedelta(minutes=1)))
        return {"countdown": countdown, "waited": waited, "aware": aware, "naive": naive, "expired": expired}
    if scenario == "failures":
        return {
            "builtin": failure(send("it.fail", "boom")),
            "custom": failure(send("it.fail_custom", 42, "custom")),
            "unknown": failure(send("it.nope", 1)),
        }
    if scenario == "retries":
        return {"flaky": send("it.flaky", 2).get(timeout=TIMEOUT), "exhausted": failure(send("it.always_retry"))}
    if scenario == "canvas":
        q = {"queue": queue}
        ch = chain(sig("it.add", 1, 2).set(**q), sig("it.mul", 3), sig("it.add", 4, 4).set(immutable=True)).apply_async()
        gr = group(sig("it.add", i, i).set(**q) for i in range(10)).apply_async()
        starmap = sig("it.add").set(**q)
        sm = app.signature("celery.starmap", kwargs={"task": starmap, "it": [[1, 2], [3, 4]]}, queue=queue).apply_async()
        mp = app.signature("celery.map", kwargs={"task": sig("it.mirror"), "it": [{"x": 1, "y": 2}]}, queue=queue).apply_async()
        ck = group(app.signature("celery.starmap", kwargs={"task": starmap, "it": part}, queue=queue)
                   for part in ([[0, 0], [1, 1]], [[2, 2]])).apply_async()
        # A chain ending in a group: the worker that ran it.add publishes the group's members.
        fan = chain(sig("it.add", 1, 1).set(**q), group(sig("it.mul", 2).set(**q), sig("it.mul", 3).set(**q))).apply_async()
        return {
            "chain_to_group": fan.get(timeout=TIMEOUT),
            "chain": ch.get(timeout=TIMEOUT),
            "group": gr.get(timeout=TIMEOUT),
            "starmap": sm.get(timeout=TIMEOUT),
            "map": mp.get(timeout=TIMEOUT),
            "chunks": ck.get(timeout=TIMEOUT),
        }
    if scenario == "links":
        key = extra[0]
        ok = app.send_task("it.add", args=(20, 22), queue=queue, link=sig("it.record", key))
        bad = app.send_task("it.fail", args=("boom",), queue=queue, link_error=sig("it.record", key + "-err"))
        # A callback that is itself a chain: 1 + 1, then * 10, then recorded.
        app.send_task("it.add", args=(1, 1), queue=queue,
                      link=chain(sig("it.mul", 10).set(queue=queue), sig("it.record", key + "-chain").set(queue=queue)))
        return {"ok": ok.get(timeout=TIMEOUT), "bad_id": bad.id, "bad": failure(bad)}
    if scenario == "started":
        r = send("it.slow", 1500)
        seen = set()
        deadline = time.time() + TIMEOUT
        while not r.ready() and time.time() < deadline:
            seen.add(r.state)
            time.sleep(0.02)
        return {"seen": sorted(seen), "result": r.get(timeout=TIMEOUT)}
    if scenario == "ignore":
        # Our own reply queue: whatever the worker sends back for the quiet task lands here.
        probe = "py-probe-" + str(uuid.uuid4())
        with app.connection_for_write() as conn:
            channel = conn.default_channel
            channel.queue_declare(probe, auto_delete=True)
            send("it.add", 1, 1, ignore_result=True, reply_to=probe)
            loud = send("it.add", 2, 2).get(timeout=TIMEOUT)
            time.sleep(1)
            _, replies, _ = channel.queue_declare(probe, passive=True)
        return {"loud": loud, "quiet_replies": replies}
    if scenario == "chainfail":
        ch = chain(sig("it.add", 1, 2).set(queue=queue), sig("it.fail"), sig("it.add", 4)).apply_async()
        return {"last": failure(ch)}
    if scenario == "priority":
        for n in (1, 9, 5):
            app.send_task("it.record", args=(n, extra[0]), queue=queue, priority=n)
        return {"sent": 3}
    if scenario == "chord":
        # chord QUEUE HEADER_TASK HEADER_QUEUE BODY_TASK [FAIL_TASK]: members HEADER_TASK(1, 1),
        # HEADER_TASK(2, 2) on HEADER_QUEUE, the body on QUEUE. With a backend without a join
        # (db+postgresql://) Celery sends celery.chord_unlock to the body's queue first.
        header_task, header_queue, body_task = extra[0], extra[1], extra[2]
        members = [sig(header_task, 1, 1).set(queue=header_queue),
                   sig(header_task, 2, 2).set(queue=header_queue)]
        if len(extra) > 3:
            members.append(sig(extra[3], "header boom").set(queue=header_queue))
        r = chord(members, sig(body_task).set(queue=queue)).apply_async()
        out = {"backend": type(app.backend).__name__, "body_id": r.id,
               "member_ids": [m.id for m in r.parent.results]}
        if len(extra) > 3:
            # The body's own state: r.get() would raise the failed member's error first, since
            # Celery checks a result's parents (the header) before the result itself.
            out["failure"] = failure(app.AsyncResult(r.id))
        else:
            out["result"] = r.get(timeout=TIMEOUT)
        return out
    raise SystemExit("unknown scenario " + scenario)


if __name__ == "__main__":
    print(json.dumps(run(sys.argv[1], sys.argv[2], sys.argv[3:])))
