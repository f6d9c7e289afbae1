//! Support for the end-to-end tests in `tests/e2e/`: running the built CLI, scratch
//! directories, the copied conformance vectors, and reading a component's imports.

pub mod conformance;
pub mod dump;
pub mod kubewarden;

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::atomic::{AtomicUsize, Ordering};

/// Fails the test that asks when kubectl cannot be run: a comparison with the real kubectl
/// never passes by skipping it (`.ci/run` installs kubectl; elsewhere `apt-get install kubectl`).
pub fn require_kubectl() {
    let found = Command::new("kubectl")
        .args(["version", "--client"])
        .env("KUBECONFIG", "/nonexistent/kubeconfig")
        .output()
        .is_ok_and(|o| o.status.success());
    assert!(
        found,
        "kubectl is not installed: this test compares with the real kubectl and cannot pass \
         without it (apt-get install kubectl)"
    );
}

/// `login --registry REGISTRY --auth-basic u:p --to FILE`, the edit most file tests make.
pub fn login_argv<'a>(registry: &'a str, file: &'a str) -> [&'a str; 7] {
    [
        "login",
        "--registry",
        registry,
        "--auth-basic",
        "u:p",
        "--to",
        file,
    ]
}

/// What one CLI run produced.
#[derive(Debug)]
pub struct Run {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
}

impl Run {
    pub fn json(&self) -> serde_json::Value {
        serde_json::from_str(&self.stdout).unwrap_or_else(|e| {
            panic!(
                "stdout is not JSON ({e}): {}\nstderr: {}",
                self.stdout, self.stderr
            )
        })
    }
}

/// Runs `bin` with `args`, feeding `stdin` if given.
pub fn run(bin: &str, args: &[&str], stdin: Option<&[u8]>) -> Run {
    run_in(Path::new("."), bin, args, stdin)
}

/// Like `run`, in the working directory `dir`.
pub fn run_in(dir: &Path, bin: &str, args: &[&str], stdin: Option<&[u8]>) -> Run {
    let mut command = Command::new(bin);
    command.current_dir(dir).args(args);
    run_command(command, stdin)
}

/// Runs the real kubectl offline: no kubeconfig, so nothing can reach a cluster.
pub fn kubectl(args: &[&str], stdin: Option<&[u8]>) -> Run {
    let mut command = Command::new("kubectl");
    command
        .args(args)
        .env("KUBECONFIG", "/nonexistent/kubeconfig");
    run_command(command, stdin)
}

fn run_command(mut command: Command, stdin: Option<&[u8]>) -> Run {
    let mut child = command
        .stdin(if stdin.is_some() {
            Stdio::piped()
        } else {
            Stdio::null()
        })
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap_or_else(|e| panic!("cannot start {command:?}: {e}"));
    if let Some(input) = stdin {
        child
            .stdin
            .take()
            .expect("piped stdin")
            .write_all(input)
            .expect("writing stdin");
    }
    let output = child.wait_with_output().expect("waiting for the command");
    Run {
        code: output.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&output.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
    }
}

/// A directory under the system temp dir, removed when dropped.
#[derive(Debug)]
pub struct Scratch {
    dir: PathBuf,
}

impl Scratch {
    pub fn new(name: &str) -> Self {
        static COUNTER: AtomicUsize = AtomicUsize::new(0);
        let n = COUNTER.fetch_add(1, Ordering::Relaxed);
        let dir =
            std::env::temp_dir().join(format!("pullsecret-test-{}-{name}-{n}", std::process::id()));
        std::fs::create_dir_all(&dir).expect("creating scratch dir");
        Scratch { dir }
    }

    /// Writes `bytes` to `name` inside the scratch dir and returns its path as a string.
    pub fn file(&self, name: &str, bytes: &[u8]) -> String {
        let path = self.dir.join(name);
        std::fs::write(&path, bytes).expect("writing scratch file");
        path.to_string_lossy().into_owned()
    }

    pub fn path(&self) -> &Path {
        &self.dir
    }
}

impl Drop for Scratch {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}

/// A file under `tests/vectors/` (copied from `../shared/vectors/`), as bytes.
pub fn vector_bytes(path: &str) -> Vec<u8> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("vectors")
        .join(path);
    std::fs::read(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// A vector file copied from `../shared/vectors/` into `tests/vectors/`.
pub fn vectors(file: &str) -> Vec<serde_json::Value> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("vectors")
        .join(file);
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// An example shipped in `examples/`.
pub fn example(name: &str) -> String {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../examples")
        .join(name)
        .to_string_lossy()
        .into_owned()
}

/// The names a component imports at its top level (`interface` or `instance` imports).
pub fn component_imports(bytes: &[u8]) -> Result<Vec<String>, String> {
    let mut imports = Vec::new();
    let mut depth = 0usize;
    for payload in wasmparser::Parser::new(0).parse_all(bytes) {
        match payload.map_err(|e| e.to_string())? {
            wasmparser::Payload::ModuleSection { .. }
            | wasmparser::Payload::ComponentSection { .. } => {
                depth += 1;
            }
            wasmparser::Payload::End(_) => depth = depth.saturating_sub(1),
            wasmparser::Payload::ComponentImportSection(section) if depth == 0 => {
                for import in section {
                    imports.push(import.map_err(|e| e.to_string())?.name.name.to_owned());
                }
            }
            wasmparser::Payload::Version { encoding, .. }
                if depth == 0 && encoding != wasmparser::Encoding::Component =>
            {
                return Err("not a component".into());
            }
            _ => {}
        }
    }
    Ok(imports)
}
