//! Read: the paths the user names → the sorted list of files to import, and one file → its
//! bytes. Folders are walked recursively in sorted order; dot-files and non-regular files are
//! passed over; a file named twice is read once; files above the size limit are not read.

use std::collections::BTreeMap;
use std::fs;
use std::io::Read;
use std::path::{Component, Path, PathBuf};

use sha2::{Digest, Sha256};

use crate::error::{Error, Result};

/// A file to import: where it is on disk and the path recorded for it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InputFile {
    pub fs_path: PathBuf,
    /// As the user named it, relative to the working directory when under it, `/`-separated.
    pub display: String,
    pub size: u64,
}

/// Collects the files under `paths`, sorted by recorded path, each once.
/// A path that does not exist is a fatal error (nothing is imported).
pub fn collect(paths: &[PathBuf]) -> Result<Vec<InputFile>> {
    let cwd = std::env::current_dir().ok();
    let mut files: BTreeMap<String, InputFile> = BTreeMap::new();
    let mut seen_real: std::collections::HashSet<PathBuf> = Default::default();
    for path in paths {
        let meta = fs::metadata(path).map_err(|e| {
            if e.kind() == std::io::ErrorKind::NotFound {
                Error::MissingPath { path: path.clone() }
            } else {
                Error::io(path, e)
            }
        })?;
        let real = fs::canonicalize(path).unwrap_or_else(|_| path.clone());
        if meta.is_dir() {
            if seen_real.insert(real.clone()) {
                walk(path, &real, cwd.as_deref(), &mut files, &mut seen_real)?;
            }
        } else if meta.is_file() {
            let display = display_path(path, &real, cwd.as_deref());
            add(path, real, display, meta.len(), &mut files, &mut seen_real);
        }
    }
    Ok(files.into_values().collect())
}

/// Walks `dir`, whose real path (symlinks resolved) is `dir_real`.
fn walk(
    dir: &Path,
    dir_real: &Path,
    cwd: Option<&Path>,
    files: &mut BTreeMap<String, InputFile>,
    seen: &mut std::collections::HashSet<PathBuf>,
) -> Result<()> {
    let mut entries: Vec<_> = fs::read_dir(dir)
        .map_err(|e| Error::io(dir, e))?
        .filter_map(|e| e.ok())
        .collect();
    entries.sort_by_key(|e| e.file_name());
    let prefix = display_prefix(dir, dir_real, cwd);
    for entry in entries {
        if entry.file_name().to_string_lossy().starts_with('.') {
            continue;
        }
        let path = entry.path();
        // An entry that is no symlink lies in its directory's real path: resolving its own
        // would cost a system call per path component (a second per 100,000 files).
        let is_link = entry.file_type().map_or(true, |t| t.is_symlink());
        let real = if is_link {
            fs::canonicalize(&path).unwrap_or_else(|_| path.clone())
        } else {
            dir_real.join(entry.file_name())
        };
        // Follow symlinks, but never into a loop: each real directory is walked once. Any
        // other entry is looked up from its open directory, not along its whole path.
        let meta = if is_link {
            fs::metadata(&path)
        } else {
            entry.metadata()
        };
        let Ok(meta) = meta else {
            continue;
        };
        if meta.is_dir() {
            if seen.insert(real.clone()) {
                walk(&path, &real, cwd, files, seen)?;
            }
        } else if meta.is_file() {
            let display = if is_link {
                display_path(&path, &real, cwd)
            } else {
                format!("{prefix}{}", entry.file_name().to_string_lossy())
            };
            add(&path, real, display, meta.len(), files, seen);
        }
    }
    Ok(())
}

/// What [`display_path`] gives each file of the directory `dir` (real path `dir_real`) that is
/// no symlink, before the file's name: worked out once per directory, from a name no file can
/// have, instead of once per file.
fn display_prefix(dir: &Path, dir_real: &Path, cwd: Option<&Path>) -> String {
    const NO_FILE: &str = "\0";
    let probe = display_path(&dir.join(NO_FILE), &dir_real.join(NO_FILE), cwd);
    match probe.strip_suffix(NO_FILE) {
        Some(prefix) => prefix.to_string(),
        None => probe,
    }
}

