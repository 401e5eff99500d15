"""Batch / archive mode: many reports over a pool of worker processes, each report isolated.

A report that cannot be read, that crashes its worker, or that runs past `--timeout` becomes an
`Outcome` with a reason (an exit-2 stderr line); the worker is replaced and the batch goes on.
Outcomes are yielded in the order of the input files (so output is deterministic at any
`--jobs`), while each one is stored in the results database the moment it finishes.
"""
from __future__ import annotations

import hashlib
import io
import multiprocessing as mp
import os
import signal
import sys
import time
from collections import deque
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from multiprocessing.connection import wait
from pathlib import Path

from . import __version__
from .finding import ReportResult
from .runner import Options

RECYCLE_AFTER = 200   # tasks per worker before it is replaced (bounds cache growth over an archive)


@dataclass
class Outcome:
    file: str                                # as named on the command line
    status: str                              # ok | cached | unreadable | timeout | crashed
    result: ReportResult | None = None
    reason: str | None = None                # why it is not ok
    meta: dict = field(default_factory=dict)  # pages, lines, period, coverage, timings
    seconds: float | None = None
    stderr: str = ""                         # what the report's rules printed (rule failures)

    @property
    def failed(self) -> bool:
        return self.status in ("unreadable", "timeout", "crashed")

    @property
    def kind(self) -> str | None:
        return self.result.report_kind if self.result else None


def settings_fingerprint(options: Options) -> str:
    """What, besides the file and the tool version, decides the findings: the rule set and the options."""
    from . import registry

    rules = registry.load(options.rule_packs)
    parts = [__version__, ",".join(f"{c}:{r.severity}" for c, r in rules.items()), repr(options.select),
             repr(options.ignore), options.lang, repr(options.severities), options.tolerance,
             str(options.reference_factors), str(options.max_bytes), str(options.kind)]
    return hashlib.sha256("\n".join(parts).encode()).hexdigest()[:16]


def warm_up(options: Options, pdf: bool = True) -> None:
    """Import and load what every report needs once, before the workers are forked from this process."""
    import importlib

    from . import registry
    from .reference import Reference

    for m in ("engine", "parse", "ingest.text", "relations") + (("ingest.pdf",) if pdf else ()):
        importlib.import_module(f"auditcheck.{m}")

    registry.load(options.rule_packs)
    Reference.load()


# ------------------------------------------------------------------------- worker side


def _work(path: str, options: Options) -> tuple:
    from .ingest import ReadError
    from .runner import audit_full

    buf, old = io.StringIO(), sys.stderr
    sys.stderr = buf
    t0 = time.perf_counter()
    try:
        a = audit_full(path, options)
        return ("ok", a.result, None, a.meta(), time.perf_counter() - t0, buf.getvalue())
    except ReadError as e:
        return ("unreadable", None, e.reason, {}, time.perf_counter() - t0, buf.getvalue())
    except MemoryError:
        return ("crashed", None, "out of memory while checking", {}, time.perf_counter() - t0, buf.getvalue())
    except Exception as e:
        return ("crashed", None, f"internal error while checking ({type(e).__name__}: {str(e)[:160]})", {},
                time.perf_counter() - t0, buf.getvalue())
    finally:
        sys.stderr = old


def _worker_main(conn, options: Options) -> None:
    signal.signal(signal.SIGINT, signal.SIG_IGN)   # Ctrl-C is the parent's to handle
    while True:
        try:
            task = conn.recv()
        except (EOFError, OSError):                # the parent is gone
            return
        if task is None:
            return
        idx, path = task
        try:
            conn.send((idx,) + _work(path, options))
        except (BrokenPipeError, OSError):
            return


class _Worker:
    def __init__(self, ctx, options: Options):
        self.conn, child = ctx.Pipe()
        self.proc = ctx.Process(target=_worker_main, args=(child, options), daemon=True)
        self.proc.start()
        child.close()
        self.task: tuple[int, str] | None = None
        self.started = 0.0
        self.done = 0

    def give(self, task: tuple[int, str]) -> None:
        self.task, self.started = task, time.monotonic()
        self.conn.send(task)

    def stop(self, kill: bool = False) -> None:
        try:
            if kill:
                self.proc.kill()
            else:
                self.conn.send(None)
        except (OSError, ValueError):
            pass
        self.proc.join(1 if not kill else 5)
        if self.proc.is_alive():
            self.proc.kill()
            self.proc.join(5)
        self.conn.close()


