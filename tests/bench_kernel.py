#!/usr/bin/python3
"""Drive Jupyter kernels over ZeroMQ the way a frontend does and time them.

For each kernelspec named on the command line (default: gothreads and
python3) it reports, over several launches:
  - startup: process start to the first kernel_info_reply;
  - first cell: the first execute_request to its idle status;
  - trivial cell: execute_request to idle for a one-line cell, median and
    p95 over --cells cells.

With --worker-cost it measures instead what gothreads' worker process
adds to a trivial cell: it starts the gothreads kernel twice, as Jupyter
does and with --in-process (cells run in the kernel's own process), sends
trivial cells to the two in turn, and reports the median of the paired
differences, which a busy machine's drift affects alike.

With --compiled it measures compiled cells (%%run) against the targets of
issue 18, side by side with GoNB when a "gonb" kernelspec is installed, and
otherwise against GoNB's figures measured beside ipykernel on this machine
earlier (issue 18), scaled by how long ipykernel takes for the same cell in
this run:
  - an unchanged %%run cell run again (sum of i*i for i < 10^7);
  - a changed small cell, built and run;
  - 100,000 integers between two goroutines through a channel of 10, as the
    program measures its own run time.

Usage: bench_kernel.py [--cells N] [--launches N] [KERNEL...]
       bench_kernel.py --worker-cost [--cells N] [--launches N]
       bench_kernel.py --compiled [--cells N]
Kernelspecs are found through JUPYTER_PATH, as Jupyter finds them.
"""

import argparse
import hashlib
import hmac
import json
import os
import socket
import statistics
import subprocess
import tempfile
import time
import uuid

import zmq
from jupyter_client.kernelspec import KernelSpecManager

TRIVIAL = {"gothreads": "1 + 1", "python3": "1 + 1"}

# A cell printing 10,000 lines, and 100,000 integers passed between two
# goroutines (threads) through a buffered channel (queue) of 10.
BURST = {
    "gothreads": 'for i := range 10000 { fmt.Println("line", i) }',
    "python3": 'for i in range(10000): print("line", i)',
}
# 100,000 items from a producer thread to a consumer thread through a queue
# of 10, with the runtime packages.
QUEUE = {
    "gothreads": """rq := queue.New(10)
producer := threading.NewThread(func() {
	for i := 0; i < 100000; i++ {
		rq.Put(i)
	}
	rq.Put(nil)
})
consumer := threading.NewThread(func() {
	for x := rq.Get(); x != nil; x = rq.Get() {
	}
})
producer.Start()
consumer.Start()
producer.Join()
consumer.Join()""",
    "python3": """import threading, queue
rq = queue.Queue(maxsize=10)
def producer():
    for i in range(100000): rq.put(i)
    rq.put(None)
def consumer():
    while rq.get() is not None: pass
p = threading.Thread(target=producer); c = threading.Thread(target=consumer)
p.start(); c.start(); p.join(); c.join()""",
}

CHANNEL = {
    "gothreads": """ch := make(chan int, 10)
go func() { for i := range 100000 { ch <- i }; close(ch) }()
sum := 0
for v := range ch { sum += v }""",
    "python3": """import threading, queue
q = queue.Queue(10)
def produce():
    for i in range(100000): q.put(i)
    q.put(None)
threading.Thread(target=produce).start()
total = 0
while (v := q.get()) is not None: total += v""",
}


def free_ports(n):
    socks, ports = [], []
    for _ in range(n):
        s = socket.socket()
        s.bind(("127.0.0.1", 0))
        socks.append(s)
        ports.append(s.getsockname()[1])
    for s in socks:
        s.close()
    return ports


