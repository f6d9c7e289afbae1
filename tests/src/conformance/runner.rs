//! The Rust host of the conformance suite: the component loaded with wasmtime's dynamic
//! component API, each case's arguments converted to `Val`s by the function's parameter
//! types, the result converted back to the README's JSON encoding by its result type.

use serde_json::{Map, Value, json};
use wasmtime::component::{Component, Func, Instance, Linker, ResourceAny, Type, Val};
use wasmtime::{Engine, Store};

use super::{Case, bytes_json, json_bytes};

/// The compiled component; every case gets a fresh instance.
pub struct Runner {
    engine: Engine,
    component: Component,
    linker: Linker<()>,
    /// `INTERFACE` -> the export name (`pullsecret:core/INTERFACE@VERSION`).
    interfaces: Vec<(String, String)>,
}

/// One instance and the resources made for the call under way.
struct Session {
    store: Store<()>,
    instance: Instance,
    interfaces: Vec<(String, String)>,
}

impl Runner {
    /// Compiles the component bytes.
    pub fn new(wasm: &[u8]) -> Result<Self, String> {
        let mut config = wasmtime::Config::new();
        config.wasm_component_model(true);
        let engine = Engine::new(&config).map_err(|e| e.to_string())?;
        let component = Component::new(&engine, wasm).map_err(|e| format!("{e:#}"))?;
        let interfaces = component
            .component_type()
            .exports(&engine)
            .filter_map(|(name, _)| {
                let short = name.split_once('/')?.1;
                let short = short.split_once('@').map_or(short, |(s, _)| s);
                Some((short.to_owned(), name.to_owned()))
            })
            .collect();
        Ok(Runner {
            linker: Linker::new(&engine),
            engine,
            component,
            interfaces,
        })
    }

    /// The case's call, its return value encoded as the README says.
    pub fn call(&self, case: &Case) -> Result<Value, String> {
        let mut store = Store::new(&self.engine, ());
        let instance = self
            .linker
            .instantiate(&mut store, &self.component)
            .map_err(|e| format!("instantiating: {e:#}"))?;
        let mut session = Session {
            store,
            instance,
            interfaces: self.interfaces.clone(),
        };
        let (interface, function) = case
            .call
            .split_once('.')
            .ok_or_else(|| format!("call {:?} is not INTERFACE.FUNCTION", case.call))?;
        let func = session.func(interface, function)?;
        session.call(func, &case.args)
    }
}

impl Session {
    fn func(&mut self, interface: &str, function: &str) -> Result<Func, String> {
        let export = self
            .interfaces
            .iter()
            .find(|(short, _)| short == interface)
            .map(|(_, full)| full.clone())
            .ok_or_else(|| format!("the component exports no interface {interface}"))?;
        let index = self
            .instance
            .get_export_index(&mut self.store, None, &export)
            .ok_or_else(|| format!("no export {export}"))?;
        let func_index = self
            .instance
            .get_export_index(&mut self.store, Some(&index), function)
            .ok_or_else(|| format!("{export} has no function {function}"))?;
        self.instance
            .get_func(&mut self.store, func_index)
            .ok_or_else(|| format!("{export}#{function} is not a function"))
    }

