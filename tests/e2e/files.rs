//! How `login` and `merge -o` write files: through symbolic links, never over a file the user
//! may not write, nothing lost with 20 concurrent writers, and no credentials left in temp
//! files when a writer is interrupted or killed.

use std::os::unix::fs::{FileTypeExt, PermissionsExt};
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::Duration;

use pullsecret_tests::{Scratch, login_argv, run};
use serde_json::Value;

use crate::BIN;
use crate::generated::Rng;

fn login(file: &str, registry: &str) -> Command {
    let mut command = Command::new(BIN);
    command
        .args(login_argv(registry, file))
        .stdout(Stdio::null())
        .stderr(Stdio::null());
    command
}

fn entries(file: &Path) -> usize {
    let written: Value = serde_json::from_slice(&std::fs::read(file).unwrap())
        .unwrap_or_else(|e| panic!("{}: not JSON: {e}", file.display()));
    written["auths"].as_object().unwrap().len()
}

/// The names in a directory other than `keep`.
fn others(dir: &Path, keep: &str) -> Vec<String> {
    std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n != keep)
        .collect()
}

#[test]
fn concurrent_logins_lose_no_entry() {
    for round in 0..10 {
        let scratch = Scratch::new("concurrent");
        let file = scratch.file("ps.json", b"{\"auths\":{}}\n");
        let children: Vec<_> = (0..20)
            .map(|i| login(&file, &format!("r{i}.example.com")).spawn().unwrap())
            .collect();
        for mut child in children {
            assert!(child.wait().unwrap().success());
        }
        assert_eq!(entries(Path::new(&file)), 20, "round {round}");
        assert!(others(scratch.path(), "ps.json").is_empty());
    }
}

#[test]
fn login_writes_through_a_symbolic_link_to_its_target() {
    let scratch = Scratch::new("symlink");
    let target = scratch.file("target.json", b"{\"auths\":{}}\n");
    let link = scratch.path().join("link.json");
    std::os::unix::fs::symlink("target.json", &link).unwrap();
    let r = run(BIN, &login_argv("b.io", &link.display().to_string()), None);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(
        std::fs::symlink_metadata(&link)
            .unwrap()
            .file_type()
            .is_symlink()
    );
    assert_eq!(
        std::fs::read_to_string(&target).unwrap(),
        "{\"auths\":{\"b.io\":{\"auth\":\"dTpw\"}}}\n"
    );
    let mode = std::fs::metadata(&target).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode, 0o600);
    assert!(others(scratch.path(), "target.json") == ["link.json"]);
}

/// As root every file is writable; the refusal is tested as the user `nobody` (65534), as CI
/// runs as root. Elsewhere the current user's own read-only file is refused.
#[test]
fn login_refuses_a_file_the_user_may_not_write() {
    let root = Command::new("id").arg("-u").output().unwrap().stdout == b"0\n";
    let scratch = Scratch::new("read-only");
    let dir = scratch.path().join("shared");
    std::fs::create_dir(&dir).unwrap();
    std::fs::set_permissions(&dir, std::fs::Permissions::from_mode(0o777)).unwrap();
    std::fs::set_permissions(scratch.path(), std::fs::Permissions::from_mode(0o755)).unwrap();
    let file = dir.join("f.json");
    std::fs::write(&file, b"{\"auths\":{}}\n").unwrap();
    std::fs::set_permissions(&file, std::fs::Permissions::from_mode(0o444)).unwrap();
    let path = file.display().to_string();
    let login = login_argv("b.io", &path);
    let output = if root {
        Command::new("setpriv")
            .args([
                "--reuid",
                "65534",
                "--regid",
                "65534",
                "--clear-groups",
                BIN,
            ])
            .args(login)
            .output()
            .expect("setpriv (util-linux) runs: the permission test needs it as root")
    } else {
        Command::new(BIN).args(login).output().unwrap()
    };
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(2), "{stderr}");
    assert!(stderr.contains("permission denied (mode 0444)"), "{stderr}");
    assert_eq!(std::fs::read(&file).unwrap(), b"{\"auths\":{}}\n");
    assert!(others(&dir, "f.json").is_empty());
}

/// A pull secret large enough that writing it takes a moment.
fn large_pull_secret() -> Vec<u8> {
    let entries: Vec<String> = (0..20_000)
        .map(|i| format!("\"r{i}.example.com\":{{\"auth\":\"dTpw\"}}"))
        .collect();
    format!("{{\"auths\":{{{}}}}}\n", entries.join(",")).into_bytes()
}

