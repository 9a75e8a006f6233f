#![no_main]
//! Any bytes read as a long CSV: an error or assessments, never a panic; what imports must
//! export and import again unchanged (formula neutralisation included).
use eblomlada::analysis::csv;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = eblomlada::json::text_from_bytes(data) else { return };
    match csv::import(text, &[]) {
        Ok(assessments) => {
            let again = csv::import(&csv::export(&assessments), &[]).expect("an export imports");
            assert_eq!(again, assessments);
        }
        Err(e) => {
            assert!(e.problems().len() <= 101, "problem lists are capped");
        }
    }
    for cell in text.split(',') {
        assert_eq!(csv::restore_formula(&csv::neutralise_formula(cell)), cell);
    }
});
