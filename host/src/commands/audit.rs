//! `pullsecret audit DUMP... [--node-config FILE] [--fix] [-o json]`: reads the dumps (with
//! the megabytes read on a terminal's standard error, since the guest cannot report
//! progress), hands them to the component in one call, and prints its report: the summary
//! first, then the affected pods grouped by finding. Exit 1 when a pull fails as things stand.

use std::io::{self, IsTerminal, Write};
use std::process::ExitCode;

use anyhow::{Context as _, Result, bail};
use serde::ser::{Serialize, SerializeMap, Serializer};
use serde_json::{Map, Value, json};

use super::{Context, print};
use crate::cli::{AuditArgs, OutputArg};
use crate::component::{
    AuditReport, AuditRequest, AuditSummary, ContainerKind, ContainerReport, CredentialRef,
    Diagnostic, Guest, Input, PodReport, Severity,
};
use crate::engine;
use crate::output::{self, FindingsJson, Labels};

pub fn run(args: &AuditArgs) -> Result<ExitCode> {
    if args.fix && args.output == OutputArg::Json {
        bail!("--fix prints manifests on standard output; leave out -o json");
    }
    let mut ctx = Context::with_guest(Guest::with_limits(engine::AUDIT_LIMITS)?);
    let terminal = io::stderr().is_terminal();
    let mut dumps = Vec::new();
    for path in &args.dumps {
        let source = path.display().to_string();
        let mut progress = |read: u64| {
            if terminal {
                let _ = write!(io::stderr(), "\r\x1b[Kreading {source}: {} MiB", read >> 20);
            }
        };
        let bytes = ctx.input.read_dump(path, &mut progress)?;
        dumps.push(Input { source, bytes });
    }
    let node_config = ctx.read_optional(args.node_config.as_deref())?;
    if terminal {
        let size: usize = dumps.iter().map(|d| d.bytes.len()).sum();
        let _ = write!(io::stderr(), "\r\x1b[Kauditing {} MiB", size >> 20);
    }
    let sources: Vec<String> = dumps.iter().map(|d| d.source.clone()).collect();
    let request = AuditRequest {
        dumps,
        node_config,
        fix: args.fix,
    };
    let report = ctx.guest.audit(&request).context(sources.join(", "));
    drop(request);
    if terminal {
        let _ = write!(io::stderr(), "\r\x1b[K");
    }
    let report = report?.map_err(|e| ctx.fail(e))?;
    ctx.report_all(&report.notes)?;
    let failed = report
        .summary
        .findings
        .iter()
        .any(|c| c.severity == Severity::Error && c.count > 0);
    let labels = ctx.labels()?;
    match args.output {
        OutputArg::Json => {
            let mut out = io::BufWriter::new(io::stdout().lock());
            serde_json::to_writer_pretty(&mut out, &Json(&report))?;
            writeln!(out)?;
            out.flush()?;
        }
        OutputArg::Text if args.fix => {
            let _ = io::stderr().write_all(text(&report, args.all, labels).as_bytes());
            if report.fixes.is_empty() {
                let _ = writeln!(io::stderr(), "no finding is resolved by a manifest");
            }
            print(&report.fixes)?;
        }
        OutputArg::Text => print(text(&report, args.all, labels))?,
    }
    Ok(if failed {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}

fn kind_name(kind: ContainerKind) -> &'static str {
    match kind {
        ContainerKind::Container => "container",
        ContainerKind::Init => "init",
        ContainerKind::Ephemeral => "ephemeral",
    }
}

/// Where a credential comes from, never what it is.
struct Credential<'a>(&'a CredentialRef);

impl Serialize for Credential<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let Credential(credential) = self;
        let mut object = serializer.serialize_map(Some(4))?;
        object.serialize_entry("secret", &credential.secret)?;
        object.serialize_entry("data_key", &credential.data_key)?;
        object.serialize_entry("registry_key", &credential.registry_key)?;
        object.serialize_entry("username", &credential.username)?;
        object.end()
    }
}

/// The `audit -o json` contract (README), serialized in place: the JSON of a large cluster
/// is never held, only the report it is written from.
struct Json<'a>(&'a AuditReport);

impl Serialize for Json<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let Json(report) = self;
        let mut object = serializer.serialize_map(Some(3))?;
        object.serialize_entry("pods", &Pods(&report.pods))?;
        object.serialize_entry("summary", &summary_json(&report.summary))?;
        object.serialize_entry("notes", &FindingsJson(&report.notes))?;
        object.end()
    }
}

struct Pods<'a>(&'a [PodReport]);

impl Serialize for Pods<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_seq(self.0.iter().map(Pod))
    }
}

struct Pod<'a>(&'a PodReport);

impl Serialize for Pod<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let Pod(pod) = self;
        let containers: Vec<Container<'_>> = pod.containers.iter().map(Container).collect();
        let mut object = serializer.serialize_map(Some(5))?;
        object.serialize_entry("namespace", &pod.namespace)?;
        object.serialize_entry("name", &pod.name)?;
        object.serialize_entry("service_account", &pod.service_account)?;
        object.serialize_entry("containers", &containers)?;
        object.serialize_entry("findings", &FindingsJson(&pod.findings))?;
        object.end()
    }
}

struct Container<'a>(&'a ContainerReport);

impl Serialize for Container<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let Container(c) = self;
        let mut object = serializer.serialize_map(Some(6))?;
        object.serialize_entry("name", &c.name)?;
        object.serialize_entry("kind", kind_name(c.kind))?;
        object.serialize_entry("image", &c.image)?;
        object.serialize_entry("answered_by", output::answerer_name(c.answered_by))?;
        object.serialize_entry("credential", &c.credential.as_ref().map(Credential))?;
        object.serialize_entry("findings", &FindingsJson(&c.findings))?;
        object.end()
    }
}

