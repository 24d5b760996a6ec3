"""interp.py: the CPython side of the differential fuzzer.

Reads a program in the op language of LANGUAGE.md (next to this file), runs
it on CPython 3.13's asyncio over the conformance twins' virtual clock and
prints its trace.  wasyncio's side is interp.c; the two traces must match.

    python3 interp.py FILE          one program
    python3 interp.py --batch       programs on stdin, each ended by '%%'

A conformance twin runs a program with run_program(text).
"""
import asyncio
import os
import re
import sys

if sys.version_info[:2] != (3, 13):
    print(f"interp.py needs CPython 3.13 (this is {sys.version.split()[0]}); "
          "try PYENV_VERSION=3.13.0 python3", file=sys.stderr)
    sys.exit(2)

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', 'conformance'))
from vclock import VirtualLoop  # noqa: E402

WATCHDOG = 10000.0

EXC = {e.__name__: e for e in (
    ValueError, RuntimeError, KeyError, TypeError, ZeroDivisionError, TimeoutError,
    asyncio.CancelledError, asyncio.InvalidStateError, asyncio.QueueEmpty,
    asyncio.QueueFull, asyncio.QueueShutDown, asyncio.BrokenBarrierError,
    ExceptionGroup, BaseExceptionGroup, Exception, BaseException)}
# A group needs its members, which the text form cannot write: catch only.
RAISABLE = {k: v for k, v in EXC.items() if not issubclass(v, BaseExceptionGroup)}

DECLS = {'future': '', 'lock': '', 'event': '', 'condition': '',
         'semaphore': 'N', 'bsemaphore': 'N', 'barrier': 'N', 'queue': 'N'}
LOCKISH = ('lock', 'semaphore', 'bsemaphore', 'condition')

# Argument kinds: a name of a kind (T task, F future, X task or future, L lock
# semaphore or condition, EV event, C condition, B barrier, Q queue,
# G taskgroup, H handle), V value, D delay, DN delay or none, M message,
# E exception type, N integer, GM/WM a gather/wait mode; '+' ends with names.
# The third field: 'a' awaits, 's' does not (a callback may run it),
# 'b' is a block head, 'c' controls the body.
OPS = {
    'spawn': ('T', 's'), 'sleep': ('D', 'a'), 'yield': ('', 'a'),
    'cancel': ('X M', 's'), 'uncancel': ('T', 's'), 'cancelling': ('T', 's'),
    'await': ('X', 'a'), 'set_result': ('F V', 's'), 'set_exception': ('F E M', 's'),
    'result': ('X', 's'), 'done': ('X', 's'), 'return': ('V', 'c'), 'raise': ('E M', 'c'),
    'gather': ('GM X+', 'a'), 'wait': ('WM DN X+', 'a'), 'wait_for': ('X DN', 'a'),
    'shield': ('X', 'a'), 'as_completed': ('DN X+', 'a'),
    'timeout': ('DN', 'b'), 'reschedule': ('DN', 'c'), 'taskgroup': ('G', 'b'),
    'tg_spawn': ('G T', 's'), 'with': ('L', 'b'), 'try': ('', 'b'), 'reraise': ('', 'c'),
    'acquire': ('L', 'a'), 'release': ('L', 's'), 'locked': ('L', 's'),
    'set': ('EV', 's'), 'clear': ('EV', 's'), 'is_set': ('EV', 's'),
    'event_wait': ('EV', 'a'), 'cond_wait': ('C', 'a'), 'notify': ('C N', 's'),
    'notify_all': ('C', 's'), 'barrier_wait': ('B', 'a'), 'barrier_abort': ('B', 'a'),
    'barrier_reset': ('B', 'a'),
    'put': ('Q V', 'a'), 'get': ('Q', 'a'), 'put_nowait': ('Q V', 's'),
    'get_nowait': ('Q', 's'), 'task_done': ('Q', 's'), 'join': ('Q', 'a'),
    'shutdown': ('Q', 's'), 'shutdown_now': ('Q', 's'), 'qsize': ('Q', 's'),
    'call_soon': ('H', 's'), 'call_later': ('H D', 's'), 'handle_cancel': ('H', 's'),
}
KINDS = {'T': ('task',), 'F': ('future',), 'X': ('task', 'future'), 'L': LOCKISH,
         'EV': ('event',), 'C': ('condition',), 'B': ('barrier',), 'Q': ('queue',),
         'G': ('taskgroup',), 'H': ('handle',)}
