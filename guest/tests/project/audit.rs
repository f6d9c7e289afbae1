//! Codes of a cluster audit: each dump of `tests/data/audit` adds one fault to the clean
//! cluster `base.json`.

use pullsecret_guest::Diagnostic;
use pullsecret_guest::audit::{self, Request};
use pullsecret_guest::input::document::Input;

const BASE: &[u8] = include_bytes!("../../../tests/data/audit/base.json");

/// Every finding of the audit of the clean cluster plus `fault`.
fn audit(fault: Option<&[u8]>) -> Vec<Diagnostic> {
    let mut dumps = vec![Input {
        source: "base.json",
        bytes: BASE,
    }];
    dumps.extend(fault.map(|bytes| Input {
        source: "fault",
        bytes,
    }));
    let request = Request {
        dumps: &dumps,
        node_config: None,
        fix: false,
    };
    let report = audit::audit(&request).expect("the fixtures read");
    report
        .pods
        .into_iter()
        .flat_map(|p| {
            let containers = p.containers.into_iter().flat_map(|c| c.findings);
            p.findings.into_iter().chain(containers).collect::<Vec<_>>()
        })
        .collect()
}

macro_rules! fixture {
    ($name:literal) => {
        Some(include_bytes!(concat!("../../../tests/data/audit/", $name)).as_slice())
    };
}

cases! {
    audit_pull_secret_not_found: PullSecretNotFound {
        yes: audit(fixture!("pull-secret-not-found.json")),
        no: audit(None),
    }
    audit_pull_secret_undecodable: PullSecretUndecodable {
        yes: audit(fixture!("pull-secret-undecodable.json")),
        no: audit(None),
    }
    audit_service_account_not_provisioned: ServiceAccountNotProvisioned {
        yes: audit(fixture!("service-account-not-provisioned.yaml")),
        no: audit(fixture!("granted-group.json")),
    }
    audit_secret_linked_for_mount_only: SecretLinkedForMountOnly {
        yes: audit(fixture!("secret-linked-for-mount-only.json")),
        no: audit(None),
    }
    audit_no_credential_for_registry: NoCredentialForRegistry {
        yes: audit(fixture!("no-credential-for-registry.json")),
        no: audit(None),
    }
    audit_image_pull_not_granted: ImagePullNotGranted {
        yes: audit(fixture!("granted-view-only.json")),
        no: audit(fixture!("granted-user.json")),
    }
}
