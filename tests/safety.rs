//! Never lose a user's files: what `build` may replace, a failed swap, bounded and escaped
//! diagnostics, symlinks that leave the site, and what interrupted runs leave behind.
//! Each test drives the real binary on a fixture site copied to a temporary folder.

mod common;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use assert_cmd::Command;
use predicates::prelude::*;

fn site() -> tempfile::TempDir {
    common::fixture_site("basic")
}

fn glossa(root: &Path) -> Command {
    let mut cmd = common::glossa();
    cmd.arg("--root").arg(root);
    cmd
}

/// Every file, link and folder under `dir`, with the bytes of files (links: their target).
fn snapshot(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    let mut out = BTreeMap::new();
    for item in walkdir::WalkDir::new(dir).min_depth(1) {
        let item = item.unwrap();
        let rel = item.path().strip_prefix(dir).unwrap().display().to_string();
        let bytes = if item.path_is_symlink() {
            std::fs::read_link(item.path())
                .unwrap()
                .display()
                .to_string()
                .into_bytes()
        } else if item.file_type().is_dir() {
            b"<dir>".to_vec()
        } else {
            std::fs::read(item.path()).unwrap()
        };
        out.insert(rel, bytes);
    }
    out
}

fn names_with(dir: &Path, part: &str) -> Vec<String> {
    std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.contains(part))
        .collect()
}

#[test]
fn build_never_replaces_a_folder_holding_files_it_did_not_write() {
    let tmp = site();
    let out = tmp.path().join("mine");
    std::fs::create_dir_all(out.join("photos")).unwrap();
    std::fs::write(out.join("index.html"), "<p>my page</p>").unwrap();
    std::fs::write(out.join("thesis.txt"), "years of work").unwrap();
    std::fs::write(out.join("photos/cat.jpg"), "meow").unwrap();
    let before = snapshot(&out);
    glossa(tmp.path())
        .args(["build", "-o"])
        .arg(&out)
        .assert()
        .code(1)
        .stderr(predicate::str::contains("refusing to replace"))
        .stderr(predicate::str::contains("mine"))
        .stderr(predicate::str::contains("photos/cat.jpg, thesis.txt"));
    assert_eq!(snapshot(&out), before);
    assert!(names_with(tmp.path(), "staging").is_empty());

    // A build's own output is replaced, until someone puts a file of theirs into it.
    let public = tmp.path().join("public");
    glossa(tmp.path()).arg("build").assert().success();
    assert!(public.join(".glossa-output").is_file());
    std::fs::write(
        tmp.path().join("content/terms/extra.md"),
        "+++\ntitle = \"Extra\"\ndescription = \"One more.\"\n+++\nMore.\n",
    )
    .unwrap();
    glossa(tmp.path()).arg("build").assert().success();
    assert!(public.join("term/extra/index.html").is_file());
    std::fs::write(public.join("notes.txt"), "mine").unwrap();
    std::fs::remove_file(tmp.path().join("content/terms/extra.md")).unwrap();
    let before = snapshot(&public);
    glossa(tmp.path())
        .arg("build")
        .assert()
        .code(1)
        .stderr(predicate::str::contains("notes.txt"));
    assert_eq!(snapshot(&public), before);
}

#[test]
fn build_never_writes_over_the_site_or_its_sources() {
    let tmp = site();
    let root = tmp.path().join("site");
    std::fs::create_dir(&root).unwrap();
    for name in ["content", "glossa.toml", "static"] {
        std::fs::rename(tmp.path().join(name), root.join(name)).unwrap();
    }
    // An index.html where a build would look for one (the old guard's only test).
    std::fs::write(root.join("index.html"), "<p>home</p>").unwrap();
    std::fs::write(tmp.path().join("index.html"), "<p>home</p>").unwrap();
    let before = snapshot(tmp.path());
    let cases: [(PathBuf, &str); 5] = [
        (tmp.path().to_path_buf(), "holds the site"),
        (root.clone(), "the site's own folder"),
        (PathBuf::from("."), "the site's own folder"),
        (root.join("content/out"), "inside the site's `content/`"),
        (root.join(".glossa"), "inside the site's `.glossa/`"),
    ];
    for (out, why) in cases {
        glossa(&root)
            .current_dir(&root)
            .args(["build", "-o"])
            .arg(&out)
            .assert()
            .code(1)
            .stderr(predicate::str::contains(why));
        assert_eq!(snapshot(tmp.path()), before, "-o {}", out.display());
    }
}