# Names that exist only once the program made them: "NAME not started" before.
RUNTIME_KINDS = ('task', 'taskgroup', 'handle')
NAME = re.compile(r'[a-z][a-z0-9_]*\Z')
INT = re.compile(r'-?[0-9]+\Z')
DELAY = re.compile(r'[0-9]+(\.[0-9]+)?\Z')


class ParseError(Exception):
    def __init__(self, line, msg):
        super().__init__(f'line {line}: {msg}')


class Node:
    __slots__ = ('line', 'op', 'toks', 'body', 'args', 'refs', 'kind', 'text',
                 'handler', 'types', 'final', 'timeout', 'inner')

    def __init__(self, line, toks):
        self.line, self.toks, self.op = line, toks, toks[0]
        self.text = ' '.join(toks)
        self.body = self.handler = self.final = self.timeout = self.inner = None
        self.refs = ()


class Program:
    def __init__(self, text):
        self.decls = []         # (name, kind, arg) in declaration order
        self.kinds = {'main': 'task'}   # name -> kind; main's task is a task
        self.tasks = {}         # task name -> body
        self.main = None
        self.spawns = {}        # task name -> the line of its spawn or tg_spawn
        self.awaits = {}        # task -> {task it awaits, gathers or wait_fors: line}
        roots = self._tree(text)
        for n in roots:
            self._collect(n, top=True)
        if self.main is None:
            raise ParseError(roots[-1].line if roots else 1, 'no main')
        for name in self.tasks:
            self.tasks[name] = self._body(self.tasks[name], name, None, False)
        self.main = self._body(self.main, 'main', None, False)
        self._no_await_cycle()

    def _no_await_cycle(self):
        """Task.cancel() cancels what the task awaits, and a gather cancels its
        children: along a cycle of tasks awaiting each other CPython recurses
        until RecursionError.  (A task awaiting itself directly raises words
        naming its repr, a file and line: no C side can print those.)"""
        state = {}
        def visit(a, path):
            state[a] = 1
            for b, line in self.awaits.get(a, {}).items():
                if state.get(b) == 1:
                    cycle = path[path.index(b):] + [b] if b in path else [a, b]
                    raise ParseError(line, 'tasks await each other in a cycle: ' + ' -> '.join(cycle))
                if b not in state:
                    visit(b, path + [b])
            state[a] = 2
        for a in list(self.awaits):
            if a not in state:
                visit(a, [a])

    def _tree(self, text):
        roots, stack = [], []     # stack of (level, node)
        for no, raw in enumerate(text.split('\n'), 1):
            line = raw.rstrip()
            body = line.lstrip(' ')
            if not body or body.startswith('#'):
                continue
            if '\t' in line:
                raise ParseError(no, 'tab character (indent with two spaces)')
            ind = len(line) - len(body)
            if ind % 2:
                raise ParseError(no, f'indentation of {ind} spaces is not a multiple of two')
            level = ind // 2
            while stack and stack[-1][0] >= level:
                stack.pop()
            node = Node(no, body.split())
            if len(stack) != level:
                raise ParseError(no, 'indented deeper than one level under its head')
            if stack:
                parent = stack[-1][1]
                if parent.body is None:
                    raise ParseError(no, f'{parent.op} (line {parent.line}) takes no body')
                parent.body.append(node)
            else:
                roots.append(node)
            if node.op in ('task', 'main', 'try', 'except', 'finally', 'timeout',
                           'taskgroup', 'with'):
                node.body = []
            stack.append((level, node))
        for n in self._walk(roots):
            if n.body == []:
                raise ParseError(n.line, f'{n.op} needs an indented body')
        return roots

    def _walk(self, nodes):
        for n in nodes:
            yield n
            if n.body:
                yield from self._walk(n.body)

    def _name(self, line, name, kind):
        if not NAME.match(name):
            raise ParseError(line, f'bad name {name!r} (want [a-z][a-z0-9_]*)')
        if name in self.kinds:
            raise ParseError(line, f'name {name} declared twice')
        self.kinds[name] = kind

    def _collect(self, n, top=False):
        """Declares every name first: a body may name a later task group or handle."""
        if top:
            if self.main is not None:
                raise ParseError(n.line, 'main must come last, once')
            if n.op == 'main':
                if len(n.toks) != 1:
                    raise ParseError(n.line, 'main takes no arguments')
                self.main = n.body
            elif n.op == 'task':
                if len(n.toks) != 2:
                    raise ParseError(n.line, 'want: task NAME')
                self._name(n.line, n.toks[1], 'task')
                self.tasks[n.toks[1]] = n.body
            elif n.op in DECLS:
                want = 2 + len(DECLS[n.op])
                if len(n.toks) != want:
                    raise ParseError(n.line, f'want: {n.op} NAME{" N" if want == 3 else ""}')
                arg = None
                if want == 3:
                    arg = self._int(n.line, n.toks[2])
                    low = 1 if n.op == 'barrier' else 0
                    if arg < low:
                        raise ParseError(n.line, f'{n.op} size must be >= {low}')
                self._name(n.line, n.toks[1], n.op)
                self.decls.append((n.toks[1], n.op, arg))
            else:
                raise ParseError(n.line, f'{n.op!r} at the top level (want a declaration, task or main)')
            if n.body:
                for c in n.body:
                    self._collect(c)
            return
        toks = n.toks
        while toks and toks[0] in ('call_soon', 'call_later'):
            if len(toks) < 2:
                raise ParseError(n.line, f'{toks[0]} needs a handle name')
            self._name(n.line, toks[1], 'handle')
            toks = toks[2 + (toks[0] == 'call_later'):]
        if n.op == 'taskgroup' and len(n.toks) == 2:
            self._name(n.line, n.toks[1], 'taskgroup')
        for c in n.body or ():
            self._collect(c)

    def _int(self, line, tok):
        if not INT.match(tok):
            raise ParseError(line, f'bad integer {tok!r}')
        return int(tok)

    def _body(self, nodes, me, timeout, in_except):
        out = []
        for n in nodes:
            if n.op in ('except', 'finally'):
                prev = out[-1] if out else None
                if prev is None or prev.op != 'try' or (n.op == 'except' and (
                        prev.handler is not None or prev.final is not None)) or prev.final is not None:
                    raise ParseError(n.line, f'{n.op} without its try')
                if n.op == 'except':
                    if len(n.toks) < 2:
                        raise ParseError(n.line, 'want: except E...')
                    prev.types = tuple(self._exc(n.line, t, EXC) for t in n.toks[1:])
                    prev.handler = self._body(n.body, me, timeout, True)
                else:
                    if len(n.toks) != 1:
                        raise ParseError(n.line, 'finally takes no arguments')
                    prev.final = self._body(n.body, me, timeout, in_except)
                continue
            if out and out[-1].op == 'try' and out[-1].handler is None and out[-1].final is None:
                raise ParseError(out[-1].line, 'try without except or finally')
            self._op(n, timeout, in_except, callback=False)
            if n.op in ('await', 'wait_for', 'gather'):
                for x in n.args[1:] if n.op == 'gather' else n.args[:1]:
                    if self.kinds[x] == 'task':
                        self.awaits.setdefault(me, {}).setdefault(x, n.line)
            if n.op == 'try':
                n.types = ()
            if n.body is not None:
                n.body = self._body(n.body, me, n if n.op == 'timeout' else timeout, in_except)
            out.append(n)
        if out and out[-1].op == 'try' and out[-1].handler is None and out[-1].final is None:
            raise ParseError(out[-1].line, 'try without except or finally')
        return out

    def _exc(self, line, tok, table):
        if tok not in table:
            raise ParseError(line, f'unknown exception type {tok!r}' if tok not in EXC
                             else f'{tok} cannot be raised (a group needs members)')
        return table[tok]

    def _op(self, n, timeout, in_except, callback):
        if n.op not in OPS:
            raise ParseError(n.line, f'unknown op {n.op!r}')
        spec, n.kind = OPS[n.op]
        if callback and n.kind != 's':
            raise ParseError(n.line, f'a callback runs one op that does not await, not {n.op}')
        if n.op == 'reschedule':
            if timeout is None:
                raise ParseError(n.line, 'reschedule outside a timeout block')
            n.timeout = timeout
        if n.op == 'reraise' and not in_except:
            raise ParseError(n.line, 'reraise outside an except handler')
        kinds = spec.split()
        args, refs = [], []
        toks = n.toks[1:]
        if n.op in ('call_soon', 'call_later'):
            head = len(kinds)
            if len(toks) <= head:
                raise ParseError(n.line, f'want: {n.op} {spec} OP...')
            n.inner = Node(n.line, toks[head:])
            self._op(n.inner, None, False, callback=True)
            toks = toks[:head]
        if kinds and kinds[-1].endswith('+'):
            names = toks[len(kinds) - 1:]
            if not names:
                raise ParseError(n.line, f'want: {n.op} {spec}')
            if len(set(names)) != len(names):
                raise ParseError(n.line, 'a name appears twice in one op')
            kinds = kinds[:-1] + [kinds[-1][:-1]] * len(names)
        if len(toks) != len(kinds):
            raise ParseError(n.line, f'want: {n.op} {spec}'.rstrip())
        for k, t in zip(kinds, toks):
            args.append(self._arg(n, k, t, refs))
        n.args, n.refs = args, tuple(refs)

    def _arg(self, n, k, t, refs):
        if k in KINDS:
            kind = self.kinds.get(t)
            if kind is None:
                raise ParseError(n.line, f'{t!r} is not declared')
            if k == 'T' and n.op in ('spawn', 'tg_spawn'):
                # once at most, so that every body runs once and a program ends
                if t == 'main' or t in self.spawns:
                    raise ParseError(n.line, f'{t} is started by the run' if t == 'main' else
                                     f'{t} is started twice (line {self.spawns[t]} too)')
                self.spawns[t] = n.line
            if kind not in KINDS[k]:
                raise ParseError(n.line, f'{t} is a {kind}, {n.op} wants a {"/".join(KINDS[k])}')
            # spawn and tg_spawn start T; every other reference needs it made
            if not (k == 'T' and n.op in ('spawn', 'tg_spawn')) and \
                    not (k == 'H' and n.op in ('call_soon', 'call_later')) and \
                    not (k == 'G' and n.op == 'taskgroup'):
                if kind in RUNTIME_KINDS:
                    refs.append(t)
            return t
        if k == 'V':
            return None if t == 'none' else self._int(n.line, t)
        if k == 'N':
            return self._int(n.line, t)
        if k in ('D', 'DN'):
            if k == 'DN' and t == 'none':
                return None
            if not DELAY.match(t):
                raise ParseError(n.line, f'bad delay {t!r}')
            return float(t)
        if k == 'M':
            return None if t == '-' else t
        if k == 'E':
            return self._exc(n.line, t, RAISABLE)
        if k == 'GM':
            if t not in ('ret', 'raise'):
                raise ParseError(n.line, f'gather wants ret or raise, not {t!r}')
            return t == 'ret'
        if k == 'WM':
            modes = {'all': asyncio.ALL_COMPLETED, 'first': asyncio.FIRST_COMPLETED,
                     'exc': asyncio.FIRST_EXCEPTION}
            if t not in modes:
                raise ParseError(n.line, f'wait wants all, first or exc, not {t!r}')
            return modes[t]
        raise AssertionError(k)


