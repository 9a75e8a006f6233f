#![no_main]
//! Any bytes read as a catalogue: an error listing problems or a usable catalogue.
use eblomlada::Catalogue;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = eblomlada::json::text_from_bytes(data) else { return };
    if let Ok(catalogue) = Catalogue::from_json(text) {
        let again = Catalogue::from_json(&catalogue.to_json()).expect("round trip parses");
        assert_eq!(again, catalogue);
    }
});
