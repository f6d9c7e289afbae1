//! Synthetic cluster dumps for `pullsecret audit`, shaped like `oc get pods,serviceaccounts,
//! secrets,rolebindings,clusterrolebindings,roles,clusterroles -A -o json` (pods with their
//! status, ServiceAccounts provisioned by OpenShift, the global pull secret), with faults
//! planted at known places. Test data and bench data: large ones are generated, never
//! committed. Deterministic: the same size gives the same bytes.
//!
//! Per namespace (one per 50 pods): 10 ServiceAccounts, each with its integrated-registry
//! pull secret; 5 more Secrets; 5 RoleBindings. So 10,000 pods come with 2,000
//! ServiceAccounts, 3,000 Secrets and 1,000 RoleBindings.

use std::fmt::Write as _;

use pullsecret_guest::go::base64;

const REGISTRY: &str = "image-registry.openshift-image-registry.svc:5000";
const PODS_PER_NAMESPACE: usize = 50;
const ACCOUNTS: [&str; 10] = [
    "default", "builder", "deployer", "api", "web", "worker", "batch", "metrics", "late", "mounter",
];

/// A dump and what an audit must find in it, nothing more.
#[derive(Debug)]
pub struct Dump {
    pub json: Vec<u8>,
    pub pods: usize,
    /// `[pod, container or "pod", code]`, sorted.
    pub planted: Vec<[String; 3]>,
}

/// The fault planted in pod `i` of its namespace, if any: one pod in ten has one.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Fault {
    MissingSecret,
    Undecodable,
    CreatedBeforeProvisioning,
    MountOnly,
    Unlinked,
    NotGranted,
}

fn fault(i: usize) -> Option<Fault> {
    match i % PODS_PER_NAMESPACE {
        3 => Some(Fault::MissingSecret),
        11 => Some(Fault::Undecodable),
        19 => Some(Fault::CreatedBeforeProvisioning),
        27 => Some(Fault::MountOnly),
        35 => Some(Fault::Unlinked),
        43 => Some(Fault::NotGranted),
        _ => None,
    }
}

fn auth(user: &str, password: &str) -> String {
    base64::encode(format!("{user}:{password}").as_bytes())
}

struct Writer {
    out: String,
    first: bool,
}

impl Writer {
    fn item(&mut self, json: &str) {
        if !self.first {
            self.out.push_str(",\n");
        }
        self.first = false;
        self.out.push_str("        ");
        self.out.push_str(json);
    }
}

/// A dump of `pods` pods (rounded up to whole namespaces of 50).
pub fn generate(pods: usize) -> Dump {
    let namespaces = pods.div_ceil(PODS_PER_NAMESPACE).max(1);
    let mut w = Writer {
        out: String::from("{\n    \"apiVersion\": \"v1\",\n    \"items\": [\n"),
        first: true,
    };
    let mut planted = Vec::new();
    let global = format!(
        r#"{{"auths":{{"cloud.openshift.com":{{"auth":"{}","email":"admin@example.com"}},"quay.io":{{"auth":"{}"}},"registry.redhat.io":{{"auth":"{}"}}}}}}"#,
        auth("ocm", "cloud-token"),
        auth("ocm", "quay-token"),
        auth("rh", "rh-token")
    );
    w.item(&secret(
        "openshift-config",
        "pull-secret",
        "kubernetes.io/dockerconfigjson",
        ".dockerconfigjson",
        &global,
        "",
    ));
    for n in 0..namespaces {
        let ns = format!("team-{n:05}");
        namespace(&mut w, &ns, n, namespaces);
        for i in 0..PODS_PER_NAMESPACE {
            pod(&mut w, &ns, n, i, namespaces, &mut planted);
        }
    }
    w.out.push_str("\n    ],\n    \"kind\": \"List\",\n    \"metadata\": {\n        \"resourceVersion\": \"\"\n    }\n}\n");
    planted.sort();
    Dump {
        json: w.out.into_bytes(),
        pods: namespaces * PODS_PER_NAMESPACE,
        planted,
    }
}

