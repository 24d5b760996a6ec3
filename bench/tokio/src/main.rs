//! The anchor workloads in Rust's tokio, written the way a tokio user would
//! write them, on a current_thread runtime (one thread, like asyncio's loop).
//!
//!     cd bench/tokio && cargo build --release --offline
//!     build/tokio/release/anchors-tokio [--only NAME] [SCALE]
//!
//! The same workloads, sizes, LCG delays and checksums as bench/anchors.py,
//! bench/anchors.mjs, bench/floor.c and bench/workloads.c, and the same output:
//! one line per workload, `workload=NAME n=N seconds=S` (idle_mem:
//! `bytes_per_task=B`); a wrong checksum prints `checksum wrong: ...` to
//! stderr and exits 1. SCALE (default 1) multiplies every N; for tree it moves
//! the depth by log2(SCALE). Rust has no GC, so the other anchors' collection
//! before each workload has no counterpart here.

use std::future::Future;
use std::pin::Pin;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use tokio::io::{AsyncBufReadExt, AsyncWriteExt, BufReader};
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::{mpsc, Notify};
use tokio::task::{yield_now, JoinHandle};

const TIMERS_DELAY_SUM: u64 = 2_503_628; // the first 100,000 delays, in ms
const ECHO_CONNS: usize = 100;
const ECHO_LINE: [u8; 100] = {
    let mut line = [b'x'; 100];
    line[99] = b'\n';
    line
};

/// What a wrong checksum reports.
type Checked<T> = Result<T, String>;

fn check(ok: bool, what: &str) -> Checked<()> {
    if ok {
        Ok(())
    } else {
        Err(what.to_string())
    }
}

/// Delays in ms in [0, 50]: 32-bit integer maths, the same in every anchor.
fn lcg_delays(n: usize) -> Vec<u64> {
    let mut x: u32 = 12345;
    (0..n)
        .map(|_| {
            x = x.wrapping_mul(1_103_515_245).wrapping_add(12345) & 0x7fff_ffff;
            u64::from((x >> 8) % 51)
        })
        .collect()
}

fn rss_bytes() -> i64 {
    let status = std::fs::read_to_string("/proc/self/status").expect("/proc/self/status");
    let line = status.lines().find(|l| l.starts_with("VmRSS:")).expect("no VmRSS in /proc/self/status");
    let kb: i64 = line.split_whitespace().nth(1).and_then(|v| v.parse().ok()).expect("VmRSS in kB");
    kb * 1024
}

/// asyncio.gather over spawned tasks: their results, awaited in order.
async fn gather(handles: Vec<JoinHandle<u64>>) -> u64 {
    let mut sum = 0;
    for h in handles {
        sum += h.await.expect("a task panicked");
    }
    sum
}

async fn spawn(n: usize) -> Checked<f64> {
    let t0 = Instant::now();
    let handles = (0..n as u64)
        .map(|i| {
            tokio::spawn(async move {
                yield_now().await;
                i
            })
        })
        .collect();
    let sum = gather(handles).await;
    let dt = t0.elapsed().as_secs_f64();
    let n = n as u64;
    check(sum == n * (n - 1) / 2, "spawn sum")?;
    Ok(dt)
}

/// Two tasks pass a counter through two channels of capacity 1, as asyncio
/// Queues of maxsize 1: A sends i, B answers i + 1.
async fn pingpong(m: usize) -> Checked<f64> {
    let (to_b, mut from_a) = mpsc::channel::<u64>(1);
    let (to_a, mut from_b) = mpsc::channel::<u64>(1);
    let t0 = Instant::now();
    let b = tokio::spawn(async move {
        for _ in 0..m {
            let v = from_a.recv().await.expect("A hung up");
            to_a.send(v + 1).await.expect("A hung up");
        }
    });
    let (mut last, mut total) = (0u64, 0u64);
    for i in 0..m as u64 {
        to_b.send(i).await.expect("B hung up");
        last = from_b.recv().await.expect("B hung up");
        total += last;
    }
    b.await.expect("B panicked");
    let dt = t0.elapsed().as_secs_f64();
    let m = m as u64;
    check(last == m && total == m * (m + 1) / 2, "pingpong final value")?;
    Ok(dt)
}

async fn timers(n: usize) -> Checked<f64> {
    let delays = lcg_delays(n);
    let t0 = Instant::now();
    let handles = delays
        .iter()
        .map(|&d| {
            tokio::spawn(async move {
                tokio::time::sleep(Duration::from_millis(d)).await;
                d
            })
        })
        .collect();
    let sum = gather(handles).await;
    let dt = t0.elapsed().as_secs_f64();
    let want: u64 = delays.iter().sum();
    check(sum == want, "timers sum")?;
    if n == 100_000 {
        check(want == TIMERS_DELAY_SUM, "timers LCG sequence")?;
    }
    // the same 1 ms of slack as the other anchors
    let longest = delays.iter().copied().max().unwrap_or(0);
    check(dt >= longest as f64 / 1000.0 - 0.001, "timers woke before the longest delay")?;
    Ok(dt)
}