def _context():
    methods = mp.get_all_start_methods()
    return mp.get_context("fork" if "fork" in methods else "spawn")


def _pool(tasks: list[tuple[int, str]], options: Options, jobs: int,
          timeout: float | None) -> Iterator[tuple[int, Outcome]]:
    """(index, outcome) in completion order."""
    ctx = _context()
    pending = deque(tasks)
    idle: list[_Worker] = []
    busy: list[_Worker] = []
    try:
        while pending or busy:
            while pending and len(busy) < jobs:
                w = idle.pop() if idle else _Worker(ctx, options)
                w.give(pending.popleft())
                busy.append(w)
            now = time.monotonic()
            wait_for = None
            if timeout:
                wait_for = max(0.0, min(w.started + timeout for w in busy) - now)
            ready = set(wait([x for w in busy for x in (w.conn, w.proc.sentinel)], wait_for))
            for w in list(busy):
                idx, path = w.task
                if w.conn in ready or w.proc.sentinel in ready:
                    msg = None
                    try:
                        if w.conn.poll():
                            msg = w.conn.recv()
                    except (EOFError, OSError):
                        msg = None
                    busy.remove(w)
                    if msg is None:   # the worker died without answering
                        w.proc.join(2)
                        code = w.proc.exitcode
                        w.stop(kill=True)
                        how = ("still running" if code is None else f"killed by signal {-code}" if code < 0
                               else f"exit status {code}")
                        yield idx, Outcome(path, "crashed", reason=f"worker process died while checking ({how})",
                                           seconds=time.monotonic() - w.started)
                        continue
                    _, status, result, reason, meta, secs, err = msg
                    w.done += 1
                    if w.done >= RECYCLE_AFTER:
                        w.stop()
                    else:
                        idle.append(w)
                    yield idx, Outcome(path, status, result=result, reason=reason, meta=meta, seconds=secs,
                                       stderr=err)
                elif timeout and time.monotonic() - w.started >= timeout:
                    busy.remove(w)
                    w.stop(kill=True)
                    yield idx, Outcome(path, "timeout", reason=f"timed out after {timeout:g} s (see --timeout)",
                                       seconds=timeout)
    finally:
        for w in busy:
            w.stop(kill=True)
        for w in idle:
            w.stop()


def _sha256(path: Path) -> tuple[str | None, int | None]:
    try:
        h = hashlib.sha256()
        with open(path, "rb") as fh:
            for chunk in iter(lambda: fh.read(1 << 20), b""):
                h.update(chunk)
        return h.hexdigest(), path.stat().st_size
    except OSError:
        return None, None


def run(files: list[Path], options: Options, *, jobs: int | None = None, timeout: float | None = None,
        store=None, force: bool = False, on_start: Callable[[int], None] | None = None,
        on_done: Callable[[Outcome], None] | None = None) -> Iterator[Outcome]:
    """Check every file; yield one Outcome per file, in the order of `files`.

    With a `store`, an unchanged report already stored is not checked again (status "cached",
    unless `force`), and every checked report is stored as soon as it finishes.
    `on_start(n)` is told how many reports will be checked; `on_done` sees each as it finishes.
    """
    jobs = max(1, jobs or os.cpu_count() or 1)
    settings = settings_fingerprint(options) if store is not None else ""
    ready: dict[int, Outcome] = {}
    tasks: list[tuple[int, str]] = []
    digests: dict[int, tuple[str | None, int | None]] = {}
    for i, f in enumerate(files):
        if store is not None:
            digests[i] = _sha256(f)
            hit = None if force or digests[i][0] is None else store.cached(f, digests[i][0], settings)
            if hit is not None:
                res = None
                if hit["status"] == "ok":
                    res = ReportResult(version=__version__, file=str(f), sha256=digests[i][0],
                                       report_kind=hit["kind"], findings=hit["findings"])
                ready[i] = Outcome(str(f), "cached" if res else hit["status"], result=res, reason=hit["reason"],
                                   meta=hit["meta"], seconds=hit["seconds"])
                continue
        tasks.append((i, str(f)))
    if on_start:
        on_start(len(tasks))
    nxt = 0
    while nxt in ready:
        yield ready.pop(nxt)
        nxt += 1
    if tasks:
        warm_up(options, pdf=any(p.lower().endswith(".pdf") for _, p in tasks))
        for idx, out in _pool(tasks, options, min(jobs, len(tasks)), timeout):
            if store is not None:
                sha, size = digests[idx]
                if out.result is not None:
                    sha = out.result.sha256
                store.save(path=files[idx], file=out.file, sha256=sha, size=size, status=out.status,
                           reason=out.reason, settings=settings, result=out.result, meta=out.meta,
                           seconds=out.seconds)
            if on_done:
                on_done(out)
            ready[idx] = out
            while nxt in ready:
                yield ready.pop(nxt)
                nxt += 1
    while nxt in ready:
        yield ready.pop(nxt)
        nxt += 1


