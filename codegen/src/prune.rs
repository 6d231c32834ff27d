//! Subsets of an API: keep the operations a consumer calls (by tag or operationId) and only the
//! types they reach, so a large API compiles only what is used. An IR-to-IR pass between lowering
//! and emission: kept types keep their names (a subset names a type as the whole API does) and
//! are renumbered in their original order, every [`TypeId`] rewritten to match.

use std::path::Path;

use crate::diagnostic::{Diagnostic, Diagnostics};
use crate::ir::{Api, Operation, Shape, TypeId, TypeKind, TypeRef};

/// Which operations to keep; empty lists keep everything. An operation is kept when it carries
/// one of `tags` or its operationId is one of `operations`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Subset {
    pub tags: Vec<String>,
    pub operations: Vec<String>,
}

impl Subset {
    pub fn is_all(&self) -> bool {
        self.tags.is_empty() && self.operations.is_empty()
    }

    fn keeps(&self, operation: &Operation) -> bool {
        self.operations.contains(&operation.operation_id) || operation.tags.iter().any(|tag| self.tags.contains(tag))
    }
}

/// `api` with only the operations `subset` names and the types they reach. A tag or operationId
/// that names nothing is an error (a typo would otherwise silently drop operations).
pub fn prune(mut api: Api, subset: &Subset, file: &Path) -> Result<Api, Diagnostics> {
    if subset.is_all() {
        return Ok(api);
    }
    let mut problems = Vec::new();
    for tag in &subset.tags {
        if !api.operations.iter().any(|op| op.tags.contains(tag)) {
            problems.push(Diagnostic::new(file, "#/paths", format!("no operation has the tag `{tag}`")).with_help(format!(
                "tags in this spec: {}",
                known(api.operations.iter().flat_map(|op| op.tags.iter().map(String::as_str)))
            )));
        }
    }
    for id in &subset.operations {
        if !api.operations.iter().any(|op| &op.operation_id == id) {
            problems.push(Diagnostic::new(file, "#/paths", format!("no operation has the operationId `{id}`")).with_help(format!(
                "operationIds in this spec: {}",
                known(api.operations.iter().map(|op| op.operation_id.as_str()))
            )));
        }
    }
    if !problems.is_empty() {
        return Err(Diagnostics(problems));
    }
    api.operations.retain(|op| subset.keeps(op));
    let kept = |id: &String| api.operations.iter().any(|op| &op.operation_id == id);
    api.codes.retain_mut(|code| {
        code.operations.retain(kept);
        !code.operations.is_empty()
    });
    let reached = reachable(&api);
    let mut new_ids = vec![None; api.types.len()];
    let mut next = 0;
    for (old, keep) in reached.iter().enumerate() {
        if *keep {
            new_ids[old] = Some(TypeId(next));
            next += 1;
        }
    }
    let types = std::mem::take(&mut api.types);
    api.types = types.into_iter().zip(&reached).filter(|(_, keep)| **keep).map(|(def, _)| def).collect();
    let renumber = |shape: &mut Shape| {
        if let TypeRef::Named { id, .. } = &mut shape.ty {
            // Every reference from a kept type or operation is to a kept type (that is what reached
            // means), so the lookup always succeeds.
            if let Some(new) = new_ids[id.0] {
                *id = new;
            }
        }
    };
    for def in &mut api.types {
        kind_shapes_mut(&mut def.kind, &mut |shape| visit_mut(shape, &mut |s| renumber(s)));
    }
    for op in &mut api.operations {
        operation_shapes_mut(op, &mut |shape| visit_mut(shape, &mut |s| renumber(s)));
    }
    Ok(api)
}

fn known<'a>(names: impl Iterator<Item = &'a str>) -> String {
    let mut names: Vec<&str> = names.collect();
    names.sort_unstable();
    names.dedup();
    let shown: Vec<String> = names.iter().take(20).map(|n| format!("`{n}`")).collect();
    let more = if names.len() > 20 { format!(" and {} more", names.len() - 20) } else { String::new() };
    if shown.is_empty() {
        "none".to_owned()
    } else {
        format!("{}{more}", shown.join(", "))
    }
}