    /// Calls `func` with JSON arguments; resources made for them are dropped afterwards.
    fn call(&mut self, func: Func, args: &[Value]) -> Result<Value, String> {
        let ty = func.ty(&self.store);
        let params: Vec<(String, Type)> = ty.params().map(|(n, t)| (n.to_owned(), t)).collect();
        let results: Vec<Type> = ty.results().collect();
        if params.len() != args.len() {
            return Err(format!(
                "{} arguments for {} parameters",
                args.len(),
                params.len()
            ));
        }
        let mut made = Vec::new();
        let mut vals = Vec::new();
        for ((name, ty), arg) in params.iter().zip(args) {
            let val = self
                .encode_arg(arg, ty, &mut made)
                .map_err(|e| format!("argument {name}: {e}"))?;
            vals.push(val);
        }
        let mut out = vec![Val::Bool(false); results.len()];
        let outcome = func
            .call(&mut self.store, &vals, &mut out)
            .map_err(|e| format!("trap: {e:#}"));
        for resource in made {
            resource
                .resource_drop(&mut self.store)
                .map_err(|e| format!("dropping an argument's resource: {e:#}"))?;
        }
        outcome?;
        match (out.pop(), results.last()) {
            (Some(val), Some(ty)) if out.is_empty() => self.decode_result(val, ty),
            (None, None) => Ok(Value::Null),
            _ => Err("functions with several results are not in the contract".into()),
        }
    }

    /// Calls a function that makes a resource (`$config`, `$policy`, `$policy-file`).
    fn make(&mut self, interface: &str, function: &str, args: &[Value]) -> Result<Val, String> {
        let func = self.func(interface, function)?;
        let ty = func.ty(&self.store);
        let params: Vec<Type> = ty.params().map(|(_, t)| t).collect();
        let mut made = Vec::new();
        let vals = params
            .iter()
            .zip(args)
            .map(|(t, a)| self.encode_arg(a, t, &mut made))
            .collect::<Result<Vec<_>, _>>()?;
        let mut out = vec![Val::Bool(false)];
        func.call(&mut self.store, &vals, &mut out)
            .map_err(|e| format!("trap making a resource: {e:#}"))?;
        match out.pop() {
            Some(Val::Result(Ok(Some(v)))) | Some(Val::Option(Some(v))) => match *v {
                Val::Resource(r) => Ok(Val::Resource(r)),
                other => Err(format!("{interface}#{function} gave {other:?}")),
            },
            other => Err(format!(
                "{interface}#{function}({}) did not succeed: {other:?}",
                Value::Array(args.to_vec())
            )),
        }
    }

    fn resource_arg(&mut self, json: &Value) -> Result<Val, String> {
        if let Some(c) = json.get("$config") {
            return self.make(
                "config",
                "parse-one",
                &[c["source"].clone(), c["bytes"].clone(), c["forced"].clone()],
            );
        }
        if let Some(name) = json.get("$policy") {
            return self.make(
                "policy",
                "[static]policy.builtin",
                std::slice::from_ref(name),
            );
        }
        if let Some(p) = json.get("$policy-file") {
            return self.make(
                "policy",
                "[static]policy.parse",
                &[p["source"].clone(), p["bytes"].clone()],
            );
        }
        Err(format!(
            "a resource argument must be $config, $policy or $policy-file: {json}"
        ))
    }