fn secret(ns: &str, name: &str, ty: &str, key: &str, payload: &str, annotations: &str) -> String {
    format!(
        r#"{{"apiVersion": "v1", "data": {{"{key}": "{}"}}, "kind": "Secret", "metadata": {{"annotations": {{{annotations}}}, "creationTimestamp": "2026-11-02T08:14:51Z", "name": "{name}", "namespace": "{ns}", "resourceVersion": "48213", "uid": "6c1f1a62-7a55-4e0e-9d4b-{:012x}"}}, "type": "{ty}"}}"#,
        base64::encode(payload.as_bytes()),
        name.len() * 7919 + ns.len()
    )
}

fn registry_config(token: &str) -> String {
    let a = auth("<token>", token);
    format!(
        r#"{{"{REGISTRY}":{{"auth":"{a}"}},"image-registry.openshift-image-registry.svc.cluster.local:5000":{{"auth":"{a}"}},"172.30.14.8:5000":{{"auth":"{a}"}}}}"#
    )
}

fn registry_secret_name(sa: &str, n: usize) -> String {
    format!("{sa}-dockercfg-{:05x}", (n * 31 + sa.len()) % 0xfffff)
}

fn namespace(w: &mut Writer, ns: &str, n: usize, namespaces: usize) {
    for sa in ACCOUNTS {
        let own = registry_secret_name(sa, n);
        let mut pull = format!(r#"{{"name": "{own}"}}"#);
        let mut mount = format!(r#"{{"name": "{own}"}}"#);
        match sa {
            "default" | "builder" | "deployer" | "api" | "web" | "worker" | "batch" | "metrics" => {
                pull.push_str(r#", {"name": "team-cred"}"#);
            }
            "mounter" => mount.push_str(r#", {"name": "private-cred"}"#),
            _ => {}
        }
        w.item(&format!(
            r#"{{"apiVersion": "v1", "imagePullSecrets": [{pull}], "kind": "ServiceAccount", "metadata": {{"annotations": {{"openshift.io/internal-registry-pull-secret-ref": "{own}"}}, "creationTimestamp": "2026-11-02T08:14:50Z", "name": "{sa}", "namespace": "{ns}", "resourceVersion": "48190", "uid": "0b7c55e1-2f5e-4d8e-8a7b-{:012x}"}}, "secrets": [{mount}]}}"#,
            n * 16 + sa.len()
        ));
        w.item(&secret(
            ns,
            &own,
            "kubernetes.io/dockercfg",
            ".dockercfg",
            &registry_config(&format!("token-{ns}-{sa}")),
            &format!(r#""openshift.io/internal-registry-auth-token.service-account": "{sa}""#),
        ));
    }
    let user_secret = |name: &str, host: &str, user: &str| {
        let payload = format!(
            r#"{{"auths":{{"{host}":{{"auth":"{}"}}}}}}"#,
            auth(user, &format!("pass-{ns}-{name}"))
        );
        secret(
            ns,
            name,
            "kubernetes.io/dockerconfigjson",
            ".dockerconfigjson",
            &payload,
            "",
        )
    };
    w.item(&user_secret(
        "team-cred",
        "registry.example.com/team",
        "team+robot",
    ));
    w.item(&user_secret(
        "private-cred",
        "private.example.com",
        "private+robot",
    ));
    w.item(&user_secret(
        "unlinked-cred",
        "vendor.example.com",
        "vendor",
    ));
    w.item(&secret(
        ns,
        "broken",
        "kubernetes.io/dockerconfigjson",
        ".dockerconfigjson",
        r#"{"auths":{"gcr.io":{"auth":"cGFudHM="}}}"#,
        "",
    ));
    w.item(&secret(
        ns,
        "tls",
        "kubernetes.io/tls",
        "tls.crt",
        "-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n",
        "",
    ));
    let binding = |name: &str, role: &str, subject: &str| {
        format!(
            r#"{{"apiVersion": "rbac.authorization.k8s.io/v1", "kind": "RoleBinding", "metadata": {{"creationTimestamp": "2026-11-02T08:14:50Z", "name": "{name}", "namespace": "{ns}", "resourceVersion": "48188", "uid": "9f3c1e5a-51c4-4b8e-a0f2-{:012x}"}}, "roleRef": {{"apiGroup": "rbac.authorization.k8s.io", "kind": "ClusterRole", "name": "{role}"}}, "subjects": [{subject}]}}"#,
            n * 8 + name.len()
        )
    };
    w.item(&binding("system:image-pullers", "system:image-puller", &format!(r#"{{"apiGroup": "rbac.authorization.k8s.io", "kind": "Group", "name": "system:serviceaccounts:{ns}"}}"#)));
    w.item(&binding(
        "system:image-builders",
        "system:image-builder",
        &format!(r#"{{"kind": "ServiceAccount", "name": "builder", "namespace": "{ns}"}}"#),
    ));
    w.item(&binding(
        "system:deployers",
        "system:deployer",
        &format!(r#"{{"kind": "ServiceAccount", "name": "deployer", "namespace": "{ns}"}}"#),
    ));
    w.item(&binding(
        "admin",
        "admin",
        r#"{"apiGroup": "rbac.authorization.k8s.io", "kind": "User", "name": "alice"}"#,
    ));
    // The next namespace's ServiceAccount `api` may pull from this one (the docs' recipe).
    let next = format!("team-{:05}", (n + 1) % namespaces);
    w.item(&binding(
        "system:image-puller",
        "system:image-puller",
        &format!(r#"{{"kind": "ServiceAccount", "name": "api", "namespace": "{next}"}}"#),
    ));
}

fn pod(
    w: &mut Writer,
    ns: &str,
    n: usize,
    i: usize,
    namespaces: usize,
    planted: &mut Vec<[String; 3]>,
) {
    let name = format!("app-{n:05}-{i:02}-7d9f8b6c5-x{:04x}", (n * 50 + i) % 0xffff);
    let fault = fault(i);
    let sa = match fault {
        Some(Fault::CreatedBeforeProvisioning) => "late",
        Some(Fault::MountOnly) => "mounter",
        // Not `api`, which the previous namespace grants pulls to.
        Some(Fault::NotGranted) => "worker",
        _ => ACCOUNTS[i % 8],
    };
    let own = registry_secret_name(sa, n);
    let mut pull: Vec<String> = match fault {
        Some(Fault::CreatedBeforeProvisioning) => Vec::new(),
        Some(Fault::MountOnly) => vec![own.clone()],
        _ => vec![own.clone(), "team-cred".to_owned()],
    };
    match fault {
        Some(Fault::MissingSecret) => pull.push(format!("gone-{i}")),
        Some(Fault::Undecodable) => pull.push("broken".to_owned()),
        _ => {}
    }
    // The previous namespace grants pulls to this one's `api`; the pod planted with
    // NotGranted runs as another account.
    let previous = format!("team-{:05}", (n + namespaces - 1) % namespaces);
    let mut containers: Vec<(String, String, &str)> = vec![
        (
            "app".into(),
            format!("{REGISTRY}/{ns}/app-{}:v{}", i % 7, i % 3),
            "container",
        ),
        (
            "proxy".into(),
            "registry.redhat.io/openshift4/ose-oauth-proxy:v4.16".into(),
            "container",
        ),
        (
            "logs".into(),
            format!("registry.example.com/team/log-shipper:{}", i % 4),
            "container",
        ),
    ];
    containers.insert(
        0,
        (
            "init-config".into(),
            "quay.io/openshift/origin-cli:4.16".into(),
            "init",
        ),
    );
    if i.is_multiple_of(5) {
        containers.push((
            "metrics".into(),
            "docker.io/prom/node-exporter:v1.8.0".into(),
            "container",
        ));
    }
    match fault {
        Some(Fault::MountOnly) => containers.push((
            "private".into(),
            format!("private.example.com/apps/svc-{i}:1"),
            "container",
        )),
        Some(Fault::Unlinked) => containers.push((
            "vendor".into(),
            "vendor.example.com/agent:3".into(),
            "container",
        )),
        Some(Fault::NotGranted) => containers.push((
            "shared".into(),
            format!("{REGISTRY}/{previous}/shared:1"),
            "container",
        )),
        _ if sa == "api" => containers.push((
            "shared".into(),
            format!("{REGISTRY}/{previous}/shared:1"),
            "container",
        )),
        _ => {}
    }
    let mut plant = |container: &str, code: &str| {
        planted.push([
            format!("{ns}/{name}"),
            container.to_owned(),
            code.to_owned(),
        ])
    };
    match fault {
        Some(Fault::MissingSecret | Fault::Undecodable) => {
            let code = if fault == Some(Fault::MissingSecret) {
                "pull-secret-not-found"
            } else {
                "pull-secret-undecodable"
            };
            plant("pod", code);
            for (c, _, _) in &containers {
                plant(c, code);
            }
        }
        Some(Fault::CreatedBeforeProvisioning) => {
            plant("pod", "service-account-not-provisioned");
            plant("app", "service-account-not-provisioned");
            plant("app", "no-credential-for-registry");
            // `late` lists no team-cred, which the namespace has for registry.example.com.
            plant("logs", "no-credential-for-registry");
        }
        Some(Fault::MountOnly) => {
            plant("private", "secret-linked-for-mount-only");
            plant("private", "no-credential-for-registry");
            // `mounter` lists no team-cred for pulls, and the namespace has it.
            plant("logs", "no-credential-for-registry");
        }
        Some(Fault::Unlinked) => plant("vendor", "no-credential-for-registry"),
        Some(Fault::NotGranted) => plant("shared", "image-pull-not-granted"),
        None => {}
    }
    let containers_json = |kind: &str| {
        let mut out = String::new();
        for (c, image, _) in containers.iter().filter(|(_, _, k)| *k == kind) {
            if !out.is_empty() {
                out.push_str(", ");
            }
            let _ = write!(
                out,
                r#"{{"env": [{{"name": "POD_NAMESPACE", "valueFrom": {{"fieldRef": {{"apiVersion": "v1", "fieldPath": "metadata.namespace"}}}}}}, {{"name": "LOG_LEVEL", "value": "info"}}], "image": "{image}", "imagePullPolicy": "IfNotPresent", "name": "{c}", "ports": [{{"containerPort": 8080, "name": "http", "protocol": "TCP"}}], "resources": {{"limits": {{"cpu": "500m", "memory": "256Mi"}}, "requests": {{"cpu": "100m", "memory": "128Mi"}}}}, "securityContext": {{"allowPrivilegeEscalation": false, "capabilities": {{"drop": ["ALL"]}}, "runAsNonRoot": true, "runAsUser": 1000680000}}, "terminationMessagePath": "/dev/termination-log", "terminationMessagePolicy": "File", "volumeMounts": [{{"mountPath": "/var/run/secrets/kubernetes.io/serviceaccount", "name": "kube-api-access-{i:05}", "readOnly": true}}]}}"#
            );
        }
        out
    };
    let statuses: Vec<String> = containers
        .iter()
        .filter(|(_, _, k)| *k == "container")
        .map(|(c, image, _)| {
            format!(
                r#"{{"containerID": "cri-o://{:064x}", "image": "{image}", "imageID": "{image}@sha256:{:064x}", "lastState": {{}}, "name": "{c}", "ready": true, "restartCount": 0, "started": true, "state": {{"running": {{"startedAt": "2026-11-02T08:15:30Z"}}}}}}"#,
                n * 1000 + i,
                i
            )
        })
        .collect();
    let pull_json: Vec<String> = pull
        .iter()
        .map(|p| format!(r#"{{"name": "{p}"}}"#))
        .collect();
    let (ip, worker, host_a) = (i % 250, n % 12, n % 250);
    let (owner_uid, rv, uid) = (n * 50 + i, 50_000 + n * 50 + i, n * 50 + i);
    let containers = containers_json("container");
    let inits = containers_json("init");
    let pulls = pull_json.join(", ");
    let statuses = statuses.join(", ");
    w.item(&format!(
        r#"{{"apiVersion": "v1", "kind": "Pod", "metadata": {{"annotations": {{"k8s.ovn.org/pod-networks": "{{\"default\":{{\"ip_addresses\":[\"10.128.2.{ip}/23\"],\"mac_address\":\"0a:58:0a:80:02:1f\",\"gateway_ips\":[\"10.128.2.1\"],\"role\":\"primary\"}}}}", "openshift.io/scc": "restricted-v2", "seccomp.security.alpha.kubernetes.io/pod": "runtime/default"}}, "creationTimestamp": "2026-11-02T08:15:21Z", "generateName": "app-{n:05}-{i:02}-7d9f8b6c5-", "labels": {{"app": "app-{i:02}", "pod-template-hash": "7d9f8b6c5"}}, "name": "{name}", "namespace": "{ns}", "ownerReferences": [{{"apiVersion": "apps/v1", "blockOwnerDeletion": true, "controller": true, "kind": "ReplicaSet", "name": "app-{n:05}-{i:02}-7d9f8b6c5", "uid": "3e0cbd4e-8f0a-4c55-9b7e-{owner_uid:012x}"}}], "resourceVersion": "{rv}", "uid": "5a7d7f2e-1b7c-4c4e-8e8e-{uid:012x}"}}, "spec": {{"containers": [{containers}], "dnsPolicy": "ClusterFirst", "enableServiceLinks": true, "imagePullSecrets": [{pulls}], "initContainers": [{inits}], "nodeName": "worker-{worker}.example.com", "preemptionPolicy": "PreemptLowerPriority", "priority": 0, "restartPolicy": "Always", "schedulerName": "default-scheduler", "securityContext": {{"fsGroup": 1000680000, "seLinuxOptions": {{"level": "s0:c26,c15"}}, "seccompProfile": {{"type": "RuntimeDefault"}}}}, "serviceAccount": "{sa}", "serviceAccountName": "{sa}", "terminationGracePeriodSeconds": 30, "tolerations": [{{"effect": "NoExecute", "key": "node.kubernetes.io/not-ready", "operator": "Exists", "tolerationSeconds": 300}}, {{"effect": "NoExecute", "key": "node.kubernetes.io/unreachable", "operator": "Exists", "tolerationSeconds": 300}}], "volumes": [{{"name": "kube-api-access-{i:05}", "projected": {{"defaultMode": 420, "sources": [{{"serviceAccountToken": {{"expirationSeconds": 3607, "path": "token"}}}}, {{"configMap": {{"items": [{{"key": "ca.crt", "path": "ca.crt"}}], "name": "kube-root-ca.crt"}}}}]}}}}]}}, "status": {{"conditions": [{{"lastProbeTime": null, "lastTransitionTime": "2026-11-02T08:15:21Z", "status": "True", "type": "Initialized"}}, {{"lastProbeTime": null, "lastTransitionTime": "2026-11-02T08:15:31Z", "status": "True", "type": "Ready"}}, {{"lastProbeTime": null, "lastTransitionTime": "2026-11-02T08:15:21Z", "status": "True", "type": "PodScheduled"}}], "containerStatuses": [{statuses}], "hostIP": "10.0.{host_a}.{ip}", "phase": "Running", "podIP": "10.128.2.{ip}", "podIPs": [{{"ip": "10.128.2.{ip}"}}], "qosClass": "Burstable", "startTime": "2026-11-02T08:15:21Z"}}}}"#
    ));
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sizes_and_faults() {
        let dump = generate(100);
        assert_eq!(dump.pods, 100);
        let value: serde_json::Value = serde_json::from_slice(&dump.json).expect("valid JSON");
        let items = value["items"].as_array().unwrap();
        let count = |kind: &str| items.iter().filter(|o| o["kind"] == kind).count();
        assert_eq!(count("Pod"), 100);
        assert_eq!(count("ServiceAccount"), 20);
        assert_eq!(count("Secret"), 31);
        assert_eq!(count("RoleBinding"), 10);
        assert!(
            dump.planted
                .iter()
                .any(|p| p[2] == "image-pull-not-granted")
        );
    }
}
