//! Any bytes through decode → normalize → parse → language → extract (the import's own
//! `process_bytes`), then the invariants `gazette check` relies on: every non-blank line in
//! exactly one row, mention offsets on their host text. A panic or a broken invariant is a crash.
#![no_main]

use std::sync::OnceLock;

use gazette::model::SourceRecord;
use gazette::pipeline::{process_bytes, Extraction};
use libfuzzer_sys::fuzz_target;

#[path = "../../tests/properties/invariants.rs"]
mod invariants;

fn extraction() -> &'static Extraction {
    static X: OnceLock<Extraction> = OnceLock::new();
    X.get_or_init(|| Extraction::load(&[], &[]).expect("shipped rules and gazetteer load"))
}

fuzz_target!(|data: &[u8]| {
    let source = SourceRecord::unread("fuzz.txt".into(), data.len() as u64);
    let p = process_bytes(source, data.to_vec(), extraction());
    invariants::processed(&p);
});
