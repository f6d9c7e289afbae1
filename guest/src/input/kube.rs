//! Kubernetes objects as kubectl and oc hold them: decoded into the API's Go types and encoded
//! back. That round trip is what `oc set data` and `oc policy` print for an object they read:
//! members in the Go struct's order, unknown members and `managedFields` gone, empty optional
//! members left out, maps sorted, `[]byte` values re-encoded as canonical base64, timestamps
//! in UTC to the second. A member of the wrong JSON type is the decoder's error, as for
//! kubectl; an error about one value of a Secret's `data` or `stringData` carries its data key
//! as the finding's key.

use crate::diagnostic::{Code, Diagnostic};
use crate::go::base64::{self, Padding};
use crate::go::json::{Kind, Member, Value, string};
use crate::go::sort;

/// How one member is decoded and written back.
#[derive(Debug, Clone, Copy)]
enum Field {
    /// A string, left out when empty (`omitempty`).
    Str,
    /// A string, always written.
    StrAlways,
    /// An `int64`, left out when zero.
    Int,
    /// A pointer (`*bool`, `*int64`): written whenever it is set, even to false or zero.
    OptBool,
    OptInt,
    /// A `metav1.Time` (or `*metav1.Time`): left out when zero (kubectl 1.34 and later).
    Time,
    /// `map[string]string`, left out when empty.
    StrMap,
    /// `map[string][]byte` (a Secret's `data`), left out when empty.
    BytesMap,
    /// `[]string`, left out when empty.
    StrList,
    /// A struct, always written.
    Struct(&'static Type),
    /// A slice of structs, left out when empty.
    Structs(&'static Type),
    /// Dropped by the printers (`managedFields`).
    Dropped,
}

/// A Go struct: its name (for errors) and its members in declaration order.
#[derive(Debug)]
pub struct Type {
    name: &'static str,
    fields: &'static [(&'static str, Field)],
}

const OWNER_REFERENCE: Type = Type {
    name: "OwnerReference",
    fields: &[
        ("apiVersion", Field::StrAlways),
        ("kind", Field::StrAlways),
        ("name", Field::StrAlways),
        ("uid", Field::StrAlways),
        ("controller", Field::OptBool),
        ("blockOwnerDeletion", Field::OptBool),
    ],
};

const OBJECT_META: Type = Type {
    name: "ObjectMeta",
    fields: &[
        ("name", Field::Str),
        ("generateName", Field::Str),
        ("namespace", Field::Str),
        ("selfLink", Field::Str),
        ("uid", Field::Str),
        ("resourceVersion", Field::Str),
        ("generation", Field::Int),
        ("creationTimestamp", Field::Time),
        ("deletionTimestamp", Field::Time),
        ("deletionGracePeriodSeconds", Field::OptInt),
        ("labels", Field::StrMap),
        ("annotations", Field::StrMap),
        ("ownerReferences", Field::Structs(&OWNER_REFERENCE)),
        ("finalizers", Field::StrList),
        ("managedFields", Field::Dropped),
    ],
};

/// core/v1 `Secret`.
pub const SECRET: Type = Type {
    name: "Secret",
    fields: &[
        ("kind", Field::Str),
        ("apiVersion", Field::Str),
        ("metadata", Field::Struct(&OBJECT_META)),
        ("immutable", Field::OptBool),
        ("data", Field::BytesMap),
        ("stringData", Field::StrMap),
        ("type", Field::Str),
    ],
};

const SUBJECT: Type = Type {
    name: "Subject",
    fields: &[
        ("kind", Field::StrAlways),
        ("apiGroup", Field::Str),
        ("name", Field::StrAlways),
        ("namespace", Field::Str),
    ],
};

const ROLE_REF: Type = Type {
    name: "RoleRef",
    fields: &[
        ("apiGroup", Field::StrAlways),
        ("kind", Field::StrAlways),
        ("name", Field::StrAlways),
    ],
};

/// rbac/v1 `RoleBinding`.
pub const ROLE_BINDING: Type = Type {
    name: "RoleBinding",
    fields: &[
        ("kind", Field::Str),
        ("apiVersion", Field::Str),
        ("metadata", Field::Struct(&OBJECT_META)),
        ("subjects", Field::Structs(&SUBJECT)),
        ("roleRef", Field::Struct(&ROLE_REF)),
    ],
};

