#![no_main]
//! Any bytes read as an assessment: an error or a scored assessment, never a panic; what
//! parses must survive a serialise/parse round trip unchanged.
use std::sync::{Arc, OnceLock};

use eblomlada::{Assessment, Catalogue};
use libfuzzer_sys::fuzz_target;

fn catalogue() -> &'static Arc<Catalogue> {
    static C: OnceLock<Arc<Catalogue>> = OnceLock::new();
    C.get_or_init(|| Arc::new(Catalogue::builtin("eblomladan-2016").expect("built-in catalogue")))
}

fuzz_target!(|data: &[u8]| {
    let Ok(text) = eblomlada::json::text_from_bytes(data) else { return };
    if let Ok(assessment) = Assessment::from_json(text, catalogue()) {
        let _ = assessment.score().to_json();
        let again = Assessment::from_json(&assessment.to_json(), catalogue()).expect("round trip parses");
        assert_eq!(again, assessment);
    }
});