def fmt(v):
    if isinstance(v, list):
        return '[' + ', '.join(fmt(x) for x in v) + ']'
    if isinstance(v, BaseExceptionGroup):
        return f'{type(v).__name__}({v})' + fmt(list(v.exceptions))
    if isinstance(v, BaseException):
        return f'{type(v).__name__}({v})'
    return str(v)


class Return:
    """What a body hands up when a `return` op ends it."""
    __slots__ = ('value',)

    def __init__(self, value):
        self.value = value


class Run:
    """One program on one fresh loop."""

    def __init__(self, prog, out):
        self.prog, self.out = prog, out
        self.loop = VirtualLoop()
        self.loop.set_exception_handler(lambda loop, ctx: None)
        self.obj = {}       # name -> object, once made
        self.started = []   # tasks in the order they were made
        self.cms = {}       # timeout node -> its asyncio.Timeout while inside
        self.dead = False   # the trace is complete; close() is unwinding
        self.handling = {}  # task name -> the exceptions its handlers handle

    def emit(self, who, msg):
        self.out.append(f'{self.loop.time():.3f} {who}: {msg}')

    # -- the run sequence --------------------------------------------------
    def run(self):
        loop, prog = self.loop, self.prog
        try:
            main = loop.create_task(self.task_main(), name='main')
            self.obj['main'] = main
            self.started.append(main)

            def watchdog():
                self.out.append(f'{loop.time():.3f} watchdog')
                main.cancel('watchdog')
            dog = loop.call_at(WATCHDOG, watchdog)
            deadlock = not self.until(main)
            dog.cancel()
            if not deadlock:
                # asyncio.runners._cancel_all_tasks, in the order the tasks were
                # made: all_tasks() is a set, whose order would be an address's
                todo = [t for t in self.started if not t.done()]
                if todo:
                    for t in todo:
                        t.cancel()
                    self.until(asyncio.gather(*todo, return_exceptions=True))
            if main.cancelled():
                # not `main ! CancelledError(msg)`: the message is gone once
                # run_until_complete has read the result
                self.out.append('main: cancelled')
            elif main.done():
                try:
                    self.out.append(f'main = {fmt(main.result())}')
                except BaseException as e:
                    self.out.append(f'main ! {fmt(e)}')
            else:
                self.out.append('main: pending')
            for name in prog.tasks:
                t = self.obj.get(name)
                if t is None:
                    self.out.append(f'{name}: not started')
                elif not t.done():
                    self.out.append(f'{name}: pending')
                elif t.cancelled():
                    self.out.append(f'{name}: cancelled')
                elif t.exception() is not None:
                    self.out.append(f'{name}: exception {fmt(t.exception())}')
                else:
                    self.out.append(f'{name}: result {fmt(t.result())}')
            self.out.append('end')
        finally:
            self.close()

    def until(self, fut):
        """run_until_complete; False when the loop found nothing to run."""
        try:
            self.loop.run_until_complete(fut)
        except BaseException:
            if fut.done():
                return True    # fut's own exception, read later
            self.out.append(f'{self.loop.time():.3f} deadlock')
            return False
        return True

    def close(self):
        # Close what is still suspended now, on the open loop, with the trace
        # finished: left to the garbage collector, it would run the program's
        # finally bodies on a closed loop, maybe in another program's run.
        self.out, self.dead = [], True
        for t in self.started + list(asyncio.all_tasks(self.loop)):
            if not t.done():
                try:
                    t.get_coro().close()
                except BaseException:
                    # What the unwinding raised: a TaskGroup's exit awaits on
                    # GeneratorExit or groups it. The coroutine is closed anyway.
                    pass
        self.loop.close()

    async def task_main(self):
        loop = self.loop
        for name, kind, arg in self.prog.decls:
            self.obj[name] = (
                loop.create_future() if kind == 'future' else
                asyncio.Lock() if kind == 'lock' else
                asyncio.Event() if kind == 'event' else
                asyncio.Condition() if kind == 'condition' else
                asyncio.Semaphore(arg) if kind == 'semaphore' else
                asyncio.BoundedSemaphore(arg) if kind == 'bsemaphore' else
                asyncio.Barrier(arg) if kind == 'barrier' else
                asyncio.Queue(maxsize=arg))
        return await self.task_body(self.prog.main, 'main')

    async def task_body(self, body, who):
        r = await self.body(body, who)
        return r.value if r is not None else None

    def not_started(self, n, who):
        """Prints `OP: NAME not started` if n names something not made yet."""
        missing = next((r for r in n.refs if r not in self.obj), None)
        if missing is not None:
            self.emit(who, f'{n.op}: {missing} not started')
        return missing is not None

    async def body(self, nodes, who):
        for n in nodes:
            if n.refs and self.not_started(n, who):
                continue
            k = n.kind
            if k == 's':
                self.sync(n, who)
                continue
            r = await AWAITS[n.op](self, n, who) if k != 'c' else CONTROL[n.op](self, n, who)
            if r is not None:
                return r
        return None

    def sync(self, n, who):
        try:
            msg = SYNCS[n.op](self, n, who, *n.args)
        except BaseException as e:
            self.emit(who, f'{n.text} ! {fmt(e)}')
        else:
            self.emit(who, msg)

    def start(self, name, make):
        t = make(self.task_body(self.prog.tasks[name], name), name=name)
        self.obj[name] = t
        self.started.append(t)

    def callback(self, n, who, name):
        def cb():
            self.emit(name, 'run')
            if not self.not_started(n.inner, name):
                self.sync(n.inner, name)
        return cb


