//! YAML manifests read into the JSON model, for the manifests users hand us (`oc get -o yaml`
//! output). Positions are not kept: findings inside YAML say which Secret and data key.

use yaml_rust2::{Yaml, YamlLoader};

use crate::diagnostic::{Code, Diagnostic, Error};
use crate::go::json::{Kind, Member, Value};

pub fn load(bytes: &[u8]) -> Result<Vec<Value>, Error> {
    let text = std::str::from_utf8(bytes).map_err(|e| {
        Diagnostic::new(
            Code::InvalidYaml,
            format!("not UTF-8 at byte {}", e.valid_up_to()),
        )
    })?;
    let docs = YamlLoader::load_from_str(text).map_err(|e| {
        let mark = e.marker();
        Diagnostic::new(
            Code::InvalidYaml,
            format!("neither JSON nor valid YAML: {}", e.info()),
        )
        .at(format!("{}:{}", mark.line(), mark.col() + 1))
    })?;
    docs.iter().map(|d| convert(d, 0)).collect()
}

fn convert(yaml: &Yaml, depth: usize) -> Result<Value, Error> {
    if depth > 256 {
        return Err(Diagnostic::new(Code::InvalidYaml, "nesting is too deep").into());
    }
    let kind = match yaml {
        Yaml::Null | Yaml::BadValue | Yaml::Alias(_) => Kind::Null,
        Yaml::Boolean(b) => Kind::Bool(*b),
        Yaml::Integer(i) => Kind::Number(i.to_string()),
        Yaml::Real(r) => Kind::Number(r.clone()),
        Yaml::String(s) => Kind::String(s.clone()),
        Yaml::Array(items) => Kind::Array(
            items
                .iter()
                .map(|i| convert(i, depth + 1))
                .collect::<Result<_, _>>()?,
        ),
        Yaml::Hash(map) => Kind::Object(
            map.iter()
                .map(|(k, v)| {
                    let name = match k {
                        Yaml::String(s) | Yaml::Real(s) => s.clone(),
                        Yaml::Integer(i) => i.to_string(),
                        Yaml::Boolean(b) => b.to_string(),
                        _ => String::new(),
                    };
                    Ok(Member {
                        name,
                        offset: 0,
                        value: convert(v, depth + 1)?,
                    })
                })
                .collect::<Result<_, Error>>()?,
        ),
    };
    Ok(Value::new(kind))
}
