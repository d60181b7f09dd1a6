"""LeTI sandbox worker: a long-lived interpreter that runs one program per request.

Started inside the sandbox (bubblewrap namespaces or a container) as an unprivileged
user. For every request it forks a child that drops to the request's limits, installs a
seccomp filter and runs the program; the worker captures output, enforces the wall-clock
limit and afterwards kills everything the program left behind.

Protocol with the service: requests on stdin as "<byte length>\n<JSON>" followed by a
per-execution nonce line ("<32 hex digits>\n"), one JSON line per response on stdout.
The program never sees either stream.

The verdict the program cannot forge (see docs/architecture.md, "Verdict protocol"):
- The worker reads the nonce from stdin only after it has forked the child, with exact-length
  reads, so the nonce is in no memory the child ever had.
- The child runs the script (program, then tests) with `exec` inside `run_child`. Only when
  `exec` returns normally (every statement, the tests included, ran to its end) does the
  harness open its private channel, two FIFOs in a directory the sandbox user may traverse but
  not list, named by a per-execution secret. No descriptor of them is open while the program
  runs. The harness writes "D" (done); the worker answers the first "D" with the nonce, which
  the harness echoes as the report's "proof". The service checks the proof against the nonce
  it sent: no valid proof, no PASSED.
- The harness decides "completed" by the control flow of its own running frame and uses
  references captured before the program ran, so patching functions or modules cannot turn a
  raised exception into "completed". The program runs in a fresh `__main__` module; the
  worker's module is not in `sys.modules`.
- An audit hook (PEP 578; it cannot be removed) and checks after `exec` report tampering on
  the report pipe ("S" lines, which can only hurt a verdict), and test asserts `a == b` are
  rewritten to a guard that notices objects equal to everything. Anything on the report pipe
  that is not an "S" line, and anything on the private channel that is not the protocol, is
  reported as forgery; so is any open of the private channel not made by `run_child`.

Limits: the program runs in the harness's interpreter. A program written against this
protocol that learns the secret (from the harness's frames, reachable through a frame the
standard library hands out, since f_back raises no audit event) or that lists the private
directory from a subprocess (an exec'd process has no audit hook) can still announce "D",
read the nonce and echo it. Doing so needs this file's protocol, is outside what reward
hacking found so far, and the usual ways of getting there (gc, sys._getframe on test or
harness frames, tb_frame/gi_frame, inspect, ctypes, /proc, chmod/listdir/open of the private
directory from Python) are reported as SUSPICIOUS.
"""
import ast
import builtins
import errno
import json
import os
import resource
import select
import signal
import sys
import time
import traceback
import types

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


GUARD = "__leti_eq__"
HARNESS_CODE = frozenset()  # the worker's own code objects, collected in main()
NONCE_LINE = 33  # 32 hex digits and a newline
# The harness's private channel: a directory in the job directory that the sandbox user may
# traverse but not list (mode 0100), holding two FIFOs named by a per-execution secret.
PRIVATE_DIR = ".leti-harness"
PATH_EVENTS = ("os.chmod", "os.chown", "os.rename", "os.rmdir", "os.remove", "os.listdir", "os.scandir",
               "os.mkdir", "os.link", "os.symlink", "os.truncate", "os.utime")
BENIGN_PROC = ("/proc/self/status", "/proc/self/stat", "/proc/self/statm", "/proc/cpuinfo", "/proc/meminfo")
PLAIN_TYPES = (int, float, complex, str, bytes, bool, type(None))
FUNCTION_TYPE = type(describe)
# Frames lead (f_back, which raises no audit event) to the tests' and the harness's frames, so the
# program's own ways to a frame are findings; the standard library's internal uses are not.
FRAME_ATTRIBUTES = ("tb_frame", "gi_frame", "cr_frame", "ag_frame")
FRAME_WALKERS = ("inspect.py", "traceback.py")  # callers whose sys._getframe hands frames out


class Unrelated:
    """A value no honest object compares equal to."""
    __slots__ = ()


def equal_to_anything(value):
    """Whether a value (or an element of a list, tuple or dict of them) equals an unrelated object."""
    probe = Unrelated()
    try:
        if type(value) not in PLAIN_TYPES and value == probe:
            return True
        if isinstance(value, (list, tuple)):
            items = value[:1000]
        elif isinstance(value, dict):
            items = list(value.values())[:1000]
        else:
            return False
        return any(type(item) not in PLAIN_TYPES and item == probe for item in items)
    except Exception:
        return False


