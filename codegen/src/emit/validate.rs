//! IR constraints → `impl Validate` blocks. Plain code calling the small runtime in the `support`
//! module (see ARCHITECTURE.md for why not garde or validator): one block per field that has a
//! rule, nothing for fields that have none.

use std::collections::HashSet;

use proc_macro2::{Literal, TokenStream};
use quote::quote;

use crate::ident::Name;
use crate::ir::{Api, Bound, Presence, Constraints, ObjectRule, Primitive, Shape, StructDef, TagValue, TypeDef, TypeId, TypeKind, TypeRef};

/// Which types have anything to check, directly or inside (a fixpoint, so cycles are fine), and
/// which patterns can be enforced.
pub struct Checked {
    types: Vec<bool>,
    /// The patterns of the API that the `regex` crate compiles, each compiled once here: APIs
    /// repeat a few patterns on thousands of fields.
    patterns: HashSet<String>,
}

impl Checked {
    pub fn of(api: &Api) -> Checked {
        let patterns = api.patterns().into_iter().filter(|p| regex::Regex::new(p).is_ok()).map(str::to_owned).collect();
        let mut checked = Checked { types: vec![false; api.types.len()], patterns };
        loop {
            let mut changed = false;
            for (index, def) in api.types.iter().enumerate() {
                if !checked.types[index] && checked.kind_needs(&def.kind) {
                    checked.types[index] = true;
                    changed = true;
                }
            }
            if !changed {
                return checked;
            }
        }
    }

    fn kind_needs(&self, kind: &TypeKind) -> bool {
        match kind {
            TypeKind::Struct(def) => {
                !def.rules.is_empty()
                    || def.fields.iter().any(|f| self.shape_needs(&f.shape))
                    || def.additional.as_ref().is_some_and(|a| self.shape_needs(&a.shape))
            }
            TypeKind::StringEnum(_) => true,
            // The catch-all variant, where there is one, is always reported.
            TypeKind::Union(def) => def.other().is_some() || def.variants.iter().any(|v| self.shape_needs(&v.shape)),
            TypeKind::Alias(shape) | TypeKind::Newtype(shape) => self.shape_needs(shape),
        }
    }

    pub(super) fn shape_needs(&self, shape: &Shape) -> bool {
        !constraints_of(shape).is_empty()
            || match &shape.ty {
                TypeRef::Named { id, .. } => self.types[id.0],
                TypeRef::Array(items) | TypeRef::Map(items) => self.shape_needs(items),
                TypeRef::Primitive(_) | TypeRef::Any => false,
            }
    }
}

/// The constraints that apply to a shape's own type (a `uniqueItems: false` is no constraint).
fn constraints_of(shape: &Shape) -> Constraints {
    let mut constraints = shape.constraints.clone();
    // A lower limit of zero holds for every value.
    constraints.min_length = constraints.min_length.filter(|n| *n > 0);
    constraints.min_items = constraints.min_items.filter(|n| *n > 0);
    constraints.min_properties = constraints.min_properties.filter(|n| *n > 0);
    match &shape.ty {
        TypeRef::Primitive(Primitive::String) => {}
        _ => {
            constraints.min_length = None;
            constraints.max_length = None;
            constraints.pattern = None;
        }
    }
    if !matches!(shape.ty, TypeRef::Primitive(p) if numeric(p).is_some()) {
        constraints.minimum = None;
        constraints.maximum = None;
        constraints.multiple_of = None;
    }
    if !matches!(shape.ty, TypeRef::Array(_)) {
        constraints.min_items = None;
        constraints.max_items = None;
        constraints.unique_items = false;
    }
    if !matches!(shape.ty, TypeRef::Map(_)) {
        constraints.min_properties = None;
        constraints.max_properties = None;
    }
    if !matches!(shape.ty, TypeRef::Primitive(p) if numeric(p).is_some() || p == Primitive::Bool) {
        constraints.allowed.clear();
    }
    constraints
}

/// How a numeric primitive is compared: as `i64`, `u64` or `f64`.
#[derive(Clone, Copy, PartialEq)]
enum Numeric {
    Signed,
    Unsigned,
    Float,
}

fn numeric(primitive: Primitive) -> Option<Numeric> {
    match primitive {
        Primitive::I32 | Primitive::I64 | Primitive::I32OrString | Primitive::I64OrString => Some(Numeric::Signed),
        Primitive::U32 | Primitive::U64 | Primitive::U32OrString | Primitive::U64OrString => Some(Numeric::Unsigned),
        Primitive::F32 | Primitive::F64 => Some(Numeric::Float),
        _ => None,
    }
}

