"""LeTI sandbox worker: a long-lived interpreter that runs one program per request.

Started inside the sandbox (bubblewrap namespaces or a container) as an unprivileged
user. For every request it forks two children: the program's process, which drops to the
request's limits, installs a seccomp filter and runs the program, and the tests' process,
which runs the tests and calls the program's functions over a channel. The worker captures
output, enforces the wall-clock limit and afterwards kills everything the program left behind.

Protocol with the service (stdin and stdout; the program never sees either): a request as
"<byte length>\\n<JSON>" (the program part of the script and the limits), then the tests as
"<byte length>\\n<text>", then a per-execution nonce line ("<32 hex digits>\\n"); one JSON
line per response on stdout.

The verdict the program cannot forge (see docs/architecture.md, "Verdict protocol"):
- The tests never enter the program's process. The worker forks the tests' process first and
  that process alone reads the tests from stdin (exact-length reads), so neither the worker's
  memory nor any later program process ever holds them.
- The tests' process runs the tests in a fresh namespace where every name the program defined
  is a proxy: a call sends the arguments to the program's process and gets back the result as
  plain data (numbers, strings, bytes, lists, tuples, sets, dicts, Counter/OrderedDict), decoded
  into built-in values; anything else stays in the program's process and comes back as an opaque
  handle whose equality is identity. So every comparison a test makes runs on built-in values in
  a process the program cannot reach (separate, non-dumpable, ptrace and process_vm denied), and
  the program never sees an expected value: to pass, it has to compute the answers.
- Only the tests' process reports a verdict, on a pipe the program's process never holds. The
  worker reads the nonce after the tests' process has read the tests and echoes it as the
  verdict's proof when that process reported that every test ran to its end.
- What the program's process can still do is answer calls (its answers are its program) and
  write "S" lines (reward-hack findings, which can only make a verdict worse) to its report
  pipe; anything else on that pipe, and anything on the call channel that is not an answer, is
  reported as forgery. An audit hook (PEP 578; it cannot be removed) and checks after the
  program's top-level code report hacks: early exit, objects equal to anything, patched
  builtins, frames, gc, tracing and ctypes.
"""
import builtins
import collections
import errno
import gc
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
# the program's own process groups, never "every process this user may signal".
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
    """Same-uid programs may not read or write this process's memory through /proc."""
    LIBC.prctl(PR_SET_DUMPABLE, 0, 0, 0, 0)


def compile_seccomp(protected_pids):
    """The children's filter as BPF, compiled once: deny sockets, tracing and any signal aimed
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
    """The structured report the service turns into LeTI feedback. An exception the program raised
    while the tests called it carries the program's own report: the tests' frames come first, then
    the program's."""
    frames = [[f.lineno, f.name] for f in traceback.extract_tb(exc.__traceback__)
              if f.filename == PROGRAM_FILE]
    remote = getattr(exc, "leti_report", None)
    if isinstance(remote, dict):
        return dict(remote, frames=frames + remote.get("frames", []))
    report = {"type": type(exc).__name__, "frames": frames}
    if isinstance(exc, SyntaxError) and exc.filename == PROGRAM_FILE:
        report["syntax"] = {"line": exc.lineno or 0, "message": str(exc.msg)}
    else:
        report["message"] = "".join(traceback.format_exception_only(type(exc), exc)).rstrip("\n")
    return report


HARNESS_CODE = frozenset()  # the worker's own code objects, collected in main()
NONCE_LINE = 33  # 32 hex digits and a newline
BENIGN_PROC = ("/proc/self/status", "/proc/self/stat", "/proc/self/statm", "/proc/cpuinfo", "/proc/meminfo")
FUNCTION_TYPE = type(describe)
# Frames lead (f_back, which raises no audit event) to the harness's frames, so the program's own
# ways to a frame are findings; the standard library's internal uses are not.
FRAME_ATTRIBUTES = ("tb_frame", "gi_frame", "cr_frame", "ag_frame")
FRAME_WALKERS = ("inspect.py", "traceback.py")  # callers whose sys._getframe hands frames out
MESSAGE_LIMIT = 64 << 20  # the largest call or answer between the two processes
ENCODE_LIMIT = 4_000_000  # values in one answer
ENCODE_DEPTH = 200


class Unrelated:
    """A value no honest object compares equal to."""
    __slots__ = ()


def equal_to_anything(value):
    """Whether a value the program hands to the tests equals an unrelated object."""
    try:
        return value == Unrelated()
    except BaseException:
        return False


# ---------------------------------------------------------------------------------------------
# Values between the two processes: built-in data by value, everything else by handle.
# JSON null, booleans, integers and strings stand for themselves; anything else is a list whose
# first element is a tag. Only exact built-in types travel by value, so a subclass (a str whose
# __eq__ returns True) stays in the program's process.

BY_NAME = {name: value for name, value in vars(builtins).items()
           if isinstance(value, type) or type(value) is type(len)}


