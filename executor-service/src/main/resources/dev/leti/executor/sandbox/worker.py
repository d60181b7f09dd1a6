"""LeTI sandbox worker: a long-lived interpreter that runs one program per request.

Started inside the sandbox (bubblewrap namespaces or a container) as an unprivileged
user. For every request it forks a child that drops to the request's limits, installs a
seccomp filter and runs the program; the worker captures output, enforces the wall-clock
limit and afterwards kills everything the program left behind.

Protocol: requests on stdin as "<byte length>\n<JSON>", one JSON line per response on
stdout. The program never sees either stream.
"""
import errno
import json
import os
import resource
import select
import signal
import sys
import time
import traceback

PROGRAM_FILE = "<program>"
# Unisolated (explicitly allowed, no namespaces): no seccomp, and cleanup may only touch
# the program's own process group, never "every process this user may signal".
UNISOLATED = "--unisolated" in sys.argv
SECCOMP = not UNISOLATED
WORK_DIR = sys.argv[sys.argv.index("--work-dir") + 1] if "--work-dir" in sys.argv else "/tmp"

# Modules programs commonly import, loaded once so that forked children start warm (a
# worker started for a single program skips this: it would only add to its start-up).
PRELOAD = () if "--no-preload" in sys.argv else (
    "math", "re", "collections", "itertools", "functools", "heapq", "string", "typing", "bisect",
    "operator", "copy", "random", "statistics", "fractions", "decimal", "datetime", "hashlib", "array")
for _name in PRELOAD:
    try:
        __import__(_name)
    except ImportError:
        pass

if SECCOMP:
    import ctypes
    sys.path.append("/usr/lib/python3/dist-packages")
    import seccomp  # noqa: E402  (python3-seccomp lives outside the isolated path)
    sys.path.pop()
    LIBC = ctypes.CDLL(None, use_errno=True)
    PR_SET_DUMPABLE, PR_SET_NO_NEW_PRIVS, PR_SET_SECCOMP, SECCOMP_MODE_FILTER = 4, 38, 22, 2


def make_unptraceable():
    """Same-uid programs may not read or write the worker's memory through /proc."""
    LIBC.prctl(PR_SET_DUMPABLE, 0, 0, 0, 0)


def compile_seccomp(protected_pids):
    """The child's filter as BPF, compiled once: deny sockets, tracing and any signal aimed
    at the worker, its group, the namespace's init or everyone."""
    deny = seccomp.ERRNO(errno.EPERM)
    filt = seccomp.SyscallFilter(defaction=seccomp.ALLOW)
    for call in ("socket", "socketpair", "ptrace", "process_vm_readv", "process_vm_writev",
                 "pidfd_open", "pidfd_send_signal", "pidfd_getfd", "kcmp"):
        filt.add_rule(deny, call)
    for target in protected_pids:
        word = target & 0xFFFFFFFF
        for call in ("kill", "tkill", "tgkill", "rt_sigqueueinfo", "rt_tgsigqueueinfo"):
            filt.add_rule(deny, call, seccomp.Arg(0, seccomp.MASKED_EQ, 0xFFFFFFFF, word))
    read_end, write_end = os.pipe()
    with os.fdopen(write_end, "wb") as sink:
        filt.export_bpf(sink)
    with os.fdopen(read_end, "rb") as source:
        bpf = source.read()

    class SockFprog(ctypes.Structure):
        _fields_ = [("len", ctypes.c_ushort), ("filter", ctypes.c_void_p)]

    program = ctypes.create_string_buffer(bpf, len(bpf))
    fprog = SockFprog(len(bpf) // 8, ctypes.cast(program, ctypes.c_void_p))
    fprog.keep_alive = program
    return fprog


def install_seccomp(filter_program):
    """Loading precompiled BPF costs microseconds; building it per program costs milliseconds."""
    LIBC.prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0)
    if LIBC.prctl(PR_SET_SECCOMP, SECCOMP_MODE_FILTER, ctypes.byref(filter_program), 0, 0) != 0:
        raise OSError(ctypes.get_errno(), "cannot install the seccomp filter")


def describe(exc):
    """The structured report the service turns into LeTI feedback."""
    frames = [[f.lineno, f.name] for f in traceback.extract_tb(exc.__traceback__)
              if f.filename == PROGRAM_FILE]
    report = {"type": type(exc).__name__, "frames": frames}
    if isinstance(exc, SyntaxError) and exc.filename == PROGRAM_FILE:
        report["syntax"] = {"line": exc.lineno or 0, "message": str(exc.msg)}
    else:
        report["message"] = "".join(traceback.format_exception_only(type(exc), exc)).rstrip("\n")
    return report


def run_child(request, out_w, err_w, res_w, filter_program):
    os.setsid()
    devnull = os.open("/dev/null", os.O_RDONLY)
    os.dup2(devnull, 0)
    os.dup2(out_w, 1)
    os.dup2(err_w, 2)
    os.closerange(3, res_w)
    os.closerange(res_w + 1, 1024)
    signal.set_wakeup_fd(-1)
    for sig in (signal.SIGCHLD, signal.SIGTERM, signal.SIGINT, signal.SIGHUP):
        signal.signal(sig, signal.SIG_DFL)
    memory = request["memoryBytes"]
    cpu = request["cpuSeconds"]
    resource.setrlimit(resource.RLIMIT_AS, (memory, memory))
    resource.setrlimit(resource.RLIMIT_CPU, (cpu, cpu + 1))
    resource.setrlimit(resource.RLIMIT_FSIZE, (request["fileBytes"],) * 2)
    resource.setrlimit(resource.RLIMIT_NOFILE, (64, 64))
    resource.setrlimit(resource.RLIMIT_CORE, (0, 0))
    if SECCOMP:
        LIBC.prctl(PR_SET_DUMPABLE, 1, 0, 0, 0)  # the child itself may be dumpable again
        install_seccomp(filter_program)
    os.chdir(WORK_DIR)
    try:
        code = compile(request["source"], PROGRAM_FILE, "exec")
        exec(code, {"__name__": "__main__", "__builtins__": __builtins__})
        report = {"type": None}
    except BaseException as exc:  # the program's own failure is the result
        report = describe(exc)
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except BaseException:
            pass
    os.write(res_w, json.dumps(report).encode())
    os._exit(0)


