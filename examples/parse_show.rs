//! Prints how gazette parses text files, as JSON: a tool for writing site rules.
//!
//! `cargo run --example parse_show -- page.txt [more.txt…]`

fn main() {
    let rules = match gazette::rules::Rules::default_rules() {
        Ok(r) => r,
        Err(e) => {
            eprintln!("{e}");
            std::process::exit(1);
        }
    };
    for path in std::env::args().skip(1) {
        let raw = match std::fs::read(&path) {
            Ok(b) => b,
            Err(e) => {
                eprintln!("{path}: {e}");
                continue;
            }
        };
        let gazette::decode::Decoded::Text { text, .. } = gazette::decode::decode(&raw) else {
            eprintln!("{path}: not text");
            continue;
        };
        let text = gazette::text::normalize(&text);
        let mut doc = gazette::parse::parse(&text, &rules);
        doc.article.language = gazette::parse::language(&doc);
        match serde_json::to_string_pretty(&doc) {
            Ok(json) => println!("=== {path}\n{json}"),
            Err(e) => eprintln!("{path}: {e}"),
        }
    }
}