/// A task above `depth` runs two child tasks and joins them (asyncio's
/// TaskGroup). A recursive async fn must name its future's type, so it is
/// boxed, as tokio users write it: one more allocation per node.
fn node(d: u32, depth: u32) -> Pin<Box<dyn Future<Output = u64> + Send>> {
    Box::pin(async move {
        if d >= depth {
            return 1;
        }
        let left = tokio::spawn(node(d + 1, depth));
        let right = tokio::spawn(node(d + 1, depth));
        let (left, right) = tokio::join!(left, right);
        1 + left.expect("a child panicked") + right.expect("a child panicked")
    })
}

async fn tree(depth: u32) -> Checked<f64> {
    let t0 = Instant::now();
    let count = node(0, depth).await;
    let dt = t0.elapsed().as_secs_f64();
    check(count == (1u64 << (depth + 1)) - 1, "tree count")?;
    Ok(dt)
}

async fn leaf(i: u64) -> u64 {
    i
}

/// An async fn that returns at once compiles to an inlined call: no task, no
/// allocation, no turn of the loop. black_box keeps the compiler from folding
/// the loop into n(n-1)/2 (floor.c calls through a volatile pointer for the
/// same reason), so this measures what such an await costs in Rust.
async fn chain(n: usize) -> Checked<f64> {
    let t0 = Instant::now();
    let mut sum = 0u64;
    for i in 0..n as u64 {
        sum += leaf(std::hint::black_box(i)).await;
    }
    let dt = t0.elapsed().as_secs_f64();
    let n = n as u64;
    check(sum == n * (n - 1) / 2, "chain sum")?;
    Ok(dt)
}

/// asyncio.Event, which tokio lacks: a flag and a Notify. A Notified made
/// before notify_waiters() is woken by it, so testing the flag after making
/// one cannot miss a set().
struct Event {
    set: AtomicBool,
    notify: Notify,
}

impl Event {
    fn new() -> Self {
        Event { set: AtomicBool::new(false), notify: Notify::new() }
    }

    async fn wait(&self) {
        let notified = self.notify.notified();
        if !self.set.load(Ordering::Acquire) {
            notified.await;
        }
    }

    fn set(&self) {
        self.set.store(true, Ordering::Release);
        self.notify.notify_waiters();
    }
}

async fn idle_mem(n: usize) -> Checked<i64> {
    let event = Arc::new(Event::new());
    let waiting = Arc::new(AtomicUsize::new(0));
    let base = rss_bytes();
    let handles = (0..n)
        .map(|_| {
            let (event, waiting) = (event.clone(), waiting.clone());
            tokio::spawn(async move {
                waiting.fetch_add(1, Ordering::Relaxed);
                event.wait().await;
                1
            })
        })
        .collect();
    // asyncio's one sleep(0) lets every ready task take its first step; the
    // current_thread scheduler polls a yielding task again after at most 61
    // others, so the driver yields until all N are waiting (about N/61 times).
    while waiting.load(Ordering::Relaxed) < n {
        yield_now().await;
    }
    let grown = rss_bytes() - base;
    event.set();
    check(gather(handles).await == n as u64, "idle_mem sum")?;
    Ok(grown.div_euclid(n as i64))
}

/// The echo server's side of one connection: readline, write, until EOF.
async fn serve(mut stream: TcpStream) {
    // asyncio sets TCP_NODELAY on every TCP transport; tokio does not by default
    let _ = stream.set_nodelay(true);
    let (reader, mut writer) = stream.split();
    let mut reader = BufReader::new(reader);
    let mut line = Vec::with_capacity(ECHO_LINE.len());
    loop {
        line.clear();
        match reader.read_until(b'\n', &mut line).await {
            Ok(0) | Err(_) => return,
            Ok(_) => {}
        }
        if writer.write_all(&line).await.is_err() {
            return;
        }
    }
}

/// One client: `per` lines sent one at a time, each echo read back; the
/// connection closes when the stream is dropped.
async fn client(port: u16, per: usize) -> u64 {
    let mut stream = TcpStream::connect(("127.0.0.1", port)).await.expect("echo connect");
    stream.set_nodelay(true).expect("TCP_NODELAY");
    let (reader, mut writer) = stream.split();
    let mut reader = BufReader::new(reader);
    let mut line = Vec::with_capacity(ECHO_LINE.len());
    let mut got = 0;
    for _ in 0..per {
        writer.write_all(&ECHO_LINE).await.expect("echo write");
        line.clear();
        got += reader.read_until(b'\n', &mut line).await.expect("echo read") as u64;
    }
    got
}