/// Runs `glossa` as an unprivileged user when the tests run as root, so that folder
/// permissions apply. The binary is copied to `bin_dir` first: the build's own folder may
/// lie where that user cannot reach (under `/root`).
#[cfg(unix)]
fn unprivileged(root: &Path, bin_dir: &Path) -> std::process::Command {
    use std::os::unix::fs::PermissionsExt;
    let built = assert_cmd::cargo::cargo_bin("glossa");
    let bin = bin_dir.join("glossa");
    if !bin.exists() {
        std::fs::copy(&built, &bin).unwrap();
        std::fs::set_permissions(&bin, std::fs::Permissions::from_mode(0o755)).unwrap();
    }
    let mut cmd = if is_root() {
        let mut c = std::process::Command::new("setpriv");
        c.args(["--reuid=65534", "--regid=65534", "--clear-groups"])
            .arg(&bin);
        c
    } else {
        std::process::Command::new(&bin)
    };
    cmd.arg("--root").arg(root);
    cmd
}

#[cfg(unix)]
fn is_root() -> bool {
    std::process::Command::new("id")
        .arg("-u")
        .output()
        .is_ok_and(|o| o.stdout.starts_with(b"0\n"))
}

#[cfg(unix)]
#[test]
fn a_build_that_cannot_remove_the_old_output_leaves_it_as_it_was() {
    use std::os::unix::fs::PermissionsExt;
    let tmp = site();
    let root = tmp.path();
    let bins = tempfile::tempdir().unwrap();
    std::fs::set_permissions(bins.path(), std::fs::Permissions::from_mode(0o755)).unwrap();
    // Everything writable by the unprivileged user.
    std::fs::set_permissions(root, std::fs::Permissions::from_mode(0o777)).unwrap();
    for item in walkdir::WalkDir::new(root) {
        let item = item.unwrap();
        let mode = if item.file_type().is_dir() {
            0o777
        } else {
            0o666
        };
        std::fs::set_permissions(item.path(), std::fs::Permissions::from_mode(mode)).unwrap();
    }
    let first = unprivileged(root, bins.path())
        .arg("build")
        .output()
        .unwrap();
    assert!(
        first.status.success(),
        "{}",
        String::from_utf8_lossy(&first.stderr)
    );
    let public = root.join("public");
    let term = public.join("term");
    std::fs::set_permissions(&term, std::fs::Permissions::from_mode(0o555)).unwrap();
    let before = snapshot(&public);
    std::fs::write(
        root.join("content/terms/liquidation.md"),
        "+++\ntitle = \"Liquidation\"\ndescription = \"Changed.\"\n+++\nChanged.\n",
    )
    .unwrap();
    let second = unprivileged(root, bins.path())
        .arg("build")
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&second.stderr);
    std::fs::set_permissions(&term, std::fs::Permissions::from_mode(0o777)).unwrap();
    assert_eq!(second.status.code(), Some(1), "{stderr}");
    assert!(stderr.contains("read-only"), "{stderr}");
    assert!(stderr.contains("term"), "{stderr}");
    assert_eq!(snapshot(&public), before, "public/ as it was");
    assert!(
        names_with(root, "staging").is_empty(),
        "no staging folder left"
    );
}

