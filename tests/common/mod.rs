//! Shared helpers for integration tests that drive the real `glossa` binary
//! and the external validators pinned in `tests/js/package.json`.
//!
//! Missing tools are a hard failure, never a skip: a validation suite that
//! silently skips is worse than none.

#![allow(dead_code)] // each test binary uses a different subset
#![allow(unreachable_pub)] // shared by the test binaries, which are crates of their own

use std::ffi::OsStr;
use std::path::{Path, PathBuf};
use std::process::{Command as StdCommand, Output};
use std::time::{Duration, Instant, SystemTime};

/// The repository root, which is also the example site (`glossa.toml` + `content/`).
pub fn repo_root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// `tests/js`, the npm project holding the pinned validators.
pub fn js_dir() -> PathBuf {
    repo_root().join("tests").join("js")
}

/// A command for the real `glossa` binary built by cargo for this test run.
pub fn glossa() -> assert_cmd::Command {
    assert_cmd::Command::cargo_bin("glossa").expect("the `glossa` binary target must be built")
}

/// Runs `glossa` with `args` and panics (showing stdout/stderr) unless it succeeds.
pub fn run_glossa<I, S>(args: I) -> Output
where
    I: IntoIterator<Item = S>,
    S: AsRef<OsStr>,
{
    let args: Vec<_> = args.into_iter().map(|a| a.as_ref().to_owned()).collect();
    let output = glossa()
        .args(&args)
        .output()
        .expect("failed to spawn the glossa binary");
    if !output.status.success() {
        panic!(
            "`glossa {}` failed with {}\n--- stdout ---\n{}\n--- stderr ---\n{}",
            args.iter()
                .map(|a| a.to_string_lossy())
                .collect::<Vec<_>>()
                .join(" "),
            output.status,
            String::from_utf8_lossy(&output.stdout),
            String::from_utf8_lossy(&output.stderr),
        );
    }
    output
}

/// Searches `PATH` for an executable called `name`.
pub fn find_on_path(name: &str) -> Option<PathBuf> {
    let path = std::env::var_os("PATH")?;
    std::env::split_paths(&path).find_map(|dir| {
        let candidates = if cfg!(windows) {
            vec![
                dir.join(format!("{name}.exe")),
                dir.join(format!("{name}.cmd")),
                dir.join(name),
            ]
        } else {
            vec![dir.join(name)]
        };
        candidates.into_iter().find(|p| is_executable(p))
    })
}

#[cfg(unix)]
fn is_executable(p: &Path) -> bool {
    use std::os::unix::fs::PermissionsExt;
    p.metadata()
        .map(|m| m.is_file() && m.permissions().mode() & 0o111 != 0)
        .unwrap_or(false)
}

#[cfg(not(unix))]
fn is_executable(p: &Path) -> bool {
    p.is_file()
}

/// Panics with installation instructions unless `name` is on `PATH`.
pub fn require_tool(name: &str, how_to_install: &str) -> PathBuf {
    find_on_path(name).unwrap_or_else(|| {
        panic!(
            "required tool `{name}` was not found on PATH.\n\
             The validation tests never skip; install it first:\n    {how_to_install}\n\
             (see `.ci/run` for the CI setup.)"
        )
    })
}

pub fn require_node() -> PathBuf {
    require_tool(
        "node",
        "Node.js >= 18: `apt-get install nodejs npm` (Debian/Ubuntu), `brew install node`, or https://nodejs.org/",
    )
}

pub fn require_java() -> PathBuf {
    require_tool(
        "java",
        "a Java runtime >= 11 for the Nu HTML Checker: `apt-get install default-jre-headless` (Debian/Ubuntu), \
         `brew install openjdk`, or https://adoptium.net/",
    )
}

