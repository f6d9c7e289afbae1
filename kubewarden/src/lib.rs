//! The Kubewarden admission policy: a waPC module (built for `wasm32-wasip1`) that refuses
//! pull Secrets the kubelet cannot decode or that break the configured policies. It is an
//! adapter and nothing more: the Secret goes to the guest's `validate`, exactly as
//! `pullsecret validate --policy` sends a file, and the guest's findings come back as the
//! admission response (errors reject, the rest are warnings).

mod settings;

use kubewarden_policy_sdk::protocol_version_guest;
use kubewarden_policy_sdk::request::ValidationRequest;
use kubewarden_policy_sdk::response::ValidationResponse;
use kubewarden_policy_sdk::settings::SettingsValidationResponse;
use kubewarden_policy_sdk::wapc_guest::{self as wapc, CallResult};
use pullsecret_guest::checks::policy::Policy;
use pullsecret_guest::checks::validate::{self, Context, Input};
use pullsecret_guest::input::document;
use pullsecret_guest::{Diagnostic, Severity};
use serde_json::Value;

pub use settings::{Settings, render};

/// OpenShift's ServiceAccount pull Secrets (`<sa>-dockercfg-<hash>`, type
/// `kubernetes.io/dockercfg`) carry this annotation; the policy leaves them alone, so that
/// no policy can block ServiceAccount provisioning.
pub const SERVICE_ACCOUNT_ANNOTATION: &str =
    "openshift.io/internal-registry-auth-token.service-account";

/// The waPC entry point policy-server calls once per instance.
#[expect(
    unsafe_code,
    reason = "waPC finds its entry point by this unmangled name"
)]
#[unsafe(no_mangle)]
pub extern "C" fn wapc_init() {
    wapc::register_function("validate", validate_call);
    wapc::register_function("validate_settings", validate_settings_call);
    wapc::register_function("protocol_version", protocol_version_guest);
}

fn validate_settings_call(payload: &[u8]) -> CallResult {
    Ok(serde_json::to_vec(&validate_settings(payload))?)
}

fn validate_call(payload: &[u8]) -> CallResult {
    Ok(serde_json::to_vec(&validate(payload)?)?)
}

/// Every problem of the settings, one a line.
pub fn validate_settings(payload: &[u8]) -> SettingsValidationResponse {
    let problems = match serde_json::from_slice::<Value>(payload) {
        Ok(value) => Settings::read(&value).err(),
        Err(e) => Some(vec![format!("settings: not JSON ({e})")]),
    };
    SettingsValidationResponse {
        valid: problems.is_none(),
        message: problems.map(|p| p.join("\n")),
    }
}

/// The response to one admission request. The request's JSON is never quoted in an error
/// (the SDK's `ValidationRequest::new` quotes it): it holds the Secret.
pub fn validate(payload: &[u8]) -> Result<ValidationResponse, String> {
    let request = serde_json::from_slice::<ValidationRequest<Value>>(payload)
        .map_err(|e| format!("not a Kubewarden validation request: {e}"))?;
    let settings = match Settings::read(&request.settings) {
        Ok(settings) => settings,
        Err(problems) => {
            return Ok(reject(
                format!("pullsecret: invalid settings:\n{}", problems.join("\n")),
                Vec::new(),
            ));
        }
    };
    let request = request.request;
    let object = &request.object;
    let secret_type = object
        .get("type")
        .and_then(Value::as_str)
        .unwrap_or_default();
    let in_scope = request.kind.group.is_empty()
        && request.kind.kind == "Secret"
        && matches!(request.operation.as_str(), "CREATE" | "UPDATE")
        && document::pull_secret_format(secret_type).is_some();
    let provisioned = secret_type == "kubernetes.io/dockercfg"
        && object
            .pointer("/metadata/annotations")
            .and_then(|a| a.get(SERVICE_ACCOUNT_ANNOTATION))
            .is_some();
    if !in_scope || provisioned {
        return Ok(respond(Vec::new(), Vec::new()));
    }
    let policies: Vec<&Policy> = if settings.selects(&request.namespace, &request.name) {
        settings.policies.iter().collect()
    } else {
        Vec::new()
    };
    let bytes = serde_json::to_vec(object).map_err(|e| e.to_string())?;
    // Findings name the Secret in their place (`secret "NS/NAME" .dockerconfigjson 4:15`).
    let inputs = [Input {
        source: "admission request",
        bytes: &bytes,
    }];
    let (errors, others): (Vec<Diagnostic>, Vec<Diagnostic>) =
        validate::validate(&inputs, &policies, &Context::default())
            .into_iter()
            .partition(|d| d.severity == Severity::Error);
    Ok(respond(errors, others))
}

