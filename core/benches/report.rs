//! Budgets (issue 16): a full report with the previous year and a reference ≤ 20 ms as HTML and
//! ≤ 100 ms as DOCX (feature `docx`); the HTML ≤ 400 KB. Prints figures; never fails on timing.
#![allow(missing_docs, clippy::unwrap_used)]

use std::hint::black_box;
use std::path::PathBuf;
use std::sync::Arc;

use criterion::{criterion_group, criterion_main, Criterion};
use eblomlada::analysis::{self, CompileOptions, SyntheticOptions};
use eblomlada::report::{self, Reference};
use eblomlada::{Assessment, Catalogue, Published};

fn kumla(catalogue: &Arc<Catalogue>, year: i32) -> Assessment {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join(format!("../examples/kumla-{year}.json"));
    Assessment::from_json(&std::fs::read_to_string(path).unwrap(), catalogue).unwrap()
}

fn bench(c: &mut Criterion) {
    let catalogue = Arc::new(Catalogue::builtin("eblomladan-2016").unwrap());
    let (now, before) = (kumla(&catalogue, 2017), kumla(&catalogue, 2016));
    let published = Published::builtin(&catalogue, 2017).unwrap();
    let data = analysis::synthetic::generate(&catalogue, &SyntheticOptions::new(1, [2017])).unwrap();
    let compilation = analysis::compile(&data, &CompileOptions::new()).unwrap();
    let options = report::Options::default();

    for (name, reference) in [
        ("published", Reference::Published(&published)),
        ("compilation", Reference::Compilation(&compilation)),
    ] {
        let html = report::build(&now, Some(&before), reference, &options)
            .unwrap()
            .to_html();
        println!(
            "report HTML, Kumla 2017 with 2016, reference {name}: {} bytes; budget 409600",
            html.len()
        );
        c.bench_function(&format!("report HTML (build + write), reference {name}"), |b| {
            b.iter(|| {
                report::build(black_box(&now), Some(&before), reference, &options)
                    .unwrap()
                    .to_html()
            })
        });
    }
    #[cfg(feature = "docx")]
    {
        // The pictures as the front ends give them; rasterising is theirs (resvg), not timed here.
        let png = |_: &str| None;
        let reference = Reference::Published(&published);
        let bytes = report::build(&now, Some(&before), reference, &options)
            .unwrap()
            .to_docx(&png)
            .unwrap();
        println!("report DOCX, Kumla 2017 with 2016: {} bytes", bytes.len());
        c.bench_function("report DOCX (build + write), reference published", |b| {
            b.iter(|| {
                report::build(black_box(&now), Some(&before), reference, &options)
                    .unwrap()
                    .to_docx(&png)
                    .unwrap()
            })
        });
    }
}

criterion_group! {
    name = benches;
    config = Criterion::default().sample_size(20);
    targets = bench
}
criterion_main!(benches);