class Encoder:
    """Turns a value into the wire form; `keep` decides what an object that is not data becomes."""

    def __init__(self, keep):
        self.keep = keep
        self.count = 0

    def encode(self, value, depth=0):
        self.count += 1
        if self.count > ENCODE_LIMIT:
            raise ValueError("the value is too large to hand to the tests")
        kind = type(value)
        if value is None or kind is bool or kind is str:
            return value
        if kind is int:
            return value if -(1 << 1000) < value < (1 << 1000) else ["I", hex(value)]
        if kind is float:
            return ["f", value.hex()]
        if depth > ENCODE_DEPTH:
            return self.keep(value, self, depth)
        if kind is list or kind is tuple or kind is set or kind is frozenset or kind is collections.deque:
            tag = {list: "l", tuple: "t", set: "S", frozenset: "F", collections.deque: "Q"}[kind]
            return [tag] + [self.encode(item, depth + 1) for item in value]
        if kind is dict or kind is collections.Counter or kind is collections.OrderedDict \
                or kind is collections.defaultdict:
            tag = {dict: "d", collections.Counter: "C", collections.OrderedDict: "O",
                   collections.defaultdict: "d"}[kind]
            return [tag] + [[self.encode(k, depth + 1), self.encode(v, depth + 1)] for k, v in value.items()]
        if kind is complex:
            return ["c", value.real.hex(), value.imag.hex()]
        if kind is bytes:
            return ["b", value.decode("latin-1")]
        if BY_NAME.get(getattr(value, "__name__", None)) is value:
            return ["y", value.__name__]
        return self.keep(value, self, depth)


class Decoder:
    """The wire form back into built-in values; `handle` makes what stands for a kept object."""

    def __init__(self, handle, record=None):
        self.handle = handle
        self.record = record

    def decode(self, wire):
        if wire is None or type(wire) in (bool, int, str):
            return wire
        if type(wire) is not list or not wire or type(wire[0]) is not str:
            raise ValueError("not a value")
        tag, rest = wire[0], wire[1:]
        if tag == "f":
            return float.fromhex(rest[0])
        if tag == "I":
            return int(rest[0], 16)
        if tag in ("l", "t", "S", "F", "Q"):
            items = [self.decode(item) for item in rest]
            return {"l": list, "t": tuple, "S": set, "F": frozenset, "Q": collections.deque}[tag](items)
        if tag in ("d", "C", "O"):
            pairs = dict if tag == "d" else collections.OrderedDict if tag == "O" else collections.Counter
            return pairs({self.decode(k): self.decode(v) for k, v in rest} if tag == "C"
                         else [(self.decode(k), self.decode(v)) for k, v in rest])
        if tag == "c":
            return complex(float.fromhex(rest[0]), float.fromhex(rest[1]))
        if tag == "b":
            return rest[0].encode("latin-1")
        if tag == "y" and rest[0] in BY_NAME:
            return BY_NAME[rest[0]]
        if tag == "h" and type(rest[0]) in (int, str):
            return self.handle(rest[0])
        if tag in ("N", "A") and self.record is not None:
            name, fields, key, values = rest[0], rest[1], rest[2], rest[3:]
            if type(name) is not str or type(fields) is not list or len(fields) != len(values) \
                    or not all(type(f) is str and f.isidentifier() for f in fields):
                raise ValueError("not a record")
            return self.record(tag == "N", name, tuple(fields), key, [self.decode(v) for v in values])
        raise ValueError("not a value")


class Lines:
    """Newline-framed JSON messages on a pipe (JSON never holds a raw newline)."""

    def __init__(self, read_fd, write_fd, read, write):
        self.read_fd, self.write_fd = read_fd, write_fd
        self.read, self.write = read, write
        self.buffer = bytearray()

    def send(self, message):
        data = json.dumps(message, separators=(",", ":")).encode() + b"\n"
        view = memoryview(data)
        while view:
            view = view[self.write(self.write_fd, view):]

    def ready(self):
        """Whether a whole message is buffered."""
        return b"\n" in self.buffer

    def fill(self):
        """Reads what the pipe holds into the buffer; False at the end of the stream."""
        if len(self.buffer) > MESSAGE_LIMIT:
            raise ValueError("a message past %d bytes" % MESSAGE_LIMIT)
        chunk = self.read(self.read_fd, 1 << 20)
        if not chunk and self.buffer:
            raise ValueError("a message cut off")
        self.buffer += chunk
        return bool(chunk)

    def receive(self):
        """The next message, or None at the end of the stream."""
        while True:
            end = self.buffer.find(b"\n")
            if end >= 0:
                line = bytes(self.buffer[:end])
                del self.buffer[:end + 1]
                return json.loads(line)
            if not self.fill():
                return None