def _names(run, names):
    return [run.obj[x] for x in names]


def op_call(run, n, who, name, delay=None):
    cb = run.callback(n, who, name)
    run.obj[name] = run.loop.call_soon(cb) if delay is None else run.loop.call_later(delay, cb)
    return n.text[:len(n.text) - len(n.inner.text) - 1]


def op_spawn(run, n, who, t):
    run.start(t, run.loop.create_task)
    return f'spawn {t}'


def op_tg_spawn(run, n, who, g, t):
    run.start(t, run.obj[g].create_task)
    return f'tg_spawn {g} {t}'


def op_set_exception(run, n, who, f, e, m):
    run.obj[f].set_exception(e() if m is None else e(m))
    return n.text


def plain(method):
    """A non-awaiting op that prints its own text: `set e1`."""
    def op(run, n, who, name, *rest):
        getattr(run.obj[name], method)(*rest)
        return n.text
    return op


def shows(method, *fixed):
    """A non-awaiting op that prints what it returns: `done t1 = False`."""
    def op(run, n, who, name, *rest):
        return f'{n.text} = {fmt(getattr(run.obj[name], method)(*fixed, *rest))}'
    return op


SYNCS = {
    'spawn': op_spawn, 'tg_spawn': op_tg_spawn,
    'cancel': lambda run, n, who, x, m: f'cancel {x} = {run.obj[x].cancel(m)}',
    'uncancel': shows('uncancel'), 'cancelling': shows('cancelling'),
    'set_result': plain('set_result'), 'set_exception': op_set_exception,
    'result': shows('result'), 'done': shows('done'),
    'release': plain('release'), 'locked': shows('locked'),
    'set': plain('set'), 'clear': plain('clear'), 'is_set': shows('is_set'),
    'notify': plain('notify'), 'notify_all': plain('notify_all'),
    'put_nowait': plain('put_nowait'), 'get_nowait': shows('get_nowait'),
    'task_done': plain('task_done'), 'shutdown': plain('shutdown'),
    'shutdown_now': lambda run, n, who, q: (run.obj[q].shutdown(immediate=True), n.text)[1],
    'qsize': shows('qsize'),
    'call_soon': op_call, 'call_later': op_call,
    'handle_cancel': lambda run, n, who, h: (run.obj[h].cancel(), n.text)[1],
}


