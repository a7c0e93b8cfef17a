# Writes content-header.hex: one AMQP content-header frame exactly as py-amqp 5.1.1 (Debian's
# python3-amqp, the version Celery 5.2.6 uses) serializes it, with ints beyond 32 bits (tag 'L')
# at the top level, in a nested table and in arrays. Regenerate: /usr/bin/python3 content-header.py
import struct
from datetime import datetime
from decimal import Decimal

from amqp.basic_message import Message

headers = {
    "task": "tasks.add",
    "x-big-int": 2**40,
    "x-negative": -(2**40),
    "x-min-int32": -(2**31),
    "small": 7,
    "nested": {"deep": 2**35, "list": [2**33, "x", None, True, 1.5]},
    "list": [1, 2**40, [2**41]],
    "decimal": Decimal("1.25"),
    "when": datetime(2030, 1, 2, 3, 4, 5),
    "text": "h\u00e9llo",
    "none": None,
    "flag": False,
}
message = Message(
    b"[1,2]",
    content_type="application/json",
    content_encoding="utf-8",
    application_headers=headers,
    delivery_mode=2,
    priority=0,
    correlation_id="id-1",
    reply_to="reply-queue",
)
payload = struct.pack(">HHQ", 60, 0, 5) + message._serialize_properties()
frame = struct.pack(">BHI", 2, 1, len(payload)) + payload + b"\xce"
with open("content-header.hex", "w") as out:
    out.write(frame.hex() + "\n")
