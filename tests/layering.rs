//! The module structure of `grouper-core` has no import cycle: data flows one way, from the
//! tables through grouping (and payment) to the printers. Checked on the source text: every
//! `crate::…` and `super::…` path in a file is an edge to the module file it names; the graph
//! of files, and the graph of top-level modules, must both be acyclic.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

fn source_root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("grouper-core/src")
}

/// Module path of a source file: `grouping/hac.rs` -> ["grouping", "hac"], `lib.rs` -> [].
fn module_of(file: &Path) -> Vec<String> {
    let rel = file.strip_prefix(source_root()).expect("under src");
    let mut parts: Vec<String> = rel
        .iter()
        .map(|p| p.to_string_lossy().into_owned())
        .collect();
    let last = parts.pop().expect("file name");
    match last.as_str() {
        "lib.rs" | "mod.rs" => {}
        name => parts.push(name.trim_end_matches(".rs").to_string()),
    }
    parts
}

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).expect("read src") {
        let path = entry.expect("entry").path();
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

/// The longest known module that `path` (module segments) starts with.
fn resolve(path: &[String], modules: &BTreeSet<Vec<String>>) -> Option<Vec<String>> {
    (0..=path.len())
        .rev()
        .map(|n| path[..n].to_vec())
        .find(|p| modules.contains(p))
}

/// Edges file module -> imported module, from `crate::` and `super::` paths outside tests.
fn edges(modules: &BTreeSet<Vec<String>>) -> BTreeMap<Vec<String>, BTreeSet<Vec<String>>> {
    let mut files = Vec::new();
    rust_files(&source_root(), &mut files);
    let mut graph: BTreeMap<Vec<String>, BTreeSet<Vec<String>>> = BTreeMap::new();
    for file in files {
        let module = module_of(&file);
        let is_mod_file = file.ends_with("mod.rs") || file.ends_with("lib.rs");
        let text = std::fs::read_to_string(&file).expect("source");
        let code = text.split("#[cfg(test)]").next().unwrap_or_default();
        for line in code
            .lines()
            .map(|l| l.split("//").next().unwrap_or_default())
        {
            for (start, _) in line
                .match_indices("crate::")
                .chain(line.match_indices("super::"))
            {
                let rest = &line[start..];
                let segments: Vec<String> = rest
                    .split("::")
                    .take_while(|s| !s.is_empty())
                    .map(|s| {
                        s.chars()
                            .take_while(|c| c.is_alphanumeric() || *c == '_')
                            .collect()
                    })
                    .take_while(|s: &String| !s.is_empty() && s.starts_with(char::is_lowercase))
                    .collect();
                let Some((head, tail)) = segments.split_first() else {
                    continue;
                };
                let mut target = match head.as_str() {
                    "crate" => Vec::new(),
                    "super" if is_mod_file => module[..module.len().saturating_sub(1)].to_vec(),
                    "super" => module[..module.len() - 1].to_vec(),
                    _ => continue,
                };
                target.extend(tail.iter().cloned());
                if let Some(m) = resolve(&target, modules) {
                    if m != module && !module.starts_with(&m) {
                        graph.entry(module.clone()).or_default().insert(m);
                    }
                }
            }
        }
    }
    graph
}

fn find_cycle(graph: &BTreeMap<Vec<String>, BTreeSet<Vec<String>>>) -> Option<Vec<Vec<String>>> {
    fn visit(
        node: &Vec<String>,
        graph: &BTreeMap<Vec<String>, BTreeSet<Vec<String>>>,
        stack: &mut Vec<Vec<String>>,
        done: &mut BTreeSet<Vec<String>>,
    ) -> Option<Vec<Vec<String>>> {
        if let Some(i) = stack.iter().position(|n| n == node) {
            return Some(stack[i..].to_vec());
        }
        if done.contains(node) {
            return None;
        }
        stack.push(node.clone());
        for next in graph.get(node).into_iter().flatten() {
            if let Some(c) = visit(next, graph, stack, done) {
                return Some(c);
            }
        }
        stack.pop();
        done.insert(node.clone());
        None
    }
    let mut done = BTreeSet::new();
    graph
        .keys()
        .find_map(|n| visit(n, graph, &mut Vec::new(), &mut done))
}

fn all_modules() -> BTreeSet<Vec<String>> {
    let mut files = Vec::new();
    rust_files(&source_root(), &mut files);
    files.iter().map(|f| module_of(f)).collect()
}

#[test]
fn no_import_cycle_between_module_files() {
    let modules = all_modules();
    let graph = edges(&modules);
    assert!(graph.len() > 20, "too few modules seen: {graph:?}");
    if let Some(cycle) = find_cycle(&graph) {
        panic!("import cycle: {}", render(&cycle));
    }
}

#[test]
fn no_import_cycle_between_top_level_modules() {
    let modules = all_modules();
    let mut top: BTreeMap<Vec<String>, BTreeSet<Vec<String>>> = BTreeMap::new();
    for (from, tos) in edges(&modules) {
        for to in tos {
            let (a, b) = (
                from[..1.min(from.len())].to_vec(),
                to[..1.min(to.len())].to_vec(),
            );
            if a != b && !a.is_empty() && !b.is_empty() {
                top.entry(a).or_default().insert(b);
            }
        }
    }
    // The two flows and the printers: io reads grouping and payment, never the reverse.
    let io = vec!["io".to_string()];
    assert!(top
        .get(&io)
        .is_some_and(|t| t.contains(&vec!["grouping".to_string()])));
    if let Some(cycle) = find_cycle(&top) {
        panic!("import cycle between top-level modules: {}", render(&cycle));
    }
}

fn render(cycle: &[Vec<String>]) -> String {
    cycle
        .iter()
        .map(|m| format!("crate::{}", m.join("::")))
        .collect::<Vec<_>>()
        .join(" -> ")
}