def op_return(run, n, who):
    return Return(n.args[0])


def op_raise(run, n, who):
    e, m = n.args
    raise e() if m is None else e(m)


def op_reraise(run, n, who):
    raise run.handling[who][-1]     # never empty: a reraise is in a handler


def op_reschedule(run, n, who):
    d = n.args[0]
    try:
        run.cms[n.timeout].reschedule(None if d is None else run.loop.time() + d)
    except BaseException as e:
        run.emit(who, f'{n.text} ! {fmt(e)}')
    else:
        run.emit(who, n.text)


CONTROL = {'return': op_return, 'raise': op_raise, 'reraise': op_reraise,
           'reschedule': op_reschedule}


async def op_sleep(run, n, who):
    await asyncio.sleep(n.args[0])
    run.emit(who, f'{n.text} done')


async def op_yield(run, n, who):
    await asyncio.sleep(0)
    run.emit(who, 'yield done')


def awaits(call, show=True):
    """An awaiting op on names, printing `OP NAMES = value` (or `OP NAMES`)."""
    async def op(run, n, who):
        v = await call(run, *n.args)
        run.emit(who, f'{n.text} = {fmt(v)}' if show else n.text)
    return op


async def op_gather(run, n, who):
    ret, *xs = n.args
    v = await asyncio.gather(*_names(run, xs), return_exceptions=ret)
    run.emit(who, f'gather {" ".join(xs)} = {fmt(v)}')