class Client:
    def __init__(self, argv, key):
        ports = free_ports(5)
        self.key = key.encode()
        self.session = str(uuid.uuid4())
        conn = dict(transport="tcp", ip="127.0.0.1", shell_port=ports[0], control_port=ports[1],
                    iopub_port=ports[2], stdin_port=ports[3], hb_port=ports[4],
                    key=key, signature_scheme="hmac-sha256")
        fd, self.conn_file = tempfile.mkstemp(suffix=".json")
        with os.fdopen(fd, "w") as f:
            json.dump(conn, f)
        ctx = zmq.Context.instance()
        # The kernel binds after it starts; retry the connection every
        # millisecond rather than ZeroMQ's default 100 ms, so that startup
        # measures the kernel and not the client's back-off.
        ctx.setsockopt(zmq.RECONNECT_IVL, 1)
        self.shell = ctx.socket(zmq.DEALER)
        self.shell.connect(f"tcp://127.0.0.1:{ports[0]}")
        self.iopub = ctx.socket(zmq.SUB)
        self.iopub.setsockopt(zmq.SUBSCRIBE, b"")
        self.iopub.connect(f"tcp://127.0.0.1:{ports[2]}")
        argv = [a.replace("{connection_file}", self.conn_file) for a in argv]
        self.t0 = time.perf_counter()
        self.proc = subprocess.Popen(argv, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)

    def sign(self, parts):
        h = hmac.new(self.key, digestmod=hashlib.sha256)
        for p in parts:
            h.update(p)
        return h.hexdigest().encode()

    def send(self, msg_type, content):
        msg_id = str(uuid.uuid4())
        header = json.dumps({"msg_id": msg_id, "username": "bench", "session": self.session,
                             "date": "", "msg_type": msg_type, "version": "5.3"}).encode()
        parts = [header, b"{}", b"{}", json.dumps(content).encode()]
        self.shell.send_multipart([b"<IDS|MSG>", self.sign(parts)] + parts)
        return msg_id

    @staticmethod
    def parse(frames):
        i = frames.index(b"<IDS|MSG>")
        return json.loads(frames[i + 2]), json.loads(frames[i + 3]), json.loads(frames[i + 5])

    def reply(self, msg_id, timeout=60):
        if not self.shell.poll(timeout * 1000):
            raise TimeoutError("no reply")
        while True:
            header, parent, content = self.parse(self.shell.recv_multipart())
            if parent.get("msg_id") == msg_id:
                return content

    def idle(self, msg_id, timeout=60):
        """Waits for the idle status of msg_id; returns its stream texts."""
        streams = []
        deadline = time.perf_counter() + timeout
        while time.perf_counter() < deadline:
            if not self.iopub.poll(1000):
                continue
            header, parent, content = self.parse(self.iopub.recv_multipart())
            if parent.get("msg_id") != msg_id:
                continue
            if header["msg_type"] == "stream":
                streams.append(content["text"])
            if header["msg_type"] == "status" and content["execution_state"] == "idle":
                return streams
        raise TimeoutError("no idle")

    def wait_subscribed(self):
        """iopub subscriptions need a moment to reach the kernel: waits until
        a status for our own request arrives, before cells are timed."""
        while True:
            msg_id = self.send("kernel_info_request", {})
            self.reply(msg_id)
            try:
                self.idle(msg_id, timeout=0.2)
                return
            except TimeoutError:
                pass

    def execute(self, code, streams=None):
        t = time.perf_counter()
        msg_id = self.send("execute_request", {"code": code, "silent": False, "store_history": True,
                                               "user_expressions": {}, "allow_stdin": False,
                                               "stop_on_error": True})
        got = self.idle(msg_id)
        if streams is not None:
            streams.extend(got)
        return time.perf_counter() - t

    def close(self):
        self.send("shutdown_request", {"restart": False})
        try:
            self.proc.wait(10)
        except subprocess.TimeoutExpired:
            self.proc.kill()
        self.shell.close(0)
        self.iopub.close(0)
        os.unlink(self.conn_file)


