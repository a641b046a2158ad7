//! Objects in memory: created from their skeleton, found by id, listed newest first, and
//! expanded in place.

use std::collections::HashMap;
use std::sync::OnceLock;

use serde_json::{json, Map, Value};

use crate::generated::OBJECTS;

/// Every stored object, with what each holds only when expanded (a session's
/// `line_items`).
#[derive(Default)]
pub struct Store {
    objects: HashMap<String, Value>,
    hidden: HashMap<String, Map<String, Value>>,
    /// Deletion markers of deleted objects that stay retrievable.
    deleted: HashMap<String, Value>,
    /// Ids by `object` value, oldest first.
    order: HashMap<String, Vec<String>>,
    counter: u64,
    seed: u64,
    /// While a request runs, how to undo each change it made, oldest first.
    journal: Option<Vec<Undo>>,
}

/// How to undo one change to the store.
enum Undo {
    /// The object's value before (`None`: it did not exist).
    Object(String, Option<Value>),
    /// The object's hidden fields before.
    Hidden(String, Option<Map<String, Value>>),
    /// The deletion marker before.
    Deleted(String, Option<Value>),
    /// An id was appended to its kind's order.
    Appended(String),
    /// An id was taken out of its kind's order at this index.
    TakenOut(String, usize, String),
}

/// Characters of generated ids, as in Stripe's.
const ALPHABET: &[u8] = b"0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

impl Store {
    /// An empty store whose ids differ from another run's.
    pub fn new() -> Self {
        let seed = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| d.as_nanos() as u64);
        Store {
            seed: seed | 1,
            ..Store::default()
        }
    }

    /// A fresh id with the prefix of objects of this kind.
    pub fn new_id(&mut self, object: &str) -> String {
        let prefix = OBJECTS
            .iter()
            .find(|o| o.object == object)
            .map_or("obj", |o| o.id_prefix);
        format!("{prefix}_{}", self.random_text(14))
    }

    /// Random-looking text from the id alphabet (xorshift: ids, not secrets).
    pub fn random_text(&mut self, len: usize) -> String {
        self.counter += 1;
        let mut state = self.seed ^ self.counter.wrapping_mul(0x9E37_79B9_7F4A_7C15);
        (0..len)
            .map(|_| {
                state ^= state << 13;
                state ^= state >> 7;
                state ^= state << 17;
                ALPHABET[(state % ALPHABET.len() as u64) as usize] as char
            })
            .collect()
    }

    /// A new object of this kind with every required field at its skeleton value. The
    /// table's skeletons are parsed once, on first use.
    pub fn skeleton(object: &str) -> Map<String, Value> {
        static PARSED: OnceLock<HashMap<&'static str, Map<String, Value>>> = OnceLock::new();
        let parsed = PARSED.get_or_init(|| {
            OBJECTS
                .iter()
                .filter_map(|o| Some((o.object, serde_json::from_str(o.skeleton).ok()?)))
                .collect()
        });
        parsed.get(object).cloned().unwrap_or_else(|| {
            let mut map = Map::new();
            map.insert("object".to_owned(), json!(object));
            map
        })
    }

    /// Stores an object under its `id`; answers a copy.
    pub fn insert(&mut self, object: Map<String, Value>) -> Value {
        let id = object["id"].as_str().unwrap_or_default().to_owned();
        self.put(object);
        self.objects.get(&id).cloned().unwrap_or_default()
    }

    /// Stores an object under its `id`.
    pub fn put(&mut self, object: Map<String, Value>) {
        let id = object["id"].as_str().unwrap_or_default().to_owned();
        let kind = object["object"].as_str().unwrap_or_default().to_owned();
        let before = self.objects.insert(id.clone(), Value::Object(object));
        let is_new = before.is_none();
        self.record(|| Undo::Object(id.clone(), before));
        if is_new {
            self.order.entry(kind.clone()).or_default().push(id);
            self.record(|| Undo::Appended(kind));
        }
    }

    /// Keeps `value` as the object's `field`, shown only when expanded.
    pub fn hide(&mut self, id: &str, field: &str, value: Value) {
        if self.journal.is_some() {
            let before = self.hidden.get(id).cloned();
            self.record(|| Undo::Hidden(id.to_owned(), before));
        }
        self.hidden
            .entry(id.to_owned())
            .or_default()
            .insert(field.to_owned(), value);
    }

    /// Starts recording changes, so that [`Store::undo`] can take them back: a request
    /// Stripe refuses changes nothing.
    pub fn begin(&mut self) {
        self.journal = Some(Vec::new());
    }

    /// Keeps the changes made since [`Store::begin`].
    pub fn keep(&mut self) {
        self.journal = None;
    }

    /// Takes back every change made since [`Store::begin`], newest first.
    pub fn undo(&mut self) {
        for change in self.journal.take().unwrap_or_default().into_iter().rev() {
            match change {
                Undo::Object(id, Some(value)) => drop(self.objects.insert(id, value)),
                Undo::Object(id, None) => drop(self.objects.remove(&id)),
                Undo::Hidden(id, Some(fields)) => drop(self.hidden.insert(id, fields)),
                Undo::Hidden(id, None) => drop(self.hidden.remove(&id)),
                Undo::Deleted(id, Some(marker)) => drop(self.deleted.insert(id, marker)),
                Undo::Deleted(id, None) => drop(self.deleted.remove(&id)),
                Undo::Appended(kind) => drop(self.order.get_mut(&kind).and_then(Vec::pop)),
                Undo::TakenOut(kind, index, id) => {
                    let ids = self.order.entry(kind).or_default();
                    ids.insert(index.min(ids.len()), id);
                }
            }
        }
    }

    fn record(&mut self, change: impl FnOnce() -> Undo) {
        if let Some(journal) = &mut self.journal {
            journal.push(change());
        }
    }

    /// What an object holds only when expanded.
    pub fn hidden(&self, id: &str, field: &str) -> Option<&Value> {
        self.hidden.get(id)?.get(field)
    }

    /// The stored object with this id.
    pub fn get(&self, id: &str) -> Option<&Value> {
        self.objects.get(id)
    }

    /// The stored object with this id, if it is of this kind.
    pub fn get_of(&self, object: &str, id: &str) -> Option<&Value> {
        self.get(id).filter(|v| v["object"] == object)
    }

    /// The stored object, to change it.
    pub fn get_mut(&mut self, id: &str) -> Option<&mut Value> {
        if self.journal.is_some() {
            let before = self.objects.get(id)?.clone();
            self.record(|| Undo::Object(id.to_owned(), Some(before)));
        }
        self.objects.get_mut(id)
    }

    /// Removes an object; answers with Stripe's deletion marker, which is kept to be
    /// retrieved when `keep` says so.
    pub fn remove(&mut self, id: &str, keep: bool) -> Option<Value> {
        let removed = self.objects.remove(id)?;
        let kind = removed["object"].as_str().unwrap_or_default().to_owned();
        self.record(|| Undo::Object(id.to_owned(), Some(removed)));
        let hidden = self.hidden.remove(id);
        self.record(|| Undo::Hidden(id.to_owned(), hidden));
        let index = self.order.get_mut(&kind).and_then(|ids| {
            let index = ids.iter().position(|other| other == id)?;
            ids.remove(index);
            Some(index)
        });
        if let Some(index) = index {
            self.record(|| Undo::TakenOut(kind.clone(), index, id.to_owned()));
        }
        let marker = json!({"id": id, "object": kind, "deleted": true});
        if keep {
            let before = self.deleted.insert(id.to_owned(), marker.clone());
            self.record(|| Undo::Deleted(id.to_owned(), before));
        }
        Some(marker)
    }

    /// The deletion marker of a deleted object that stays retrievable.
    pub fn deleted(&self, id: &str) -> Option<&Value> {
        self.deleted.get(id)
    }

    /// Every object of this kind, newest first.
    pub fn all(&self, object: &str) -> Vec<&Value> {
        self.order
            .get(object)
            .into_iter()
            .flatten()
            .rev()
            .filter_map(|id| self.objects.get(id))
            .collect()
    }

    /// `value` with every path of `expand` (`customer`, `data.customer`,
    /// `line_items`) replaced by the object it names.
    pub fn expanded(&self, mut value: Value, expand: &[String]) -> Value {
        for path in expand {
            let segments: Vec<&str> = path.split('.').collect();
            self.expand_at(&mut value, &segments);
        }
        value
    }

    fn expand_at(&self, value: &mut Value, path: &[&str]) {
        let Some((first, rest)) = path.split_first() else {
            return;
        };
        if value["object"] == "list" && *first == "data" {
            if let Some(items) = value["data"].as_array_mut() {
                items.iter_mut().for_each(|item| self.expand_at(item, rest));
            }
            return;
        }
        let id = value["id"].as_str().unwrap_or_default().to_owned();
        let Some(object) = value.as_object_mut() else {
            return;
        };
        if !object.contains_key(*first) {
            if let Some(hidden) = self.hidden(&id, first) {
                object.insert((*first).to_owned(), hidden.clone());
            }
        }
        let Some(field) = object.get_mut(*first) else {
            return;
        };
        if let Some(target) = field.as_str().and_then(|id| self.get(id)) {
            *field = target.clone();
        }
        self.expand_at(field, rest);
    }
}