async def op_wait(run, n, who):
    mode, d, *xs = n.args
    name = {id(run.obj[x]): x for x in xs}
    done, pending = await asyncio.wait(set(_names(run, xs)), timeout=d, return_when=mode)
    show = [sorted(name[id(f)] for f in s) for s in (done, pending)]
    run.emit(who, f'wait {" ".join(xs)} = done [{", ".join(show[0])}] pending [{", ".join(show[1])}]')


async def op_wait_for(run, n, who):
    x, d = n.args
    v = await asyncio.wait_for(run.obj[x], d)
    run.emit(who, f'wait_for {x} = {fmt(v)}')


async def op_as_completed(run, n, who):
    d, *xs = n.args
    for f in asyncio.as_completed(_names(run, xs), timeout=d):
        v = await f
        run.emit(who, f'as_completed got {fmt(v)}')


async def op_timeout(run, n, who):
    cm = asyncio.timeout(n.args[0])
    try:
        async with cm:
            run.cms[n] = cm
            r = await run.body(n.body, who)
    finally:
        run.cms.pop(n, None)
        run.emit(who, f'timeout exit expired={cm.expired()}')
    return r


class _Children(dict):
    """The set API TaskGroup uses on its children, kept in the order added."""

    def add(self, t):
        self[t] = None

    def discard(self, t):
        self.pop(t, None)