def make_audit_hook(suspect, protected_pids):
    """A PEP 578 hook (it cannot be removed) reporting the ways a program reads or patches the
    harness. Events raised by the standard library on the program's behalf (namedtuple's
    sys._getframe, a traceback's tb_frame) are not reported."""
    getframe = sys._getframe
    busy = [False]
    own_pid = os.getpid()

    def judge(event, args):
        if event.startswith(("gc.", "ctypes.")) or event in ("sys._current_frames", "sys.addaudithook",
                                                               "sys.settrace", "sys.setprofile"):
            return "harness", "used %s, which reads or patches the test harness" % event
        if event == "sys._getframe":
            caller = getframe(2).f_code.co_filename
            if caller.endswith(FRAME_WALKERS) or (caller == PROGRAM_FILE and args[0].f_code in HARNESS_CODE):
                return "harness", "took the frame of the test harness (sys._getframe)"
        elif event == "object.__getattr__" or event == "object.__setattr__":
            target, name = args[0], args[1]
            if name in FRAME_ATTRIBUTES:
                caller = getframe(2).f_code.co_filename
                if caller == PROGRAM_FILE or caller.endswith("inspect.py"):
                    return "harness", "took a frame (%s), whose f_back leads to the test harness" % name
            elif name == "__code__" and type(target) is FUNCTION_TYPE:
                if event == "object.__setattr__":
                    return "harness", "replaced the code of function %s" % target.__name__
                if target.__code__ in HARNESS_CODE:
                    return "harness", "read the code of the test harness (%s)" % target.__name__
        elif event == "open":
            path = args[0]
            if isinstance(path, bytes):
                path = path.decode("utf-8", "replace")
            if isinstance(path, str) and path.startswith("/proc/") and path not in BENIGN_PROC:
                return "tests", "opened %s, looking for the tests and the harness" % path
        elif event == "os.kill" or event == "os.killpg":
            pid, sig = args[0], args[1]
            if sig == 0:
                return None
            if pid in (own_pid, 0) or (event == "os.killpg" and pid == own_pid):
                return "early-exit", "sent itself signal %d before the tests ran to completion" % sig
            if pid in protected_pids or -pid in protected_pids or pid == -1:
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


def enter_sandbox(request, keep, out_w, err_w, filter_program):
    """What both children do first: a session of their own, stdin from /dev/null, output to the
    capture pipes, no descriptor but `keep`, the request's limits and the seccomp filter."""
    os.setsid()
    devnull = os.open("/dev/null", os.O_RDONLY)
    os.dup2(devnull, 0)
    os.dup2(out_w, 1)
    os.dup2(err_w, 2)
    low = 3
    for fd in sorted(keep):
        os.closerange(low, fd)
        low = fd + 1
    os.closerange(low, 1024)
    signal.set_wakeup_fd(-1)
    for sig in (signal.SIGCHLD, signal.SIGTERM, signal.SIGINT, signal.SIGHUP):
        signal.signal(sig, signal.SIG_DFL)
    resource.setrlimit(resource.RLIMIT_NOFILE, (64, 64))
    resource.setrlimit(resource.RLIMIT_CORE, (0, 0))
    if request is not None:  # the program's process; the tests' process lives on, bounded by the sandbox
        memory = request["memoryBytes"]
        cpu = request["cpuSeconds"]
        resource.setrlimit(resource.RLIMIT_AS, (memory, memory))
        resource.setrlimit(resource.RLIMIT_CPU, (cpu, cpu + 1))
        resource.setrlimit(resource.RLIMIT_FSIZE, (request["fileBytes"],) * 2)
        if "nproc" in request:  # the sandbox slot's own uid: RLIMIT_NPROC counts only its processes
            resource.setrlimit(resource.RLIMIT_NPROC, (request["nproc"],) * 2)
    if SECCOMP:
        install_seccomp(filter_program)
    os.chdir(WORK_DIR)


def run_program(request, out_w, err_w, report_w, calls_r, answers_w, tests_pid, filter_program):
    """The program's process: runs the program's top-level code, tells the tests' process what it
    defined, then answers the tests' calls until they end. It never sees the tests."""
    enter_sandbox(request, (report_w, calls_r, answers_w), out_w, err_w, filter_program)
    if SECCOMP:
        LIBC.prctl(PR_SET_DUMPABLE, 1, 0, 0, 0)  # the program's process may be dumpable again
    write, read, exit_, flush, getpid = os.write, os.read, os._exit, type(sys.stdout).flush, os.getpid
    own_pid = getpid()
    streams = (sys.stdout, sys.stderr)
    builtins_dict, builtins_module = builtins.__dict__, builtins
    builtins_before = dict(builtins_dict)
    channel = Lines(calls_r, answers_w, read, write)
    kept = {}

    def suspect(kind, detail):
        write(report_w, ("S%s\t%s\n" % (kind, detail.replace("\n", " "))).encode("utf-8", "replace"))

    def keep(value, encoder, depth):
        """An object that is not data stays here; the tests get a handle to it. A named tuple or a
        dataclass instance also travels by its fields, which the tests compare as a record of their
        own: its class's __eq__ is never asked."""
        if equal_to_anything(value):
            suspect("eq-hack", "returned an object that is equal to anything: its __eq__ returns True "
                               "for unrelated values")
        kept[id(value)] = value
        kind = type(value)
        fields = getattr(kind, "_fields", None)
        if isinstance(value, tuple) and type(fields) is tuple and len(fields) == len(value):
            return ["N", kind.__name__, list(fields), id(value)] + [encoder.encode(v, depth + 1) for v in value]
        declared = getattr(kind, "__dataclass_fields__", None)
        if type(declared) is dict and not isinstance(value, type):
            names = [name for name, field in declared.items()
                     if getattr(field, "compare", False) and str(getattr(field, "_field_type", "")) == "_FIELD"]
            return ["A", kind.__name__, names, id(value)] + [encoder.encode(getattr(value, name), depth + 1)
                                                             for name in names]
        return ["h", id(value)]

    def encode(value):
        return Encoder(keep).encode(value)

    decode = Decoder(lambda key: namespace[key] if type(key) is str else kept[key]).decode

    def check_builtins():
        changed = [name for name, value in builtins_before.items() if builtins_dict.get(name) is not value]
        changed += [name for name in builtins_dict if name not in builtins_before]
        if changed:
            suspect("builtins", "patched builtins: %s" % ", ".join(sorted(changed)[:5]))
        if namespace.get("__builtins__") is not builtins_module:
            suspect("builtins", "replaced its module's __builtins__")

    def flush_streams():
        """The program's output lands before the output of the test that called it."""
        for stream in streams:
            try:
                flush(stream)
            except BaseException:
                pass

    def finish():
        flush_streams()
        try:
            check_builtins()
        except BaseException:
            pass
        exit_(0)

    def failed(exc):
        try:
            report = describe(exc)
        except BaseException:
            report = {"type": "Exception", "frames": [], "message": "Exception"}
        return ["raise", report]

    module = types.ModuleType("__main__")
    namespace = module.__dict__
    namespace["__builtins__"] = builtins_module
    try:
        code = compile(request["source"], PROGRAM_FILE, "exec")
        sys.modules["__main__"] = module  # the worker's own module is out of the program's way
        sys.addaudithook(make_audit_hook(suspect, (os.getppid(), tests_pid, 1)))
        exec(code, namespace)
        outcome = ["ready", exports(namespace)]
    except BaseException as exc:  # the program's own failure is the result
        outcome = failed(exc)
    if getpid() != own_pid:
        exit_(0)  # a process the program forked reached the end of its code: only this one answers
    flush_streams()
    try:
        channel.send(outcome)
    except BaseException as exc:  # a message that cannot be written (out of memory, say) is a failure
        try:
            channel.send(failed(exc))
        except BaseException:
            finish()
    if outcome[0] != "ready":
        finish()
    while True:
        try:
            call = channel.receive()
        except BaseException:
            finish()
        if call is None or call == ["bye"]:
            finish()
        try:
            answer = perform(call, namespace, kept, decode, encode)
        except BaseException as exc:
            answer = failed(exc)
        if getpid() != own_pid:
            exit_(0)
        flush_streams()
        try:
            channel.send(answer)
        except BaseException as exc:  # an answer that cannot be written (too large, say) is a failure
            try:
                channel.send(failed(exc))
            except BaseException:
                finish()


