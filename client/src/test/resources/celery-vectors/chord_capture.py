"""Captures the messages Python Celery 5.2.6 publishes for a chord and for a chain with a group in the
middle, with a Redis result backend, printed as the "chord" and "chain-group-body" parts of
chord-publish.json next to this file (the chord_unlock part
of that file comes from the shared capture). Needs RabbitMQ and Redis locally; uses Redis database 14
and a queue of its own, which nothing consumes.

    /usr/bin/python3 client/src/test/resources/celery-vectors/chord_capture.py
"""
import json, uuid, sys
from celery import Celery, chain, chord, group
from kombu import Connection, Queue
Q = "chordcap-" + uuid.uuid4().hex[:8]
app = Celery("cap", broker="amqp://guest:guest@localhost:5672//", backend="redis://127.0.0.1:6379/14")
app.conf.task_default_queue = Q
@app.task(name="cap.add")
def add(x, y): return x + y
@app.task(name="cap.collect")
def collect(xs): return xs
out = {}
def drain():
    msgs = []
    with Connection(app.conf.broker_url) as c:
        q = Queue(Q, durable=True)
        bq = q(c.default_channel); bq.declare()
        while True:
            m = bq.get(no_ack=True)
            if m is None: break
            msgs.append({"headers": m.headers, "properties": {k: v for k, v in m.properties.items() if k != "application_headers"}, "body": json.loads(m.body)})
    return msgs
with Connection(app.conf.broker_url) as c:
    Queue(Q, durable=True)(c.default_channel).declare()
r = chord([add.s(1, 1), add.s(2, 2)], collect.s()).apply_async()
out["chord"] = {"body_id": r.id, "messages": drain()}
r = chain(add.s(1, 1), group(add.s(10), add.s(20)), collect.s()).apply_async()
out["chain-group-body"] = {"result_id": r.id, "messages": drain()}
import redis
rc = redis.Redis.from_url("redis://127.0.0.1:6379/14")
gid = out["chord"]["messages"][0]["headers"]["group"]
key = "celery-taskset-meta-%s.s" % gid
out["redis_keys"] = {key: rc.get(key).decode()}
json.dump(out, sys.stdout, indent=1)
with Connection(app.conf.broker_url) as c:
    c.default_channel.queue_delete(Q)
# Only the keys this run wrote: the chord's size (.s); nothing ran, so there are no results.
for k in out["redis_keys"]:
    rc.delete(k)