/// Makes sure `tests/js/node_modules` is installed from the committed
/// `package-lock.json` (running `npm ci` if needed) and returns `tests/js`.
///
/// Concurrent test processes are serialized by an atomically created lock
/// directory, so only one of them runs `npm ci`.
pub fn ensure_node_tools() -> PathBuf {
    require_node();
    let npm = require_tool(
        "npm",
        "npm (ships with Node.js): `apt-get install npm` (Debian/Ubuntu) or https://nodejs.org/",
    );
    require_java();

    let js = js_dir();
    let _lock =
        DirLock::acquire(&Path::new(env!("CARGO_TARGET_TMPDIR")).join("glossa-npm-ci.lock"));
    if node_modules_stale(&js) {
        eprintln!(
            "tests/js/node_modules is missing or stale: running `npm ci` in {}",
            js.display()
        );
        let output = StdCommand::new(&npm)
            .args(["ci", "--ignore-scripts", "--no-audit", "--no-fund"])
            .current_dir(&js)
            .output()
            .unwrap_or_else(|e| panic!("failed to run `npm ci` in {}: {e}", js.display()));
        if !output.status.success() {
            panic!(
                "`npm ci` in {} failed with {}\n--- stdout ---\n{}\n--- stderr ---\n{}",
                js.display(),
                output.status,
                String::from_utf8_lossy(&output.stdout),
                String::from_utf8_lossy(&output.stderr),
            );
        }
        assert!(
            !node_modules_stale(&js),
            "`npm ci` did not produce a usable tests/js/node_modules"
        );
    }
    js
}

/// True if `npm ci` must (re)run: no installed tree, a tree older than the
/// committed lockfile, or a required file missing.
fn node_modules_stale(js: &Path) -> bool {
    let installed = js.join("node_modules").join(".package-lock.json");
    let mtime = |p: &Path| p.metadata().and_then(|m| m.modified()).ok();
    let (Some(installed_at), Some(locked_at)) =
        (mtime(&installed), mtime(&js.join("package-lock.json")))
    else {
        return true;
    };
    installed_at < locked_at
        || !vnu_jar_in(js).is_file()
        || !js.join("node_modules/typescript/bin/tsc").is_file()
        || !js.join("node_modules/schema-dts/package.json").is_file()
        || !js.join("node_modules/axe-core/axe.min.js").is_file()
}

fn vnu_jar_in(js: &Path) -> PathBuf {
    js.join("node_modules/vnu-jar/build/dist/vnu.jar")
}

/// Path of the pinned Nu HTML Checker jar (after [`ensure_node_tools`]).
pub fn vnu_jar() -> PathBuf {
    vnu_jar_in(&ensure_node_tools())
}

/// Runs `node tests/js/check-jsonld.mjs <args>` and returns its output.
pub fn run_jsonld_checker<I, S>(args: I) -> Output
where
    I: IntoIterator<Item = S>,
    S: AsRef<OsStr>,
{
    let js = ensure_node_tools();
    StdCommand::new(require_node())
        .arg(js.join("check-jsonld.mjs"))
        .args(args)
        .output()
        .expect("failed to run node tests/js/check-jsonld.mjs")
}

/// Mutual exclusion between processes: whoever creates the directory holds
/// the lock; it is removed on drop (also when unwinding from a panic).
/// A lock older than [`DirLock::STALE`] is assumed to be left over from a
/// killed process and is broken.
pub struct DirLock {
    path: PathBuf,
}

impl DirLock {
    const STALE: Duration = Duration::from_secs(15 * 60);
    const TIMEOUT: Duration = Duration::from_secs(20 * 60);

    pub fn acquire(path: &Path) -> DirLock {
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).expect("cannot create the lock's parent directory");
        }
        let start = Instant::now();
        loop {
            match std::fs::create_dir(path) {
                Ok(()) => {
                    let _ = std::fs::write(path.join("pid"), std::process::id().to_string());
                    return DirLock {
                        path: path.to_owned(),
                    };
                }
                Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {
                    let age = path
                        .metadata()
                        .and_then(|m| m.modified())
                        .ok()
                        .and_then(|t| SystemTime::now().duration_since(t).ok());
                    if age.is_some_and(|a| a > Self::STALE) {
                        eprintln!("breaking stale lock {}", path.display());
                        let _ = std::fs::remove_dir_all(path);
                        continue;
                    }
                    if start.elapsed() > Self::TIMEOUT {
                        panic!(
                            "timed out waiting for lock {} (remove it if no test is running)",
                            path.display()
                        );
                    }
                    std::thread::sleep(Duration::from_millis(200));
                }
                Err(e) => panic!("cannot create lock directory {}: {e}", path.display()),
            }
        }
    }
}

impl Drop for DirLock {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.path);
    }
}