class TaskGroup(asyncio.TaskGroup):
    """asyncio's TaskGroup, cancelling its children in the order they were made.

    CPython keeps them in a set, so an abort cancels them in an order of
    addresses, which changes from run to run (and with the programs a batch
    ran before): no program could rely on it, and wasyncio cancels in the
    order made, one of the orders CPython may take.
    """

    def __init__(self):
        super().__init__()
        self._tasks = _Children()


async def op_taskgroup(run, n, who):
    g = n.args[0]
    async with TaskGroup() as tg:
        run.obj[g] = tg
        r = await run.body(n.body, who)
    if r is None:   # a statement after the block, which a `return` skips
        run.emit(who, f'taskgroup {g} exit')
    return r


async def op_with(run, n, who):
    async with run.obj[n.args[0]]:
        run.emit(who, f'with {n.args[0]} entered')
        return await run.body(n.body, who)


async def op_try(run, n, who):
    # The exception being handled is kept per task, not left to a bare
    # `raise`: CPython finds it along the frames' exception states, and a
    # throw() into nested coroutines (a cancellation) links only the frame it
    # lands in, so after a cancellation caught below, the handler's exception
    # is lost to this interpreter's frames though not to the program's.
    handling = run.handling.setdefault(who, [])
    exc = None
    try:
        try:
            r = await run.body(n.body, who)
        except n.types as e:
            if run.dead:
                raise   # GeneratorExit from Run.close: run no more of the program
            run.emit(who, f'caught {fmt(e)}')
            handling.append(e)
            try:
                r = await run.body(n.handler, who)
            finally:
                handling.pop()
    except BaseException as e:
        if run.dead or n.final is None:
            raise
        exc = e
    if n.final is not None:
        if exc is not None:
            handling.append(exc)    # a finally body handles what is raised through it
        try:
            r2 = await run.body(n.final, who)
        finally:
            if exc is not None:
                handling.pop()
        if r2 is not None:
            return r2   # as Python's return in finally: drops what was raised
        if exc is not None:
            raise exc
    return r