    fn encode_arg(
        &mut self,
        json: &Value,
        ty: &Type,
        made: &mut Vec<ResourceAny>,
    ) -> Result<Val, String> {
        let wrong = || format!("{json} is not a {ty:?}");
        let int = || json.as_i64().ok_or_else(wrong);
        let uint = || json.as_u64().ok_or_else(wrong);
        let narrow = |e: std::num::TryFromIntError| format!("{json}: {e}");
        Ok(match ty {
            Type::Bool => Val::Bool(json.as_bool().ok_or_else(wrong)?),
            Type::S8 => Val::S8(int()?.try_into().map_err(narrow)?),
            Type::S16 => Val::S16(int()?.try_into().map_err(narrow)?),
            Type::S32 => Val::S32(int()?.try_into().map_err(narrow)?),
            Type::S64 => Val::S64(int()?),
            Type::U8 => Val::U8(uint()?.try_into().map_err(narrow)?),
            Type::U16 => Val::U16(uint()?.try_into().map_err(narrow)?),
            Type::U32 => Val::U32(uint()?.try_into().map_err(narrow)?),
            Type::U64 => Val::U64(uint()?),
            Type::String => Val::String(json.as_str().ok_or_else(wrong)?.to_owned()),
            Type::Char => {
                let text = json.as_str().ok_or_else(wrong)?;
                let mut chars = text.chars();
                match (chars.next(), chars.next()) {
                    (Some(c), None) => Val::Char(c),
                    _ => return Err(wrong()),
                }
            }
            Type::List(list) => match list.ty() {
                Type::U8 => Val::List(json_bytes(json)?.into_iter().map(Val::U8).collect()),
                element => Val::List(
                    json.as_array()
                        .ok_or_else(wrong)?
                        .iter()
                        .map(|j| self.encode_arg(j, &element, made))
                        .collect::<Result<_, _>>()?,
                ),
            },
            Type::Record(record) => {
                let object = json.as_object().ok_or_else(wrong)?;
                let mut fields = Vec::new();
                for field in record.fields() {
                    let value = object
                        .get(field.name)
                        .ok_or_else(|| format!("record {json} lacks field {}", field.name))?;
                    fields.push((
                        field.name.to_owned(),
                        self.encode_arg(value, &field.ty, made)?,
                    ));
                }
                if let Some(extra) = object
                    .keys()
                    .find(|k| !fields.iter().any(|(name, _)| name == *k))
                {
                    return Err(format!("record {json} has no field {extra}"));
                }
                Val::Record(fields)
            }
            Type::Tuple(tuple) => {
                let items = json.as_array().ok_or_else(wrong)?;
                if items.len() != tuple.types().len() {
                    return Err(wrong());
                }
                Val::Tuple(
                    tuple
                        .types()
                        .zip(items)
                        .map(|(t, j)| self.encode_arg(j, &t, made))
                        .collect::<Result<_, _>>()?,
                )
            }
            Type::Variant(variant) => {
                let tag = json["tag"].as_str().ok_or_else(wrong)?;
                let case = variant.cases().find(|c| c.name == tag).ok_or_else(wrong)?;
                let payload = match (case.ty, json.get("val")) {
                    (Some(t), Some(v)) => Some(Box::new(self.encode_arg(v, &t, made)?)),
                    (None, None) => None,
                    _ => return Err(wrong()),
                };
                Val::Variant(tag.to_owned(), payload)
            }
            Type::Enum(names) => {
                let name = json.as_str().ok_or_else(wrong)?;
                if !names.names().any(|n| n == name) {
                    return Err(wrong());
                }
                Val::Enum(name.to_owned())
            }
            Type::Option(option) => match json {
                Value::Null => Val::Option(None),
                some => Val::Option(Some(Box::new(self.encode_arg(some, &option.ty(), made)?))),
            },
            Type::Result(result) => {
                let side = |t: Option<Type>, v: &Value, this: &mut Self, made: &mut _| match t {
                    Some(t) => this.encode_arg(v, &t, made).map(|v| Some(Box::new(v))),
                    None if v.is_null() => Ok(None),
                    None => Err(wrong()),
                };
                match (json.get("ok"), json.get("err")) {
                    (Some(v), None) => Val::Result(Ok(side(result.ok(), v, self, made)?)),
                    (None, Some(v)) => Val::Result(Err(side(result.err(), v, self, made)?)),
                    _ => return Err(wrong()),
                }
            }
            Type::Borrow(_) | Type::Own(_) => {
                let val = self.resource_arg(json)?;
                if let Val::Resource(r) = &val {
                    made.push(*r);
                }
                val
            }
            other => return Err(format!("{other:?} is not used by the contract")),
        })
    }