/// Which types the operations of `api` reach, by [`TypeId`] (a worklist: linear in the API).
fn reachable(api: &Api) -> Vec<bool> {
    reachable_from(api, api.operations.iter())
}

/// Which types `operations` reach, by [`TypeId`].
pub(crate) fn reachable_from<'a>(api: &Api, operations: impl Iterator<Item = &'a Operation>) -> Vec<bool> {
    let mut reached = vec![false; api.types.len()];
    let mut pending = Vec::new();
    let mut reach = |shape: &Shape, pending: &mut Vec<TypeId>| {
        shape.visit_named(&mut |id| {
            if !reached[id.0] {
                reached[id.0] = true;
                pending.push(id);
            }
        })
    };
    for op in operations {
        operation_shapes(op, &mut |shape| reach(shape, &mut pending));
    }
    while let Some(id) = pending.pop() {
        kind_shapes(&api.type_def(id).kind, &mut |shape| reach(shape, &mut pending));
    }
    reached
}

fn visit_mut(shape: &mut Shape, f: &mut dyn FnMut(&mut Shape)) {
    f(shape);
    if let TypeRef::Array(inner) | TypeRef::Map(inner) = &mut shape.ty {
        visit_mut(inner, f);
    }
}

fn kind_shapes(kind: &TypeKind, f: &mut dyn FnMut(&Shape)) {
    match kind {
        TypeKind::Struct(def) => {
            def.fields.iter().for_each(|field| f(&field.shape));
            if let Some(additional) = &def.additional {
                f(&additional.shape);
            }
        }
        TypeKind::Union(def) => def.variants.iter().for_each(|variant| f(&variant.shape)),
        TypeKind::Alias(shape) | TypeKind::Newtype(shape) => f(shape),
        TypeKind::StringEnum(_) => {}
    }
}

fn kind_shapes_mut(kind: &mut TypeKind, f: &mut dyn FnMut(&mut Shape)) {
    match kind {
        TypeKind::Struct(def) => {
            def.fields.iter_mut().for_each(|field| f(&mut field.shape));
            if let Some(additional) = &mut def.additional {
                f(&mut additional.shape);
            }
        }
        TypeKind::Union(def) => def.variants.iter_mut().for_each(|variant| f(&mut variant.shape)),
        TypeKind::Alias(shape) | TypeKind::Newtype(shape) => f(shape),
        TypeKind::StringEnum(_) => {}
    }
}

fn operation_shapes(op: &Operation, f: &mut dyn FnMut(&Shape)) {
    op.params.iter().for_each(|param| f(&param.shape));
    let bodies = op.body.iter().flat_map(|body| &body.content);
    let responses = op.responses.iter().flat_map(|response| &response.content);
    bodies.chain(responses).flat_map(|content| content.body.shapes()).for_each(&mut *f);
    op.responses.iter().flat_map(|response| &response.headers).for_each(|header| f(&header.shape));
}