/// Errors reject the request, every finding on its own line; the other findings are
/// warnings, which kubectl and oc print.
fn respond(errors: Vec<Diagnostic>, others: Vec<Diagnostic>) -> ValidationResponse {
    let warnings: Vec<String> = others.iter().map(line).collect();
    if errors.is_empty() {
        return ValidationResponse {
            accepted: true,
            message: None,
            code: None,
            mutated_object: None,
            audit_annotations: None,
            warnings: (!warnings.is_empty()).then_some(warnings),
        };
    }
    let mut message = format!(
        "pullsecret: {} error{} in this pull secret:",
        errors.len(),
        if errors.len() == 1 { "" } else { "s" }
    );
    for d in &errors {
        message.push('\n');
        message.push_str(&line(d));
    }
    reject(message, warnings)
}

fn reject(message: String, warnings: Vec<String>) -> ValidationResponse {
    ValidationResponse {
        accepted: false,
        message: Some(message),
        code: None,
        mutated_object: None,
        audit_annotations: None,
        warnings: (!warnings.is_empty()).then_some(warnings),
    }
}

/// A finding about the request's Secret: its place already names the Secret.
fn line(d: &Diagnostic) -> String {
    render(&Diagnostic {
        source: None,
        ..d.clone()
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn request(settings: Value, operation: &str, object: Value) -> Vec<u8> {
        json!({
            "settings": settings,
            "request": {
                "uid": "1",
                "kind": {"group": "", "version": "v1", "kind": "Secret"},
                "operation": operation,
                "namespace": "team",
                "name": "pull",
                "object": object,
            }
        })
        .to_string()
        .into_bytes()
    }

    fn secret(secret_type: &str, payload: &str) -> Value {
        let encoded = pullsecret_guest::go::base64::encode(payload.as_bytes());
        let key = if secret_type.ends_with("dockercfg") {
            ".dockercfg"
        } else {
            ".dockerconfigjson"
        };
        json!({
            "apiVersion": "v1",
            "kind": "Secret",
            "metadata": {"name": "pull", "namespace": "team"},
            "type": secret_type,
            "data": {key: encoded},
        })
    }

    #[test]
    fn undecodable_auth_is_rejected_without_the_secret() {
        let object = secret(
            "kubernetes.io/dockerconfigjson",
            r#"{"auths":{"quay.io":{"auth":"!!secret!!"}}}"#,
        );
        let response = validate(&request(json!({}), "CREATE", object)).unwrap();
        assert!(!response.accepted);
        let message = response.message.unwrap();
        assert!(message.contains("error[auth-not-base64]"), "{message}");
        assert!(message.contains("fix: "), "{message}");
        assert!(!message.contains("secret!!"), "{message}");
    }

    #[test]
    fn out_of_scope_requests_are_accepted() {
        let bad = r#"{"auths":{"quay.io":{"auth":"!!"}}}"#;
        let delete = request(
            json!({}),
            "DELETE",
            secret("kubernetes.io/dockerconfigjson", bad),
        );
        assert!(validate(&delete).unwrap().accepted);
        let opaque = request(json!({}), "CREATE", secret("Opaque", bad));
        assert!(validate(&opaque).unwrap().accepted);
        let mut provisioned = secret("kubernetes.io/dockercfg", r#"{"r.io":{"auth":"!!"}}"#);
        provisioned["metadata"]["annotations"] = json!({SERVICE_ACCOUNT_ANNOTATION: "default"});
        let provisioned = request(json!({"policies": ["strict"]}), "CREATE", provisioned);
        assert!(validate(&provisioned).unwrap().accepted);
    }

    #[test]
    fn selectors_limit_the_policies_only() {
        let payload = r#"{"auths":{"quay.io":{"auth":"dTpw"}}}"#;
        let settings = json!({"policies": ["openshift-global-pull-secret"], "namespaces": ["openshift-config"]});
        let elsewhere = request(
            settings.clone(),
            "UPDATE",
            secret("kubernetes.io/dockerconfigjson", payload),
        );
        assert!(validate(&elsewhere).unwrap().accepted);
        let mut there: Value = serde_json::from_slice(&elsewhere).unwrap();
        there["request"]["namespace"] = json!("openshift-config");
        let response = validate(there.to_string().as_bytes()).unwrap();
        assert!(!response.accepted);
        assert!(
            response
                .message
                .unwrap()
                .contains("error[required-registry-missing]")
        );
    }

    #[test]
    fn malformed_request_is_an_error_that_quotes_nothing() {
        let error =
            validate(br#"{"request": {"object": {"data": "c2VjcmV0"}}, "settings": {}, "x": "#)
                .unwrap_err();
        assert!(!error.contains("c2VjcmV0"), "{error}");
    }

    #[test]
    fn settings_problems_in_one_message() {
        let response = validate_settings(br#"{"policies": ["nope"], "names": 1}"#);
        assert!(!response.valid);
        let message = response.message.unwrap();
        assert!(
            message.contains("policies[0]") && message.contains("names:"),
            "{message}"
        );
        assert!(validate_settings(b"{}").valid);
    }
}
