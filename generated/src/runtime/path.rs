//! The JSON path of a decode failure, without wrapping the deserializer.
//!
//! Wrapping every deserializer to track the path (as `serde_path_to_error` does) doubles
//! the code instantiated for each response type. Instead, the generated `Deserialize`
//! impls push each key they read onto a thread-local stack, and the first failure notes
//! the stack. Decoding is synchronous, so the stack belongs to the one decode running on
//! this thread.

use std::cell::RefCell;

#[derive(Default)]
struct Trail {
    stack: Vec<Segment>,
    failed_at: Option<String>,
}

enum Segment {
    Key(&'static str),
    Index(usize),
}

thread_local! {
    static TRAIL: RefCell<Trail> = RefCell::new(Trail::default());
}

/// Starts tracking a decode on this thread.
pub(crate) fn begin() {
    TRAIL.with(|t| *t.borrow_mut() = Trail::default());
}

/// The path noted by the first failure of the current decode, `.` for the top level.
pub(crate) fn failed_at() -> String {
    TRAIL.with(|t| {
        let trail = t.borrow();
        match &trail.failed_at {
            Some(path) if !path.is_empty() => path.clone(),
            _ => ".".to_owned(),
        }
    })
}

/// Marks that the value of `key` (or element `index`) is being read until the guard drops.
pub(crate) struct Step(());

impl Step {
    pub(crate) fn key(key: &'static str) -> Step {
        TRAIL.with(|t| t.borrow_mut().stack.push(Segment::Key(key)));
        Step(())
    }

    pub(crate) fn index(index: usize) -> Step {
        TRAIL.with(|t| t.borrow_mut().stack.push(Segment::Index(index)));
        Step(())
    }
}

impl Drop for Step {
    fn drop(&mut self) {
        TRAIL.with(|t| {
            t.borrow_mut().stack.pop();
        });
    }
}

/// Notes the current path as where decoding failed, unless a deeper failure already did.
pub(crate) fn note_failure() {
    TRAIL.with(|t| {
        let mut trail = t.borrow_mut();
        if trail.failed_at.is_none() {
            let mut path = String::new();
            for segment in &trail.stack {
                match segment {
                    Segment::Key(key) if path.is_empty() => path.push_str(key),
                    Segment::Key(key) => {
                        path.push('.');
                        path.push_str(key);
                    }
                    Segment::Index(index) => path.push_str(&format!("[{index}]")),
                }
            }
            trail.failed_at = Some(path);
        }
    });
}

/// Reads the value of the current key, noting the path if it fails.
pub(crate) fn value<'de, A, T>(map: &mut A, key: &'static str) -> Result<T, A::Error>
where
    A: serde::de::MapAccess<'de>,
    T: serde::Deserialize<'de>,
{
    let _step = Step::key(key);
    map.next_value().inspect_err(|_| note_failure())
}