#[cfg(test)]
mod tests {
    use serde_json::{json, Map, Value};

    use super::Store;

    fn object(id: &str, name: &str) -> Map<String, Value> {
        let value = json!({"id": id, "object": "customer", "name": name});
        value.as_object().cloned().unwrap_or_default()
    }

    fn names(store: &Store) -> Vec<Value> {
        let all = store.all("customer").into_iter();
        all.map(|c| c["name"].clone()).collect()
    }

    #[test]
    fn undo_takes_back_every_change_since_begin() {
        let mut store = Store::new();
        store.put(object("cus_1", "one"));
        store.put(object("cus_2", "two"));
        store.put(object("cus_3", "three"));
        store.hide("cus_1", "tax", json!("kept"));
        store.begin();
        store.put(object("cus_4", "four"));
        store.put(object("cus_1", "changed"));
        if let Some(two) = store.get_mut("cus_2") {
            two["name"] = json!("changed too");
        }
        store.remove("cus_3", true);
        store.hide("cus_1", "tax", json!("replaced"));
        store.hide("cus_2", "tax", json!("new"));
        assert_eq!(
            names(&store),
            [json!("four"), json!("changed too"), json!("changed")]
        );
        store.undo();
        assert_eq!(names(&store), [json!("three"), json!("two"), json!("one")]);
        assert!(store.get("cus_4").is_none());
        assert!(store.deleted("cus_3").is_none());
        assert_eq!(store.hidden("cus_1", "tax"), Some(&json!("kept")));
        assert_eq!(store.hidden("cus_2", "tax"), None);

        store.begin();
        store.put(object("cus_5", "five"));
        store.keep();
        store.undo();
        assert_eq!(names(&store)[0], "five", "kept changes stay");
    }
}
