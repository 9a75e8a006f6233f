#![no_main]
//! Any bytes read as a version mapping between the built-in 2016 catalogue and the test
//! fixture's 2099 catalogue: an error with problems, or a mapping, never a panic.
use std::sync::{Arc, OnceLock};

use eblomlada::analysis::{Mapping, MappingDocument};
use eblomlada::Catalogue;
use libfuzzer_sys::fuzz_target;

fn catalogues() -> &'static (Arc<Catalogue>, Arc<Catalogue>) {
    static C: OnceLock<(Arc<Catalogue>, Arc<Catalogue>)> = OnceLock::new();
    C.get_or_init(|| {
        let old = Catalogue::builtin("eblomladan-2016").expect("built-in catalogue");
        let new = Catalogue::from_json(include_str!("../../tests/analysis/fixture-eblomladan-2099.json"))
            .expect("fixture catalogue");
        (Arc::new(old), Arc::new(new))
    })
}

fuzz_target!(|data: &[u8]| {
    let Ok(text) = eblomlada::json::text_from_bytes(data) else { return };
    let (old, new) = catalogues();
    match MappingDocument::from_json(text) {
        Ok(doc) => {
            if let Err(e) = Mapping::from_document(doc, old, new) {
                assert!(!e.problems().is_empty() && e.problems().len() <= 101);
            }
        }
        Err(e) => assert!(!e.problems().is_empty()),
    }
});