/// Why an object does not decode into its type.
fn type_error(found: &Kind, ty: &Type, path: &str, go_type: &str) -> Diagnostic {
    Diagnostic::new(
        Code::InvalidManifest,
        format!(
            "json: cannot unmarshal {} into Go struct field {}.{path} of type {go_type}",
            found.type_name(),
            ty.name
        ),
    )
}

/// The object as the Go type `ty` decodes and encodes it.
pub fn round_trip(value: &Value, ty: &'static Type) -> Result<Value, Diagnostic> {
    encode_struct(value, ty, "")
}

fn encode_struct(value: &Value, ty: &'static Type, path: &str) -> Result<Value, Diagnostic> {
    let members: &[Member] = match &value.kind {
        Kind::Object(members) => members,
        Kind::Null => &[],
        other => {
            let at = path.trim_end_matches('.');
            return Err(type_error(other, ty, at, &format!("v1.{}", ty.name)));
        }
    };
    let mut out = Vec::new();
    for (name, field) in ty.fields {
        // encoding/json matches names case-insensitively; Kubernetes' decoder does not.
        // Go writes the zero value of members without `omitempty` even when they were absent.
        let Some(member) = members.iter().rev().find(|m| m.name == *name) else {
            let zero = match field {
                Field::Struct(inner) => Some(encode_struct(&Value::new(Kind::Null), inner, "")?),
                Field::StrAlways => Some(string("")),
                _ => None,
            };
            if let Some(value) = zero {
                out.push(Member {
                    name: (*name).to_owned(),
                    offset: 0,
                    value,
                });
            }
            continue;
        };
        let here = format!("{path}{name}");
        if let Some(value) = encode_field(&member.value, *field, ty, &here)? {
            out.push(Member {
                name: (*name).to_owned(),
                offset: 0,
                value,
            });
        }
    }
    Ok(Value::new(Kind::Object(out)))
}