AWAITS = {
    'sleep': op_sleep, 'yield': op_yield,
    'await': awaits(lambda run, x: run.obj[x]),
    'gather': op_gather, 'wait': op_wait, 'wait_for': op_wait_for,
    'shield': awaits(lambda run, x: asyncio.shield(run.obj[x])),
    'as_completed': op_as_completed,
    'timeout': op_timeout, 'taskgroup': op_taskgroup, 'with': op_with, 'try': op_try,
    'acquire': awaits(lambda run, x: run.obj[x].acquire()),
    'event_wait': awaits(lambda run, x: run.obj[x].wait()),
    'cond_wait': awaits(lambda run, x: run.obj[x].wait()),
    'barrier_wait': awaits(lambda run, x: run.obj[x].wait()),
    'barrier_abort': awaits(lambda run, x: run.obj[x].abort(), show=False),
    'barrier_reset': awaits(lambda run, x: run.obj[x].reset(), show=False),
    'put': awaits(lambda run, q, v: run.obj[q].put(v), show=False),
    'get': awaits(lambda run, q: run.obj[q].get()),
    'join': awaits(lambda run, q: run.obj[q].join(), show=False),
}


def trace_program(text):
    """The trace of one program as a list of lines; ParseError on bad text."""
    out = []
    Run(Program(text), out).run()
    return out


def run_program(text):
    """Prints the trace of one program (a conformance twin's whole body)."""
    for line in trace_program(text):
        print(line)


def batch(inp, outp):
    prog = []
    for line in inp:
        if line.rstrip('\r\n') != '%%':
            prog.append(line)
        else:
            one(''.join(prog), outp)
            prog = []
    if ''.join(prog).strip():   # the last program without its '%%'
        one(''.join(prog), outp)
    outp.flush()


def one(text, outp):
    try:
        lines = trace_program(text)
    except ParseError as e:
        lines = [f'error: {e}']
    except Exception as e:   # the interpreter's own bug: say so, go on
        lines = [f'error: internal: {fmt(e)}']
    outp.write('\n'.join(lines) + '\n%%\n')
    outp.flush()    # a driver may wait for this trace before it writes the next


def main(argv):
    if argv == ['--batch']:
        batch(sys.stdin, sys.stdout)
        return 0
    if len(argv) != 1 or argv[0].startswith('-'):
        print('usage: interp.py FILE | interp.py --batch', file=sys.stderr)
        return 2
    try:
        with open(argv[0]) as f:
            text = f.read()
        lines = trace_program(text)
    except OSError as e:
        print(f'interp.py: {e}', file=sys.stderr)
        return 2
    except ParseError as e:
        print(f'interp.py: {argv[0]}: {e}', file=sys.stderr)
        return 2
    sys.stdout.write('\n'.join(lines) + '\n')
    return 0


if __name__ == '__main__':
    sys.exit(main(sys.argv[1:]))