/// Adds the file `path`, whose real path is `real`, recorded as `display`, unless it was seen
/// under another name.
fn add(
    path: &Path,
    real: PathBuf,
    display: String,
    size: u64,
    files: &mut BTreeMap<String, InputFile>,
    seen: &mut std::collections::HashSet<PathBuf>,
) {
    if !seen.insert(real) {
        return;
    }
    files.entry(display.clone()).or_insert(InputFile {
        fs_path: path.to_path_buf(),
        display,
        size,
    });
}

/// The recorded form of a path: relative to the working directory when under it, else as given,
/// lexically cleaned and `/`-separated.
pub fn display_path(given: &Path, real: &Path, cwd: Option<&Path>) -> String {
    let absolute = if given.is_absolute() {
        clean(given)
    } else if let Some(cwd) = cwd {
        clean(&cwd.join(given))
    } else {
        clean(given)
    };
    let chosen = match cwd.and_then(|c| absolute.strip_prefix(clean(c)).ok()) {
        Some(rel) => rel.to_path_buf(),
        None => match cwd.and_then(|c| real.strip_prefix(c).ok()) {
            Some(rel) if !given.is_absolute() => rel.to_path_buf(),
            _ => absolute,
        },
    };
    let parts: Vec<String> = chosen
        .components()
        .filter_map(|c| match c {
            Component::RootDir => Some(String::new()),
            Component::Normal(s) => Some(s.to_string_lossy().into_owned()),
            Component::Prefix(p) => Some(p.as_os_str().to_string_lossy().into_owned()),
            _ => None,
        })
        .collect();
    parts.join("/")
}

/// Removes `.` and resolves `..` lexically (no file system access).
fn clean(p: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for c in p.components() {
        match c {
            Component::CurDir => {}
            Component::ParentDir => {
                out.pop();
            }
            other => out.push(other.as_os_str()),
        }
    }
    out
}

/// The bytes of one file, and their SHA-256 in hex.
pub fn read_file(file: &InputFile) -> std::io::Result<(Vec<u8>, String)> {
    let mut f = fs::File::open(&file.fs_path)?;
    let mut bytes = Vec::with_capacity(file.size as usize + 1);
    f.read_to_end(&mut bytes)?;
    let hash = sha256_hex(&bytes);
    Ok((bytes, hash))
}

pub fn sha256_hex(bytes: &[u8]) -> String {
    let digest = Sha256::digest(bytes);
    let mut s = String::with_capacity(64);
    for b in digest {
        use std::fmt::Write;
        let _ = write!(s, "{b:02x}");
    }
    s
}