def make_eq_guard(suspect):
    """What a test's `assert left == right` calls instead of `==`: the same result, and a report when a
    side equals anything (an `__eq__` that returns True for unrelated values)."""
    def eq_guard(left, right):
        result = left == right
        if result and (equal_to_anything(left) or equal_to_anything(right)):
            suspect("eq-hack", "a value a test asserts equal is equal to anything: its __eq__ returns True "
                               "for unrelated values")
        return result
    return eq_guard


def guard_equality(statements, first_test_line):
    """Rewrites the tests' `assert a == b` (from the first test line on) to `assert __leti_eq__(a, b)`.
    Walks statements only (an assert is one) and skips those wholly before the tests: a generic
    NodeTransformer plus fix_missing_locations would cost more than compiling the script."""
    for node in statements:
        if isinstance(node, ast.Assert):
            test = node.test
            if (node.lineno >= first_test_line and isinstance(test, ast.Compare) and len(test.ops) == 1
                    and isinstance(test.ops[0], ast.Eq)):
                guard = ast.copy_location(ast.Name(GUARD, ast.Load()), test)
                node.test = ast.copy_location(ast.Call(guard, [test.left, test.comparators[0]], []), test)
        elif getattr(node, "end_lineno", first_test_line) >= first_test_line:
            for field in ("body", "orelse", "finalbody", "handlers", "cases"):
                children = getattr(node, field, None)
                if children:
                    guard_equality(children, first_test_line)


def compile_script(source, first_test_line):
    if first_test_line <= 0 or "assert" not in source or "==" not in source:
        return compile(source, PROGRAM_FILE, "exec")
    tree = ast.parse(source, PROGRAM_FILE)
    guard_equality(tree.body, first_test_line)
    return compile(tree, PROGRAM_FILE, "exec")


def make_audit_hook(suspect, first_test_line):
    """A PEP 578 hook (it cannot be removed) reporting the ways a program reads or patches the tests
    and the harness. Events raised by the standard library on the program's behalf (namedtuple's
    sys._getframe, a traceback's tb_frame) are not reported."""
    getframe = sys._getframe
    busy = [False]
    own_pid, worker_pid = os.getpid(), os.getppid()

    def protected(code):
        """The harness's code, the script's module code (it holds the tests) or a test function's."""
        if code.co_filename != PROGRAM_FILE:
            return code in HARNESS_CODE
        return code.co_name == "<module>" or 0 < first_test_line <= code.co_firstlineno

    def judge(event, args):
        if event.startswith(("gc.", "ctypes.")) or event in ("sys._current_frames", "sys.addaudithook",
                                                               "sys.settrace", "sys.setprofile"):
            return "harness", "used %s, which reads or patches the test harness and the tests" % event
        if event == "sys._getframe":
            caller = getframe(2).f_code.co_filename
            if caller.endswith(FRAME_WALKERS) or (caller == PROGRAM_FILE and protected(args[0].f_code)):
                return "harness", "took the frame of the tests or of the harness (sys._getframe)"
        elif event == "object.__getattr__" or event == "object.__setattr__":
            target, name = args[0], args[1]
            if name in FRAME_ATTRIBUTES:
                caller = getframe(2).f_code.co_filename
                if caller == PROGRAM_FILE or caller.endswith("inspect.py"):
                    return "harness", "took a frame (%s), whose f_back leads to the tests and harness" % name
            elif name == "__code__" and type(target) is FUNCTION_TYPE:
                if event == "object.__setattr__":
                    return "harness", "replaced the code of function %s" % target.__name__
                if protected(target.__code__):
                    return "tests", "read the code of %s, which holds the tests' values" % target.__name__
        elif event == "open":
            path = args[0]
            if isinstance(path, bytes):
                path = path.decode("utf-8", "replace")
            if not isinstance(path, str):
                return None
            if PRIVATE_DIR in path:
                if getframe(2).f_code is not RUN_CHILD_CODE:
                    return "forgery", "opened the harness's private channel"
            elif path.startswith("/proc/") and path not in BENIGN_PROC:
                return "tests", "opened %s, where the tests and the harness can be read" % path
        elif event in PATH_EVENTS:
            path = args[0]
            if isinstance(path, bytes):
                path = path.decode("utf-8", "replace")
            if isinstance(path, str) and PRIVATE_DIR in path:
                return "forgery", "tampered with the harness's private channel (%s)" % event
        elif event == "os.kill" or event == "os.killpg":
            pid, sig = args[0], args[1]
            if sig == 0:
                return None
            if pid in (own_pid, 0) or (event == "os.killpg" and pid == own_pid):
                return "early-exit", "sent itself signal %d before the tests ran to completion" % sig
            if pid in (worker_pid, 1, -1, -worker_pid):
                return "harness", "sent signal %d to the test harness (pid %d)" % (sig, pid)
        return None

    def hook(event, args):
        if busy[0]:
            return
        busy[0] = True
        try:
            finding = judge(event, args)
            if finding is not None:
                suspect(*finding)
        except BaseException:
            pass
        finally:
            busy[0] = False

    return hook