def bench(name, launches, cells):
    spec = KernelSpecManager().get_kernel_spec(name)
    startups, firsts, trivial = [], [], []
    bursts, burst_msgs, burst_lost, channels, queues = [], [], [], [], []
    for _ in range(launches):
        c = Client(spec.argv, str(uuid.uuid4()))
        try:
            c.reply(c.send("kernel_info_request", {}))
            startups.append(time.perf_counter() - c.t0)
            c.wait_subscribed()
            firsts.append(c.execute(TRIVIAL.get(name, "1")))
            for _ in range(cells // launches):
                trivial.append(c.execute(TRIVIAL.get(name, "1")))
            if name in BURST:
                streams = []
                bursts.append(c.execute(BURST[name], streams))
                text = "".join(streams)
                lost = 10000 - sum(1 for i, line in enumerate(text.splitlines()) if line == f"line {i}")
                burst_msgs.append(len(streams))
                burst_lost.append(lost)
                channels.append(c.execute(CHANNEL[name]))
                queues.append(c.execute(QUEUE[name]))
        finally:
            c.close()
    trivial.sort()
    p95 = trivial[int(len(trivial) * 0.95) - 1]
    ms = lambda s: f"{s * 1000:.2f} ms"
    print(f"{name:10} startup {ms(statistics.median(startups)):>10}  first cell {ms(statistics.median(firsts)):>10}"
          f"  trivial cell median {ms(statistics.median(trivial)):>9}  p95 {ms(p95):>9}"
          f"  ({launches} launches, {len(trivial)} cells)")
    if bursts:
        print(f"{'':10} 10,000 lines {ms(statistics.median(bursts)):>10} to idle in {max(burst_msgs)} stream messages,"
              f" {max(burst_lost)} lines lost;  100,000 ints through a channel of 10 {ms(statistics.median(channels)):>10};"
              f"  through a queue of 10 between two threads {ms(statistics.median(queues)):>10}")


def worker_cost(launches, cells):
    argv = KernelSpecManager().get_kernel_spec("gothreads").argv
    i = argv.index("kernel") + 1
    inproc = argv[:i] + ["--in-process"] + argv[i:]
    worker, local, diffs = [], [], []
    for _ in range(launches):
        clients = [Client(argv, str(uuid.uuid4())), Client(inproc, str(uuid.uuid4()))]
        try:
            for c in clients:
                c.reply(c.send("kernel_info_request", {}))
                c.wait_subscribed()
                for _ in range(20):  # warm up
                    c.execute(TRIVIAL["gothreads"])
            for k in range(cells // launches):
                # Alternate which goes first, so neither always follows the other.
                pair = clients if k % 2 == 0 else clients[::-1]
                t = {id(c): c.execute(TRIVIAL["gothreads"]) for c in pair}
                w, p = t[id(clients[0])], t[id(clients[1])]
                worker.append(w)
                local.append(p)
                diffs.append(w - p)
        finally:
            for c in clients:
                c.close()
    us = lambda s: f"{s * 1e6:.0f} µs"
    print(f"trivial cell median: with the worker {us(statistics.median(worker))},"
          f" in-process {us(statistics.median(local))};"
          f" the worker adds {us(statistics.median(diffs))} (median of {len(diffs)} paired cells)")


# Sum of i*i for i < 10^7 in a function, as issue 18 measured it.
SQUARES = {
    "gothreads": """%%run
func squares(n int) int {
	s := 0
	for i := 0; i < n; i++ {
		s += i * i
	}
	return s
}
fmt.Println(squares(10_000_000))""",
    "gonb": """func squares(n int) int {
	s := 0
	for i := 0; i < n; i++ {
		s += i * i
	}
	return s
}

%%
fmt.Println(squares(10_000_000))""",
    "python3": """def squares(n):
    s = 0
    for i in range(n):
        s += i * i
    return s
print(squares(10_000_000))""",
}
# Issue 18's figures, measured side by side on one machine: GoNB's cell and
# its changed small cell, and ipykernel's squares cell.
GONB_SQUARES_MS, GONB_CHANGED_MS, IPYKERNEL_SQUARES_MS = 151, 290, 568
CHANNEL_RUN = """%%run
start := time.Now()
ch := make(chan int, 10)
go func() {
	for i := range 100000 {
		ch <- i
	}
	close(ch)
}()
sum := 0
for v := range ch {
	sum += v
}
fmt.Println(sum, time.Since(start).Microseconds())"""


def compiled(cells):
    ms = lambda s: f"{s * 1000:.0f} ms"
    spec = KernelSpecManager().get_kernel_spec("gothreads")
    c = Client(spec.argv, str(uuid.uuid4()))
    try:
        c.reply(c.send("kernel_info_request", {}))
        c.wait_subscribed()
        c.execute(SQUARES["gothreads"])  # built once: the cache then has it
        rerun = statistics.median(c.execute(SQUARES["gothreads"]) for _ in range(cells))
        changed = []
        for k in range(max(3, cells // 4)):
            # A new constant each time: a new program, built and run.
            changed.append(c.execute(f'%%run\nfmt.Println({k} + {time.time_ns()})'))
        runs = []
        for _ in range(5):
            streams = []
            c.execute(CHANNEL_RUN, streams)
            runs.append(int("".join(streams).split()[1]) / 1e3)
    finally:
        c.close()
    names = KernelSpecManager().find_kernel_specs()
    if "gonb" in names:
        g = Client(KernelSpecManager().get_kernel_spec("gonb").argv, str(uuid.uuid4()))
        try:
            g.reply(g.send("kernel_info_request", {}))
            g.wait_subscribed()
            g.execute(SQUARES["gonb"])
            gonb = statistics.median(g.execute(SQUARES["gonb"]) for _ in range(cells))
            gonb_changed = statistics.median(g.execute(f"%%\nfmt.Println({k} + {time.time_ns()})") for k in range(max(3, cells // 4)))
        finally:
            g.close()
        against = "GoNB, measured now"
    else:
        p = Client(KernelSpecManager().get_kernel_spec("python3").argv, str(uuid.uuid4()))
        try:
            p.reply(p.send("kernel_info_request", {}))
            p.wait_subscribed()
            py = statistics.median(p.execute(SQUARES["python3"]) for _ in range(3))
        finally:
            p.close()
        scale = py * 1000 / IPYKERNEL_SQUARES_MS
        gonb, gonb_changed = GONB_SQUARES_MS * scale / 1000, GONB_CHANGED_MS * scale / 1000
        against = f"GoNB's figures scaled by ipykernel's squares cell, {ms(py)} now against {IPYKERNEL_SQUARES_MS} ms then"
    print(f"compiled cells, against {against}:")
    print(f"  unchanged %%run cell again (squares, 10^7): {ms(rerun)}; target <= 0.5 x GoNB's {ms(gonb)} = {ms(gonb / 2)}")
    print(f"  changed small cell, built and run: {ms(statistics.median(changed))}; target <= GoNB's {ms(gonb_changed)}")
    print(f"  100,000 ints through a channel of 10, run time: {statistics.median(runs):.1f} ms; target <= 30 ms")


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--cells", type=int, default=200)
    ap.add_argument("--launches", type=int, default=5)
    ap.add_argument("--worker-cost", action="store_true",
                    help="what the worker process adds to a trivial gothreads cell")
    ap.add_argument("--compiled", action="store_true", help="compiled cells (%%%%run) against issue 18's targets")
    ap.add_argument("kernels", nargs="*", default=["gothreads", "python3"])
    args = ap.parse_args()
    if args.compiled:
        compiled(args.cells)
        return
    if args.worker_cost:
        worker_cost(args.launches, args.cells)
        return
    for name in args.kernels:
        bench(name, args.launches, args.cells)


if __name__ == "__main__":
    main()