#[test]
fn diagnostics_stay_small_on_huge_lines_and_many_problems() {
    let tmp = site();
    let slugs: Vec<String> = (0..10_000).map(|i| format!("\"missing-{i}\"")).collect();
    std::fs::write(
        tmp.path().join("content/terms/many.md"),
        format!(
            "+++\ntitle = \"Many\"\ndescription = \"Many links.\"\nrelated = [{}]\n+++\nBody.\n",
            slugs.join(", ")
        ),
    )
    .unwrap();
    // A 200 KB line with a front matter error at its end.
    std::fs::write(
        tmp.path().join("content/terms/deep.md"),
        format!(
            "+++\ntitle = \"Deep\"\ndescription = \"{}\" oops\n+++\n",
            "x".repeat(200_000)
        ),
    )
    .unwrap();
    let out = glossa(tmp.path()).arg("check").output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.len() < 60_000,
        "{} bytes of diagnostics",
        stderr.len()
    );
    let longest = stderr.lines().map(|l| l.chars().count()).max().unwrap();
    assert!(longest < 250, "a line of {longest} characters");
    assert!(
        stderr.contains("… and 9,980 more `broken-link` warnings in content/terms/many.md"),
        "{stderr}"
    );
    assert!(stderr.contains("content/terms/deep.md:3:"), "{stderr}");
    // JSON keeps every problem.
    let json = glossa(tmp.path())
        .args(["check", "--format", "json"])
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&json.stdout);
    assert!(text.matches("missing-").count() >= 10_000);
}

#[test]
fn control_characters_from_content_never_reach_the_terminal() {
    let tmp = site();
    std::fs::write(
        tmp.path().join("content/terms/evil.md"),
        "+++\ntitle = \"Evil\"\ndescription = \"Bad.\"\nrelated = [\"\u{1b}]0;pwned\u{7}\", \"a\u{202e}b\"]\n+++\nBody.\n",
    )
    .unwrap();
    std::fs::write(
        tmp.path().join("content/terms/bad\u{1b}[31mname.md"),
        "+++\ntitle = 3\n+++\n",
    )
    .unwrap();
    for args in [&["check"][..], &["build"][..]] {
        let out = glossa(tmp.path()).args(args).output().unwrap();
        assert!(!out.status.success());
        let stderr = &out.stderr;
        assert!(
            !stderr.contains(&0x1b),
            "ESC reached the terminal: {}",
            String::from_utf8_lossy(stderr)
        );
        assert!(!stderr.contains(&0x07), "BEL reached the terminal");
        let text = String::from_utf8_lossy(stderr);
        assert!(!text.contains('\u{202e}'), "{text}");
        assert!(text.contains("\\u{1b}]0;pwned\\u{7}"), "{text}");
        assert!(text.contains("a\\u{202e}b"), "{text}");
    }
}

#[cfg(unix)]
#[test]
fn symlinks_out_of_the_site_are_refused_unless_allowed() {
    use std::os::unix::fs::symlink;
    let tmp = tempfile::tempdir().unwrap();
    let secret = tmp.path().join("secret.txt");
    std::fs::write(&secret, "root:x:0:0").unwrap();
    let cases: [(&str, &str); 3] = [
        ("static/passwd.txt", "passwd.txt"),
        ("templates/partials/leak.html", "leak.html"),
        ("content/_index.md", "_index.md"),
    ];
    for (link, name) in cases {
        let site = site();
        let root = site.path();
        std::fs::create_dir_all(root.join(link).parent().unwrap()).unwrap();
        let _ = std::fs::remove_file(root.join(link));
        symlink(&secret, root.join(link)).unwrap();
        // A link inside the site keeps working.
        symlink(
            root.join("content/terms/liquidation.md"),
            root.join("static/inside.txt"),
        )
        .unwrap();
        glossa(root)
            .arg("build")
            .assert()
            .code(1)
            .stderr(predicate::str::contains(name))
            .stderr(predicate::str::contains("outside the site"));
        assert!(!root.join("public").exists(), "{link}: nothing published");
        let config = std::fs::read_to_string(root.join("glossa.toml")).unwrap();
        std::fs::write(
            root.join("glossa.toml"),
            format!("allow_outside_links = true\n{config}"),
        )
        .unwrap();
        glossa(root).arg("build").assert().success();
        assert!(root.join("public/inside.txt").is_file());
    }
}