fn encode_field(
    value: &Value,
    field: Field,
    ty: &'static Type,
    path: &str,
) -> Result<Option<Value>, Diagnostic> {
    let wrong = |go_type: &str| Err(type_error(&value.kind, ty, path, go_type));
    Ok(match field {
        Field::Dropped => None,
        Field::Str | Field::StrAlways => match &value.kind {
            Kind::String(s) if s.is_empty() && matches!(field, Field::Str) => None,
            Kind::String(s) => Some(string(s)),
            Kind::Null if matches!(field, Field::Str) => None,
            Kind::Null => Some(string("")),
            _ => return wrong("string"),
        },
        Field::Int | Field::OptInt => match &value.kind {
            Kind::Number(n) if n.parse::<i64>().is_ok() => {
                (n != "0" || matches!(field, Field::OptInt)).then(|| value.clone())
            }
            Kind::Null => None,
            _ => return wrong("int64"),
        },
        Field::OptBool => match &value.kind {
            Kind::Bool(_) => Some(value.clone()),
            Kind::Null => None,
            _ => return wrong("bool"),
        },
        Field::Time => match &value.kind {
            Kind::String(s) => match utc_seconds(s) {
                Some(t) => Some(string(&t)),
                None => {
                    return Err(Diagnostic::new(
                        Code::InvalidManifest,
                        format!("{path}: {s:?} is not an RFC 3339 time"),
                    ));
                }
            },
            Kind::Null => None,
            _ => return wrong("Time"),
        },
        Field::StrMap | Field::BytesMap => {
            let go_type = if matches!(field, Field::BytesMap) {
                "map[string][]byte"
            } else {
                "map[string]string"
            };
            let entries = match &value.kind {
                Kind::Object(members) => members,
                Kind::Null => return Ok(None),
                _ => return wrong(go_type),
            };
            // A Go map: the last of a repeated key wins, and keys come out sorted.
            let mut map: Vec<(String, Value)> = Vec::new();
            for m in entries {
                let item = match (&m.value.kind, field) {
                    (Kind::String(s), Field::BytesMap) => {
                        let bytes =
                            base64::decode(s.as_bytes(), Padding::Required).map_err(|e| {
                                Diagnostic::new(
                                    Code::SecretDataNotBase64,
                                    format!("illegal base64 data at input byte {}", e.offset),
                                )
                                .key(&m.name)
                            })?;
                        string(&base64::encode(&bytes))
                    }
                    (Kind::String(s), _) => string(s),
                    (Kind::Null, Field::BytesMap) => Value::new(Kind::Null),
                    (Kind::Null, _) => string(""),
                    (other, _) => {
                        let inner = if matches!(field, Field::BytesMap) {
                            "[]uint8"
                        } else {
                            "string"
                        };
                        let d = type_error(other, ty, &format!("{path}.{}", m.name), inner);
                        // A Secret's data and stringData values have their own code.
                        return Err(if ty.name == SECRET.name {
                            Diagnostic::new(Code::SecretDataNotString, d.message).key(&m.name)
                        } else {
                            d
                        });
                    }
                };
                map.retain(|(k, _)| *k != m.name);
                map.push((m.name.clone(), item));
            }
            sort::stable(&mut map, |a, b| a.0 < b.0);
            (!map.is_empty()).then(|| {
                Value::new(Kind::Object(
                    map.into_iter()
                        .map(|(name, value)| Member {
                            name,
                            offset: 0,
                            value,
                        })
                        .collect(),
                ))
            })
        }
        Field::StrList => match &value.kind {
            Kind::Array(items) => {
                for item in items {
                    if !matches!(item.kind, Kind::String(_)) {
                        return Err(type_error(&item.kind, ty, path, "string"));
                    }
                }
                (!items.is_empty()).then(|| value.clone())
            }
            Kind::Null => None,
            _ => return wrong("[]string"),
        },
        Field::Struct(inner) => Some(encode_struct(value, inner, &format!("{path}."))?),
        Field::Structs(inner) => match &value.kind {
            Kind::Array(items) if !items.is_empty() => Some(Value::new(Kind::Array(
                items
                    .iter()
                    .map(|item| encode_struct(item, inner, &format!("{path}.")))
                    .collect::<Result<_, _>>()?,
            ))),
            Kind::Array(_) | Kind::Null => None,
            _ => return wrong(&format!("[]v1.{}", inner.name)),
        },
    })
}

/// An RFC 3339 time as `metav1.Time` writes it back: UTC, whole seconds.
fn utc_seconds(text: &str) -> Option<String> {
    let b = text.as_bytes();
    let digits = |range: std::ops::Range<usize>| -> Option<i64> {
        let s = text.get(range)?;
        s.bytes()
            .all(|c| c.is_ascii_digit())
            .then(|| s.parse().ok())?
    };
    if b.len() < 20 || b[4] != b'-' || b[7] != b'-' || !matches!(b[10], b'T' | b't') {
        return None;
    }
    if b[13] != b':' || b[16] != b':' {
        return None;
    }
    let (year, month, day) = (digits(0..4)?, digits(5..7)?, digits(8..10)?);
    let (hour, minute, second) = (digits(11..13)?, digits(14..16)?, digits(17..19)?);
    let mut rest = &text[19..];
    if let Some(fraction) = rest.strip_prefix('.') {
        let n = fraction.bytes().take_while(u8::is_ascii_digit).count();
        if n == 0 {
            return None;
        }
        rest = &fraction[n..];
    }
    let offset_minutes = match rest.as_bytes() {
        [b'Z' | b'z'] => 0,
        [sign @ (b'+' | b'-'), _, _, b':', _, _] => {
            let minutes =
                digits(text.len() - 5..text.len() - 3)? * 60 + digits(text.len() - 2..text.len())?;
            if *sign == b'+' { minutes } else { -minutes }
        }
        _ => return None,
    };
    if !(1..=12).contains(&month)
        || !(1..=31).contains(&day)
        || hour > 23
        || minute > 59
        || second > 59
    {
        return None;
    }
    let seconds = days_from_civil(year, month, day) * 86_400 + hour * 3600 + minute * 60 + second
        - offset_minutes * 60;
    let (days, secs) = (seconds.div_euclid(86_400), seconds.rem_euclid(86_400));
    let (y, m, d) = civil_from_days(days);
    Some(format!(
        "{y:04}-{m:02}-{d:02}T{:02}:{:02}:{:02}Z",
        secs / 3600,
        secs / 60 % 60,
        secs % 60
    ))
}

/// Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's algorithm).
fn days_from_civil(year: i64, month: i64, day: i64) -> i64 {
    let y = if month <= 2 { year - 1 } else { year };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (month + 9) % 12;
    let doy = (153 * mp + 2) / 5 + day - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

fn civil_from_days(days: i64) -> (i64, i64, i64) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    (year, month, day)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::go::json::{self, Style};

    fn encoded(text: &str, ty: &'static Type) -> Result<String, String> {
        let value = json::parse(text.as_bytes()).unwrap();
        round_trip(&value, ty)
            .map(|v| json::write(&v, Style::COMPACT))
            .map_err(|d| d.message)
    }

    #[test]
    fn secrets_come_back_as_the_go_type_writes_them() {
        let input = r#"{"extra":1,"type":"Opaque","data":{"b":"dTpwdx==","a":"eA=="},"metadata":{"labels":{},"annotations":{"z":"1","a":"2"},"name":"s","creationTimestamp":"2024-05-01T12:00:00.5+02:00","managedFields":[{}]},"kind":"Secret","apiVersion":"v1","immutable":false,"status":{}}"#;
        assert_eq!(
            encoded(input, &SECRET).unwrap(),
            r#"{"kind":"Secret","apiVersion":"v1","metadata":{"name":"s","creationTimestamp":"2024-05-01T10:00:00Z","annotations":{"a":"2","z":"1"}},"immutable":false,"data":{"a":"eA==","b":"dTpwdw=="},"type":"Opaque"}"#
        );
    }

    #[test]
    fn wrong_types_are_decoder_errors() {
        assert_eq!(
            encoded(r#"{"data":"x"}"#, &SECRET).unwrap_err(),
            "json: cannot unmarshal string into Go struct field Secret.data of type map[string][]byte"
        );
        assert_eq!(
            encoded(r#"{"type":5}"#, &SECRET).unwrap_err(),
            "json: cannot unmarshal number into Go struct field Secret.type of type string"
        );
        assert_eq!(
            encoded(r#"{"metadata":{"labels":{"a":1}}}"#, &SECRET).unwrap_err(),
            "json: cannot unmarshal number into Go struct field ObjectMeta.metadata.labels.a of type string"
        );
        assert_eq!(
            encoded(r#"{"data":{"k":"e30"}}"#, &SECRET).unwrap_err(),
            "illegal base64 data at input byte 0"
        );
    }

    #[test]
    fn rolebindings_in_struct_order() {
        let input = r#"{"roleRef":{"name":"r","kind":"ClusterRole","apiGroup":"rbac.authorization.k8s.io"},"subjects":[{"name":"a","kind":"User","apiGroup":"rbac.authorization.k8s.io"}],"metadata":{"name":"b"},"apiVersion":"rbac.authorization.k8s.io/v1","kind":"RoleBinding"}"#;
        assert_eq!(
            encoded(input, &ROLE_BINDING).unwrap(),
            r#"{"kind":"RoleBinding","apiVersion":"rbac.authorization.k8s.io/v1","metadata":{"name":"b"},"subjects":[{"kind":"User","apiGroup":"rbac.authorization.k8s.io","name":"a"}],"roleRef":{"apiGroup":"rbac.authorization.k8s.io","kind":"ClusterRole","name":"r"}}"#
        );
    }

    #[test]
    fn times_in_utc_to_the_second() {
        for (text, utc) in [
            ("2024-05-01T10:00:00Z", "2024-05-01T10:00:00Z"),
            ("2024-01-01T00:30:00+01:00", "2023-12-31T23:30:00Z"),
            ("2024-02-28T23:00:00.999-02:00", "2024-02-29T01:00:00Z"),
        ] {
            assert_eq!(utc_seconds(text).as_deref(), Some(utc), "{text}");
        }
        assert_eq!(utc_seconds("yesterday"), None);
    }
}