fn operation_shapes_mut(op: &mut Operation, f: &mut dyn FnMut(&mut Shape)) {
    op.params.iter_mut().for_each(|param| f(&mut param.shape));
    for response in &mut op.responses {
        response.headers.iter_mut().for_each(|header| f(&mut header.shape));
    }
    let bodies = op.body.iter_mut().flat_map(|body| &mut body.content);
    let responses = op.responses.iter_mut().flat_map(|response| &mut response.content);
    for content in bodies.chain(responses) {
        content.body.shapes_mut().into_iter().for_each(&mut *f);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ir::{BodyKind, Content, Docs, Field, Method, RequestBody, Response, StatusCode, StructDef, TypeDef};

    fn named(id: usize) -> Shape {
        Shape::new(TypeRef::Named { id: TypeId(id), boxed: false })
    }

    fn strukt(name: &str, fields: Vec<Shape>) -> TypeDef {
        let fields = fields
            .into_iter()
            .enumerate()
            .map(|(i, shape)| Field {
                name: crate::ident::field_name(&format!("f{i}"), "f"),
                wire_name: format!("f{i}"),
                shape,
                required: true,
                read_only: false,
                write_only: false,
                docs: Docs::default(),
            })
            .collect();
        TypeDef {
            name: crate::ident::type_name(name, "T"),
            origin: crate::diagnostic::Pointer::from("/components/schemas").push(name),
            docs: Docs::default(),
            kind: TypeKind::Struct(StructDef { fields, additional: None, rules: Vec::new(), code_field: None, closed: false }),
        }
    }

    fn operation(id: &str, tag: &str, response: Shape) -> Operation {
        Operation {
            name: crate::ident::field_name(id, "op"),
            type_name: crate::ident::type_name(id, "Op"),
            error_name: crate::ident::type_name(id, "Op").with_suffix("Error"),
            headers_name: None,
            success_name: None,
            operation_id: id.to_owned(),
            method: Method::Get,
            path: format!("/{id}"),
            docs: Docs::default(),
            tags: vec![tag.to_owned()],
            params: Vec::new(),
            body: None::<RequestBody>,
            responses: vec![Response {
                status: StatusCode::Code(200),
                docs: Docs::default(),
                headers: Vec::new(),
                content: vec![Content { media_type: "application/json".into(), body: BodyKind::Json(response), example: None }],
            }],
            security: None,
            servers: Vec::new(),
            permissions: Vec::new(),
        }
    }

    /// Types 0 (unused), 1 → [3] → 1 (a cycle through an array), 2 (used by the dropped operation).
    fn api() -> Api {
        Api {
            title: "T".into(),
            version: "1".into(),
            docs: Docs::default(),
            servers: Vec::new(),
            security_schemes: Vec::new(),
            security: None,
            required_headers: Vec::new(),
            codes: Vec::new(),
            whole_numbers_are_integers: false,
            types: vec![
                strukt("Unused", vec![]),
                strukt("Pet", vec![Shape::new(TypeRef::Array(Box::new(named(3))))]),
                strukt("Order", vec![]),
                strukt("Owner", vec![named(1)]),
            ],
            operations: vec![operation("getPet", "pets", named(1)), operation("getOrder", "store", named(2))],
        }
    }

    #[test]
    fn keeps_what_the_kept_operations_reach_and_renumbers() {
        let pruned = prune(api(), &Subset { tags: vec!["pets".into()], operations: vec![] }, Path::new("t.yaml")).unwrap();
        let names: Vec<&str> = pruned.types.iter().map(|t| t.name.as_str()).collect();
        assert_eq!(names, ["Pet", "Owner"]);
        assert_eq!(pruned.operations.len(), 1);
        let TypeKind::Struct(pet) = &pruned.types[0].kind else { panic!() };
        let TypeRef::Array(item) = &pet.fields[0].shape.ty else { panic!() };
        assert_eq!(item.ty, TypeRef::Named { id: TypeId(1), boxed: false });
        let TypeKind::Struct(owner) = &pruned.types[1].kind else { panic!() };
        assert_eq!(owner.fields[0].shape.ty, TypeRef::Named { id: TypeId(0), boxed: false });
        let BodyKind::Json(shape) = &pruned.operations[0].responses[0].content[0].body else { panic!() };
        assert_eq!(shape.ty, TypeRef::Named { id: TypeId(0), boxed: false });
    }

    #[test]
    fn tags_and_operation_ids_add_up() {
        let subset = Subset { tags: vec!["pets".into()], operations: vec!["getOrder".into()] };
        let pruned = prune(api(), &subset, Path::new("t.yaml")).unwrap();
        assert_eq!(pruned.operations.len(), 2);
        assert_eq!(pruned.types.len(), 3);
    }

    #[test]
    fn everything_is_kept_without_a_subset() {
        assert_eq!(prune(api(), &Subset::default(), Path::new("t.yaml")).unwrap(), api());
    }

    #[test]
    fn unknown_names_are_reported() {
        let subset = Subset { tags: vec!["pest".into()], operations: vec!["getPets".into()] };
        let error = prune(api(), &subset, Path::new("t.yaml")).unwrap_err();
        assert_eq!(error.0.len(), 2);
        assert!(error.0[0].message.contains("`pest`"));
        assert_eq!(error.0[0].help.as_deref(), Some("tags in this spec: `pets`, `store`"));
        assert!(error.0[1].message.contains("`getPets`"));
    }
}
