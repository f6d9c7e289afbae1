//! Differential test against the real kubectl (`--dry-run=client`, no cluster, no network):
//! 100 generated inputs each for `create secret docker-registry` and `create rolebinding`,
//! compared byte for byte. Where kubectl is not installed the test says so and checks nothing
//! else; `.ci/run` installs it.

use std::process::Command;

use pullsecret_tests::run;

use crate::BIN;
const CASES: usize = 100;

/// A fixed-seed xorshift generator: the same inputs on every run.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }

    fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
        items[(self.next() % items.len() as u64) as usize]
    }

    /// 1 to 3 pieces of nasty and ordinary text.
    fn text(&mut self) -> String {
        let pieces = [
            "a",
            "Zed",
            "ü",
            "пароль",
            "🔑",
            "&",
            "<",
            ">",
            "\"",
            "'",
            "\\",
            "`",
            ":",
            "::",
            " ",
            "x:y",
            "$HOME",
            "\u{2028}",
            "0",
            "robot+ci",
            "é",
        ];
        let n = 1 + self.next() % 3;
        (0..n).map(|_| self.pick(&pieces)).collect()
    }
}

fn kubectl(args: &[String]) -> (i32, String) {
    let out = Command::new("kubectl")
        .args(args)
        .env("KUBECONFIG", "/nonexistent/kubeconfig")
        .output()
        .expect("kubectl runs");
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
    )
}

fn ours(args: &[String]) -> (i32, String) {
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    let r = run(BIN, &args, None);
    (if r.code == 0 { 0 } else { 1 }, r.stdout)
}

#[test]
#[expect(
    clippy::print_stderr,
    reason = "says why nothing was compared when kubectl is absent"
)]
fn create_secret_and_rolebinding_match_kubectl_on_random_inputs() {
    if Command::new("kubectl")
        .arg("version")
        .arg("--client")
        .output()
        .is_err()
    {
        eprintln!("SKIPPED: kubectl is not installed (apt-get install kubectl); nothing compared");
        return;
    }
    let mut rng = Rng(0x9e37_79b9_7f4a_7c15);
    let servers = [
        "registry.example.com",
        "quay.io",
        "REGISTRY.Example.com",
        "https://r.example.com:8443/v2/",
        "localhost:5000",
        "http://r.io",
        "a&b.io",
    ];
    let mut compared = 0;
    for i in 0..CASES {
        let mut args = vec![
            "create".to_owned(),
            "secret".into(),
            "docker-registry".into(),
            format!("s{i}"),
        ];
        if !rng.next().is_multiple_of(4) {
            args.push(format!("--docker-server={}", rng.pick(&servers)));
        }
        args.push(format!("--docker-username={}", rng.text()));
        args.push(format!("--docker-password={}", rng.text()));
        if rng.next().is_multiple_of(2) {
            args.push(format!(
                "--docker-email={}",
                if rng.next().is_multiple_of(3) {
                    String::new()
                } else {
                    rng.text()
                }
            ));
        }
        if rng.next().is_multiple_of(3) {
            args.push("-n".into());
            args.push("project-b".into());
        }
        if rng.next().is_multiple_of(4) {
            args.push("--append-hash".into());
        }
        args.push("-o".into());
        args.push(
            if rng.next().is_multiple_of(2) {
                "json"
            } else {
                "yaml"
            }
            .into(),
        );
        let mut kubectl_args = args.clone();
        kubectl_args.push("--dry-run=client".into());
        assert_eq!(
            ours(&args),
            kubectl(&kubectl_args),
            "kubectl {}",
            kubectl_args.join(" ")
        );
        compared += 1;
    }
    let names = [
        "alice",
        "system:serviceaccount:p:x",
        "bob@example.com",
        "Zed",
        "ü",
    ];
    for i in 0..CASES {
        let mut args = vec![
            "create".to_owned(),
            "rolebinding".into(),
            format!("rb{i}"),
            "--clusterrole=system:image-puller".into(),
        ];
        for _ in 0..rng.next() % 3 {
            args.push(format!("--user={}", rng.pick(&names)));
        }
        for _ in 0..rng.next() % 3 {
            args.push(format!(
                "--group=system:serviceaccounts:{}",
                rng.pick(&["a", "project-a", "b"])
            ));
        }
        for _ in 0..rng.next() % 3 {
            args.push(format!(
                "--serviceaccount={}:{}",
                rng.pick(&["project-a", "b"]),
                rng.pick(&["default", "builder"])
            ));
        }
        args.push("-n".into());
        args.push("project-b".into());
        args.push("-o".into());
        args.push(
            if rng.next().is_multiple_of(2) {
                "json"
            } else {
                "yaml"
            }
            .into(),
        );
        let mut kubectl_args = args.clone();
        kubectl_args.push("--dry-run=client".into());
        assert_eq!(
            ours(&args),
            kubectl(&kubectl_args),
            "kubectl {}",
            kubectl_args.join(" ")
        );
        compared += 1;
    }
    assert_eq!(compared, 2 * CASES);
}
