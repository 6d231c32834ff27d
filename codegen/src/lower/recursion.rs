//! Recursive types: a type that contains itself by value (not through a `Vec` or map) has infinite
//! size. Every by-value reference inside a strongly connected component of the containment graph
//! is boxed. A cycle made only of aliases (`A: {$ref: B}`, `B: {$ref: A}`) describes no value at
//! all and is reported. Aliases that reach themselves through arrays or maps (`A = Vec<A>`) are a
//! value Rust cannot alias: they become newtypes (`struct A(Vec<A>)`).

use petgraph::algo::tarjan_scc;
use petgraph::graph::{DiGraph, NodeIndex};

use crate::diagnostic::Diagnostic;
use crate::ir::{Api, Shape, TypeId, TypeKind, TypeRef};
use crate::load::{DocId, Spec};

/// Boxes every by-value reference that closes a cycle; returns diagnostics for alias-only cycles.
/// `origin_docs[id]` is the document a type's `origin` pointer is in.
pub(super) fn box_cycles(api: &mut Api, spec: &Spec, origin_docs: &[DocId]) -> Vec<Diagnostic> {
    let errors = alias_only_cycles(api, spec, origin_docs);
    newtype_container_cycles(api);
    box_by_value_cycles(api);
    errors
}

/// Turns every alias on a cycle of aliases into a newtype; the cycle goes through an array or a
/// map (a by-value one is an error, [`alias_only_cycles`]).
fn newtype_container_cycles(api: &mut Api) {
    let mut graph: DiGraph<(), ()> = DiGraph::with_capacity(api.types.len(), 0);
    let nodes: Vec<NodeIndex> = api.types.iter().map(|_| graph.add_node(())).collect();
    for (index, def) in api.types.iter().enumerate() {
        if let TypeKind::Alias(shape) = &def.kind {
            shape.visit_named(&mut |id| {
                if matches!(api.types[id.0].kind, TypeKind::Alias(_)) {
                    graph.add_edge(nodes[index], nodes[id.0], ());
                }
            });
        }
    }
    for members in tarjan_scc(&graph) {
        if members.len() > 1 || graph.contains_edge(members[0], members[0]) {
            for node in members {
                let kind = &mut api.types[node.index()].kind;
                if let TypeKind::Alias(shape) = kind {
                    *kind = TypeKind::Newtype(shape.clone());
                }
            }
        }
    }
}

/// Reports cycles of aliases with nothing in between (`A: {$ref: B}`, `B: {$ref: A}`).
fn alias_only_cycles(api: &Api, spec: &Spec, origin_docs: &[DocId]) -> Vec<Diagnostic> {
    let mut graph: DiGraph<(), ()> = DiGraph::with_capacity(api.types.len(), api.types.len());
    let nodes: Vec<NodeIndex> = api.types.iter().map(|_| graph.add_node(())).collect();
    for (index, def) in api.types.iter().enumerate() {
        if let TypeKind::Alias(Shape { ty: TypeRef::Named { id, .. }, .. }) = &def.kind {
            if matches!(api.types[id.0].kind, TypeKind::Alias(_)) {
                graph.add_edge(nodes[index], nodes[id.0], ());
            }
        }
    }
    let mut errors = Vec::new();
    for members in tarjan_scc(&graph) {
        if members.len() == 1 && !graph.contains_edge(members[0], members[0]) {
            continue;
        }
        let first_id = members.iter().map(|n| n.index()).min().unwrap_or_default();
        let first = &api.types[first_id];
        let doc = origin_docs.get(first_id).copied().unwrap_or(DocId::ROOT);
        let cycle = alias_cycle(api, TypeId(first_id)).join(" → ");
        errors.push(
            spec.diagnostic(doc, &first.origin, format!("`$ref` cycle with no object in between: {cycle}"))
                .with_help("a schema cannot be only a reference to itself; give the cycle an object or array"),
        );
    }
    errors
}

/// Boxes every by-value reference inside a strongly connected component of the containment graph.
fn box_by_value_cycles(api: &mut Api) {
    let mut graph: DiGraph<(), ()> = DiGraph::with_capacity(api.types.len(), api.types.len());
    let nodes: Vec<NodeIndex> = api.types.iter().map(|_| graph.add_node(())).collect();
    for (index, def) in api.types.iter().enumerate() {
        for_each_by_value(&def.kind, &mut |id| {
            graph.add_edge(nodes[index], nodes[id.0], ());
        });
    }
    let mut component_of = vec![usize::MAX; api.types.len()];
    for (component, members) in tarjan_scc(&graph).into_iter().enumerate() {
        let cyclic = members.len() > 1 || graph.contains_edge(members[0], members[0]);
        if !cyclic {
            continue;
        }
        for node in &members {
            component_of[node.index()] = component;
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
}

/// The names along a cycle of aliases from `start` back to it, as the spec gives them (a schema
/// `A` is the Rust type `A2`).
fn alias_cycle(api: &Api, start: TypeId) -> Vec<String> {
    let mut names = vec![api.types[start.0].spec_name()];
    let mut current = start;
    while let TypeKind::Alias(Shape { ty: TypeRef::Named { id, .. }, .. }) = &api.types[current.0].kind {
        names.push(api.types[id.0].spec_name());
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
        TypeKind::Alias(shape) | TypeKind::Newtype(shape) => visit_shape(shape),
        TypeKind::StringEnum(_) => {}
    }
}

fn for_each_by_value_mut(kind: &mut TypeKind, visit: &mut impl FnMut(&mut TypeRef)) {
    match kind {
        TypeKind::Struct(def) => def.fields.iter_mut().for_each(|f| visit(&mut f.shape.ty)),
        TypeKind::Union(def) => def.variants.iter_mut().for_each(|v| visit(&mut v.shape.ty)),
        TypeKind::Alias(shape) | TypeKind::Newtype(shape) => visit(&mut shape.ty),
        TypeKind::StringEnum(_) => {}
    }
}