fn summary_json(summary: &AuditSummary) -> Value {
    let findings: Map<String, Value> = summary
        .findings
        .iter()
        .map(|c| (c.code.clone(), c.count.into()))
        .collect();
    json!({
        "pods": summary.pods,
        "containers": summary.containers,
        "answered_by": {
            "kubelet": summary.kubelet,
            "crio": summary.crio,
            "nobody": summary.nobody,
        },
        "findings": findings,
    })
}

/// `NS/NAME .dockerconfigjson quay.io (user u)`: where the credential is, never what.
fn credential_text(credential: &CredentialRef) -> String {
    let mut text = output::shown(&credential.secret).into_owned();
    for part in [&credential.data_key, &credential.registry_key] {
        if !part.is_empty() {
            text.push(' ');
            text.push_str(&output::shown(part));
        }
    }
    format!(
        "{text} (user {}, password ****)",
        output::shown(&credential.username)
    )
}

/// The summary, then each finding's pods, then (with `all`) every container.
fn text(report: &AuditReport, all: bool, labels: &Labels) -> String {
    let summary = &report.summary;
    let mut out = format!(
        "{} pods, {} containers: the kubelet answers {}, CRI-O {}, nobody {}\n",
        summary.pods, summary.containers, summary.kubelet, summary.crio, summary.nobody
    );
    if summary.findings.is_empty() {
        out.push_str("no findings\n");
    } else {
        out.push('\n');
        let rows: Vec<Vec<String>> = summary
            .findings
            .iter()
            .map(|c| {
                let level = output::severity_name(c.severity).to_owned();
                vec![level, c.code.clone(), c.count.to_string()]
            })
            .collect();
        out.push_str(&output::table(&rows));
    }
    for count in &summary.findings {
        out.push_str(&format!(
            "\n{}[{}]\n",
            output::severity_name(count.severity),
            count.code
        ));
        for pod in &report.pods {
            let name = format!(
                "{}/{}",
                output::shown(&pod.namespace),
                output::shown(&pod.name)
            );
            let of_code = |d: &&Diagnostic| d.code == count.code && d.severity == count.severity;
            for d in pod.findings.iter().filter(of_code) {
                let affected: Vec<String> = pod
                    .containers
                    .iter()
                    .filter(|c| c.findings.iter().any(|f| same(f, d)))
                    .map(|c| output::shown(&c.name).into_owned())
                    .collect();
                let scope = if affected.is_empty() {
                    "pod".to_owned()
                } else {
                    affected.join(", ")
                };
                finding(&mut out, &format!("{name} ({scope})"), d, labels);
            }
            for c in &pod.containers {
                for d in c.findings.iter().filter(of_code) {
                    if !pod.findings.iter().any(|f| same(f, d)) {
                        let image = output::shown(&c.image);
                        let place = format!("{name} ({}: {image})", output::shown(&c.name));
                        finding(&mut out, &place, d, labels);
                    }
                }
            }
        }
    }
    if all {
        out.push('\n');
        let mut rows = vec![
            ["POD", "CONTAINER", "IMAGE", "ANSWERED BY", "CREDENTIAL"]
                .map(str::to_owned)
                .to_vec(),
        ];
        for pod in &report.pods {
            for c in &pod.containers {
                rows.push(vec![
                    format!("{}/{}", pod.namespace, pod.name),
                    match c.kind {
                        ContainerKind::Container => c.name.clone(),
                        kind => format!("{} ({})", c.name, kind_name(kind)),
                    },
                    c.image.clone(),
                    output::answerer_name(c.answered_by).to_owned(),
                    c.credential
                        .as_ref()
                        .map(credential_text)
                        .unwrap_or_default(),
                ]);
            }
        }
        out.push_str(&output::table(&rows));
    }
    out
}

fn finding(out: &mut String, place: &str, d: &Diagnostic, labels: &Labels) {
    out.push_str(&format!("  {place}: {}\n", labels.message(d)));
    if let Some(fix) = &d.fix {
        out.push_str(&format!("    fix: {}\n", output::shown(fix)));
    }
}

/// The same finding listed twice: on the pod and on a container it affects.
fn same(a: &Diagnostic, b: &Diagnostic) -> bool {
    (&a.code, &a.message, &a.key, &a.location) == (&b.code, &b.message, &b.key, &b.location)
}

#[cfg(test)]
mod tests {
    use std::time::Duration;

    use super::*;
    use crate::component::{AuditRequest, Guest, Input};

    fn audit_within(time: Duration, pods: usize) -> String {
        let limits = engine::Limits {
            time,
            ..engine::AUDIT_LIMITS
        };
        let mut guest = Guest::with_limits(limits).expect("the component");
        let request = AuditRequest {
            dumps: vec![Input {
                source: "dump.json".into(),
                bytes: pullsecret_tests::dump::generate(pods).json,
            }],
            node_config: None,
            fix: false,
        };
        match guest.audit(&request) {
            Err(e) => format!("{e:#}"),
            Ok(_) => "finished".to_owned(),
        }
    }

    /// The deadline stops the guest where it is, with the message the README promises.
    #[test]
    fn a_guest_out_of_time_stops_with_a_clear_error() {
        assert_eq!(
            audit_within(Duration::ZERO, 50),
            "the input is too large or too complex: the component ran out of its time budget of 0 s"
        );
        // Thousands of pods take far more than a millisecond: the sleeping thread ends them.
        assert!(
            audit_within(Duration::from_millis(1), 5_000).contains("ran out of its time budget"),
        );
        assert_eq!(audit_within(Duration::from_secs(60), 50), "finished");
    }
}