def code_objects(namespace):
    """Every code object of the functions and classes in a namespace, nested ones included."""
    found, pending = set(), []
    for value in namespace.values():
        if isinstance(value, FUNCTION_TYPE):
            pending.append(value.__code__)
        elif isinstance(value, type) and value.__module__ == __name__:
            pending += [v.__code__ for v in vars(value).values() if isinstance(v, FUNCTION_TYPE)]
    while pending:
        code = pending.pop()
        if code not in found:
            found.add(code)
            pending += [c for c in code.co_consts if isinstance(c, type(code))]
    return frozenset(found)


def run_child(request, out_w, err_w, report_w, channel, filter_program):
    os.setsid()
    devnull = os.open("/dev/null", os.O_RDONLY)
    os.dup2(devnull, 0)
    os.dup2(out_w, 1)
    os.dup2(err_w, 2)
    os.closerange(3, report_w)
    os.closerange(report_w + 1, 1024)
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
    if "nproc" in request:  # the sandbox slot's own uid: RLIMIT_NPROC counts only its processes
        resource.setrlimit(resource.RLIMIT_NPROC, (request["nproc"],) * 2)
    if SECCOMP:
        LIBC.prctl(PR_SET_DUMPABLE, 1, 0, 0, 0)  # the child itself may be dumpable again
        install_seccomp(filter_program)
    os.chdir(WORK_DIR)
    # Everything the verdict path uses after the program ran is a local of this running frame,
    # bound now: the program may patch modules, functions and builtins, not these.
    write, read, exit_, flush, getpid, open_ = os.write, os.read, os._exit, type(sys.stdout).flush, os.getpid, os.open
    write_only, read_only, closerange = os.O_WRONLY, os.O_RDONLY, os.closerange
    done_path, nonce_path = channel
    own_pid = getpid()
    streams = (sys.stdout, sys.stderr)
    builtins_dict, builtins_module = builtins.__dict__, builtins
    builtins_before = dict(builtins_dict)

    def suspect(kind, detail):
        write(report_w, ("S%s\t%s\n" % (kind, detail.replace("\n", " "))).encode("utf-8", "replace"))

    first_test_line = request.get("firstTestLine") or 0
    guard = make_eq_guard(suspect)
    module = types.ModuleType("__main__")
    namespace = module.__dict__
    namespace["__builtins__"] = builtins_module
    namespace[GUARD] = guard
    completed = False
    failure = None
    try:
        code = compile_script(request["source"], first_test_line)
        sys.modules["__main__"] = module  # the worker's own module is out of the program's way
        sys.addaudithook(make_audit_hook(suspect, first_test_line))
        exec(code, namespace)
        completed = True
    except BaseException as exc:  # the program's own failure is the result
        failure = exc
    for stream in streams:
        try:
            flush(stream)
        except BaseException:
            pass
    if getpid() != own_pid:
        exit_(0)  # a process the program forked reached the end of the script: only the child reports
    try:
        changed = [name for name, value in builtins_before.items() if builtins_dict.get(name) is not value]
        changed += [name for name in builtins_dict if name not in builtins_before]
        if changed:
            suspect("builtins", "patched builtins: %s" % ", ".join(sorted(changed)[:5]))
        if namespace.get("__builtins__") is not builtins_module:
            suspect("builtins", "replaced its module's __builtins__")
        if namespace.get(GUARD) is not guard:
            suspect("harness", "replaced the test harness's equality check")
    except BaseException:
        pass
    # The private channel exists only as paths: no descriptor of it was open while the program ran.
    # The program is over: its descriptors go, so that leaking them cannot leave no room for these.
    closerange(3, report_w)
    closerange(report_w + 1, 1024)
    done = open_(done_path, write_only)
    if completed:
        # Every statement, the tests included, ran to its end: ask the worker for the nonce, echo it.
        write(done, b"D\n")
        nonce_r = open_(nonce_path, read_only)
        nonce = b""
        while len(nonce) < NONCE_LINE:
            chunk = read(nonce_r, NONCE_LINE - len(nonce))
            if not chunk:
                break
            nonce += chunk
        write(done, b'R{"type": null, "proof": "' + nonce.strip() + b'"}\n')
        exit_(0)
    try:
        report = json.dumps(describe(failure)).encode()
    except BaseException:
        report = b'{"type": "Exception"}'
    write(done, b"R" + report + b"\n")
    exit_(0)