def check(files: list[Path], options: Options, *, fmt: str, output: str | None = None, lang: str | None = None,
          jobs: int | None = None, timeout: float | None = None, store=None, force: bool = False) -> list[Outcome]:
    """The command line's batch: run the files, print each failure as an `auditcheck: FILE: reason`
    line on stderr (above the progress bar, if any), stream jsonl as reports finish, render any
    other format at the end; write it all to `output` (atomically) or stdout."""
    from .formats import AtomicWriter, render

    lang = lang or options.lang
    progress = Progress(Progress.wanted())
    outcomes: list[Outcome] = []
    try:
        with AtomicWriter(output) as out:
            for o in run(files, options, jobs=jobs, timeout=timeout, store=store, force=force,
                         on_start=progress.start, on_done=progress.done):
                outcomes.append(o)
                for line in o.stderr.splitlines():
                    progress.print(line)
                if o.failed:
                    progress.print(f"auditcheck: {o.file}: {o.reason}")
                if fmt == "jsonl" and o.result is not None:   # streamed: never lost to a later failure
                    out.write(render([o], "jsonl"))
            progress.stop()
            if fmt != "jsonl" and (output or any(o.result is not None for o in outcomes)):
                color = fmt == "text" and not output and sys.stdout.isatty() and not os.environ.get("NO_COLOR")
                out.write(render(outcomes, fmt, lang=lang, color=color))
    finally:
        progress.stop()
    return outcomes


class Progress:
    """A rich progress bar on stderr, only when stderr is a terminal (never in pipes or CI logs).

    It is redrawn when a report finishes (no refresh thread: workers are forked from this process),
    and messages printed through it appear above the bar.
    """

    def __init__(self, enabled: bool):
        self.bar = None
        self.task = None
        if enabled:
            from rich.console import Console
            from rich.progress import BarColumn, MofNCompleteColumn, TextColumn, TimeElapsedColumn
            from rich.progress import Progress as RichProgress

            self.bar = RichProgress(TextColumn("auditcheck"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
                                    TextColumn("{task.description}"), console=Console(file=sys.stderr),
                                    auto_refresh=False, redirect_stdout=False, redirect_stderr=False, transient=True)

    @staticmethod
    def wanted() -> bool:
        return sys.stderr.isatty() and os.environ.get("TERM") != "dumb" and not os.environ.get("CI")

    def start(self, total: int) -> None:
        if self.bar is not None and total > 1:
            self.bar.start()
            self.task = self.bar.add_task("", total=total)
            self.bar.refresh()

    def done(self, out: Outcome) -> None:
        if self.task is not None:
            self.bar.update(self.task, advance=1, description=Path(out.file).name)
            self.bar.refresh()

    def print(self, msg: str) -> None:
        if self.task is not None:
            self.bar.console.print(msg, markup=False, highlight=False, soft_wrap=True)
        else:
            print(msg, file=sys.stderr, flush=True)

    def stop(self) -> None:
        if self.task is not None:
            self.bar.stop()
            self.task = None
