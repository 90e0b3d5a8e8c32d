//! The worker pool of `verify`, `batch` and `grade`: a few threads take items in order until
//! none are left, or until Ctrl-C was pressed.

use crate::writer::Critical;
use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};

/// Calls `work` on every item, on at most `workers` threads (at least one). After Ctrl-C no new
/// item is started. The results come back in the order of `items`, without the items never
/// started.
pub fn map<T: Sync, R: Send>(
    items: &[T],
    workers: usize,
    critical: &Critical,
    work: impl Fn(&T) -> R + Sync,
) -> Vec<R> {
    let next = AtomicUsize::new(0);
    let results: Mutex<Vec<(usize, R)>> = Mutex::new(Vec::with_capacity(items.len()));
    std::thread::scope(|scope| {
        for _ in 0..workers.clamp(1, items.len().max(1)) {
            scope.spawn(|| {
                loop {
                    let i = next.fetch_add(1, Ordering::SeqCst);
                    let Some(item) = items.get(i) else { break };
                    if critical.check().is_err() {
                        break;
                    }
                    let result = work(item);
                    results.lock().expect("results lock").push((i, result));
                }
            });
        }
    });
    let mut results = results.into_inner().expect("results lock");
    results.sort_by_key(|(i, _)| *i);
    results.into_iter().map(|(_, r)| r).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_item_once_in_order_whatever_the_workers() {
        let critical = Critical::enter();
        let items: Vec<u32> = (0..50).collect();
        for workers in [0, 1, 3, 100] {
            let out = map(&items, workers, &critical, |x| x * 2);
            assert_eq!(out, items.iter().map(|x| x * 2).collect::<Vec<_>>());
        }
        assert!(map(&[] as &[u32], 4, &critical, |x| *x).is_empty());
    }
}
