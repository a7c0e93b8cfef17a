#!/usr/bin/python3
# Usage: scripts/capture-signed-messages.py FIXTURES_DIR/ SIGNER DIGEST  (needs RabbitMQ on localhost:5672)
"""Captures a task message as Celery 5.2.6 signs it after app.setup_security()."""
import json, sys
import celery
from celery import Celery
from kombu import Connection, Queue
S = sys.argv[1]  # the fixtures directory, ending in /
who, digest = sys.argv[2], sys.argv[3]
app = Celery("cap", broker="amqp://guest:guest@localhost:5672//", backend="rpc://")
app.conf.update(security_key=S + who + ".key", security_certificate=S + who + ".pem",
    security_cert_store=S + "store/" + who + ".pem", security_digest=digest,
    task_serializer="auth", accept_content=["auth"])
# Celery 5.2.6 ignores security_digest unless setup_security is given the digest (its
# default argument, sha256, wins over the setting).
app.setup_security(digest=digest)
q = "sigcap-" + who + "-" + digest
with Connection("amqp://guest:guest@localhost:5672//") as c:
    ch = c.channel(); Queue(q, channel=ch).declare(); ch.queue_purge(q)
app.send_task("tasks.add", args=(2, 3), kwargs={"note": "h\u00e9llo \u2603"}, queue=q, task_id="signed-" + who + "-" + digest)
with Connection("amqp://guest:guest@localhost:5672//") as c:
    m = c.SimpleQueue(q, no_ack=True).get(timeout=5)
    out = {"celery": celery.__version__, "signer": who, "digest": digest,
           "content_type": m.content_type, "content_encoding": m.content_encoding,
           "headers": m.headers, "body": m.body.decode() if isinstance(m.body, bytes) else m.body}
with Connection("amqp://guest:guest@localhost:5672//") as c:
    c.channel().queue_delete(q)
print(json.dumps(out, indent=1, ensure_ascii=False))