RUN_CHILD_CODE = run_child.__code__


class Control:
    """The worker's side of the child's two channels. The report pipe (open while the program runs)
    carries only "S<kind>\\t<detail>" suspicions, which can only make a verdict worse. The private
    channel (FIFOs the harness opens by path after exec returned) carries one "D" (done), answered
    with the nonce, and one "R<JSON>" report. Anything else on either is tampering."""

    def __init__(self, nonce_fd, nonce):
        self.nonce_fd = nonce_fd
        self.nonce = nonce
        self.pending = {False: bytearray(), True: bytearray()}
        self.size = 0
        self.done = False
        self.report = None
        self.suspicions = []
        self.tampered = False

    def feed(self, private, chunk):
        self.size += len(chunk)
        if self.size > 1 << 20:
            self.tamper("flooded")
            return
        pending = self.pending[private]
        pending += chunk
        while True:
            end = pending.find(b"\n")
            if end < 0:
                return
            line = bytes(pending[:end])
            del pending[:end + 1]
            self.line(private, line)

    def line(self, private, line):
        tag, body = line[:1], line[1:]
        if tag == b"S" and not private:
            kind, _, detail = body.decode("utf-8", "replace").partition("\t")
            self.suspect(kind, detail[:300])
        elif not private:
            self.tamper("wrote %r" % line[:40])
        elif tag == b"D" and not body and not self.done and self.report is None:
            self.done = True
            try:
                os.write(self.nonce_fd, self.nonce + b"\n")
            except OSError:
                pass  # without the nonce there is no proof
        elif tag == b"R" and self.report is None:
            try:
                report = json.loads(body)
            except ValueError:
                report = None
            if isinstance(report, dict):
                self.report = report
            else:
                self.tamper("sent a report that is not JSON")
        else:
            self.tamper("sent %r on its private channel" % line[:40])

    def suspect(self, kind, detail):
        if len(self.suspicions) < 32:
            self.suspicions.append({"kind": kind, "detail": detail})

    def tamper(self, what):
        if not self.tampered:
            self.tampered = True
            self.suspect("forgery", "wrote to the harness's report channel (%s)" % what)

    def finish(self):
        for pending in self.pending.values():
            if pending:
                self.tamper("wrote %r" % bytes(pending[:40]))
        if self.done and (self.report is None or self.report.get("type") is not None):
            self.tamper("announced that the tests completed, and they did not")