def exports(namespace):
    """What the tests see of the program's names: its functions and classes by name (called in the
    program's process), modules and standard-library names by reference (imported by the tests'
    process), other values by name (read, as data or handle, each time the tests read them)."""
    stdlib = sys.stdlib_module_names
    names = {}
    for name, value in list(namespace.items()):
        if name.startswith("__") and name.endswith("__"):
            continue
        if isinstance(value, types.ModuleType):
            if value.__name__.partition(".")[0] in stdlib:
                names[name] = ["m", value.__name__]
            continue
        origin = getattr(value, "__module__", None)
        qualname = getattr(value, "__qualname__", None)
        if isinstance(origin, str) and isinstance(qualname, str) and origin.partition(".")[0] in stdlib \
                and origin != "__main__" and resolve(origin, qualname) is value:
            names[name] = ["r", origin, qualname]
        elif callable(value):
            names[name] = ["n"]
        else:
            names[name] = ["v"]  # read from the program's process whenever the tests read it
    return names


def resolve(module, qualname):
    """A standard-library name, imported afresh (None when there is no such name)."""
    try:
        value = __import__(module, fromlist=["_"])
        for part in qualname.split("."):
            value = getattr(value, part)
        return value
    except BaseException:
        return None


MUTABLE = (list, dict, set)


def perform(call, namespace, kept, decode, encode):
    """One call of the tests, in the program's process: ["ok", result] and, for a call that changed a
    list, dict or set argument in place, the new contents of each, for the tests' copies."""
    op = call[0]
    if op == "call":
        function = namespace[call[1]] if isinstance(call[1], str) else kept[call[1]]
        args, kwargs = decode(call[2]), decode(call[3])
        before = {}
        for key, arg in list(enumerate(args)) + list(kwargs.items()):
            if type(arg) in MUTABLE:
                before[key] = encode(arg)
        result = encode(function(*args, **kwargs))
        changed = []
        for key, state in before.items():
            now = encode(args[key] if type(key) is int else kwargs[key])
            if now != state:
                changed.append([key, now])
        return ["ok", result, changed] if changed else ["ok", result]
    return ["ok", encode(attend(call, namespace, kept, decode))]


def attend(call, namespace, kept, decode):
    """Any other request of the tests about one of the program's objects."""
    op, target = call[0], call[1]
    value = namespace[target] if isinstance(target, str) else kept[target]
    if op == "global":
        return value
    if op == "getattr":
        return getattr(value, call[2])
    if op == "setattr":
        setattr(value, call[2], decode(call[3]))
        return None
    if op == "iter":
        return list(value)
    if op == "len":
        return len(value)
    if op == "getitem":
        return value[decode(call[2])]
    if op == "repr":
        return repr(value)
    if op == "str":
        return str(value)
    if op == "bool":
        return bool(value)
    raise ValueError("unknown call %r" % op)


class ProgramEnded(BaseException):
    """The program's process went away before the tests ran to completion."""


class Protocol(BaseException):
    """The program's process wrote something on the call channel that is not an answer."""


class Aborted(BaseException):
    """The worker called the run off (its deadline passed)."""


