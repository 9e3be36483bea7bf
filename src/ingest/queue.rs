//! A bound on the documents waiting for tantivy's indexing threads.
//!
//! tantivy queues up to 10,000 added documents. Reading is faster than
//! indexing, so that queue stays full, and every document in it is memory
//! the kernel had to hand over (and zero) before the first ones were
//! indexed and their memory could be reused. The gate keeps a few hundred
//! waiting instead: enough that an indexing thread never waits for the
//! reader, few enough that the same memory goes round.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Condvar, Mutex};
use std::time::{Duration, Instant};

use tantivy::schema::Document;
use tantivy::TantivyDocument;

/// When this many documents wait, the reader pauses...
const HIGH: usize = 512;
/// ...until this few are left.
const LOW: usize = 128;
/// The longest the reader waits for room. tantivy's indexing threads take
/// documents within milliseconds; if they stop (an indexing thread failed),
/// the reader goes on after this, so that tantivy reports the failure when
/// the document is added instead of the reader waiting for ever.
const PATIENCE: Duration = Duration::from_secs(1);

/// Counts the documents waiting and lets the reader wait for room.
#[derive(Default)]
pub struct Gate {
    waiting: AtomicUsize,
    lock: Mutex<()>,
    room: Condvar,
}

impl Gate {
    /// A new gate with nothing waiting.
    pub fn new() -> Arc<Gate> {
        Arc::new(Gate::default())
    }

    /// Counts `doc` in, after waiting (if too many are waiting) until the
    /// indexing threads have taken most of them, or for [`PATIENCE`].
    pub fn admit(self: &Arc<Gate>, doc: TantivyDocument) -> Queued {
        if self.waiting.load(Ordering::Acquire) >= HIGH {
            let started = Instant::now();
            let mut guard = self.lock.lock().unwrap_or_else(|e| e.into_inner());
            while self.waiting.load(Ordering::Acquire) > LOW && started.elapsed() < PATIENCE {
                // The timeout only guards against a missed wake-up.
                guard = self
                    .room
                    .wait_timeout(guard, Duration::from_millis(5))
                    .unwrap_or_else(|e| e.into_inner())
                    .0;
            }
        }
        self.waiting.fetch_add(1, Ordering::AcqRel);
        Queued {
            doc,
            ticket: Ticket(Arc::clone(self)),
        }
    }

    /// Documents admitted and not yet taken by an indexing thread.
    pub fn waiting(&self) -> usize {
        self.waiting.load(Ordering::Acquire)
    }
}

/// Counts one waiting document out when dropped.
struct Ticket(Arc<Gate>);

impl Drop for Ticket {
    fn drop(&mut self) {
        let gate = &self.0;
        if gate.waiting.fetch_sub(1, Ordering::AcqRel) == LOW + 1 {
            let _guard = gate.lock.lock().unwrap_or_else(|e| e.into_inner());
            gate.room.notify_one();
        }
    }
}

/// A document admitted through a [`Gate`]: tantivy indexes it as the
/// document inside, which it takes (counting it out) before indexing.
pub struct Queued {
    doc: TantivyDocument,
    ticket: Ticket,
}

impl Document for Queued {
    type Value<'a> = <TantivyDocument as Document>::Value<'a>;
    type FieldsValuesIter<'a> = <TantivyDocument as Document>::FieldsValuesIter<'a>;

    fn iter_fields_and_values(&self) -> Self::FieldsValuesIter<'_> {
        self.doc.iter_fields_and_values()
    }

    fn into_tantivy_document(self) -> TantivyDocument {
        let Queued { doc, ticket } = self;
        drop(ticket);
        doc
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_gate_counts_documents_until_tantivy_takes_them() {
        let gate = Gate::new();
        let queued: Vec<Queued> = (0..10)
            .map(|_| gate.admit(TantivyDocument::new()))
            .collect();
        assert_eq!(gate.waiting(), 10);
        let mut queued = queued.into_iter();
        let _doc = queued.next().expect("ten").into_tantivy_document();
        assert_eq!(gate.waiting(), 9);
        drop(queued);
        assert_eq!(gate.waiting(), 0);
    }

    #[test]
    fn a_full_gate_holds_the_reader_until_most_are_taken() {
        let gate = Gate::new();
        let (sender, receiver) = std::sync::mpsc::channel::<Queued>();
        let taker = std::thread::spawn(move || {
            let mut taken = 0;
            for queued in receiver {
                std::thread::sleep(Duration::from_micros(20));
                drop(queued.into_tantivy_document());
                taken += 1;
            }
            taken
        });
        let mut highest = 0;
        for _ in 0..3 * HIGH {
            let queued = gate.admit(TantivyDocument::new());
            highest = highest.max(gate.waiting());
            sender.send(queued).expect("taker alive");
        }
        drop(sender);
        assert_eq!(taker.join().expect("taker"), 3 * HIGH);
        assert!(highest <= HIGH, "at most {HIGH} wait, saw {highest}");
        assert!(highest > LOW, "the reader got ahead: {highest}");
        assert_eq!(gate.waiting(), 0);
    }

    #[test]
    fn a_gate_nobody_empties_lets_the_reader_on_after_its_patience() {
        let gate = Gate::new();
        let queued: Vec<Queued> = (0..HIGH)
            .map(|_| gate.admit(TantivyDocument::new()))
            .collect();
        let started = Instant::now();
        let one_more = gate.admit(TantivyDocument::new());
        let waited = started.elapsed();
        assert!(waited >= PATIENCE, "waited {waited:?}");
        assert!(waited < 10 * PATIENCE, "waited {waited:?}");
        assert_eq!(gate.waiting(), HIGH + 1);
        drop((queued, one_more));
        assert_eq!(gate.waiting(), 0);
    }
}