class Capture:
    """Keeps the first `cap` bytes of a stream and counts the rest."""

    def __init__(self, cap):
        self.cap = cap
        self.data = bytearray()
        self.total = 0

    def add(self, chunk):
        self.total += len(chunk)
        room = self.cap - len(self.data)
        if room > 0:
            self.data += chunk[:room]

    def text(self):
        return self.data.decode("utf-8", "replace")


def others_alive():
    me = os.getpid()
    for entry in os.listdir("/proc"):
        if entry.isdigit() and int(entry) not in (1, me):
            try:
                with open("/proc/%s/stat" % entry) as stat:
                    if stat.read().rsplit(")", 1)[1].split()[0] != "Z":
                        return True
            except OSError:
                pass
    return False


def kill_everything_else(child):
    """Kill every process of the sandbox but the worker and the namespace's init."""
    if UNISOLATED:
        try:
            os.killpg(child, signal.SIGKILL)
        except OSError:
            pass
        return
    for _ in range(1000):
        try:
            os.kill(-1, signal.SIGKILL)
        except OSError:
            pass
        if not others_alive():
            return
        time.sleep(0.001)


def clean_work_dir():
    for root, dirs, files in os.walk(WORK_DIR, topdown=False):
        for name in files:
            try:
                os.unlink(os.path.join(root, name))
            except OSError:
                pass
        for name in dirs:
            path = os.path.join(root, name)
            try:
                os.rmdir(path) if not os.path.islink(path) else os.unlink(path)
            except OSError:
                pass


def execute(request, wake_r, filter_program):
    cap = request["outputCap"]
    out_r, out_w = os.pipe()
    err_r, err_w = os.pipe()
    res_r, res_w = os.pipe()
    started = time.monotonic()
    pid = os.fork()
    if pid == 0:
        try:
            run_child(request, out_w, err_w, res_w, filter_program)
        finally:
            os._exit(70)
    for fd in (out_w, err_w, res_w):
        os.close(fd)
    captures = {out_r: Capture(cap), err_r: Capture(cap), res_r: Capture(1 << 20)}
    poller = select.poll()
    for fd in (out_r, err_r, res_r, wake_r):
        poller.register(fd, select.POLLIN)
    deadline = started + request["timeoutMs"] / 1000.0
    status = None
    open_fds = {out_r, err_r, res_r}
    while status is None:
        remaining = deadline - time.monotonic()
        if remaining <= 0:
            break
        for fd, _ in poller.poll(int(remaining * 1000) + 1):
            if fd == wake_r:
                os.read(wake_r, 512)
                continue
            chunk = os.read(fd, 65536)
            if chunk:
                captures[fd].add(chunk)
            else:
                poller.unregister(fd)
                open_fds.discard(fd)
        done, status = os.waitpid(pid, os.WNOHANG)
        if done == 0:
            status = None
    timed_out = status is None
    kill_everything_else(pid)
    if timed_out:
        _, status = os.waitpid(pid, 0)
    elapsed = time.monotonic() - started
    for fd in open_fds:
        while True:
            chunk = os.read(fd, 65536)
            if not chunk:
                break
            captures[fd].add(chunk)
    for fd in (out_r, err_r, res_r):
        os.close(fd)
    clean_work_dir()
    report = captures[res_r].text()
    try:
        verdict = json.loads(report) if report else None
    except ValueError:
        verdict = None
    out, err = captures[out_r], captures[err_r]
    return {
        "id": request["id"],
        "timedOut": timed_out,
        "exitCode": os.WEXITSTATUS(status) if os.WIFEXITED(status) else None,
        "signal": os.WTERMSIG(status) if os.WIFSIGNALED(status) else None,
        "verdict": verdict,
        "stdout": out.text(),
        "stderr": err.text(),
        "stdoutTruncated": out.total > cap,
        "stderrTruncated": err.total > cap,
        "durationMillis": int(elapsed * 1000),
    }


def main():
    filter_program = None
    if SECCOMP:
        make_unptraceable()
        worker = os.getpid()
        filter_program = compile_seccomp((worker, -worker, 1, -1))
    for sig in (signal.SIGTERM, signal.SIGINT, signal.SIGHUP):
        signal.signal(sig, signal.SIG_IGN)
    wake_r, wake_w = os.pipe()
    os.set_blocking(wake_w, False)
    signal.set_wakeup_fd(wake_w)
    signal.signal(signal.SIGCHLD, lambda *_: None)
    requests = sys.stdin.buffer
    replies = sys.stdout
    replies.write(json.dumps({"ready": True, "seccomp": SECCOMP, "uid": os.getuid()}) + "\n")
    replies.flush()
    while True:
        header = requests.readline()
        if not header:
            return
        request = json.loads(requests.read(int(header)))
        replies.write(json.dumps(execute(request, wake_r, filter_program)) + "\n")
        replies.flush()


main()