def serve_tests(stdin_fd, control_r, verdict_w, calls_w, answers_r, out_w, err_w, filter_program):
    """The tests' process, one per worker, started before any program ran and never forked from a
    process that ran one: the program's processes cannot reach it (separate process, non-dumpable,
    ptrace and process_vm denied, signals to it denied by their seccomp filter). Per run, told so on
    its control pipe, it reads the tests from stdin (the worker never does), runs them against
    proxies of the program's names and reports the verdict, the only one there is, on a pipe no
    program process holds. Everything it compares is built-in data."""
    enter_sandbox(None, (stdin_fd, control_r, verdict_w, calls_w, answers_r), out_w, err_w, filter_program)
    control = Lines(control_r, None, os.read, None)
    while True:
        order = control.receive()
        if order is None:
            os._exit(0)  # the worker is gone
        if "firstTestLine" not in order:
            continue  # a late "ended" or "abort" for a run that had already ended
        length = read_header(stdin_fd)
        tests = read_exact(stdin_fd, length).decode("utf-8") if length else ""
        os.write(verdict_w, b"T\n")  # the worker may read stdin again
        final = run_one(tests, order.get("firstTestLine") or 1, control, verdict_w, calls_w, answers_r)
        for stream in (sys.stdout, sys.stderr):
            try:
                stream.flush()
            except BaseException:
                pass
        os.write(verdict_w, final)


def drain(fd):
    """Reads a pipe empty without blocking."""
    os.set_blocking(fd, False)
    try:
        while os.read(fd, 1 << 16):
            pass
    except BlockingIOError:
        pass
    finally:
        os.set_blocking(fd, True)


def run_one(tests, first_test_line, control, verdict_w, calls_w, answers_r):
    """One run of the tests; returns the line that ends it: "R<verdict>", "E" (the program's process
    ended before the tests completed) or "A" (called off)."""
    write, read = os.write, os.read
    channel = Lines(answers_r, calls_w, read, write)
    watch = select.poll()
    watch.register(answers_r, select.POLLIN)
    watch.register(control.read_fd, select.POLLIN)
    handles = {}
    class Handle:
        """An object that stayed in the program's process. Its equality is identity: whether it
        equals an expected value is never the program's to say."""
        __slots__ = ("leti_key", "__weakref__")

        def __init__(self, key):
            object.__setattr__(self, "leti_key", key)

        def __call__(self, *args, **kwargs):
            return call_program(self.leti_key, args, kwargs)

        def __getattr__(self, name):
            if name.startswith("__") and name.endswith("__"):
                raise AttributeError(name)
            return ask(["getattr", self.leti_key, name])

        def __setattr__(self, name, value):
            ask(["setattr", self.leti_key, name, send(value)])

        def __iter__(self):
            return iter(ask(["iter", self.leti_key]))

        def __len__(self):
            return ask(["len", self.leti_key])

        def __getitem__(self, key):
            return ask(["getitem", self.leti_key, send(key)])

        def __repr__(self):
            return ask(["repr", self.leti_key])

        def __str__(self):
            return ask(["str", self.leti_key])

        def __bool__(self):
            return ask(["bool", self.leti_key])

    def handle(key):
        if key not in handles:
            handles[key] = Handle(key)
        return handles[key]

    class Proxy(Handle):
        """A function or class the program defined: a handle by name (the program's process looks
        names up in its namespace)."""
        __slots__ = ("__name__",)

        def __init__(self, name):
            super().__init__(name)
            object.__setattr__(self, "__name__", name)

        def __repr__(self):
            return "<function %s>" % self.leti_key

    def refuse(value):
        raise TypeError("the tests passed %s to the program, which runs in another process; only data "
                        "(numbers, strings, lists, tuples, sets, dicts) and the program's own objects "
                        "can be passed" % type(value).__name__)

    records = {}  # id of a record the program returned: (the record, its handle)
    record_classes = {}

    def record(named_tuple, name, fields, key, values):
        """The tests' own copy of a named tuple or dataclass instance the program returned, compared
        field by field; passed back to the program, it stands for the original."""
        kind = record_classes.get((named_tuple, name, fields))
        if kind is None:
            kind = collections.namedtuple(name, fields) if named_tuple else record_class(name, fields)
            record_classes[(named_tuple, name, fields)] = kind
        value = kind(*values)
        records[id(value)] = (value, key)
        return value

    def keep_handle(value, encoder, depth):
        if isinstance(value, Handle):
            return ["h", value.leti_key]  # a Proxy's key is the program's name for it
        if id(value) in records and records[id(value)][0] is value:
            return ["h", records[id(value)][1]]
        return refuse(value)

    def send(value):
        return Encoder(keep_handle).encode(value)

    decode = Decoder(handle, record).decode

    def receive():
        """The program's next message; meanwhile the worker may say the program ended or call it off
        (an answer already written comes first)."""
        while not channel.ready():
            events = dict(watch.poll())
            if answers_r in events:
                try:
                    if channel.fill():
                        continue
                except ValueError as exc:
                    raise Protocol(str(exc))
                raise Aborted()  # the worker is gone
            if control.read_fd in events:
                order = control.receive()
                raise Aborted() if order is None or order.get("abort") else ProgramEnded()
        try:
            return channel.receive()
        except ValueError as exc:
            raise Protocol(str(exc))

    def call_program(target, args, kwargs):
        call = ["call", target, send(args), send(kwargs)]
        pending_arguments[id(call)] = (args, kwargs)
        try:
            return ask(call)
        finally:
            pending_arguments.pop(id(call), None)

    def ask(call):
        channel.send(call)
        answer = receive()
        if type(answer) is not list or len(answer) not in (2, 3):
            raise Protocol("an answer that is not one")
        if answer[0] == "ok":
            try:
                result = decode(answer[1])
                if len(answer) == 3:
                    update_arguments(call, answer[2])
                return result
            except (ValueError, TypeError, KeyError, IndexError, OverflowError, AttributeError) as exc:
                raise Protocol("an answer that is not a value (%s)" % exc)
        if answer[0] == "raise":
            raise program_exception(answer[1])
        raise Protocol("an answer that is not one")

    pending_arguments = {}

    def update_arguments(call, changes):
        """A call changed list, dict or set arguments in place: so do the tests' own objects."""
        args, kwargs = pending_arguments.pop(id(call))
        for key, state in changes:
            target = args[key] if type(key) is int else kwargs[key]
            new = decode(state)
            if type(target) is not type(new) or type(target) not in MUTABLE:
                raise ValueError("an argument changed into something else")
            if type(target) is list:
                target[:] = new
            else:
                target.clear()
                target.update(new)

    def verdict(report):
        return b"R" + json.dumps(report).encode() + b"\n"

    outcome = b"E\n"
    try:
        first = receive()
        if type(first) is not list or len(first) != 2 or first[0] not in ("ready", "raise"):
            raise Protocol("a first message that is neither the program's names nor its failure")
        if first[0] == "raise":
            raise program_exception(first[1])
        namespace = Globals(lambda name: ask(["global", name]))
        namespace.update(__builtins__=builtins, __name__="__main__")
        for name, entry in first[1].items():
            if entry[0] == "v":
                namespace.values.add(name)
            else:
                namespace[name] = imported(entry) if entry[0] in ("m", "r") else Proxy(name)
        code = compile("\n" * (first_test_line - 1) + tests, PROGRAM_FILE, "exec")
        exec(code, namespace)
        outcome = verdict({"type": None})
    except ProgramEnded:
        pass
    except Aborted:
        return b"A\n"
    except Protocol as exc:
        write(verdict_w, ("Sforgery\twrote to the test harness's call channel what is not an answer (%s)\n"
                          % str(exc)[:200]).encode("utf-8", "replace"))
    except BaseException as exc:
        try:
            outcome = verdict(describe(exc))
        except BaseException:
            outcome = verdict({"type": "Exception", "frames": [], "message": "Exception"})
    try:
        channel.send(["bye"])  # the program's process checks its builtins once more and exits
    except BaseException:
        pass
    return outcome


