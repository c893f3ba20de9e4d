//! Tiles read and decoded off the caller's thread: the caller says each frame which tiles it
//! still lacks (nearest the centre first), two worker threads read and decode them, and the
//! results are collected on the next poll. A request no longer wanted is dropped unread, so a
//! fast pan never queues a backlog.
//!
//! Holds no decoded tiles beyond those waiting to be collected: the caller's cache bounds the
//! memory. Not for choosing tiles (see `plan`).

use std::collections::VecDeque;
use std::sync::mpsc::{Receiver, Sender, channel};
use std::sync::{Arc, Condvar, Mutex};

use super::decode::DecodedTile;
use super::{Basemap, BasemapError, TileId};

/// Reader threads (the machines zonecheck runs on have 2–8 cores and the UI needs one).
const THREADS: usize = 2;

/// One tile wanted: from which basemap (the caller's key) and which tile.
#[derive(Clone)]
pub struct TileRequest {
    pub key: u64,
    pub basemap: Arc<Basemap>,
    pub id: TileId,
}

/// A tile read: the tile itself or the ancestor found for it (with where it sits in that
/// ancestor), nothing when the store has neither, or why it failed.
pub struct TileResult {
    pub key: u64,
    pub id: TileId,
    pub outcome: Result<Option<(TileId, DecodedTile, [f64; 3])>, BasemapError>,
}

struct Shared {
    queue: Mutex<(VecDeque<TileRequest>, bool)>,
    wake: Condvar,
    notify: Mutex<Option<Arc<dyn Fn() + Send + Sync>>>,
}

/// The reader threads and their queue.
pub struct TileWorker {
    shared: Arc<Shared>,
    results: Receiver<TileResult>,
    /// Requests handed out and not yet collected, so they are not asked again.
    in_flight: std::collections::HashSet<(u64, TileId)>,
}

impl Default for TileWorker {
    fn default() -> Self {
        TileWorker::new()
    }
}

impl TileWorker {
    /// Starts the reader threads.
    pub fn new() -> TileWorker {
        let shared = Arc::new(Shared {
            queue: Mutex::new((VecDeque::new(), false)),
            wake: Condvar::new(),
            notify: Mutex::new(None),
        });
        let (tx, rx) = channel();
        for _ in 0..THREADS {
            let shared = Arc::clone(&shared);
            let tx: Sender<TileResult> = tx.clone();
            std::thread::spawn(move || run(&shared, &tx));
        }
        TileWorker {
            shared,
            results: rx,
            in_flight: Default::default(),
        }
    }

    /// Calls `f` (e.g. a repaint request) whenever a tile is ready.
    pub fn set_notify(&self, f: Arc<dyn Fn() + Send + Sync>) {
        if let Ok(mut n) = self.shared.notify.lock() {
            *n = Some(f);
        }
    }

    /// Replaces the queue with `wanted` (first first), leaving out what is being read.
    pub fn want(&mut self, wanted: Vec<TileRequest>) {
        let Ok(mut q) = self.shared.queue.lock() else {
            return;
        };
        // Queued and not started: forgotten (asked again below if still wanted).
        for r in q.0.drain(..) {
            self.in_flight.remove(&(r.key, r.id));
        }
        for r in wanted {
            if self.in_flight.insert((r.key, r.id)) {
                q.0.push_back(r);
            }
        }
        drop(q);
        self.shared.wake.notify_all();
    }

    /// Tiles finished since the last call.
    pub fn poll(&mut self) -> Vec<TileResult> {
        let out: Vec<TileResult> = self.results.try_iter().collect();
        for r in &out {
            self.in_flight.remove(&(r.key, r.id));
        }
        out
    }

    /// Waits up to `timeout` for one result (tests and the report; the app polls).
    pub fn wait(&mut self, timeout: std::time::Duration) -> Option<TileResult> {
        let r = self.results.recv_timeout(timeout).ok()?;
        self.in_flight.remove(&(r.key, r.id));
        Some(r)
    }
}

impl Drop for TileWorker {
    fn drop(&mut self) {
        if let Ok(mut q) = self.shared.queue.lock() {
            q.1 = true;
            q.0.clear();
        }
        self.shared.wake.notify_all();
    }
}

fn run(shared: &Shared, tx: &Sender<TileResult>) {
    loop {
        let request = {
            let Ok(mut q) = shared.queue.lock() else {
                return;
            };
            loop {
                if q.1 {
                    return;
                }
                if let Some(r) = q.0.pop_front() {
                    break r;
                }
                q = match shared.wake.wait(q) {
                    Ok(q) => q,
                    Err(_) => return,
                };
            }
        };
        let outcome = request.basemap.tile_or_ancestor(request.id);
        let sent = tx.send(TileResult {
            key: request.key,
            id: request.id,
            outcome,
        });
        if sent.is_err() {
            return;
        }
        if let Some(f) = shared.notify.lock().ok().and_then(|n| n.clone()) {
            f();
        }
    }
}