/// Kills writers with `signal`: every other one the moment its temp file appears (inside the
/// write), the others at a random moment of their run. Returns the scratch directory, the
/// file, the names left beside it after each kill (before the next writer, which would clean
/// up), and how many signals landed inside a write.
fn kill_writers(signal: &str, seed: u64) -> (Scratch, String, Vec<Vec<String>>, usize) {
    let scratch = Scratch::new("killed");
    let file = scratch.file("ps.json", &large_pull_secret());
    let started = std::time::Instant::now();
    assert!(
        login(&file, "first.example.com")
            .status()
            .unwrap()
            .success()
    );
    let run_time = started.elapsed();
    let mut rng = Rng(seed);
    let mut inside = 0;
    let mut left = Vec::new();
    for i in 0..8 {
        let mut child = login(&file, &format!("new{i}.example.com"))
            .spawn()
            .unwrap();
        let temp = scratch.path().join(format!(".ps.json.tmp-{}", child.id()));
        if i % 2 == 0 {
            while child.try_wait().unwrap().is_none() && !temp.exists() {
                std::hint::spin_loop();
            }
        } else {
            let micros = rng.next() % u64::try_from(run_time.as_micros()).unwrap_or(1).max(1);
            std::thread::sleep(Duration::from_micros(micros));
        }
        let writing = child.try_wait().unwrap().is_none() && temp.exists();
        // bash's own `kill`: no procps needed.
        Command::new("bash")
            .args(["-c", &format!("kill -{signal} {}", child.id())])
            .stderr(Stdio::null())
            .status()
            .unwrap();
        child.wait().unwrap();
        inside += usize::from(writing);
        left.push(others(scratch.path(), "ps.json"));
        // The file is the old one or the new one, whole.
        let count = entries(Path::new(&file));
        assert!((20_001..=20_002 + i).contains(&count), "{count}");
    }
    (scratch, file, left, inside)
}

#[test]
#[expect(
    clippy::print_stderr,
    reason = "how many signals landed inside a write"
)]
fn interrupted_writers_leave_the_old_or_the_new_file_and_nothing_else() {
    for (signal, seed) in [("TERM", 0x51), ("INT", 0x52), ("HUP", 0x53)] {
        let (_scratch, _, left, inside) = kill_writers(signal, seed);
        eprintln!("SIG{signal}: {inside} of 8 signals landed inside a write");
        assert!(
            inside > 0,
            "no SIG{signal} landed inside a write: the test tested nothing"
        );
        assert!(left.iter().all(Vec::is_empty), "SIG{signal} left {left:?}");
    }
}

#[test]
fn a_killed_writer_leaves_at_most_one_private_temp_file_which_the_next_write_removes() {
    let (scratch, file, left, inside) = kill_writers("KILL", 0x99);
    assert!(
        inside > 0,
        "no SIGKILL landed inside a write: the test tested nothing"
    );
    assert!(left.iter().all(|l| l.len() <= 1), "{left:?}");
    for name in left.last().unwrap() {
        assert!(name.starts_with(".ps.json.tmp-"), "{name}");
        let mode = std::fs::metadata(scratch.path().join(name))
            .unwrap()
            .permissions()
            .mode();
        assert_eq!(mode & 0o777, 0o600, "{name}");
    }
    assert!(
        login(&file, "after.example.com")
            .status()
            .unwrap()
            .success()
    );
    assert!(others(scratch.path(), "ps.json").is_empty());
}

/// `merge -o /dev/null` renamed a regular file over the device: afterwards every
/// `> /dev/null` of the machine wrote into a file that later reads returned. A device or FIFO
/// is written to in place now (tested with a FIFO, which is safe to break).
#[test]
fn a_fifo_or_device_is_written_to_not_replaced() {
    let scratch = Scratch::new("fifo");
    let fifo = scratch.path().join("out");
    assert!(
        Command::new("mkfifo")
            .arg(&fifo)
            .status()
            .unwrap()
            .success()
    );
    let reader = {
        let fifo = fifo.clone();
        std::thread::spawn(move || std::fs::read(fifo).unwrap())
    };
    let input = scratch.file("in.json", b"{\"auths\":{\"a.io\":{\"auth\":\"dTpw\"}}}");
    let out = fifo.display().to_string();
    let r = run(BIN, &["merge", &input, &input, "-o", &out], None);
    assert_eq!(r.code, 0, "{}", r.stderr);
    // Checked first: had the FIFO been replaced, the reader would wait for a writer forever.
    let kind = std::fs::symlink_metadata(&fifo).unwrap().file_type();
    assert!(kind.is_fifo());
    assert_eq!(
        reader.join().unwrap(),
        br#"{"auths":{"a.io":{"auth":"dTpw"}}}"#
    );
}
