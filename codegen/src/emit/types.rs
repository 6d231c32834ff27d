//! The Rust type of a shape, and the seed that reads it leniently, as syntax trees (see
//! [`super::tree`]): struct readers are built as trees, and the token emitters interpolate them.

use proc_macro2::Ident;
use syn::parse_quote;

use super::tree::{Hole, Template, ident, ident_type};
use crate::ir::{Api, Primitive, Shape, TypeKind, TypeRef};

/// The shapes of types and seeds, parsed once per thread.
struct Templates {
    option: syn::Type,
    vec: syn::Type,
    boxed: syn::Type,
    map: syn::Type,
    value: syn::Type,
    date_time: syn::Type,
    date: syn::Type,
    /// The seed of an integer that reads more than an integer; `__reads` names what else.
    lenient_integer: syn::Expr,
    seq_of: syn::Expr,
    map_of: syn::Expr,
    nullable: syn::Expr,
}

thread_local! {
    static TEMPLATES: Templates = Templates {
        option: parse_quote!(Option<__T>),
        vec: parse_quote!(Vec<__T>),
        boxed: parse_quote!(Box<__T>),
        map: parse_quote!(::std::collections::BTreeMap<String, __T>),
        value: parse_quote!(::serde_json::Value),
        date_time: parse_quote!(support::DateTime),
        date: parse_quote!(::chrono::NaiveDate),
        lenient_integer: parse_quote!(support::LenientInteger::__reads()),
        seq_of: parse_quote!(support::SeqOf(__seed)),
        map_of: parse_quote!(support::MapOf(__seed)),
        nullable: parse_quote!(support::Nullable(__seed)),
    };
}

/// The path of code in a module's child module (the client, the mock) to its models.
pub fn super_prefix() -> [Ident; 1] {
    [ident("super")]
}

/// `::std::collections::BTreeMap<String, values>`.
pub fn map_of(values: syn::Type) -> syn::Type {
    TEMPLATES.with(|t| t.map.fill(&mut [("__T", Hole::Type(values))]))
}

/// `Option<ty>`.
pub fn option_of(ty: syn::Type) -> syn::Type {
    TEMPLATES.with(|t| t.option.fill(&mut [("__T", Hole::Type(ty))]))
}

/// The Rust type of a shape at a use site that cannot be absent (alias, array item, variant): a
/// nullable shape becomes an `Option`.
pub fn value_type(api: &Api, shape: &Shape) -> syn::Type {
    value_type_in(api, shape, &[])
}

/// [`value_type`] for code in another module: named types get the path `prefix` (`super`).
pub fn value_type_in(api: &Api, shape: &Shape, prefix: &[Ident]) -> syn::Type {
    let ty = shape_type_in(api, shape, prefix);
    if shape.nullable { option_of(ty) } else { ty }
}

/// The Rust type of a shape, without the `Option` of nullability.
pub fn shape_type(api: &Api, shape: &Shape) -> syn::Type {
    shape_type_in(api, shape, &[])
}

/// [`shape_type`] for code in another module: named types get the path `prefix` (`super`).
pub fn shape_type_in(api: &Api, shape: &Shape, prefix: &[Ident]) -> syn::Type {
    let wrap = |template: fn(&Templates) -> &syn::Type, inner: syn::Type| TEMPLATES.with(|t| template(t).fill(&mut [("__T", Hole::Type(inner))]));
    match &shape.ty {
        TypeRef::Named { id, boxed } => {
            let name = api.type_def(*id).name.ident();
            let segments = prefix.iter().cloned().chain([name]).map(syn::PathSegment::from).collect();
            let named = syn::Type::Path(syn::TypePath { attrs: Vec::new(), qself: None, path: syn::Path { leading_colon: None, segments } });
            if *boxed { wrap(|t| &t.boxed, named) } else { named }
        }
        TypeRef::Primitive(primitive) => primitive_type(*primitive),
        TypeRef::Array(items) => wrap(|t| &t.vec, value_type_in(api, items, prefix)),
        TypeRef::Map(values) => map_of(value_type_in(api, values, prefix)),
        TypeRef::Any => TEMPLATES.with(|t| t.value.clone()),
    }
}

fn primitive_type(primitive: Primitive) -> syn::Type {
    let name = match primitive {
        Primitive::Bool => "bool",
        Primitive::I32 | Primitive::I32OrString => "i32",
        Primitive::I64 | Primitive::I64OrString => "i64",
        Primitive::U32 | Primitive::U32OrString => "u32",
        Primitive::U64 | Primitive::U64OrString => "u64",
        Primitive::F32 => "f32",
        Primitive::F64 => "f64",
        Primitive::String => "String",
        Primitive::DateTime => return TEMPLATES.with(|t| t.date_time.clone()),
        Primitive::Date => return TEMPLATES.with(|t| t.date.clone()),
    };
    ident_type(ident(name))
}

/// The `DeserializeSeed` that reads a shape holding integers written another way (`x-accepts-string`
/// ones, and in an OpenAPI 3.1 document every integer, which reads `3.0` too), directly or
/// through arrays, maps and aliases, without the `Option` of nullability; `None` when the
/// shape's own `Deserialize` reads it.
pub fn lenient_seed(api: &Api, shape: &Shape) -> Option<syn::Expr> {
    let wrap = |template: fn(&Templates) -> &syn::Expr, inner: syn::Expr| TEMPLATES.with(|t| template(t).fill(&mut [("__seed", Hole::Expr(inner))]));
    match &shape.ty {
        TypeRef::Primitive(primitive) if primitive.is_integer() => {
            // `LenientInteger`'s constructor for what else the integer reads.
            let reads = match (primitive.accepts_string(), api.whole_numbers_are_integers) {
                (true, false) => "or_string",
                (false, true) => "whole",
                (true, true) => "whole_or_string",
                (false, false) => return None,
            };
            Some(TEMPLATES.with(|t| t.lenient_integer.fill(&mut [("__reads", Hole::Ident(ident(reads)))])))
        }
        TypeRef::Array(items) => lenient_value_seed(api, items).map(|seed| wrap(|t| &t.seq_of, seed)),
        TypeRef::Map(values) => lenient_value_seed(api, values).map(|seed| wrap(|t| &t.map_of, seed)),
        TypeRef::Named { id, boxed: false } => match &api.type_def(*id).kind {
            TypeKind::Alias(inner) => lenient_value_seed(api, inner),
            _ => None,
        },
        _ => None,
    }
}

/// [`lenient_seed`] for a value of [`value_type`]: with the `Option` of nullability.
pub fn lenient_value_seed(api: &Api, shape: &Shape) -> Option<syn::Expr> {
    let seed = lenient_seed(api, shape)?;
    Some(if shape.nullable { nullable_seed(seed) } else { seed })
}

/// `support::Nullable(seed)`: `seed` for a value that may be `null`.
pub fn nullable_seed(seed: syn::Expr) -> syn::Expr {
    TEMPLATES.with(|t| t.nullable.fill(&mut [("__seed", Hole::Expr(seed))]))
}
