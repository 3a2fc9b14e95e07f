//! `carrel-bench bibliography [--entries N]` (default 10,000): the time to render a bibliography
//! in Chicago author-date with Carrel's renderer (hayagriva plus Carrel's normalisation and
//! clean-up), next to citeproc-js (Zotero's processor; tools/citeproc-compare, a dev tool under
//! node, never shipped) on the same CSL-JSON items and the same `.csl` file; and the time of a
//! 500-entry preview (`render_document` on a library file). A measurement, not a test.

use std::path::{Path, PathBuf};
use std::sync::atomic::AtomicBool;
use std::time::Instant;

use carrel::bibliography::render::{public_item, render_entries, EntryInput};
use carrel::bibliography::{
    record_item, render_document, styles, BibliographyDoc, EntryDoc, SectionDoc,
};
use carrel::catalogue::import::{import_files, ImportOptions};

/// The shared MARC files the items come from (LC, National Library of Australia, French MARC-8,
/// maps, fiction: the records of the agreement measurement).
const FILES: &[&str] = &[
    "marc/cliffeh-marc/testfile.marc.gz",
    "marc/folio-perf-testing/For_DISC_HRID_match_1k.mrc",
    "marc/evergreen/lul_fre_100.mrc",
    "marc/evergreen/map_data.mrc",
    "marc/marc4j/chabon.mrc",
];

pub fn bibliography(data: &Path, entries: usize) {
    let repo = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../..");
    let tool = repo.join("tools/citeproc-compare");
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("bench.sqlite");
    let mut lib = carrel::Library::open(&path).expect("library");
    let files: Vec<PathBuf> = FILES
        .iter()
        .map(|f| data.join(f))
        .filter(|p| p.exists())
        .collect();
    import_files(
        &mut lib,
        &files,
        &ImportOptions::new(carrel::Timestamp::parse("2026-01-01T00:00:00Z").expect("a timestamp")),
        &AtomicBool::new(false),
        &mut |_| {},
    )
    .expect("import");
    let conn = rusqlite::Connection::open(&path).expect("open");
    let ids: Vec<carrel::RecordId> = conn
        .prepare("SELECT id FROM records WHERE record_type NOT IN ('z','u','v','x','y','q') AND deleted_at IS NULL ORDER BY id")
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .map(Result::unwrap)
        .collect();
    assert!(
        !ids.is_empty(),
        "no records: is the shared data at {}?",
        data.display()
    );
    let base: Vec<(carrel::RecordId, serde_json::Value)> = ids
        .iter()
        .map(|&id| (id, record_item(&lib, id).unwrap()))
        .collect();
    println!("{} bibliographic records from {} shared MARC files, repeated to {entries} entries (unique ids)", base.len(), files.len());

    // The same CSL-JSON for both sides: the records' items repeated, each copy with its own id.
    let inputs: Vec<EntryInput> = (0..entries)
        .map(|k| {
            let (id, item) = &base[k % base.len()];
            let mut item = item.clone();
            item["id"] = serde_json::Value::String(format!("r{id}-{}", k / base.len()));
            EntryInput {
                record_id: carrel::RecordId(k as i64),
                item,
                annotation: None,
                location: None,
            }
        })
        .collect();
    let items: Vec<serde_json::Value> = inputs.iter().map(|i| public_item(&i.item)).collect();
    let items_path = dir.path().join("items.json");
    std::fs::write(&items_path, serde_json::to_string(&items).unwrap()).unwrap();

    let csl_dir = data.join("csl");
    let style_path = csl_dir.join("chicago-author-date.csl");
    let locales_dir = csl_dir.join("locales");

    // Carrel: parse the style and locales, then render (each entry's text, then the style's order).
    let t0 = Instant::now();
    let style = styles::load_style(style_path.to_str().unwrap(), Some(&csl_dir)).expect("style");
    let locales = styles::locales(Some(&locales_dir));
    let start_s = t0.elapsed().as_secs_f64();
    let t1 = Instant::now();
    let rendered = render_entries(&style, &locales, Some("en-US"), &inputs, true);
    let carrel_s = t1.elapsed().as_secs_f64();
    println!(
        "carrel (hayagriva 0.10.1): {} entries in {carrel_s:.2} s ({:.3} ms per entry), style and locales loaded in {:.3} s, {} failed",
        rendered.entries.len(),
        1000.0 * carrel_s / entries.max(1) as f64,
        start_s,
        rendered.failed.len()
    );

    // citeproc-js on the same items and style file.
    if !tool.join("node_modules/citeproc").is_dir() {
        println!(
            "citeproc-js: not installed (run `npm install` in {}; scripts/csl-compare does)",
            tool.display()
        );
    } else {
        let t = Instant::now();
        let out = std::process::Command::new("node")
            .arg(tool.join("bench.js"))
            .arg(&style_path)
            .arg(&locales_dir)
            .arg("en-US")
            .arg(&items_path)
            .output()
            .expect("node");
        let wall = t.elapsed().as_secs_f64();
        let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap_or_else(|_| {
            panic!(
                "citeproc-js failed: {}",
                String::from_utf8_lossy(&out.stderr)
            );
        });
        let render_s = v["render_ms"].as_f64().unwrap_or(0.0) / 1000.0;
        let compile_s = v["compile_ms"].as_f64().unwrap_or(0.0) / 1000.0;
        println!(
            "citeproc-js 2.4.63 (node): {} entries in {render_s:.2} s ({:.3} ms per entry), style compiled in {compile_s:.3} s, {wall:.2} s with node's start",
            v["entries"],
            1000.0 * render_s / entries.max(1) as f64
        );
        println!(
            "ratio: carrel {:.2}x faster rendering; {:.2}x faster start to finish (carrel {:.2} s, citeproc-js {:.2} s with node)",
            render_s / carrel_s,
            wall / (carrel_s + start_s),
            carrel_s + start_s,
            wall
        );
    }

    // The editor's preview: a document of 500 records picked by hand, rendered from the library.
    let n = 500.min(ids.len());
    let doc = BibliographyDoc {
        title: "Preview".into(),
        style: "chicago-author-date".into(),
        sections: vec![SectionDoc {
            heading: String::new(),
            sort: carrel::bibliography::SectionSort::Style,
            entries: ids[..n]
                .iter()
                .enumerate()
                .map(|(i, &record_id)| EntryDoc {
                    record_id,
                    position: i as i64 + 1,
                    pinned: true,
                    ..Default::default()
                })
                .collect(),
            ..Default::default()
        }],
        ..Default::default()
    };
    for run in ["first (style parsed)", "again (style cached)"] {
        let t = Instant::now();
        let out = render_document(&lib, &doc, Default::default()).expect("render");
        let s = t.elapsed().as_secs_f64();
        let count: usize = out.rendered.sections.iter().map(|s| s.entries.len()).sum();
        println!("preview of {count} entries (render_document, bundled chicago-author-date), {run}: {s:.3} s");
    }
}