class Globals(dict):
    """The tests' globals: a value the program defined is read from its process at each use, so the
    tests see it as it is then (and the program's process never sends what the tests do not read)."""

    def __init__(self, read):
        super().__init__()
        self.read = read
        self.values = set()

    def __missing__(self, name):
        if name in self.values:
            return self.read(name)
        raise KeyError(name)


def record_class(name, fields):
    """A dataclass-like record: equal to a record of the same class with equal fields."""
    def __init__(self, *values):
        for field, value in zip(fields, values):
            setattr(self, field, value)

    def __eq__(self, other):
        if type(other) is not type(self):
            return NotImplemented
        return all(getattr(self, field) == getattr(other, field) for field in fields)

    def __hash__(self):
        return hash(tuple(getattr(self, field) for field in fields))

    def __repr__(self):
        return "%s(%s)" % (name, ", ".join("%s=%r" % (field, getattr(self, field)) for field in fields))

    return type(name, (), {"__init__": __init__, "__eq__": __eq__, "__hash__": __hash__, "__repr__": __repr__})


def imported(entry):
    """A module or standard-library name the program imported, imported here by name."""
    if entry[0] == "m":
        name = entry[1]
        if type(name) is str and name.partition(".")[0] in sys.stdlib_module_names:
            try:
                return __import__(name, fromlist=["_"])
            except BaseException:
                return None
        return None
    module, qualname = entry[1], entry[2]
    if type(module) is str and type(qualname) is str and module.partition(".")[0] in sys.stdlib_module_names:
        return resolve(module, qualname)
    return None


def program_exception(report):
    """The exception the program raised, raised again in the tests' process: of the built-in class of
    that name where there is one (so a test's `except ValueError` still catches it), carrying the
    program's own report for the feedback."""
    if type(report) is not dict:
        raise Protocol("a failure that is not a report")
    name = report.get("type")
    name = name if type(name) is str and name else "Exception"
    frames = report.get("frames")
    frames = [f for f in frames if type(f) is list and len(f) == 2 and type(f[0]) is int
              and type(f[1]) is str] if type(frames) is list else []
    message = report.get("message")
    message = message if type(message) is str else name
    syntax = report.get("syntax")
    base = BY_NAME.get(name)
    if not (isinstance(base, type) and issubclass(base, BaseException)):
        base = Exception
    try:
        exc = type(name, (base,), {})()
    except BaseException:
        exc = Exception()
    exc.leti_report = {"type": name, "frames": frames, "message": message}
    if type(syntax) is dict and type(syntax.get("line")) is int and type(syntax.get("message")) is str:
        exc.leti_report = {"type": name, "frames": [], "syntax": {"line": syntax["line"],
                                                                   "message": syntax["message"]}}
    return exc


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