    fn decode_result(&mut self, val: Val, ty: &Type) -> Result<Value, String> {
        let mismatch = |val: &Val| format!("{val:?} returned for a {ty:?}");
        Ok(match (val, ty) {
            (Val::Bool(b), _) => json!(b),
            (Val::S8(n), _) => json!(n),
            (Val::S16(n), _) => json!(n),
            (Val::S32(n), _) => json!(n),
            (Val::S64(n), _) => json!(n),
            (Val::U8(n), _) => json!(n),
            (Val::U16(n), _) => json!(n),
            (Val::U32(n), _) => json!(n),
            (Val::U64(n), _) => json!(n),
            (Val::Char(c), _) => json!(c.to_string()),
            (Val::String(s), _) => json!(s),
            (Val::List(items), Type::List(list)) => match list.ty() {
                Type::U8 => {
                    let bytes = items
                        .into_iter()
                        .map(|v| match v {
                            Val::U8(b) => Ok(b),
                            other => Err(mismatch(&other)),
                        })
                        .collect::<Result<Vec<u8>, _>>()?;
                    bytes_json(&bytes)
                }
                element => Value::Array(
                    items
                        .into_iter()
                        .map(|v| self.decode_result(v, &element))
                        .collect::<Result<_, _>>()?,
                ),
            },
            (Val::Record(fields), Type::Record(record)) => {
                let types: Vec<(String, Type)> =
                    record.fields().map(|f| (f.name.to_owned(), f.ty)).collect();
                let mut object = Map::new();
                for ((name, value), (_, t)) in fields.into_iter().zip(&types) {
                    let value = self.decode_result(value, t)?;
                    object.insert(name, value);
                }
                Value::Object(object)
            }
            (Val::Tuple(items), Type::Tuple(tuple)) => Value::Array(
                items
                    .into_iter()
                    .zip(tuple.types())
                    .map(|(v, t)| self.decode_result(v, &t))
                    .collect::<Result<_, _>>()?,
            ),
            (Val::Variant(tag, payload), Type::Variant(variant)) => {
                let case_ty = variant.cases().find(|c| c.name == tag).and_then(|c| c.ty);
                match (payload, case_ty) {
                    (Some(v), Some(t)) => json!({"tag": tag, "val": self.decode_result(*v, &t)?}),
                    _ => json!({ "tag": tag }),
                }
            }
            (Val::Enum(name), _) => json!(name),
            (Val::Option(None), _) => Value::Null,
            (Val::Option(Some(v)), Type::Option(option)) => self.decode_result(*v, &option.ty())?,
            (Val::Result(outcome), Type::Result(result)) => {
                let (key, payload, t) = match outcome {
                    Ok(v) => ("ok", v, result.ok()),
                    Err(v) => ("err", v, result.err()),
                };
                let value = match (payload, t) {
                    (Some(v), Some(t)) => self.decode_result(*v, &t)?,
                    _ => Value::Null,
                };
                json!({ key: value })
            }
            (Val::Resource(resource), Type::Own(_)) => self.docker_config(resource)?,
            (val, _) => return Err(mismatch(&val)),
        })
    }

    /// A returned `docker-config`, as the values of its methods (README), then dropped.
    fn docker_config(&mut self, resource: ResourceAny) -> Result<Value, String> {
        let mut object = Map::new();
        for method in ["format", "source", "secret", "entries"] {
            let func = self.func("config", &format!("[method]docker-config.{method}"))?;
            let ty = func.ty(&self.store);
            let param = ty.params().next().map(|(_, t)| t);
            if !matches!(param, Some(Type::Borrow(t)) if t == resource.ty()) {
                return Err("a returned resource that is not a docker-config".into());
            }
            let result_ty = ty.results().next().ok_or("a method without a result")?;
            let mut out = vec![Val::Bool(false)];
            func.call(&mut self.store, &[Val::Resource(resource)], &mut out)
                .map_err(|e| format!("trap in docker-config.{method}: {e:#}"))?;
            let value = out.pop().ok_or("no result")?;
            object.insert(method.to_owned(), self.decode_result(value, &result_ty)?);
        }
        resource
            .resource_drop(&mut self.store)
            .map_err(|e| format!("dropping a docker-config: {e:#}"))?;
        Ok(Value::Object(object))
    }
}