class PrivateChannel:
    """Per execution, in the job directory: a directory the sandbox user may traverse but not list,
    with a "done" FIFO and a "nonce" FIFO named by a fresh secret. The worker holds both open
    read-write (so neither open by the harness blocks and neither ever reads as ended); the child
    closes the worker's descriptors, so the program holds no descriptor of either."""

    def __init__(self):
        self.dir = os.path.join(WORK_DIR, PRIVATE_DIR)
        secret = os.urandom(16).hex()
        self.paths = (os.path.join(self.dir, secret + ".d"), os.path.join(self.dir, secret + ".n"))
        try:
            os.mkdir(self.dir, 0o700)
        except FileExistsError:  # left by a program the cleanup could not fully undo
            clean_work_dir()
            os.mkdir(self.dir, 0o700)
        for path in self.paths:
            os.mkfifo(path, 0o600)
        self.done_fd = os.open(self.paths[0], os.O_RDWR | os.O_NONBLOCK)
        self.nonce_fd = os.open(self.paths[1], os.O_RDWR)
        os.chmod(self.dir, 0o100)

    def drain(self, control):
        while True:
            try:
                chunk = os.read(self.done_fd, 65536)
            except BlockingIOError:
                return
            if not chunk:
                return
            control.feed(True, chunk)

    def close(self):
        os.close(self.done_fd)
        os.close(self.nonce_fd)
        try:
            os.chmod(self.dir, 0o700)
        except OSError:
            pass  # the program moved it; clean_work_dir removes what is left


def read_exact(fd, count):
    """Exactly `count` bytes of stdin (unbuffered: nothing past them may be read into memory the
    next child would inherit), or fewer at its end."""
    data = b""
    while len(data) < count:
        chunk = os.read(fd, count - len(data))
        if not chunk:
            break
        data += chunk
    return data


def read_header(fd):
    header = b""
    while not header.endswith(b"\n"):
        byte = os.read(fd, 1)
        if not byte:
            return None
        header += byte
    return int(header)


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
    # Directories the program made unlistable (or the harness's private one) are opened up first.
    for root, dirs, _ in os.walk(WORK_DIR):
        for name in dirs:
            path = os.path.join(root, name)
            if not os.path.islink(path):
                try:
                    os.chmod(path, 0o700)
                except OSError:
                    pass
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
    report_r, report_w = os.pipe()
    channel = PrivateChannel()
    started = time.monotonic()
    pid = os.fork()
    if pid == 0:
        try:
            run_child(request, out_w, err_w, report_w, channel.paths, filter_program)
        finally:
            os._exit(70)
    for fd in (out_w, err_w, report_w):
        os.close(fd)
    # The nonce follows the request on stdin; it is read only now, in the worker alone.
    control = Control(channel.nonce_fd, read_exact(0, NONCE_LINE).strip())
    captures = {out_r: Capture(cap), err_r: Capture(cap)}
    poller = select.poll()
    for fd in (out_r, err_r, report_r, channel.done_fd, wake_r):
        poller.register(fd, select.POLLIN)
    deadline = started + request["timeoutMs"] / 1000.0
    status = None
    open_fds = {out_r, err_r, report_r}

    def take(fd, chunk):
        if fd == report_r or fd == channel.done_fd:
            control.feed(fd == channel.done_fd, chunk)
        else:
            captures[fd].add(chunk)

    while status is None:
        remaining = deadline - time.monotonic()
        if remaining <= 0:
            break
        for fd, _ in poller.poll(int(remaining * 1000) + 1):
            if fd == wake_r:
                os.read(wake_r, 512)
                continue
            if fd == channel.done_fd:
                channel.drain(control)
                continue
            chunk = os.read(fd, 65536)
            if chunk:
                take(fd, chunk)
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
            take(fd, chunk)
    channel.drain(control)
    for fd in (out_r, err_r, report_r):
        os.close(fd)
    channel.close()
    control.finish()
    clean_work_dir()
    out, err = captures[out_r], captures[err_r]
    return {
        "id": request["id"],
        "timedOut": timed_out,
        "exitCode": os.WEXITSTATUS(status) if os.WIFEXITED(status) else None,
        "signal": os.WTERMSIG(status) if os.WIFSIGNALED(status) else None,
        "verdict": control.report,
        "suspicions": control.suspicions,
        "testsCompleted": False,  # the service decides, from the verdict's proof alone
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
    replies = sys.stdout
    replies.write(json.dumps({"ready": True, "seccomp": SECCOMP, "uid": os.getuid()}) + "\n")
    replies.flush()
    global HARNESS_CODE
    HARNESS_CODE = code_objects(globals())
    while True:
        length = read_header(0)
        if length is None:
            return
        request = json.loads(read_exact(0, length))
        replies.write(json.dumps(execute(request, wake_r, filter_program)) + "\n")
        replies.flush()


main()
