//! Helpers shared by the robustness tests (included by path): running the binary, generating
//! article-like files, and fingerprinting a dataset's content.
#![allow(dead_code)]

use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

use rusqlite::Connection;
use sha2::{Digest, Sha256};

pub const BIN: &str = env!("CARGO_BIN_EXE_gazette");

/// `gazette ARGS` run in `dir`.
pub fn gazette(dir: &Path, args: &[&str]) -> Output {
    Command::new(BIN)
        .args(args)
        .current_dir(dir)
        .stdin(Stdio::null())
        .output()
        .expect("run gazette")
}

pub fn code(o: &Output) -> i32 {
    o.status.code().unwrap_or(-1)
}

pub fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

/// `gazette check` passes on `db`.
pub fn assert_check_passes(dir: &Path, db: &str) {
    let o = gazette(dir, &["check", "--db", db]);
    assert_eq!(
        code(&o),
        0,
        "gazette check failed:\n{}\n{}",
        String::from_utf8_lossy(&o.stdout),
        stderr(&o)
    );
}

pub fn is_root() -> bool {
    // The effective user id, from the kernel (`Uid:` real, effective, saved, file system).
    // Tests run in parallel in one process, so a probe file shared between them could race.
    if let Ok(status) = std::fs::read_to_string("/proc/self/status") {
        if let Some(line) = status.lines().find(|l| l.starts_with("Uid:")) {
            return line.split_whitespace().nth(2) == Some("0");
        }
    }
    // Elsewhere: root's processes can read a file whose mode is 000 (one probe per call).
    static PROBES: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);
    let n = PROBES.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
    let probe = std::env::temp_dir().join(format!("gazette-root-probe-{}-{n}", std::process::id()));
    let _ = std::fs::write(&probe, b"x");
    let mut perms = match std::fs::metadata(&probe) {
        Ok(m) => m.permissions(),
        Err(_) => return false,
    };
    use std::os::unix::fs::PermissionsExt;
    perms.set_mode(0o000);
    let _ = std::fs::set_permissions(&probe, perms);
    let readable = std::fs::read(&probe).is_ok();
    let _ = std::fs::remove_file(&probe);
    readable
}

const FIRST: &[&str] = &[
    "Anne",
    "Paul",
    "Claire",
    "Marc",
    "Zoé",
    "Hélène",
    "Loïc",
    "Inès",
    "Jean-Pierre",
    "Sophie",
];
const LAST: &[&str] = &[
    "Martin", "Durand", "Lefèvre", "Moreau", "Nguyen", "Dubois", "Garnier", "Roux",
];
const ORGS: &[&str] = &[
    "Crosscall",
    "Ledger",
    "Alcatel-Lucent Enterprise",
    "Orange",
    "Wiko",
    "Parrot",
];
const PLACES: &[&str] = &[
    "Aix-en-Provence",
    "Lyon",
    "Normandie",
    "Brest",
    "Illkirch",
    "Berlin",
];

/// A small deterministic generator (no dependency on `rand`).
pub struct Lcg(u64);

impl Lcg {
    pub fn new(seed: u64) -> Self {
        Lcg(seed
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407))
    }
    pub fn next(&mut self) -> u64 {
        self.0 = self
            .0
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        self.0 >> 33
    }
    pub fn pick<'a>(&mut self, xs: &[&'a str]) -> &'a str {
        xs[(self.next() as usize) % xs.len()]
    }
    pub fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }
}

