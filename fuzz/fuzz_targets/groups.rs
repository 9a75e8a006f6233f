#![no_main]
//! Any bytes read as a group map, as JSON and as CSV: an error with problems, or a map,
//! never a panic.
use eblomlada::analysis::GroupMap;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = eblomlada::json::text_from_bytes(data) else { return };
    for result in [GroupMap::from_json(text), GroupMap::from_csv(text)] {
        if let Err(e) = result {
            assert!(!e.problems().is_empty() && e.problems().len() <= 101);
        }
    }
});