/// `impl Validate` for one type; `None` for aliases (checked where they are used).
pub fn emit_validate(api: &Api, checked: &Checked, def: &TypeDef) -> Option<TokenStream> {
    let name = def.name.ident();
    let body = match &def.kind {
        TypeKind::Alias(_) => return None,
        TypeKind::Newtype(_) | TypeKind::Union(_) if !checked.kind_needs(&def.kind) => TokenStream::new(),
        TypeKind::Newtype(shape) => {
            let checks = value_checks(api, checked, shape, quote!(value), quote!(path));
            quote! {
                let value = &self.0;
                #checks
            }
        }
        TypeKind::Struct(strukt) => struct_checks(api, checked, strukt),
        TypeKind::StringEnum(def) => {
            let unknown = def.unknown_variant.ident();
            let values = def.variants.iter().map(|v| v.value.as_str());
            quote! {
                if let Self::#unknown(value) = self {
                    support::report_unknown_enum(path, value, &[#(#values),*], errors);
                }
            }
        }
        TypeKind::Union(union) => {
            let arms = union.variants.iter().map(|variant| {
                let ident = variant.name.ident();
                let checks = value_checks(api, checked, &variant.shape, quote!(value), quote!(path));
                if checks.is_empty() {
                    quote!(Self::#ident(_) => {})
                } else {
                    quote!(Self::#ident(value) => { #checks })
                }
            });
            let report_other = match union.tag() {
                Some(tag) => {
                    let property = &tag.property;
                    let allowed = union.variants.iter().filter_map(|variant| variant.tag.as_ref()).map(tag_literal);
                    quote!(support::report_unknown_tag(path, value, #property, &[#(#allowed),*], errors))
                }
                None => {
                    let rule = if union.exclusive { quote!(OneOf) } else { quote!(AnyOf) };
                    let names = union.variants.iter().map(|variant| variant.name.as_str());
                    quote!(support::report_no_variant(path, support::Rule::#rule, &[#(#names),*], value, errors))
                }
            };
            let other = union.other().map(|other| quote!(Self::#other(value) => #report_other,));
            quote! {
                match self {
                    #(#arms)*
                    #other
                }
            }
        }
    };
    if body.is_empty() {
        // Nothing to check: the trait's default `validate_at` finds nothing.
        return Some(quote!(impl support::Validate for #name {}));
    }
    Some(quote! {
        impl support::Validate for #name {
            fn validate_at(&self, path: &support::Path<'_>, errors: &mut support::ValidationErrors) {
                #body
            }
        }
    })
}

/// The checks of one member of `self` (a struct's field, an operation's parameter) on its value
/// where it has one, at its wire name; nothing when its shape has no rule.
pub(super) fn member_checks(api: &Api, checked: &Checked, shape: &Shape, presence: Presence, member: &Name, wire: &str) -> TokenStream {
    let shape = Shape { nullable: false, ..shape.clone() };
    let checks = value_checks(api, checked, &shape, quote!(value), quote!(path));
    if checks.is_empty() {
        return checks;
    }
    let path = quote!(let path = &path.field(#wire););
    match presence {
        Presence::Always => quote!({ let value = &self.#member; #path #checks }),
        Presence::Optional => quote!(if let Some(value) = &self.#member { #path #checks }),
        Presence::Tristate => quote!(if let Some(Some(value)) = &self.#member { #path #checks }),
    }
}

fn struct_checks(api: &Api, checked: &Checked, def: &StructDef) -> TokenStream {
    let mut out = TokenStream::new();
    for field in &def.fields {
        out.extend(member_checks(api, checked, &field.shape, field.presence(), &field.name, &field.wire_name));
    }
    if let Some(additional) = &def.additional {
        let checks = value_checks(api, checked, &additional.shape, quote!(value), quote!(path));
        if !checks.is_empty() {
            let member = additional.name.ident();
            out.extend(quote! {
                for (key, value) in &self.#member {
                    let path = &path.key(key);
                    #checks
                }
            });
        }
    }
    for rule in &def.rules {
        out.extend(rule_check(def, rule));
    }
    out
}

/// Whether the property `wire` is present, with `null` counting as absent.
fn presence(def: &StructDef, wire: &str) -> TokenStream {
    match def.fields.iter().find(|f| f.wire_name == wire) {
        Some(field) => {
            let member = field.name.ident();
            match field.presence() {
                Presence::Always => quote!(true),
                Presence::Optional => quote!(self.#member.is_some()),
                Presence::Tristate => quote!(matches!(self.#member, Some(Some(_)))),
            }
        }
        None => quote!(false),
    }
}

fn rule_check(def: &StructDef, rule: &ObjectRule) -> TokenStream {
    let groups = |groups: &[Vec<String>]| -> Vec<TokenStream> {
        groups
            .iter()
            .map(|group| {
                let label = group.join(" and ");
                let present = group.iter().map(|wire| presence(def, wire));
                quote!((#label, #(#present)&&*))
            })
            .collect()
    };
    match rule {
        ObjectRule::ExactlyOneOf(list) => {
            let entries = groups(list);
            quote!(support::check_exactly_one_of(path, &[#(#entries),*], errors);)
        }
        ObjectRule::AtMostOneOf(list) => {
            let entries = groups(list);
            quote!(support::check_at_most_one_of(path, &[#(#entries),*], errors);)
        }
        ObjectRule::DependentRequired { property, requires } => {
            let present = presence(def, property);
            let required = requires.iter().map(|wire| {
                let present = presence(def, wire);
                quote!((#wire, #present))
            });
            quote!(support::check_dependent_required(path, #property, #present, &[#(#required),*], errors);)
        }
        ObjectRule::Required(properties) => {
            let present = properties.iter().map(|wire| {
                let present = presence(def, wire);
                quote!((#wire, #present))
            });
            quote!(support::check_required(path, &[#(#present),*], errors);)
        }
    }
}

/// Checks for `value` (an expression of type `&T` for the shape's type `T`, or of
/// `&Option<T>` when the shape is nullable) at `path` (a variable of type `&Path`).
pub(super) fn value_checks(api: &Api, checked: &Checked, shape: &Shape, value: TokenStream, path: TokenStream) -> TokenStream {
    if !checked.shape_needs(shape) {
        return TokenStream::new();
    }
    if shape.nullable {
        let inner = value_checks(api, checked, &Shape { nullable: false, ..shape.clone() }, quote!(value), path);
        return quote! {
            if let Some(value) = #value {
                #inner
            }
        };
    }
    let mut out = own_checks(checked, shape, &value, &path);
    match &shape.ty {
        TypeRef::Named { id, .. } if checked.types[id.0] => out.extend(named_checks(api, checked, *id, value, path)),
        TypeRef::Array(items) if checked.shape_needs(items) => {
            let inner = value_checks(api, checked, items, quote!(item), quote!(path));
            out.extend(quote! {
                for (index, item) in #value.iter().enumerate() {
                    let path = &#path.index(index);
                    #inner
                }
            });
        }
        TypeRef::Map(values) if checked.shape_needs(values) => {
            let inner = value_checks(api, checked, values, quote!(item), quote!(path));
            out.extend(quote! {
                for (key, item) in #value {
                    let path = &#path.key(key);
                    #inner
                }
            });
        }
        _ => {}
    }
    out
}

fn named_checks(api: &Api, checked: &Checked, id: TypeId, value: TokenStream, path: TokenStream) -> TokenStream {
    match &api.type_def(id).kind {
        // An alias has no impl of its own: its rules are checked where it is used.
        TypeKind::Alias(shape) => value_checks(api, checked, shape, value, path),
        _ => quote!(support::Validate::validate_at(#value, #path, errors);),
    }
}

/// The shape's own keywords (length, range, items, …), not those of what it contains.
fn own_checks(checked: &Checked, shape: &Shape, value: &TokenStream, path: &TokenStream) -> TokenStream {
    let c = constraints_of(shape);
    let mut out = TokenStream::new();
    let option = |bound: Option<u64>| match bound {
        Some(n) => quote!(Some(#n)),
        None => quote!(None),
    };
    if c.min_length.is_some() || c.max_length.is_some() {
        let (min, max) = (option(c.min_length), option(c.max_length));
        out.extend(quote!(support::check_length(#path, #value, #min, #max, errors);));
    }
    // A pattern the `regex` crate cannot compile (ECMA 262 look-around, back-references) cannot be
    // enforced; it is left out rather than failing at run time.
    if let Some(pattern) = c.pattern.as_ref().filter(|p| checked.patterns.contains(p.as_str())) {
        out.extend(quote! {
            {
                static PATTERN: ::std::sync::OnceLock<Option<::regex::Regex>> = ::std::sync::OnceLock::new();
                support::check_pattern(#path, #value, &PATTERN, #pattern, errors);
            }
        });
    }
    if c.min_items.is_some() || c.max_items.is_some() {
        let (min, max) = (option(c.min_items), option(c.max_items));
        out.extend(quote!(support::check_items(#path, #value.len(), #min, #max, errors);));
    }
    if c.unique_items {
        out.extend(quote!(support::check_unique(#path, #value, errors);));
    }
    if c.min_properties.is_some() || c.max_properties.is_some() {
        let (min, max) = (option(c.min_properties), option(c.max_properties));
        out.extend(quote!(support::check_properties(#path, #value.len(), #min, #max, errors);));
    }
    if let TypeRef::Primitive(primitive) = shape.ty {
        out.extend(number_checks(primitive, &c, value, path));
    }
    out
}

fn number_checks(primitive: Primitive, c: &Constraints, value: &TokenStream, path: &TokenStream) -> TokenStream {
    let mut out = TokenStream::new();
    if primitive == Primitive::Bool {
        let allowed: Vec<bool> = c.allowed.iter().filter_map(serde_json::Value::as_bool).collect();
        if !allowed.is_empty() {
            out.extend(quote!(support::check_enum(#path, *#value, &[#(#allowed),*], errors);));
        }
        return out;
    }
    let Some(kind) = numeric(primitive) else { return out };
    // Compared as i64, u64 or f64; converting a value that already has that type would be noise.
    // An `f32` is compared as itself with bounds rounded to `f32`: widened, `0.1f32` is
    // 0.10000000149…, above a `maximum` of 0.1 that the value was meant to be.
    // (Bounds beyond `f32`'s range, which no `f32` literal holds, compare widened.)
    let fits_f32 = |bound: f64| (bound as f32).is_finite();
    let float32 = primitive == Primitive::F32
        && [c.minimum, c.maximum].into_iter().flatten().all(|bound| fits_f32(bound.value))
        && c.allowed.iter().filter_map(serde_json::Value::as_f64).all(fits_f32);
    let widened = match primitive {
        Primitive::F32 if float32 => quote!(*#value),
        Primitive::I64 | Primitive::I64OrString | Primitive::U64 | Primitive::U64OrString | Primitive::F64 => quote!(*#value),
        _ => match kind {
            Numeric::Signed => quote!(i64::from(*#value)),
            Numeric::Unsigned => quote!(u64::from(*#value)),
            Numeric::Float => quote!(f64::from(*#value)),
        },
    };
    let literal = |bound: f64| -> Option<Literal> {
        match kind {
            Numeric::Signed => Some(Literal::i64_suffixed(bound as i64)),
            Numeric::Unsigned if bound < 0.0 => None,
            Numeric::Unsigned => Some(Literal::u64_suffixed(bound as u64)),
            Numeric::Float if float32 => Some(Literal::f32_suffixed(bound as f32)),
            Numeric::Float => Some(Literal::f64_suffixed(bound)),
        }
    };
    let mut bound_check = |bound: Option<Bound>, function: TokenStream, round: fn(f64) -> f64| {
        if let Some(Bound { value: limit, exclusive }) = bound {
            let limit = if kind == Numeric::Float { limit } else { round(limit) };
            if let Some(limit) = literal(limit) {
                out.extend(quote!(support::#function(#path, #widened, #limit, #exclusive, errors);));
            }
        }
    };
    bound_check(c.minimum, quote!(check_minimum), f64::ceil);
    bound_check(c.maximum, quote!(check_maximum), f64::floor);
    if let Some(factor) = c.multiple_of {
        if kind != Numeric::Float && factor.fract() == 0.0 && factor >= 1.0 {
            let (value, factor) = match primitive {
                Primitive::U64 | Primitive::U64OrString => (quote!(*#value), Literal::u64_suffixed(factor as u64)),
                Primitive::I64 | Primitive::I64OrString => (quote!(*#value), Literal::i64_suffixed(factor as i64)),
                _ => (quote!(i64::from(*#value)), Literal::i64_suffixed(factor as i64)),
            };
            out.extend(quote!(support::check_multiple_of_integer(#path, #value, #factor, errors);));
        } else if float32 {
            let factor = Literal::f64_suffixed(factor);
            out.extend(quote!(support::check_multiple_of_f32(#path, *#value, #factor, errors);));
        } else {
            let factor = Literal::f64_suffixed(factor);
            let value = if kind == Numeric::Float { widened.clone() } else { quote!(*#value as f64) };
            out.extend(quote!(support::check_multiple_of_number(#path, #value, #factor, errors);));
        }
    }
    let allowed: Vec<Literal> = c
        .allowed
        .iter()
        .filter_map(|v| match kind {
            Numeric::Signed => v.as_i64().map(Literal::i64_suffixed),
            Numeric::Unsigned => v.as_u64().map(Literal::u64_suffixed),
            Numeric::Float if float32 => v.as_f64().map(|v| Literal::f32_suffixed(v as f32)),
            Numeric::Float => v.as_f64().map(Literal::f64_suffixed),
        })
        .collect();
    if !allowed.is_empty() {
        out.extend(quote!(support::check_enum(#path, #widened, &[#(#allowed),*], errors);));
    }
    out
}

/// A tag value as a Rust literal (`"cat"`, `1i64`, `true`), for matching and writing it
/// (models) and for listing the allowed ones (validators).
pub(super) fn tag_literal(tag: &TagValue) -> TokenStream {
    match tag {
        TagValue::String(text) => quote!(#text),
        TagValue::Integer(number) => quote!(#number),
        TagValue::Boolean(value) => quote!(#value),
    }
}
