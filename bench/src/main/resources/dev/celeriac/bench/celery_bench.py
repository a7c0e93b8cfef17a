"""Celery side of the Celeriac benchmark harness.

Starts a Celery worker (prefork or threads pool) on a fresh queue, runs one workload against it
from this process, stops the worker and prints one JSON line of measurements.

    python3 celery_bench.py --broker amqp://guest:guest@127.0.0.1:5672// --pool threads \
        --concurrency 50 --workload scoop --runs 3
"""
import argparse
import json
import os
import signal
import subprocess
import sys
import time
import uuid

from celery import Celery, group

app = Celery("celery_bench")
app.conf.update(result_backend=os.environ.get("CBENCH_BACKEND", "rpc://"), result_expires=600,
                task_serializer="json", result_serializer="json",
                accept_content=["json"], worker_hijack_root_logger=False)


@app.task(name="cbench.my_sum")
def my_sum(values):
    time.sleep(0.01)
    return sum(values)


@app.task(name="cbench.add")
def add(x, y):
    return x + y


@app.task(name="cbench.sleep")
def sleep(seconds):
    time.sleep(seconds)
    return seconds


def rss_mb(pid):
    """Resident memory of a process and its children, in MB."""
    total = 0
    pids = [pid]
    try:
        out = subprocess.run(["ps", "-o", "pid=", "--ppid", str(pid)], capture_output=True,
                             text=True).stdout
        pids += [int(p) for p in out.split()]
    except OSError:
        pass
    for p in pids:
        try:
            with open("/proc/%d/status" % p) as f:
                for line in f:
                    if line.startswith("VmRSS:"):
                        total += int(line.split()[1])
        except OSError:
            pass
    return total / 1024.0


def queue_depth(conn, queue):
    with conn.channel() as ch:
        return ch.queue_declare(queue=queue, passive=True).message_count


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--broker", required=True)
    p.add_argument("--pool", default="threads")
    p.add_argument("--concurrency", type=int, default=50)
    p.add_argument("--workload", required=True,
                   choices=["scoop", "add", "ignore", "latency", "rss"])
    p.add_argument("--n", type=int, default=10000)
    p.add_argument("--runs", type=int, default=3)
    p.add_argument("--warmup", type=int, default=0, help="unmeasured runs first")
    p.add_argument("--backend", default="rpc://", help="result backend URL")
    p.add_argument("--interval", type=float, default=0.5,
                   help="seconds between reads of a result on a backend that polls (database);"
                        " rpc:// and Redis push results and ignore it")
    a = p.parse_args()
    app.conf.broker_url = a.broker
    app.conf.result_backend = a.backend
    queue = "cbench-" + uuid.uuid4().hex
    app.conf.task_default_queue = queue
    here = os.path.dirname(os.path.abspath(__file__))
    worker = subprocess.Popen(
        [sys.executable, "-m", "celery", "-A", "celery_bench", "worker", "-P", a.pool,
         "-c", str(a.concurrency), "-Q", queue, "--loglevel=WARNING", "-n",
         "cbench-%s@%%h" % uuid.uuid4().hex[:8], "--without-gossip", "--without-mingle",
         "--without-heartbeat"],
        cwd=here, env=dict(os.environ, PYTHONPATH=here, CBENCH_BACKEND=a.backend),
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    result = {"backend": a.backend, "pool": a.pool, "concurrency": a.concurrency, "workload": a.workload}
    try:
        deadline = time.time() + 60
        while time.time() < deadline:
            if app.control.ping(timeout=0.5, destination=None):
                # the queue's consumer is up once it answers
                break
        time.sleep(1.0)
        times = []
        if a.workload == "scoop":
            inputs = [[x] * x for x in range(a.n)]
            for _ in range(a.warmup + a.runs):
                start = time.perf_counter()
                total = sum(group(my_sum.s(x) for x in inputs)().get(timeout=600))
                times.append(time.perf_counter() - start)
            result["result"] = total
            times = times[a.warmup:]
        elif a.workload == "add":
            for _ in range(a.warmup + a.runs):
                start = time.perf_counter()
                # A group is Celery's bulk path (one result set joined natively); waiting on each
                # AsyncResult in turn is several times slower on rpc://.
                group(add.s(i, i) for i in range(a.n))().get(timeout=600, interval=a.interval)
                times.append(time.perf_counter() - start)
            times = times[a.warmup:]
        elif a.workload == "ignore":
            with app.connection_for_write() as conn:
                for _ in range(a.warmup + a.runs):
                    start = time.perf_counter()
                    for i in range(a.n):
                        add.apply_async((i, i), ignore_result=True)
                    while queue_depth(conn, queue) > 0:
                        time.sleep(0.005)
                    add.delay(0, 0).get(timeout=600)  # what was prefetched is done by now
                    times.append(time.perf_counter() - start)
            times = times[a.warmup:]
        elif a.workload == "latency":
            add.delay(1, 1).get(timeout=60, interval=a.interval)
            lat = []
            for _ in range(a.n):
                start = time.perf_counter()
                add.delay(1, 1).get(timeout=60, interval=a.interval)
                lat.append(time.perf_counter() - start)
            lat.sort()
            result["p50"] = lat[len(lat) // 2]
            result["p99"] = lat[min(len(lat) - 1, int(len(lat) * 0.99))]
        elif a.workload == "rss":
            add.delay(1, 1).get(timeout=60)
            time.sleep(1.0)
            result["idle_mb"] = rss_mb(worker.pid)
        result["times"] = times
    finally:
        worker.send_signal(signal.SIGTERM)
        try:
            worker.wait(30)
        except subprocess.TimeoutExpired:
            worker.kill()
        try:
            with app.connection_for_write() as conn, conn.channel() as ch:
                ch.queue_delete(queue)
        except Exception:
            pass
    print(json.dumps(result))


if __name__ == "__main__":
    main()
