//! # eblomlada
//!
//! eBlomlådan ("the e-flowerbox") is the self-assessment of Swedish municipalities' digital
//! services and digital development. This crate holds the catalogues of indicators, reads and
//! checks assessments, and scores them exactly: level means, one flower per service area
//! weighted services 50 %, lead 25 %, tech 25 %, and the flower's colour band.
//!
//! The crate is pure: no file or network I/O and no global state, so it runs unchanged in
//! services, in the Python extension and in the browser.
//!
//! ```
//! use std::sync::Arc;
//! use eblomlada::{Assessment, Catalogue};
//!
//! let catalogue = Arc::new(Catalogue::builtin("eblomladan-2016")?);
//! let text = r#"{"catalogue": {"id": "eblomladan", "version": "2016"},
//!                "municipality": "1881", "year": 2017,
//!                "answers": {"elderly-01": {"answer": "fully", "comment": "Sedan 2016."}}}"#;
//! let assessment = Assessment::from_json(text, &catalogue)?;
//! let score = assessment.score();
//! assert_eq!((score.answered(), score.total()), (1, 88));
//! assert_eq!(score.area("elderly").unwrap().colour, None); // not complete yet
//! println!("{}", score.to_json()); // the report of DESIGN.md
//! # Ok::<(), eblomlada::Error>(())
//! ```

pub mod analysis;
pub mod assessment;
pub mod catalogue;
pub mod error;
pub mod fraction;
pub mod json;
pub mod published;
pub mod render;
pub mod report;
pub mod schema;
pub mod score;
pub mod team;

pub use assessment::{AnswerEntry, Assessment, AssessmentDocument};
pub use catalogue::{Area, Band, Catalogue, CatalogueDocument, CatalogueRef, Indicator, Level, ScaleEntry, Text};
pub use error::{Error, Problem, Result, Severity};
pub use fraction::Fraction;
pub use published::{Figure, Published, PublishedDocument};
pub use score::{score, AreaResult, AreaScore, LevelResult, Score, ScoreResult, Tally};

/// The README's Rust examples, run as doc tests so they cannot rot.
#[cfg(doctest)]
#[doc = include_str!("../../README.md")]
pub struct ReadmeDoctests;
