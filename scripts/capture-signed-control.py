#!/usr/bin/python3
# Usage: scripts/capture-signed-control.py FIXTURES_DIR/  (needs RabbitMQ on localhost:5672)
"""Captures a remote-control request (inspect ping) as Celery 5.2.6 signs it after
app.setup_security(): the pidbox uses the task serializer, so control messages are signed too."""
import json
import sys

import celery
from celery import Celery
from kombu import Connection, Exchange, Queue

S = sys.argv[1]
app = Celery("cap", broker="amqp://guest:guest@localhost:5672//")
app.conf.update(security_key=S + "bob.key", security_certificate=S + "bob.pem",
                security_cert_store=S + "store/bob.pem", task_serializer="auth",
                accept_content=["auth"])
app.setup_security(digest="sha256")
with Connection("amqp://guest:guest@localhost:5672//") as c:
    ch = c.channel()
    q = Queue("sigcap-pidbox", Exchange("celery.pidbox", type="fanout", durable=False,
                                        auto_delete=False), channel=ch, auto_delete=True)
    q.declare()
    app.control.inspect(destination=["nobody@capture"], timeout=0.2).ping()
    m = c.SimpleQueue(q, no_ack=True).get(timeout=5)
    out = {"celery": celery.__version__, "signer": "bob", "digest": "sha256",
           "content_type": m.content_type, "content_encoding": m.content_encoding,
           "headers": m.headers, "body": m.body.decode() if isinstance(m.body, bytes) else m.body}
print(json.dumps(out, indent=1, ensure_ascii=False))
