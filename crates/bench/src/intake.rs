//! `carrel-bench intake`: reference-manager files read and made MARC records
//! (`carrel::intake::file_items`), in records/s, for generated files of 2,000, 8,000 and 20,000
//! entries of each format. Without the library write, so that the figure is the reader's.

use std::fmt::Write as _;
use std::time::Instant;

use carrel::intake::{file_items, Format};

/// A file of `n` generated journal articles in `format`.
fn generate(format: Format, n: usize) -> String {
    let mut s = String::new();
    match format {
        Format::Bibtex => {
            for i in 0..n {
                let _ = write!(
                    s,
                    "@article{{k{i},\n  author = {{Person{i}, A. and Other{i}, B.}},\n  title = {{Title number {i}: a study}},\n  journal = {{Journal {i}}},\n  year = {{1990}},\n  volume = {{3}},\n  pages = {{1--10}}\n}}\n\n"
                );
            }
        }
        Format::Ris => {
            for i in 0..n {
                let _ = write!(
                    s,
                    "TY  - JOUR\nAU  - Person{i}, A.\nAU  - Other{i}, B.\nTI  - Title number {i}: a study\nJO  - Journal {i}\nPY  - 1990\nVL  - 3\nSP  - 1\nEP  - 10\nER  - \n\n"
                );
            }
        }
        Format::CslJson => {
            s.push('[');
            for i in 0..n {
                if i > 0 {
                    s.push_str(",\n");
                }
                let _ = write!(
                    s,
                    r#"{{"id": "k{i}", "type": "article-journal", "title": "Title number {i}: a study", "container-title": "Journal {i}", "author": [{{"family": "Person{i}", "given": "A."}}], "issued": {{"date-parts": [[1990]]}}, "volume": "3", "page": "1-10"}}"#
                );
            }
            s.push_str("]\n");
        }
        Format::EndnoteXml => {
            s.push_str("<?xml version=\"1.0\" encoding=\"UTF-8\"?><xml><records>\n");
            for i in 0..n {
                let _ = writeln!(
                    s,
                    "<record><ref-type name=\"Journal Article\">17</ref-type><contributors><authors><author>Person{i}, A.</author></authors></contributors><titles><title>Title number {i}: a study</title><secondary-title>Journal {i}</secondary-title></titles><dates><year>1990</year></dates><volume>3</volume><pages>1-10</pages></record>"
                );
            }
            s.push_str("</records></xml>\n");
        }
    }
    s
}

/// Prints `format entries seconds records/s` for each format and size.
pub fn intake() {
    println!("format entries seconds records/s");
    for format in [
        Format::Bibtex,
        Format::CslJson,
        Format::Ris,
        Format::EndnoteXml,
    ] {
        for n in [2_000, 8_000, 20_000] {
            let text = generate(format, n);
            let started = Instant::now();
            let items = file_items(format, text.as_bytes(), "261207").expect("the file is read");
            let secs = started.elapsed().as_secs_f64();
            let ok = items.iter().filter(|i| i.outcome.is_ok()).count();
            assert_eq!(ok, n, "{} entries of {n} read", format.name());
            println!(
                "{} {n} {secs:.3} {:.0}",
                format.name(),
                n as f64 / secs.max(1e-9)
            );
        }
    }
}