#[test]
fn leftovers_of_interrupted_runs_are_removed_by_the_next() {
    let tmp = site();
    let root = tmp.path();
    glossa(root).arg("build").assert().success();
    // What runs killed mid-way leave (a pid above the kernel's maximum is never running).
    let dead = [
        root.join(".public.staging-999999999-abc/term/x"),
        root.join(".glossa/.index.new-999999999-abc/tantivy"),
    ];
    for d in &dead {
        std::fs::create_dir_all(d).unwrap();
        std::fs::write(d.join("file"), "x").unwrap();
    }
    std::fs::write(root.join("content/terms/.import-999999999-abc"), "").unwrap();
    std::fs::write(root.join(".glossa/.glossa-tmp-999999999-abc"), "").unwrap();
    std::fs::write(
        root.join("content/terms/new.md"),
        "+++\ntitle = \"New\"\ndescription = \"Fresh.\"\n+++\nFresh.\n",
    )
    .unwrap();
    glossa(root).arg("build").assert().success();
    assert!(names_with(root, "staging").is_empty());
    assert!(names_with(&root.join(".glossa"), ".index.new-").is_empty());
    assert!(names_with(&root.join(".glossa"), ".glossa-tmp-").is_empty());
    // import cleans its own kind.
    let export = tempfile::tempdir().unwrap();
    glossa(root)
        .arg("import")
        .arg(export.path())
        .assert()
        .success();
    assert!(names_with(&root.join("content/terms"), ".import-").is_empty());
}

/// A hash of every path and byte under `dir` (folders and files).
fn tree_hash(dir: &Path) -> u64 {
    use std::hash::{Hash, Hasher};
    let mut h = std::collections::hash_map::DefaultHasher::new();
    for item in walkdir::WalkDir::new(dir).min_depth(1).sort_by_file_name() {
        let item = item.unwrap();
        item.path().strip_prefix(dir).unwrap().hash(&mut h);
        if item.file_type().is_file() {
            std::fs::read(item.path()).unwrap().hash(&mut h);
        }
    }
    h.finish()
}

/// kill -9 at random points of builds of a 2,000-entry site: `public/` is always a whole
/// build (the one before, or the new one), and the next build removes what the killed
/// ones left.
#[cfg(unix)]
#[test]
fn kill_nine_at_random_points_never_damages_the_output() {
    use std::time::{Duration, Instant};
    let tmp = tempfile::tempdir().unwrap();
    glossa_corpus::generate(&glossa_corpus::Options {
        n: 2_000,
        seed: 11,
        out: tmp.path().to_path_buf(),
        formats: glossa_corpus::Formats {
            native: true,
            hugo: false,
            export: false,
        },
    })
    .unwrap();
    let root = tmp.path().join("native");
    let public = root.join("public");
    let started = Instant::now();
    glossa(&root).args(["-q", "build"]).assert().success();
    let full = started.elapsed();
    let before = tree_hash(&public);
    std::fs::write(
        root.join("content/terms/zz-kill-test.md"),
        "+++\ntitle = \"Kill Test\"\ndescription = \"Written between builds.\"\n+++\nA new entry.\n",
    )
    .unwrap();
    let bin = assert_cmd::cargo::cargo_bin("glossa");
    // A fixed sequence of points spread over the build (a small LCG; seeded, so a failure
    // repeats).
    let mut state: u64 = 0x9e37_79b9_7f4a_7c15;
    let mut seen = Vec::new();
    for _ in 0..8 {
        state = state
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        let fraction = (state >> 33) as f64 / (1u64 << 31) as f64;
        let wait = full.mul_f64(fraction * 1.1);
        let mut child = std::process::Command::new(&bin)
            .arg("--root")
            .arg(&root)
            .args(["-q", "build"])
            .stderr(std::process::Stdio::null())
            .spawn()
            .unwrap();
        std::thread::sleep(wait.max(Duration::from_millis(5)));
        let _ = child.kill(); // SIGKILL
        let _ = child.wait();
        seen.push(tree_hash(&public));
    }
    glossa(&root).args(["-q", "build"]).assert().success();
    let after = tree_hash(&public);
    assert_ne!(before, after);
    for (i, hash) in seen.iter().enumerate() {
        assert!(
            *hash == before || *hash == after,
            "after kill {i}, public/ was neither the old build nor the new one"
        );
    }
    assert!(names_with(&root, "staging").is_empty(), "staging leftovers");
    assert!(names_with(&root.join(".glossa"), ".index.new-").is_empty());
    assert!(names_with(&root.join(".glossa"), ".glossa-tmp-").is_empty());
}
