//! Events carry their object in the event's API version, whatever the crate's: every
//! object of every shared fixtures file, and each object of the pinned version with a
//! key taken away or reshaped (what newer versions do), decodes as an `EventObject`
//! and inside an event: typed when it fits, else raw with the error, never a failure.

use serde_json::{json, Value};
use stripe_api::{from_json, webhook, Event, EventObject};

/// Every shared fixtures file: (file name, resources).
fn fixture_files() -> Vec<(String, serde_json::Map<String, Value>)> {
    let mut files: Vec<_> = std::fs::read_dir(tests::upstream_dir())
        .map(|dir| dir.flatten().map(|e| e.path()).collect())
        .unwrap_or_else(|_| Vec::new());
    files.retain(|p| {
        p.file_name()
            .is_some_and(|n| n.to_string_lossy().starts_with("fixtures3."))
    });
    files.sort();
    files
        .into_iter()
        .map(|path| {
            let text = std::fs::read_to_string(&path).expect("fixtures readable");
            let fixtures: Value = serde_json::from_str(&text).expect("fixtures are JSON");
            let resources = fixtures["resources"]
                .as_object()
                .cloned()
                .unwrap_or_default();
            (
                path.file_name().unwrap().to_string_lossy().into_owned(),
                resources,
            )
        })
        .collect()
}

fn variant(object: &EventObject) -> String {
    format!("{object:?}")
        .split('(')
        .next()
        .unwrap_or_default()
        .to_owned()
}

/// `object` as an event of API version `version`.
fn event(object: &Value, version: &str) -> Vec<u8> {
    json!({
        "id": "evt_1", "object": "event", "api_version": version, "created": 1700000000,
        "livemode": false, "pending_webhooks": 1, "type": "customer.updated",
        "request": {"id": null, "idempotency_key": null},
        "data": {"object": object},
    })
    .to_string()
    .into_bytes()
}

/// Decodes `object` both ways; the `EventObject`, or what went wrong.
fn decode_both_ways(object: &Value, version: &str) -> Result<EventObject, String> {
    let alone: EventObject =
        from_json(object.to_string().as_bytes()).map_err(|e| format!("as an EventObject: {e}"))?;
    let event: Event = webhook::parse_event(&event(object, version))
        .map_err(|e| format!("inside an event: {e}"))?;
    let inside = &event.data.object;
    if variant(inside) != variant(&alone) {
        return Err(format!(
            "{} inside an event, {} alone",
            variant(inside),
            variant(&alone)
        ));
    }
    if let EventObject::Undecoded(undecoded) = &alone {
        if undecoded.raw != *object {
            return Err("the raw object differs from the one sent".to_owned());
        }
        if undecoded.error.message().is_empty() {
            return Err("an undecoded object without an error".to_owned());
        }
    }
    Ok(alone)
}

#[test]
fn objects_of_every_fixtures_version_decode_typed_or_raw_never_fail() {
    let pinned = tests::api_version();
    let files = fixture_files();
    if files.is_empty() {
        eprintln!(
            "skipped: no fixtures in {}",
            tests::upstream_dir().display()
        );
        return;
    }
    let mut failures = Vec::new();
    for (file, resources) in &files {
        let version = file
            .trim_start_matches("fixtures3.")
            .trim_end_matches(".json");
        let (mut typed, mut raw) = (Vec::new(), Vec::new());
        for (name, object) in resources {
            match decode_both_ways(object, version) {
                Ok(EventObject::Undecoded(undecoded)) if version == pinned => {
                    failures.push(format!(
                        "{file} {name}: undecoded at the crate's own version: {} at {}",
                        undecoded.error.message(),
                        undecoded.error.path()
                    ))
                }
                Ok(EventObject::Undecoded(undecoded)) => raw.push(format!(
                    "{name} ({} at {})",
                    undecoded.error.message(),
                    undecoded.error.path()
                )),
                Ok(_) => typed.push(name.clone()),
                Err(why) => failures.push(format!("{file} {name}: {why}")),
            }
        }
        eprintln!("{file}: {} typed, {} raw: {raw:?}", typed.len(), raw.len());
        assert!(
            typed.len() > 50,
            "{file}: most objects decode typed: {typed:?}"
        );
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// What newer versions do to an object: a key the pinned version requires removed, or
/// given another shape. The object still arrives; when it does not fit, the error names
/// the key.
#[test]
fn objects_with_keys_removed_or_reshaped_still_decode() {
    let Some(fixtures) = tests::stripe_fixtures() else {
        return;
    };
    let resources = fixtures["resources"].as_object().expect("resources");
    let (mut cases, mut undecoded_count) = (0, 0);
    let mut failures = Vec::new();
    for (name, object) in resources {
        let Some(keys) = object
            .as_object()
            .map(|o| o.keys().cloned().collect::<Vec<_>>())
        else {
            continue;
        };
        // `object` and `deleted` pick the type: changing them makes another object.
        for key in keys.iter().filter(|k| *k != "object" && *k != "deleted") {
            let mut removed = object.clone();
            removed.as_object_mut().unwrap().remove(key);
            let mut reshaped = object.clone();
            reshaped[key.as_str()] = json!({"shape": ["of", "a", "newer", "version"]});
            for (how, changed) in [("without", removed), ("reshaped", reshaped)] {
                cases += 1;
                match decode_both_ways(&changed, "2099-01-01") {
                    Ok(EventObject::Undecoded(undecoded)) => {
                        undecoded_count += 1;
                        let error = &undecoded.error;
                        let named = error.path().starts_with(key.as_str())
                            || error.message().contains(&format!("`{key}`"));
                        if !named {
                            failures.push(format!(
                                "{name} {how} `{key}`: the error does not name it: {} at {}",
                                error.message(),
                                error.path()
                            ));
                        }
                    }
                    Ok(_) => {}
                    Err(why) => failures.push(format!("{name} {how} `{key}`: {why}")),
                }
            }
        }
    }
    eprintln!("{cases} changed objects, {undecoded_count} kept raw");
    assert!(
        undecoded_count > 100,
        "the changes reach required fields: {undecoded_count}"
    );
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
