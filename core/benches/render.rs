//! Budget (issue 3): rendering the flowerbox of a full 2016 assessment ≤ 100 µs; the SVG ≤ 60 KB.
//! Prints figures; never fails on timing.
#![allow(missing_docs, clippy::unwrap_used)]

use std::hint::black_box;
use std::sync::Arc;

use criterion::{criterion_group, criterion_main, Criterion};
use eblomlada::render::{self, Options, Palette};
use eblomlada::{Assessment, Catalogue};

/// A full assessment: 40 not met, 38 partly, 10 fully, spread over the catalogue.
fn full() -> Assessment {
    let catalogue = Arc::new(Catalogue::builtin("eblomladan-2016").unwrap());
    let mut assessment = Assessment::new(&catalogue, "1881", 2017).unwrap();
    assessment.set_extra("name", Some("Kumla".into())).unwrap();
    for (i, indicator) in catalogue.indicators().iter().enumerate() {
        let answer = match (i * 7) % 88 {
            0..=39 => "not_met",
            40..=77 => "partly",
            _ => "fully",
        };
        assessment.answer(&indicator.id, answer).unwrap();
    }
    assessment
}

fn bench(c: &mut Criterion) {
    let assessment = full();
    let standard = Options::default();
    let colour_blind = Options {
        lang: "en".into(),
        palette: Palette::ColourBlind,
        ..Options::default()
    };
    println!(
        "flowerbox SVG of a full 2016 assessment: {} bytes (standard), {} bytes (colour-blind); budget 61440",
        render::flowerbox(&assessment, &standard).len(),
        render::flowerbox(&assessment, &colour_blind).len()
    );
    c.bench_function("render flowerbox, full 2016 assessment", |b| {
        b.iter(|| render::flowerbox(black_box(&assessment), black_box(&standard)))
    });
    c.bench_function("render flowerbox, colour-blind, English", |b| {
        b.iter(|| render::flowerbox(black_box(&assessment), black_box(&colour_blind)))
    });
    c.bench_function("render answer chart", |b| {
        b.iter(|| render::answer_chart(black_box(&assessment), black_box(&standard)))
    });
}

criterion_group!(benches, bench);
criterion_main!(benches);