def live_pids(spare):
    """The sandbox's live processes (zombies aside), but those in `spare`."""
    pids = []
    for entry in os.listdir("/proc"):
        if entry.isdigit() and int(entry) not in spare:
            try:
                with open("/proc/%s/stat" % entry) as stat:
                    if stat.read().rsplit(")", 1)[1].split()[0] != "Z":
                        pids.append(int(entry))
            except OSError:
                pass
    return pids


def kill_everything_else(program, tests):
    """Kill every process of the sandbox but the worker, the tests' process and the namespace's init:
    first stopped (a stopped process forks no more), then killed, until none is left."""
    if UNISOLATED:
        try:
            os.killpg(program, signal.SIGKILL)
        except OSError:
            pass
        return
    spare = {1, os.getpid(), tests}
    for _ in range(1000):
        pids = live_pids(spare)
        if not pids:
            return
        for sig in (signal.SIGSTOP, signal.SIGKILL):
            for pid in pids:
                try:
                    os.kill(pid, sig)
                except OSError:
                    pass
        time.sleep(0.0005)


def clean_work_dir():
    # Directories the program made unlistable are opened up first.
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


class Findings:
    """What the two processes tell the worker besides output. The program's report pipe carries only
    "S<kind>\\t<detail>" lines (findings, which can only make a verdict worse); anything else on it is
    tampering. The tests' verdict pipe carries findings and, at the run's end, "R<JSON>" (the
    verdict), "E" (the program's process ended before the tests completed) or "A" (called off)."""

    def __init__(self):
        self.pending = {False: bytearray(), True: bytearray()}
        self.size = 0
        self.verdict = None
        self.end = None
        self.suspicions = []
        self.tampered = False

    def feed(self, from_tests, chunk):
        self.size += len(chunk)
        if self.size > 1 << 22 and not from_tests:
            self.tamper("flooded")
            return
        pending = self.pending[from_tests]
        pending += chunk
        while self.end is None or not from_tests:
            end = pending.find(b"\n")
            if end < 0:
                return
            line = bytes(pending[:end])
            del pending[:end + 1]
            self.line(from_tests, line)

    def line(self, from_tests, line):
        tag, body = line[:1], line[1:]
        if tag == b"S":
            kind, _, detail = body.decode("utf-8", "replace").partition("\t")
            self.suspect(kind, detail[:300])
        elif not from_tests:
            self.tamper("wrote %r" % line[:40])
        elif tag in (b"E", b"A"):
            self.end = tag
        elif tag == b"R":
            self.end = tag
            self.verdict = json.loads(body)

    def suspect(self, kind, detail):
        if len(self.suspicions) < 32:
            self.suspicions.append({"kind": kind, "detail": detail})

    def tamper(self, what):
        if not self.tampered:
            self.tampered = True
            self.suspect("forgery", "wrote to the harness's report channel (%s)" % what)

    def finish(self):
        if self.pending[False]:
            self.tamper("wrote %r" % bytes(self.pending[False][:40]))


class TestsProcess:
    """The worker's handle on its tests' process and the two pipes between it and each program's
    process (calls, answers), which live as long as it does; the worker keeps both read ends, to
    empty them between runs."""

    def __init__(self, base_filter):
        self.base_filter = base_filter
        self.pid = None

    def alive(self):
        if self.pid is None:
            return False
        try:
            done, _ = os.waitpid(self.pid, os.WNOHANG)
        except ChildProcessError:
            done = self.pid
        if done:
            self.pid_exited()
            return False
        return True

    def start(self):
        control_r, self.control_w = os.pipe()
        self.verdict_r, verdict_w = os.pipe()
        self.calls_r, calls_w = os.pipe()
        self.answers_r, self.answers_w = os.pipe()
        self.out_r, out_w = os.pipe()
        self.err_r, err_w = os.pipe()
        stdin_fd = os.dup(0)
        self.pid = os.fork()
        if self.pid == 0:
            try:
                serve_tests(stdin_fd, control_r, verdict_w, calls_w, self.answers_r, out_w, err_w, self.base_filter)
            finally:
                os._exit(70)
        for fd in (control_r, verdict_w, calls_w, out_w, err_w, stdin_fd):
            os.close(fd)
        # The program's processes may signal neither this process nor the worker.
        worker = os.getpid()
        self.program_filter = compile_seccomp((worker, -worker, 1, -1, self.pid, -self.pid)) \
            if SECCOMP else None

    def pid_exited(self):
        """It died (reaped already): its pipes go, a fresh one serves the next run."""
        self.stop(reaped=True)

    def stop(self, reaped=False):
        if self.pid is None:
            return
        if not reaped:
            try:
                os.kill(self.pid, signal.SIGKILL)
                os.waitpid(self.pid, 0)
            except OSError:
                pass
        for fd in (self.control_w, self.verdict_r, self.calls_r, self.answers_r, self.answers_w, self.out_r,
                   self.err_r):
            os.close(fd)
        self.pid = None

    def order(self, message):
        try:
            os.write(self.control_w, json.dumps(message).encode() + b"\n")
        except OSError:
            pass