/// All files below `dir` whose extension is one of `exts`, sorted.
pub fn files_with_ext(dir: &Path, exts: &[&str]) -> Vec<PathBuf> {
    let mut out: Vec<PathBuf> = walkdir::WalkDir::new(dir)
        .into_iter()
        .map(|e| e.unwrap_or_else(|err| panic!("cannot walk {}: {err}", dir.display())))
        .filter(|e| e.file_type().is_file())
        .filter(|e| {
            e.path()
                .extension()
                .and_then(OsStr::to_str)
                .is_some_and(|x| exts.iter().any(|want| x.eq_ignore_ascii_case(want)))
        })
        .map(|e| e.into_path())
        .collect();
    out.sort();
    out
}

/// Every file under `dir` (walked in name order, unreadable entries failing the test),
/// with its path relative to `dir`.
pub fn files_under(dir: &Path) -> Vec<(String, walkdir::DirEntry)> {
    walkdir::WalkDir::new(dir)
        .sort_by_file_name()
        .into_iter()
        .map(|e| e.unwrap_or_else(|e| panic!("walking {}: {e}", dir.display())))
        .filter(|e| e.file_type().is_file())
        .map(|e| {
            let rel = e
                .path()
                .strip_prefix(dir)
                .unwrap()
                .to_string_lossy()
                .into_owned();
            (rel, e)
        })
        .collect()
}

/// A copy of the fixture site `tests/fixtures/<name>` in a fresh temporary folder.
pub fn fixture_site(name: &str) -> tempfile::TempDir {
    let from = repo_root().join("tests/fixtures").join(name);
    let tmp = tempfile::tempdir().unwrap();
    for item in walkdir::WalkDir::new(&from) {
        let item = item.unwrap();
        let target = tmp.path().join(item.path().strip_prefix(&from).unwrap());
        if item.file_type().is_dir() {
            std::fs::create_dir_all(&target).unwrap();
        } else {
            std::fs::copy(item.path(), &target).unwrap();
        }
    }
    tmp
}

/// Line and column (1-based, in characters) of the first `needle` in `text`.
pub fn line_col(text: &str, needle: &str) -> (u64, u64) {
    let at = text
        .find(needle)
        .unwrap_or_else(|| panic!("{needle} not in text"));
    let before = &text[..at];
    let line = before.matches('\n').count() + 1;
    let column = before[before.rfind('\n').map_or(0, |i| i + 1)..]
        .chars()
        .count()
        + 1;
    (line as u64, column as u64)
}

/// A site holding only `glossa.toml` (with `config`) in a temporary folder.
pub fn site_with_config(config: &str) -> tempfile::TempDir {
    let tmp = tempfile::tempdir().unwrap();
    std::fs::write(tmp.path().join("glossa.toml"), config).unwrap();
    tmp
}

/// `glossa --root <site> import <args>`, run from the repository root (so the report's
/// paths are relative): whether it succeeded, its stdout and its stderr.
pub fn run_import(site: &Path, args: &[&str]) -> (bool, String, String) {
    let out = glossa()
        .current_dir(repo_root())
        .arg("--root")
        .arg(site)
        .arg("import")
        .args(args)
        .output()
        .unwrap();
    (
        out.status.success(),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

/// [`run_import`], asserting success; its stdout.
pub fn import_ok(site: &Path, args: &[&str]) -> String {
    let (ok, stdout, stderr) = run_import(site, args);
    assert!(ok, "import failed:\n{stdout}\n{stderr}");
    stdout
}

/// Runs the browser script `tests/js/<script>` on `spec` (written to `dir/spec.json`) and
/// returns the JSON report it prints; a script that fails or prints no report fails the
/// test with its stderr.
pub fn node_report(script: &str, dir: &Path, spec: &serde_json::Value) -> serde_json::Value {
    let spec_path = dir.join("spec.json");
    std::fs::write(&spec_path, spec.to_string()).unwrap();
    let out = StdCommand::new(require_node())
        .arg(js_dir().join(script))
        .arg(&spec_path)
        .output()
        .unwrap_or_else(|e| panic!("failed to run node tests/js/{script}: {e}"));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "tests/js/{script} failed:\n{stderr}");
    serde_json::from_slice(&out.stdout)
        .unwrap_or_else(|e| panic!("no report from tests/js/{script} ({e}); stderr:\n{stderr}"))
}
