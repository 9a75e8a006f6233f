//! Budgets (DESIGN.md): score one full assessment ≤ 2 µs; parse + validate + score from JSON
//! ≤ 20 µs. Prints figures; never fails on timing.
#![allow(missing_docs, clippy::unwrap_used)]

use std::hint::black_box;
use std::sync::Arc;

use criterion::{criterion_group, criterion_main, Criterion};
use eblomlada::{Assessment, Catalogue};

fn kumla() -> String {
    std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/../examples/kumla-2017.json")).unwrap()
}

fn bench(c: &mut Criterion) {
    let catalogue = Arc::new(Catalogue::builtin("eblomladan-2016").unwrap());
    let text = kumla();
    let assessment = Assessment::from_json(&text, &catalogue).unwrap();
    c.bench_function("score full 2016 assessment", |b| {
        b.iter(|| black_box(&assessment).score())
    });
    c.bench_function("parse + validate + score from JSON", |b| {
        b.iter(|| Assessment::from_json(black_box(&text), &catalogue).unwrap().score())
    });
    c.bench_function("general path: AssessmentDocument only (no catalogue)", |b| {
        b.iter(|| eblomlada::AssessmentDocument::from_json(black_box(&text)).unwrap())
    });
    c.bench_function("score + serialise result JSON", |b| {
        b.iter(|| black_box(&assessment).score().to_json())
    });
    c.bench_function("load built-in catalogue", |b| {
        b.iter(|| Catalogue::builtin(black_box("eblomladan-2016")).unwrap())
    });
}

criterion_group!(benches, bench);
criterion_main!(benches);