/// n line round trips over ECHO_CONNS loopback connections.
async fn echo(n: usize) -> Checked<f64> {
    let per = (n / ECHO_CONNS).max(1);
    let listener = TcpListener::bind("127.0.0.1:0").await.expect("echo listen");
    let port = listener.local_addr().expect("echo address").port();
    let server = tokio::spawn(async move {
        loop {
            let (stream, _) = listener.accept().await.expect("echo accept");
            tokio::spawn(serve(stream));
        }
    });
    let t0 = Instant::now();
    let handles = (0..ECHO_CONNS).map(|_| tokio::spawn(client(port, per))).collect();
    let got = gather(handles).await;
    let dt = t0.elapsed().as_secs_f64();
    server.abort();
    let _ = server.await;
    check(got == (per * ECHO_CONNS * ECHO_LINE.len()) as u64, "echo bytes")?;
    Ok(dt)
}

/// (name, n at scale 1; for tree, the depth). idle_mem first: memory the
/// others free would be reused and hide its growth.
const WORKLOADS: [(&str, usize); 7] = [
    ("idle_mem", 100_000),
    ("spawn", 200_000),
    ("pingpong", 200_000),
    ("timers", 100_000),
    ("tree", 16),
    ("chain", 1_000_000),
    ("echo", 50_000),
];

/// The size run at scale, and the n printed (tree: its number of tasks).
fn size_at(name: &str, n: usize, scale: f64) -> (usize, u64) {
    match name {
        "tree" => {
            let depth = (n as i64 + scale.log2().round() as i64).max(1) as usize;
            (depth, (1u64 << (depth + 1)) - 1)
        }
        "echo" => {
            let size = ((n as f64 * scale) as usize / 100).max(1) * 100; // whole lines per connection
            (size, size as u64)
        }
        _ => {
            let size = ((n as f64 * scale) as usize).max(1);
            (size, size as u64)
        }
    }
}

async fn run_all(scale: f64, only: Option<String>) -> Checked<()> {
    for (name, n) in WORKLOADS {
        if matches!(only.as_deref(), Some(o) if o != name) {
            continue;
        }
        let (size, shown) = size_at(name, n, scale);
        let seconds = match name {
            "idle_mem" => {
                println!("workload=idle_mem n={shown} bytes_per_task={}", idle_mem(size).await?);
                continue;
            }
            "spawn" => spawn(size).await?,
            "pingpong" => pingpong(size).await?,
            "timers" => timers(size).await?,
            "tree" => tree(size as u32).await?,
            "chain" => chain(size).await?,
            "echo" => {
                // a tenth first, untimed, as the other anchors do
                echo((size / 1000 * 100).max(100)).await?;
                echo(size).await?
            }
            _ => unreachable!("every workload has its arm"),
        };
        println!("workload={name} n={shown} seconds={seconds:.4}");
    }
    Ok(())
}

fn usage(why: &str) -> ! {
    eprintln!("anchors-tokio: {why}\nusage: anchors-tokio [--only NAME] [SCALE]");
    std::process::exit(2);
}

fn parse_args() -> (f64, Option<String>) {
    let mut only = None;
    let mut scale = None;
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        if arg == "--only" {
            let name = args.next().unwrap_or_else(|| usage("--only needs a workload"));
            if !WORKLOADS.iter().any(|&(w, _)| w == name) {
                usage(&format!("no workload '{name}'"));
            }
            only = Some(name);
        } else if scale.is_none() && !arg.starts_with("--") {
            scale = Some(arg.parse::<f64>().ok().filter(|s| *s > 0.0).unwrap_or_else(|| usage("scale must be > 0")));
        } else {
            usage(&format!("unknown argument '{arg}'"));
        }
    }
    (scale.unwrap_or(1.0), only)
}

/// The workloads run in one spawned task, as asyncio.run's main coroutine is
/// an ordinary Task. The future block_on polls itself is woken through the
/// driver (an eventfd write and an epoll_wait) rather than the run queue,
/// which would make every pingpong round about ten times dearer.
#[tokio::main(flavor = "current_thread")]
async fn main() {
    let (scale, only) = parse_args();
    let outcome = tokio::spawn(run_all(scale, only)).await.expect("the workloads panicked");
    if let Err(what) = outcome {
        eprintln!("checksum wrong: {what}");
        std::process::exit(1);
    }
}
