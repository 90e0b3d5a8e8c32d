//! The worker pool of `verify`, `batch` and `grade`: a few threads take items in order until
//! none are left, or until Ctrl-C was pressed.

use crate::platform::Critical;
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
    let order: Vec<usize> = (0..items.len()).collect();
    map_starting(items, &order, workers, critical, work)
}

/// [`map`], starting the items in the order of the indices in `start` (a permutation of
/// `0..items.len()`; e.g. the longest first, so that no long item is left for the end while
/// the other workers idle). The results still come back in the order of `items`.
pub fn map_starting<T: Sync, R: Send>(
    items: &[T],
    start: &[usize],
    workers: usize,
    critical: &Critical,
    work: impl Fn(&T) -> R + Sync,
) -> Vec<R> {
    debug_assert_eq!(start.len(), items.len());
    let next = AtomicUsize::new(0);
    let results: Mutex<Vec<(usize, R)>> = Mutex::new(Vec::with_capacity(items.len()));
    std::thread::scope(|scope| {
        for _ in 0..workers.clamp(1, items.len().max(1)) {
            scope.spawn(|| {
                loop {
                    let k = next.fetch_add(1, Ordering::SeqCst);
                    let Some(&i) = start.get(k) else { break };
                    let item = &items[i];
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

    #[test]
    fn items_start_in_the_given_order_and_come_back_in_theirs() {
        let critical = Critical::enter();
        let items: Vec<u32> = (0..5).collect();
        let started = Mutex::new(Vec::new());
        let out = map_starting(&items, &[4, 2, 0, 1, 3], 1, &critical, |x| {
            started.lock().unwrap().push(*x);
            x * 10
        });
        assert_eq!(out, vec![0, 10, 20, 30, 40]);
        assert_eq!(started.into_inner().unwrap(), vec![4, 2, 0, 1, 3]);
    }
}