/// Parses a size such as `64MiB`, `10M`, `500k` or `1024`.
pub fn parse_size(s: &str) -> std::result::Result<u64, String> {
    let t = s.trim();
    let split = t
        .find(|c: char| !(c.is_ascii_digit() || c == '.'))
        .unwrap_or(t.len());
    let (num, unit) = t.split_at(split);
    let n: f64 = num
        .parse()
        .map_err(|_| format!("invalid size {s:?} (e.g. 64MiB, 500k, 1G)"))?;
    let mult: u64 = match unit.trim().to_ascii_lowercase().as_str() {
        "" | "b" => 1,
        "k" | "kb" | "kib" => 1 << 10,
        "m" | "mb" | "mib" => 1 << 20,
        "g" | "gb" | "gib" => 1 << 30,
        _ => return Err(format!("invalid size unit in {s:?} (use k, M or G)")),
    };
    Ok((n * mult as f64) as u64)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sizes() {
        assert_eq!(parse_size("64MiB").unwrap(), 64 << 20);
        assert_eq!(parse_size("10k").unwrap(), 10240);
        assert_eq!(parse_size("1024").unwrap(), 1024);
        assert!(parse_size("ten").is_err());
    }

    #[test]
    fn display_relative_to_cwd() {
        let cwd = Path::new("/w");
        assert_eq!(
            display_path(
                Path::new("seeds/a.txt"),
                Path::new("/w/seeds/a.txt"),
                Some(cwd)
            ),
            "seeds/a.txt"
        );
        assert_eq!(
            display_path(
                Path::new("./seeds//a.txt"),
                Path::new("/w/seeds/a.txt"),
                Some(cwd)
            ),
            "seeds/a.txt"
        );
        assert_eq!(
            display_path(
                Path::new("/w/seeds/a.txt"),
                Path::new("/w/seeds/a.txt"),
                Some(cwd)
            ),
            "seeds/a.txt"
        );
        assert_eq!(
            display_path(Path::new("/x/a.txt"), Path::new("/x/a.txt"), Some(cwd)),
            "/x/a.txt"
        );
    }

    proptest::proptest! {
        /// A directory's prefix then a file's name is what the file's whole path would give,
        /// whatever the directory (relative, absolute, with `.` and `..`) and the working
        /// directory (above it, inside it, elsewhere, or unknown).
        #[test]
        fn prefix_then_name_is_the_display_path(
            dir in proptest::collection::vec(
                proptest::sample::select(vec!["a", "b", "..", ".", ""]), 0..5),
            absolute in proptest::bool::ANY,
            real in proptest::collection::vec(proptest::sample::select(vec!["a", "b", "w"]), 0..4),
            cwd in proptest::option::of(
                proptest::collection::vec(proptest::sample::select(vec!["a", "b", "w"]), 0..3)),
            name in "[a-z][a-z.]{0,5}",
        ) {
            let dir = PathBuf::from(if absolute { "/" } else { "" }).join(dir.join("/"));
            let real = PathBuf::from("/").join(real.join("/"));
            let cwd = cwd.map(|c| PathBuf::from("/").join(c.join("/")));
            // A file is never the working directory, under either of its paths.
            if let Some(c) = &cwd {
                proptest::prop_assume!(clean(&c.join(dir.join(&name))) != clean(c));
                proptest::prop_assume!(real.join(&name) != *c);
            }
            let prefix = display_prefix(&dir, &real, cwd.as_deref());
            let whole = display_path(&dir.join(&name), &real.join(&name), cwd.as_deref());
            proptest::prop_assert_eq!(format!("{prefix}{name}"), whole);
        }
    }

    #[test]
    fn walk_sorted_skips_dotfiles_and_dedups() {
        let dir = tempfile::tempdir().unwrap();
        fs::write(dir.path().join("b.txt"), "b").unwrap();
        fs::write(dir.path().join("a.txt"), "a").unwrap();
        fs::write(dir.path().join(".hidden"), "h").unwrap();
        fs::create_dir(dir.path().join("sub")).unwrap();
        fs::write(dir.path().join("sub/c.txt"), "c").unwrap();
        let files = collect(&[dir.path().to_path_buf(), dir.path().join("a.txt")]).unwrap();
        let names: Vec<_> = files
            .iter()
            .map(|f| {
                f.fs_path
                    .file_name()
                    .unwrap()
                    .to_string_lossy()
                    .into_owned()
            })
            .collect();
        assert_eq!(names, ["a.txt", "b.txt", "c.txt"]);
    }

    /// Symlinked files and folders are read once, under their first name in walking order,
    /// and a link back
    /// up the tree is no loop.
    #[cfg(unix)]
    #[test]
    fn walk_follows_symlinks_once() {
        use std::os::unix::fs::symlink;
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().join("corpus");
        fs::create_dir_all(root.join("real")).unwrap();
        fs::write(root.join("real/a.txt"), "a").unwrap();
        fs::write(root.join("b.txt"), "b").unwrap();
        symlink(root.join("b.txt"), root.join("c_link.txt")).unwrap();
        symlink(root.join("real"), root.join("d_linked_dir")).unwrap();
        symlink(&root, root.join("real/loop")).unwrap();
        let outside = dir.path().join("outside");
        fs::create_dir(&outside).unwrap();
        fs::write(outside.join("e.txt"), "e").unwrap();
        symlink(&outside, root.join("f_outside")).unwrap();

        let files = collect(std::slice::from_ref(&root)).unwrap();
        let names: Vec<String> = files
            .iter()
            .map(|f| {
                f.fs_path
                    .strip_prefix(&root)
                    .unwrap()
                    .to_string_lossy()
                    .into_owned()
            })
            .collect();
        assert_eq!(names, ["b.txt", "d_linked_dir/a.txt", "f_outside/e.txt"]);
    }
}
