//! Recursive types: a type that contains itself by value (not through a `Vec` or map) has infinite
//! size. Every by-value reference inside a strongly connected component of the containment graph
//! is boxed. A cycle made only of aliases (`A: {$ref: B}`, `B: {$ref: A}`) describes no value at
//! all and is reported.

use petgraph::algo::tarjan_scc;
use petgraph::graph::{DiGraph, NodeIndex};

use crate::diagnostic::Diagnostic;
use crate::ir::{Api, Shape, TypeId, TypeKind, TypeRef};
use crate::load::{DocId, Spec};

/// Boxes every by-value reference that closes a cycle; returns diagnostics for alias-only cycles.
/// `origin_docs[id]` is the document a type's `origin` pointer is in.
pub(super) fn box_cycles(api: &mut Api, spec: &Spec, origin_docs: &[DocId]) -> Vec<Diagnostic> {
    let mut graph: DiGraph<(), ()> = DiGraph::with_capacity(api.types.len(), api.types.len());
    let nodes: Vec<NodeIndex> = api.types.iter().map(|_| graph.add_node(())).collect();
    for (index, def) in api.types.iter().enumerate() {
        for_each_by_value(&def.kind, &mut |id| {
            graph.add_edge(nodes[index], nodes[id.0], ());
        });
    }
    let mut component_of = vec![usize::MAX; api.types.len()];
    let mut errors = Vec::new();
    for (component, members) in tarjan_scc(&graph).into_iter().enumerate() {
        let cyclic = members.len() > 1 || graph.contains_edge(members[0], members[0]);
        if !cyclic {
            continue;
        }
        for node in &members {
            component_of[node.index()] = component;
        }
        let mut ids: Vec<usize> = members.iter().map(|n| n.index()).collect();
        ids.sort_unstable();
        if ids.iter().all(|&i| matches!(api.types[i].kind, TypeKind::Alias(_))) {
            let first = &api.types[ids[0]];
            let doc = origin_docs.get(ids[0]).copied().unwrap_or(DocId::ROOT);
            let cycle = alias_cycle(api, TypeId(ids[0])).join(" → ");
            errors.push(
                spec.diagnostic(doc, &first.origin, format!("`$ref` cycle with no object in between: {cycle}"))
                    .with_help("a schema cannot be only a reference to itself; give the cycle an object or array"),
            );
        }
    }
    for index in 0..api.types.len() {
        let component = component_of[index];
        if component == usize::MAX {
            continue;
        }
        let kind = &mut api.types[index].kind;
        for_each_by_value_mut(kind, &mut |ty| {
            if let TypeRef::Named { id, boxed } = ty {
                if component_of[id.0] == component {
                    *boxed = true;
                }
            }
        });
    }
    errors
}

/// The names along a cycle of aliases from `start` back to it.
fn alias_cycle(api: &Api, start: TypeId) -> Vec<&str> {
    let mut names = vec![api.types[start.0].name.as_str()];
    let mut current = start;
    while let TypeKind::Alias(Shape { ty: TypeRef::Named { id, .. }, .. }) = &api.types[current.0].kind {
        names.push(api.types[id.0].name.as_str());
        if *id == start || names.len() > api.types.len() {
            break;
        }
        current = *id;
    }
    names
}

fn for_each_by_value(kind: &TypeKind, visit: &mut impl FnMut(TypeId)) {
    let mut visit_shape = |shape: &Shape| {
        if let TypeRef::Named { id, .. } = shape.ty {
            visit(id);
        }
    };
    match kind {
        TypeKind::Struct(def) => def.fields.iter().for_each(|f| visit_shape(&f.shape)),
        TypeKind::Union(def) => def.variants.iter().for_each(|v| visit_shape(&v.shape)),
        TypeKind::Alias(shape) => visit_shape(shape),
        TypeKind::StringEnum(_) => {}
    }
}

fn for_each_by_value_mut(kind: &mut TypeKind, visit: &mut impl FnMut(&mut TypeRef)) {
    match kind {
        TypeKind::Struct(def) => def.fields.iter_mut().for_each(|f| visit(&mut f.shape.ty)),
        TypeKind::Union(def) => def.variants.iter_mut().for_each(|v| visit(&mut v.shape.ty)),
        TypeKind::Alias(shape) => visit(&mut shape.ty),
        TypeKind::StringEnum(_) => {}
    }
}
