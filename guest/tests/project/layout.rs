//! The house rules that a reader relies on: the guest's modules import only downwards (no
//! file or folder imports one that imports it back), and the product stands on its own,
//! pointing nowhere outside the project.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

fn files(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap_or_else(|e| panic!("{}: {e}", dir.display())) {
        let path = entry.expect("a directory entry").path();
        if path.is_dir() {
            files(&path, out);
        } else {
            out.push(path);
        }
    }
}

/// `guest/src/consumers/node.rs` → `consumers::node`; `mod.rs` names its folder.
fn module_of(src: &Path, file: &Path) -> String {
    let relative = file
        .strip_prefix(src)
        .expect("under src")
        .with_extension("");
    let mut parts: Vec<String> = relative
        .components()
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .collect();
    if parts.last().is_some_and(|p| p == "mod" || p == "lib") {
        parts.pop();
    }
    parts.join("::")
}

/// The `crate::` and `super::` paths a file's `use` lines name, as modules.
fn imports(module: &str, is_mod_rs: bool, text: &str) -> BTreeSet<String> {
    let mut out = BTreeSet::new();
    for line in text.lines().map(str::trim) {
        let Some(path) = line.strip_prefix("use ") else {
            continue;
        };
        let path = path.trim_end_matches(';');
        let absolute = if let Some(rest) = path.strip_prefix("crate::") {
            rest.to_owned()
        } else if let Some(rest) = path.strip_prefix("super::") {
            let mut parent: Vec<&str> = module.split("::").collect();
            if !is_mod_rs {
                parent.pop();
            }
            format!("{}::{rest}", parent.join("::"))
                .trim_start_matches("::")
                .to_owned()
        } else {
            continue;
        };
        // `checks::pitfalls::{self, X}` imports `checks::pitfalls`; `input::{document, key}`
        // imports both.
        let (base, group) = match absolute.split_once("::{") {
            Some((base, group)) => (base.to_owned(), Some(group.trim_end_matches('}'))),
            None => (absolute.clone(), None),
        };
        match group {
            Some(group) => {
                for item in group.split(',').map(str::trim) {
                    let item = item.split("::").next().unwrap_or(item);
                    out.insert(if item == "self" {
                        base.clone()
                    } else {
                        format!("{base}::{item}")
                    });
                }
            }
            None => {
                out.insert(base);
            }
        }
    }
    out
}

/// A cycle among `graph`'s nodes, if there is one.
fn cycle(graph: &BTreeMap<String, BTreeSet<String>>) -> Option<Vec<String>> {
    fn visit(
        node: &str,
        graph: &BTreeMap<String, BTreeSet<String>>,
        path: &mut Vec<String>,
        done: &mut BTreeSet<String>,
    ) -> Option<Vec<String>> {
        if let Some(i) = path.iter().position(|n| n == node) {
            return Some(path[i..].to_vec());
        }
        if done.contains(node) {
            return None;
        }
        path.push(node.to_owned());
        for next in graph.get(node).into_iter().flatten() {
            if let Some(found) = visit(next, graph, path, done) {
                return Some(found);
            }
        }
        path.pop();
        done.insert(node.to_owned());
        None
    }
    let mut done = BTreeSet::new();
    graph
        .keys()
        .find_map(|node| visit(node, graph, &mut Vec::new(), &mut done))
}

#[test]
fn guest_imports_point_only_downwards() {
    let src = root().join("guest/src");
    let mut all = Vec::new();
    files(&src, &mut all);
    let modules: BTreeSet<String> = all.iter().map(|f| module_of(&src, f)).collect();
    // Each file's imports, resolved to the longest module path that exists.
    let resolve = |path: &str| {
        let mut parts: Vec<&str> = path.split("::").collect();
        while !parts.is_empty() && !modules.contains(&parts.join("::")) {
            parts.pop();
        }
        parts.join("::")
    };
    let mut files_graph: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    let mut folders_graph: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for file in &all {
        let module = module_of(&src, file);
        if module == "component" {
            continue; // the WIT door imports everything, and nothing imports it
        }
        let is_mod_rs = file.file_name().is_some_and(|n| n == "mod.rs");
        let text = std::fs::read_to_string(file).expect("readable");
        for target in imports(&module, is_mod_rs, &text)
            .iter()
            .map(|p| resolve(p))
        {
            if target.is_empty() || target == module || module.starts_with(&format!("{target}::")) {
                continue;
            }
            files_graph
                .entry(module.clone())
                .or_default()
                .insert(target.clone());
            let (from, to) = (
                module.split("::").next().unwrap_or_default().to_owned(),
                target.split("::").next().unwrap_or_default().to_owned(),
            );
            if from != to && !from.is_empty() {
                folders_graph.entry(from).or_default().insert(to);
            }
        }
    }
    assert!(
        files_graph.len() > 20,
        "the import scan found too little: {files_graph:#?}"
    );
    assert_eq!(cycle(&files_graph), None, "an import circle between files");
    assert_eq!(
        cycle(&folders_graph),
        None,
        "an import circle between folders"
    );
}

#[test]
fn the_cycle_check_can_fail() {
    let graph: BTreeMap<String, BTreeSet<String>> = [
        ("a".to_owned(), ["b".to_owned()].into()),
        ("b".to_owned(), ["a".to_owned()].into()),
    ]
    .into();
    assert_eq!(cycle(&graph), Some(vec!["a".to_owned(), "b".to_owned()]));
}

#[test]
fn the_product_points_nowhere_outside_the_project() {
    let root = root();
    let mut all = Vec::new();
    for dir in [
        "guest/src",
        "host/src",
        "host/benches",
        "docs",
        "wit",
        "policies",
        "examples",
        ".ci",
    ] {
        files(&root.join(dir), &mut all);
    }
    for file in [
        "README.md",
        "Cargo.toml",
        "host/build.rs",
        "guest/Cargo.toml",
        "host/Cargo.toml",
    ] {
        all.push(root.join(file));
    }
    let mut found = Vec::new();
    for file in &all {
        let text = std::fs::read_to_string(file).unwrap_or_default();
        for (n, line) in text.lines().enumerate() {
            if ["shared/", "specs/", "§"].iter().any(|p| line.contains(p)) {
                found.push(format!("{}:{}: {line}", file.display(), n + 1));
            }
        }
    }
    assert!(found.is_empty(), "{found:#?}");
}
