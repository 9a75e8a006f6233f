//! Downloads of one's own assessment for JavaScript: the Excel workbook (the same as
//! `eblomlada export --xlsx`) and the long CSV (`eblomlada export --csv`). Built into
//! `pkg/workbook/` only, a module the intranet page loads when a download is asked for: the
//! workbook writer (rust_xlsxwriter with its zip and deflate) would not fit the budget of `pkg/`.

use eblomlada::analysis::{csv, xlsx, AnalysisError};
use wasm_bindgen::prelude::*;

use crate::{string_arg, Assessment, Failure, Out};

fn workbook_failure(error: AnalysisError) -> Failure {
    match error {
        AnalysisError::Core(e) => Failure::from(e),
        other => Failure {
            kind: "Workbook",
            problems: other.problems(),
            message: other.to_string(),
        },
    }
}

/// The Excel workbook (`.xlsx` bytes) of `assessment`, with texts in `lang` (`sv`, the default,
/// or `en`): the same sheets and cells as `eblomlada export --xlsx`.
#[wasm_bindgen(js_name = assessmentWorkbook)]
pub fn assessment_workbook(
    assessment: &Assessment,
    #[wasm_bindgen(unchecked_optional_param_type = "'sv' | 'en'")] lang: JsValue,
) -> Out<Vec<u8>> {
    let lang = if lang.is_undefined() || lang.is_null() {
        "sv".to_owned()
    } else {
        string_arg(&lang, "lang")?
    };
    if lang != "sv" && lang != "en" {
        return Err(Failure::argument("$", format!("unknown language {lang:?}; expected \"sv\" or \"en\"")).into());
    }
    Ok(xlsx::assessment_workbook(&assessment.inner, &lang).map_err(workbook_failure)?)
}

/// The long CSV of `assessment` (one row per indicator): the same text as
/// `eblomlada export --csv`.
#[wasm_bindgen(js_name = assessmentCsv)]
pub fn assessment_csv(assessment: &Assessment) -> String {
    csv::export(std::slice::from_ref(&assessment.inner))
}