def execute(request, wake_r, tests):
    cap = request["outputCap"]
    started = time.monotonic()
    if not tests.alive():
        tests.start()
    # Whatever the last run left in the two pipes (a killed program's unread calls, a half-written
    # answer): every process of that run is gone and the tests' process waits for its next order.
    drain(tests.calls_r)
    drain(tests.answers_r)
    tests.order({"firstTestLine": request.get("firstTestLine") or 1})
    out_r, out_w = os.pipe()
    err_r, err_w = os.pipe()
    report_r, report_w = os.pipe()
    program_pid = os.fork()
    if program_pid == 0:
        try:
            run_program(request, out_w, err_w, report_w, tests.calls_r, tests.answers_w, tests.pid,
                        tests.program_filter)
        finally:
            os._exit(70)
    for fd in (out_w, err_w, report_w):
        os.close(fd)
    # The tests are read from stdin by the tests' process alone (the program's process, forked from
    # a worker that never held them, has /dev/null there); once they are off stdin, the nonce that
    # follows them is read, by the worker alone.
    if read_exact(tests.verdict_r, 2) != b"T\n":
        raise SystemExit("the tests' process ended before it read the tests")
    nonce = read_exact(0, NONCE_LINE).strip()
    findings = Findings()
    out, err = Capture(cap), Capture(cap)
    captures = {out_r: out, err_r: err, tests.out_r: out, tests.err_r: err}
    poller = select.poll()
    for fd in (out_r, err_r, report_r, tests.verdict_r, tests.out_r, tests.err_r, wake_r):
        poller.register(fd, select.POLLIN)
    deadline = started + request["timeoutMs"] / 1000.0
    program_status = None
    told_ended = called_off = False
    settle = None

    def take(fd, chunk):
        if fd == report_r or fd == tests.verdict_r:
            findings.feed(fd == tests.verdict_r, chunk)
        else:
            captures[fd].add(chunk)

    # Until the tests' process ends the run; then the program's process (told "bye") gets a moment
    # to exit on its own.
    while True:
        now = time.monotonic()
        if findings.end is not None:
            settle = settle or min(deadline if not called_off else now, now + 1.0)
            if program_status is not None or now >= settle:
                break
        elif now >= deadline and not called_off:
            called_off = True
            tests.order({"abort": True})
            deadline = now + 0.5  # for the tests' process to say it stopped
        elif now >= deadline:
            tests.stop()  # it did not answer: a fresh one serves the next run
            break
        for fd, _ in poller.poll(max(1, int((min(deadline, settle or deadline) - now) * 1000) + 1)):
            if fd == wake_r:
                os.read(wake_r, 512)
                continue
            try:
                chunk = os.read(fd, 65536)
            except OSError:
                chunk = b""
            if chunk:
                take(fd, chunk)
            else:
                poller.unregister(fd)
        if program_status is None:
            done, status = os.waitpid(program_pid, os.WNOHANG)
            if done:
                program_status = status
                if findings.end is None and not told_ended:
                    told_ended = True
                    tests.order({"ended": True})
        if findings.end is None and os.waitpid(tests.pid, os.WNOHANG)[0]:
            tests.pid_exited()
            break
    timed_out = called_off
    kill_everything_else(program_pid, tests.pid)  # None when the tests' process died
    if program_status is None:
        os.waitpid(program_pid, 0)
    elapsed = time.monotonic() - started
    for fd in (out_r, err_r, report_r):
        while True:
            chunk = os.read(fd, 65536)
            if not chunk:
                break
            take(fd, chunk)
        os.close(fd)
    if tests.pid is not None:
        for fd in (tests.out_r, tests.err_r):
            try:
                os.set_blocking(fd, False)
                while True:
                    chunk = os.read(fd, 65536)
                    if not chunk:
                        break
                    take(fd, chunk)
            except BlockingIOError:
                pass
            finally:
                os.set_blocking(fd, True)
    findings.finish()
    clean_work_dir()
    verdict = findings.verdict if not timed_out else None
    if verdict is not None and verdict.get("type") is None:
        verdict["proof"] = nonce.decode("ascii")  # the tests' process saw every test run to its end
    status = None
    if findings.end == b"E" and program_status is not None:
        status = program_status  # why the program's process ended: early exit, out of memory, CPU
    elif findings.end is None and not timed_out:
        findings.suspect("harness", "stopped the test harness before it reported")
    return {
        "id": request["id"],
        "timedOut": timed_out,
        "exitCode": os.WEXITSTATUS(status) if status is not None and os.WIFEXITED(status) else None,
        "signal": os.WTERMSIG(status) if status is not None and os.WIFSIGNALED(status) else None,
        "verdict": verdict,
        "suspicions": findings.suspicions,
        "testsCompleted": False,  # the service decides, from the verdict's proof alone
        "stdout": out.text(),
        "stderr": err.text(),
        "stdoutTruncated": out.total > cap,
        "stderrTruncated": err.total > cap,
        "durationMillis": int(elapsed * 1000),
    }


def main():
    base_filter = None
    if SECCOMP:
        make_unptraceable()
        worker = os.getpid()
        base_filter = compile_seccomp((worker, -worker, 1, -1))
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
    # Everything the worker holds now lives as long as it does: out of the collector's sight, a
    # collection in a forked child does not touch (and so copy) every page of it.
    gc.freeze()
    tests = TestsProcess(base_filter)
    while True:
        length = read_header(0)
        if length is None:
            return
        request = json.loads(read_exact(0, length))
        replies.write(json.dumps(execute(request, wake_r, tests)) + "\n")
        replies.flush()


main()
