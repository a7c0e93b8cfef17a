"""Captures the messages Python Celery 5.2.6 publishes for a chord with a PostgreSQL result backend
(SQLAlchemy and psycopg2), whose backend has no join: the celery.chord_unlock task
(fallback_chord_unlock) then the header members. Printed as chord-db-publish.json next to this file.
Needs RabbitMQ and PostgreSQL locally; uses a queue of its own, which nothing consumes, and writes no
rows (nothing runs).

    /usr/bin/python3 client/src/test/resources/celery-vectors/chord_db_capture.py
"""
import json, uuid, sys
from celery import Celery, chord
from kombu import Connection, Queue
Q = "chorddbcap-" + uuid.uuid4().hex[:8]
app = Celery("cap", broker="amqp://guest:guest@localhost:5672//",
             backend="db+postgresql://postgres@127.0.0.1:5432/celeriac_it")
app.conf.task_default_queue = Q
@app.task(name="cap.add")
def add(x, y): return x + y
@app.task(name="cap.collect")
def collect(xs): return xs
def drain():
    msgs = []
    with Connection(app.conf.broker_url) as c:
        bq = Queue(Q, durable=True)(c.default_channel); bq.declare()
        while True:
            m = bq.get(no_ack=True)
            if m is None: break
            msgs.append({"headers": m.headers,
                         "properties": {k: v for k, v in m.properties.items() if k != "application_headers"},
                         "body": json.loads(m.body)})
    return msgs
with Connection(app.conf.broker_url) as c:
    Queue(Q, durable=True)(c.default_channel).declare()
r = chord([add.s(1, 1), add.s(2, 2)], collect.s()).apply_async()
out = {"celery": __import__("celery").__version__, "backend": type(app.backend).__name__,
       "body_id": r.id, "messages": drain()}
json.dump(out, sys.stdout, indent=1)
with Connection(app.conf.broker_url) as c:
    c.default_channel.queue_delete(Q)