/// An article like the scraped ones: title, byline, paragraphs, sometimes comments.
pub fn article(seed: u64) -> String {
    let mut r = Lcg::new(seed);
    let org = r.pick(ORGS);
    let place = r.pick(PLACES);
    let mut s = String::new();
    let _ = writeln!(
        s,
        "{org} ouvre un nouveau site à {place} (article {seed})\n"
    );
    let _ = writeln!(s, "{} {}\u{a0}|\n", r.pick(FIRST), r.pick(LAST));
    for p in 0..(2 + r.below(4)) {
        let _ = writeln!(
            s,
            "Le groupe {org} a annoncé {} millions d’euros d’investissement à {place}, selon {} {}. \
             La production doit commencer en {} et {} emplois sont prévus (paragraphe {p}).\n",
            2 + r.below(40),
            r.pick(FIRST),
            r.pick(LAST),
            2020 + r.below(8),
            10 + r.below(300),
        );
    }
    let _ = writeln!(s, "Lire plus d’articles sur Exemple.fr :");
    let _ = writeln!(
        s,
        "– Les relocalisations industrielles en France, cliquez-ici\n"
    );
    if r.below(3) == 0 {
        s.push_str("Commentaires\n");
        let mut prev: Option<String> = None;
        for c in 0..(1 + r.below(6)) {
            let who = format!("{}{}", r.pick(FIRST), c);
            let _ = writeln!(s, "avatar {who}\u{a0}|\u{a0}\n");
            if let Some(p) = &prev {
                let _ = writeln!(s, "@{p}");
            }
            let _ = writeln!(
                s,
                "Commentaire {c} sur {org}, très intéressant.\nRépondre\n"
            );
            prev = Some(who);
        }
    }
    s
}

/// Writes `n` article files named `a-NNNN.txt` (seeds `from..from + n`) into `dir`.
pub fn write_articles(dir: &Path, from: u64, n: u64) {
    std::fs::create_dir_all(dir).unwrap();
    for i in from..from + n {
        std::fs::write(dir.join(format!("a-{i:04}.txt")), article(i)).unwrap();
    }
}

/// A fingerprint of a dataset's content by natural keys: documents, paragraphs, comments and
/// the entity names (ids aside).
pub fn content_hash(db: &Path) -> (i64, String) {
    let conn = Connection::open(db).expect("open dataset");
    content_hash_conn(&conn)
}

pub fn content_hash_conn(conn: &Connection) -> (i64, String) {
    let docs: i64 = conn
        .query_row("SELECT count(*) FROM documents", [], |r| r.get(0))
        .expect("count documents");
    let mut h = Sha256::new();
    for sql in [
        "SELECT path || '|' || coalesce(sha256, '') || '|' || status FROM documents ORDER BY path",
        "SELECT d.path || '|' || p.position || '|' || p.kind || '|' || p.text FROM paragraphs p \
         JOIN articles a ON a.id = p.article_id JOIN documents d ON d.id = a.document_id \
         ORDER BY d.path, p.position",
        "SELECT d.path || '|' || c.position || '|' || coalesce(c.author, '') || '|' || c.body \
         FROM comments c JOIN articles a ON a.id = c.article_id \
         JOIN documents d ON d.id = a.document_id ORDER BY d.path, c.position",
        "SELECT type || '|' || name FROM entities ORDER BY type, name",
    ] {
        let mut st = conn.prepare(sql).expect("prepare");
        let rows = st.query_map([], |r| r.get::<_, String>(0)).expect("query");
        for row in rows {
            h.update(row.expect("row").as_bytes());
            h.update(b"\n");
        }
    }
    (docs, format!("{:x}", h.finalize()))
}

pub fn integrity(db: &Path) -> String {
    let conn = Connection::open(db).expect("open dataset");
    conn.query_row("PRAGMA integrity_check", [], |r| r.get(0))
        .expect("integrity_check")
}

/// Files beside `db` whose names start with the db's name (journal, lock, temporary files).
pub fn leftovers(db: &Path) -> Vec<String> {
    let name = db.file_name().unwrap().to_string_lossy().into_owned();
    let mut out: Vec<String> = std::fs::read_dir(db.parent().unwrap())
        .unwrap()
        .filter_map(|e| e.ok())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with(&name) && *n != name)
        .collect();
    out.sort();
    out
}

/// Every file under `dir`, relative, sorted.
pub fn tree(dir: &Path) -> Vec<PathBuf> {
    fn walk(root: &Path, d: &Path, out: &mut Vec<PathBuf>) {
        if let Ok(rd) = std::fs::read_dir(d) {
            for e in rd.flatten() {
                let p = e.path();
                let ft = e.file_type().unwrap();
                if ft.is_dir() {
                    walk(root, &p, out);
                }
                out.push(p.strip_prefix(root).unwrap().to_path_buf());
            }
        }
    }
    let mut out = Vec::new();
    walk(dir, dir, &mut out);
    out.sort();
    out
}
