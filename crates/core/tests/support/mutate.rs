//! Edits of JSON documents for the fuzz suite: one node replaced by any text,
//! an array grown or shrunk, a field removed.

use proptest::sample::Index;
use serde_json::Value;

/// Every node of a JSON value (not the root), as paths of keys and indices.
fn paths(v: &Value, prefix: &mut Vec<Value>, out: &mut Vec<Vec<Value>>) {
    let children: Vec<(Value, &Value)> = match v {
        Value::Object(o) => o
            .iter()
            .map(|(k, c)| (Value::from(k.as_str()), c))
            .collect(),
        Value::Array(a) => a
            .iter()
            .enumerate()
            .map(|(i, c)| (Value::from(i), c))
            .collect(),
        _ => return,
    };
    for (key, child) in children {
        prefix.push(key);
        out.push(prefix.clone());
        paths(child, prefix, out);
        prefix.pop();
    }
}

/// The node at `path`.
fn node<'a>(v: &'a mut Value, path: &[Value]) -> &'a mut Value {
    path.iter().fold(v, |v, k| match k {
        Value::String(s) => &mut v[s.as_str()],
        k => &mut v[k.as_u64().unwrap() as usize],
    })
}

/// `json` with one node replaced by `raw` (any text, even text no JSON
/// writer would produce, such as `NaN` or `1e999`).
pub fn with_node(json: &str, pick: Index, raw: &str) -> String {
    let mut v: Value = serde_json::from_str(json).unwrap();
    let mut all = Vec::new();
    paths(&v, &mut Vec::new(), &mut all);
    *node(&mut v, &all[pick.index(all.len())]) = Value::from("@@MUTATED@@");
    v.to_string().replace("\"@@MUTATED@@\"", raw)
}

/// `json` with one array grown or shrunk, or one field removed.
pub fn reshaped(json: &str, pick: Index, how: u8) -> String {
    let mut v: Value = serde_json::from_str(json).unwrap();
    let mut all = Vec::new();
    paths(&v, &mut Vec::new(), &mut all);
    let path = &all[pick.index(all.len())];
    match (how % 3, node(&mut v, path)) {
        (0, Value::Array(a)) => a.push(Value::from(0.25)),
        (1, Value::Array(a)) => drop(a.pop()),
        (_, _) => {
            let (last, parent) = path.split_last().unwrap();
            if let (Value::Object(o), Some(k)) = (node(&mut v, parent), last.as_str()) {
                o.remove(k);
            }
        }
    }
    v.to_string()
}
