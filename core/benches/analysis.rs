//! Budgets (DESIGN.md, issue 4): compile 100 000 assessments ≤ 100 ms; year-over-year diff
//! ≤ 5 µs; planner for one area ≤ 1 ms. Prints figures; never fails on timing.
//!
//! `cargo bench -p eblomlada --bench analysis -- --warm-up-time 1 --measurement-time 3`
#![allow(missing_docs, clippy::unwrap_used)]

use std::hint::black_box;
use std::sync::Arc;

use criterion::{criterion_group, criterion_main, Criterion};
use eblomlada::analysis::table::{Cell, LongBatch, Row, TableReader};
use eblomlada::analysis::{self, CompileOptions, Grouping, PlanOptions, SyntheticOptions};
use eblomlada::{Assessment, Catalogue};

fn kumla(catalogue: &Arc<Catalogue>) -> Assessment {
    let text = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/../examples/kumla-2017.json")).unwrap();
    Assessment::from_json(&text, catalogue).unwrap()
}

fn bench(c: &mut Criterion) {
    let catalogue = Arc::new(Catalogue::builtin("eblomladan-2016").unwrap());

    // 100 000 synthetic assessments: 290 municipalities × 10 years × 35 seeds, cut to 100 000,
    // then renumbered (below).
    let mut many = Vec::with_capacity(101_500);
    for seed in 0..35 {
        let options = SyntheticOptions::new(seed, 2016..=2025).participation(1.0);
        many.extend(analysis::synthetic::generate(&catalogue, &options).unwrap());
    }
    many.truncate(100_000);
    // A compilation counts each municipality once per year, and Sweden has 290: give the
    // k-th assessment the code k / 10 and the year 2016 + k % 10 so that all 100 000 pool.
    let many: Vec<Assessment> = many
        .iter()
        .enumerate()
        .map(|(k, a)| {
            let mut value = a.to_value();
            value["municipality"] = format!("{:04}", k / 10).into();
            value["year"] = (2016 + (k % 10) as i32).into();
            Assessment::from_json(&value.to_string(), &catalogue).unwrap()
        })
        .collect();
    let mut group = c.benchmark_group("compile");
    group.sample_size(10);
    group.bench_function("compile 100 000 assessments", |b| {
        b.iter(|| analysis::compile(black_box(&many), &CompileOptions::new()).unwrap())
    });
    group.bench_function("compile 100 000 assessments by county", |b| {
        b.iter(|| analysis::compile(black_box(&many), &CompileOptions::new().by(Grouping::County)).unwrap())
    });
    // Every flower of every assessment (Python's `scores()` is this plus its columns).
    group.bench_function("scores of 100 000 assessments", |b| {
        b.iter(|| analysis::scores(black_box(&many)).unwrap())
    });
    let national = analysis::compile(&many, &CompileOptions::new()).unwrap();
    group.bench_function("compare one with a compilation of 100 000", |b| {
        b.iter(|| analysis::compare(black_box(&many[7]), &national).unwrap())
    });
    group.finish();

    // The long table of 10 000 of them (880 000 rows), as a front end hands its cells over.
    let rows: Vec<(String, i64, String, Option<String>)> = many[..10_000]
        .iter()
        .flat_map(|a| {
            catalogue.indicators().iter().map(move |i| {
                (
                    a.municipality().to_owned(),
                    i64::from(a.year()),
                    i.id.clone(),
                    a.answer_of(&i.id).map(str::to_owned),
                )
            })
        })
        .collect();
    let mut group = c.benchmark_group("table");
    group.sample_size(10);
    group.bench_function("read 10 000 assessments from 880 000 long rows", |b| {
        b.iter(|| {
            let mut reader = TableReader::new(&catalogue, &[]);
            for (n, (m, y, i, a)) in rows.iter().enumerate() {
                let row = Row {
                    number: n + 1,
                    catalogue: None,
                    municipality: Cell::Text(m),
                    year: Cell::Int(*y),
                };
                let answer = a.as_deref().map_or(Cell::Null, Cell::Text);
                reader.cell(&row, Cell::Text(i), answer, Cell::Null, Cell::Null, Cell::Null);
            }
            reader.finish().unwrap()
        })
    });
    group.bench_function("read 10 000 assessments from 880 000 long rows, in batches", |b| {
        b.iter(|| {
            let mut reader = TableReader::new(&catalogue, &[]);
            for (k, part) in rows.chunks(65_536).enumerate() {
                reader.long(&LongBatch {
                    first_row: k * 65_536 + 1,
                    rows: part.len(),
                    municipality: &|i: usize| Cell::Text(&part[i].0),
                    year: &|i: usize| Cell::Int(part[i].1),
                    indicator: &|i: usize| Cell::Text(&part[i].2),
                    answer: &|i: usize| part[i].3.as_deref().map_or(Cell::Null, Cell::Text),
                    catalogue: None,
                    comment: None,
                    points: None,
                    synthetic: None,
                });
            }
            reader.finish().unwrap()
        })
    });
    group.finish();
    drop(rows);
    drop(many);

    let year_2017 = kumla(&catalogue);
    let mut year_2018 = year_2017.clone();
    year_2018.set_year(2018).unwrap();
    for (id, answer) in [
        ("elderly-01", "partly"),
        ("lead-03", "fully"),
        ("tech-05", "not_met"),
        ("public-02", "fully"),
    ] {
        year_2018.answer(id, answer).unwrap();
    }
    c.bench_function("year-over-year diff", |b| {
        b.iter(|| analysis::diff(black_box(&year_2017), black_box(&year_2018), None).unwrap())
    });
    c.bench_function("year-over-year diff + report", |b| {
        b.iter(|| {
            analysis::diff(black_box(&year_2017), black_box(&year_2018), None)
                .unwrap()
                .report()
        })
    });

    let elderly = PlanOptions::new().area("elderly");
    c.bench_function("planner for one area", |b| {
        b.iter(|| analysis::plan(black_box(&year_2017), &elderly).unwrap())
    });
    c.bench_function("planner for all areas (+ all-green set)", |b| {
        b.iter(|| analysis::plan(black_box(&year_2017), &PlanOptions::new()).unwrap())
    });

    let data =
        analysis::synthetic::generate(&catalogue, &SyntheticOptions::new(1, [2016, 2017]).participation(1.0)).unwrap();
    let text = analysis::csv::export(&data);
    c.bench_function("CSV export of 580 assessments", |b| {
        b.iter(|| analysis::csv::export(black_box(&data)))
    });
    c.bench_function("CSV import of 580 assessments", |b| {
        b.iter(|| analysis::csv::import(black_box(&text), &[]).unwrap())
    });
}

criterion_group!(benches, bench);
criterion_main!(benches);
