//! IR constraints → `impl Validate` blocks. Plain code calling the small runtime in the `support`
//! module (see ARCHITECTURE.md for why not garde or validator): one block per field that has a
//! rule, nothing for fields that have none.

use std::collections::HashSet;

use proc_macro2::{Ident, Literal, Span};
use quote::quote;
use syn::parse_quote;

use super::tree::{Hole, Template, ident, none, str_expr};
use crate::ident::Name;
use crate::ir::{Api, Bound, Constraints, ObjectRule, Presence, Primitive, Shape, StructDef, TagValue, TypeDef, TypeId, TypeKind, TypeRef, UnionDef};

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

/// The shapes of the checks, parsed once per thread.
struct Templates {
    impl_empty: syn::ItemImpl,
    impl_checks: syn::ItemImpl,
    newtype_value: syn::Stmt,
    unknown_enum: syn::Stmt,
    union_match: syn::Stmt,
    variant_unchecked: syn::Arm,
    variant_checked: syn::Arm,
    other_arm: syn::Arm,
    unknown_tag: syn::Expr,
    no_variant: syn::Expr,
    member_always: syn::Stmt,
    member_optional: syn::Stmt,
    member_tristate: syn::Stmt,
    additional: syn::Stmt,
    present_some: syn::Expr,
    and: syn::Expr,
    entry: syn::Expr,
    exactly_one_of: syn::Stmt,
    at_most_one_of: syn::Stmt,
    dependent_required: syn::Stmt,
    required: syn::Stmt,
    nullable: syn::Stmt,
    items: syn::Stmt,
    values: syn::Stmt,
    validate_at: syn::Stmt,
    length: syn::Stmt,
    pattern: syn::Stmt,
    items_count: syn::Stmt,
    unique: syn::Stmt,
    properties: syn::Stmt,
    some: syn::Expr,
    check_enum: syn::Stmt,
    deref: syn::Expr,
    widen: syn::Expr,
    bound: syn::Stmt,
    multiple_of_integer: syn::Stmt,
    multiple_of_f32: syn::Stmt,
    multiple_of_number: syn::Stmt,
    as_f64: syn::Expr,
}

thread_local! {
    static TEMPLATES: Templates = Templates {
        impl_empty: parse_quote!(impl support::Validate for __Name {}),
        impl_checks: parse_quote! {
            impl support::Validate for __Name {
                fn validate_at(&self, path: &support::Path<'_>, errors: &mut support::ValidationErrors) {
                    __body!();
                }
            }
        },
        newtype_value: parse_quote!(let value = &self.0;),
        unknown_enum: parse_quote! {
            if let Self::__unknown(value) = self {
                support::report_unknown_enum(path, value, &[__values], errors);
            }
        },
        union_match: syn::Stmt::Expr(parse_quote!(match self { __arms => {} }), None),
        variant_unchecked: parse_quote!(Self::__variant(_) => {}),
        variant_checked: parse_quote!(Self::__variant(value) => { __checks!(); }),
        other_arm: parse_quote!(Self::__variant(value) => __report,),
        unknown_tag: parse_quote!(support::report_unknown_tag(path, value, __property, &[__allowed], errors)),
        no_variant: parse_quote!(support::report_no_variant(path, support::Rule::__rule, &[__names], value, errors)),
        member_always: syn::Stmt::Expr(parse_quote!({ let value = &self.__member; let path = &path.field(__wire); __checks!(); }), None),
        member_optional: syn::Stmt::Expr(parse_quote!(if let Some(value) = &self.__member { let path = &path.field(__wire); __checks!(); }), None),
        member_tristate: syn::Stmt::Expr(parse_quote!(if let Some(Some(value)) = &self.__member { let path = &path.field(__wire); __checks!(); }), None),
        additional: parse_quote! {
            for (key, value) in &self.__member {
                let path = &path.key(key);
                __checks!();
            }
        },
        present_some: parse_quote!(self.__member.is_some()),
        and: parse_quote!(__left && __right),
        entry: parse_quote!((__label, __present)),
        exactly_one_of: parse_quote!(support::check_exactly_one_of(path, &[__entries], errors);),
        at_most_one_of: parse_quote!(support::check_at_most_one_of(path, &[__entries], errors);),
        dependent_required: parse_quote!(support::check_dependent_required(path, __property, __present, &[__entries], errors);),
        required: parse_quote!(support::check_required(path, &[__entries], errors);),
        nullable: syn::Stmt::Expr(parse_quote!(if let Some(value) = __value { __checks!(); }), None),
        items: parse_quote! {
            for (index, item) in __value.iter().enumerate() {
                let path = &__path.index(index);
                __checks!();
            }
        },
        values: parse_quote! {
            for (key, item) in __value {
                let path = &__path.key(key);
                __checks!();
            }
        },
        validate_at: parse_quote!(support::Validate::validate_at(__value, __path, errors);),
        length: parse_quote!(support::check_length(__path, __value, __min, __max, errors);),
        pattern: syn::Stmt::Expr(
            parse_quote!({
                static PATTERN: ::std::sync::OnceLock<Option<::regex::Regex>> = ::std::sync::OnceLock::new();
                support::check_pattern(__path, __value, &PATTERN, __pattern, errors);
            }),
            None,
        ),
        items_count: parse_quote!(support::check_items(__path, __value.len(), __min, __max, errors);),
        unique: parse_quote!(support::check_unique(__path, __value, errors);),
        properties: parse_quote!(support::check_properties(__path, __value.len(), __min, __max, errors);),
        some: parse_quote!(Some(__n)),
        check_enum: parse_quote!(support::check_enum(__path, __operand, &[__allowed], errors);),
        deref: parse_quote!(*__value),
        widen: parse_quote!(__as::from(*__value)),
        bound: parse_quote!(support::__function(__path, __operand, __limit, __exclusive, errors);),
        multiple_of_integer: parse_quote!(support::check_multiple_of_integer(__path, __operand, __factor, errors);),
        multiple_of_f32: parse_quote!(support::check_multiple_of_f32(__path, *__value, __factor, errors);),
        multiple_of_number: parse_quote!(support::check_multiple_of_number(__path, __operand, __factor, errors);),
        as_f64: parse_quote!(*__value as f64),
    };
}

/// A literal as an expression.
fn literal(literal: Literal) -> syn::Expr {
    syn::Expr::Lit(syn::ExprLit { attrs: Vec::new(), lit: syn::Lit::new(literal) })
}

fn bool_expr(value: bool) -> syn::Expr {
    syn::Expr::Lit(syn::ExprLit { attrs: Vec::new(), lit: syn::Lit::Bool(syn::LitBool::new(value, Span::call_site())) })
}

/// `impl Validate` for one type; `None` for aliases (checked where they are used).
pub fn emit_validate(api: &Api, checked: &Checked, def: &TypeDef) -> Option<syn::ItemImpl> {
    TEMPLATES.with(|t| {
        let name = def.name.ident();
        let body = match &def.kind {
            TypeKind::Alias(_) => return None,
            TypeKind::Newtype(_) | TypeKind::Union(_) if !checked.kind_needs(&def.kind) => Vec::new(),
            TypeKind::Newtype(shape) => {
                let checks = value_checks(api, checked, shape, ident("value"), ident("path"));
                std::iter::once(t.newtype_value.clone()).chain(checks).collect()
            }
            TypeKind::Struct(strukt) => struct_checks(api, checked, strukt),
            TypeKind::StringEnum(def) => {
                let values = def.variants.iter().map(|v| str_expr(&v.value)).collect();
                vec![t.unknown_enum.fill(&mut [("__unknown", Hole::Ident(def.unknown_variant.ident())), ("__values", Hole::Exprs(values))])]
            }
            TypeKind::Union(union) => vec![union_checks(api, checked, union)],
        };
        if body.is_empty() {
            // Nothing to check: the trait's default `validate_at` finds nothing.
            return Some(t.impl_empty.fill(&mut [("__Name", Hole::Ident(name))]));
        }
        Some(t.impl_checks.fill(&mut [("__Name", Hole::Ident(name)), ("__body", Hole::Stmts(body))]))
    })
}

/// The match of a union's variants: each variant's checks, and the report of a value that fits
/// none.
fn union_checks(api: &Api, checked: &Checked, union: &UnionDef) -> syn::Stmt {
    TEMPLATES.with(|t| {
        let mut arms: Vec<syn::Arm> = union
            .variants
            .iter()
            .map(|variant| {
                let variant_hole = Hole::Ident(variant.name.ident());
                let checks = value_checks(api, checked, &variant.shape, ident("value"), ident("path"));
                if checks.is_empty() {
                    t.variant_unchecked.fill(&mut [("__variant", variant_hole)])
                } else {
                    t.variant_checked.fill(&mut [("__variant", variant_hole), ("__checks", Hole::Stmts(checks))])
                }
            })
            .collect();
        let report = match union.tag() {
            Some(tag) => {
                let allowed = union.variants.iter().filter_map(|variant| variant.tag.as_ref()).map(tag_expr).collect();
                t.unknown_tag.fill(&mut [("__property", Hole::Str(tag.property.clone())), ("__allowed", Hole::Exprs(allowed))])
            }
            None => {
                let rule = ident(if union.exclusive { "OneOf" } else { "AnyOf" });
                let names = union.variants.iter().map(|variant| str_expr(variant.name.as_str())).collect();
                t.no_variant.fill(&mut [("__rule", Hole::Ident(rule)), ("__names", Hole::Exprs(names))])
            }
        };
        arms.extend(union.other().map(|other| t.other_arm.fill(&mut [("__variant", Hole::Ident(other.ident())), ("__report", Hole::Expr(report))])));
        t.union_match.fill(&mut [("__arms", Hole::Arms(arms))])
    })
}

/// The checks of one member of `self` (a struct's field, an operation's parameter) on its value
/// where it has one, at its wire name; nothing when its shape has no rule.
pub(super) fn member_checks(api: &Api, checked: &Checked, shape: &Shape, presence: Presence, member: &Name, wire: &str) -> Option<syn::Stmt> {
    let shape = Shape { nullable: false, ..shape.clone() };
    let checks = value_checks(api, checked, &shape, ident("value"), ident("path"));
    if checks.is_empty() {
        return None;
    }
    TEMPLATES.with(|t| {
        let template = match presence {
            Presence::Always => &t.member_always,
            Presence::Optional => &t.member_optional,
            Presence::Tristate => &t.member_tristate,
        };
        Some(template.fill(&mut [("__member", Hole::Ident(member.ident())), ("__wire", Hole::Str(wire.to_owned())), ("__checks", Hole::Stmts(checks))]))
    })
}

fn struct_checks(api: &Api, checked: &Checked, def: &StructDef) -> Vec<syn::Stmt> {
    let mut out: Vec<syn::Stmt> =
        def.fields.iter().filter_map(|field| member_checks(api, checked, &field.shape, field.presence(), &field.name, &field.wire_name)).collect();
    if let Some(additional) = &def.additional {
        let checks = value_checks(api, checked, &additional.shape, ident("value"), ident("path"));
        if !checks.is_empty() {
            out.push(TEMPLATES.with(|t| t.additional.fill(&mut [("__member", Hole::Ident(additional.name.ident())), ("__checks", Hole::Stmts(checks))])));
        }
    }
    out.extend(def.rules.iter().map(|rule| rule_check(def, rule)));
    out
}

/// Whether the property `wire` is present, with `null` counting as absent.
fn presence(def: &StructDef, wire: &str) -> syn::Expr {
    match def.fields.iter().find(|f| f.wire_name == wire) {
        Some(field) => {
            let member = field.name.ident();
            match field.presence() {
                Presence::Always => bool_expr(true),
                Presence::Optional => TEMPLATES.with(|t| t.present_some.fill(&mut [("__member", Hole::Ident(member))])),
                // A macro's tokens are not parsed: they are made as tokens.
                Presence::Tristate => {
                    let tokens = quote!(self.#member, Some(Some(_)));
                    let mac = syn::Macro { path: ident("matches").into(), bang_token: Default::default(), delimiter: syn::MacroDelimiter::Paren(Default::default()), tokens };
                    syn::Expr::Macro(syn::ExprMacro { attrs: Vec::new(), mac })
                }
            }
        }
        None => bool_expr(false),
    }
}

fn rule_check(def: &StructDef, rule: &ObjectRule) -> syn::Stmt {
    TEMPLATES.with(|t| {
        // `(label, a && b)`: whether each group is present.
        let groups = |groups: &[Vec<String>]| -> Vec<syn::Expr> {
            groups
                .iter()
                .map(|group| {
                    let present = group.iter().map(|wire| presence(def, wire));
                    let present = present.reduce(|left, right| t.and.fill(&mut [("__left", Hole::Expr(left)), ("__right", Hole::Expr(right))]));
                    let present = present.unwrap_or_else(|| bool_expr(true));
                    t.entry.fill(&mut [("__label", Hole::Str(group.join(" and "))), ("__present", Hole::Expr(present))])
                })
                .collect()
        };
        let each = |wires: &[String]| -> Vec<syn::Expr> {
            wires.iter().map(|wire| t.entry.fill(&mut [("__label", Hole::Str(wire.clone())), ("__present", Hole::Expr(presence(def, wire)))])).collect()
        };
        match rule {
            ObjectRule::ExactlyOneOf(list) => t.exactly_one_of.fill(&mut [("__entries", Hole::Exprs(groups(list)))]),
            ObjectRule::AtMostOneOf(list) => t.at_most_one_of.fill(&mut [("__entries", Hole::Exprs(groups(list)))]),
            ObjectRule::DependentRequired { property, requires } => t.dependent_required.fill(&mut [
                ("__property", Hole::Str(property.clone())),
                ("__present", Hole::Expr(presence(def, property))),
                ("__entries", Hole::Exprs(each(requires))),
            ]),
            ObjectRule::Required(properties) => t.required.fill(&mut [("__entries", Hole::Exprs(each(properties)))]),
        }
    })
}

/// Checks for the variable `value` (of type `&T` for the shape's type `T`, or of `&Option<T>`
/// when the shape is nullable) at the variable `path` (of type `&Path`).
pub(super) fn value_checks(api: &Api, checked: &Checked, shape: &Shape, value: Ident, path: Ident) -> Vec<syn::Stmt> {
    if !checked.shape_needs(shape) {
        return Vec::new();
    }
    if shape.nullable {
        let inner = value_checks(api, checked, &Shape { nullable: false, ..shape.clone() }, ident("value"), path);
        return vec![TEMPLATES.with(|t| t.nullable.fill(&mut [("__value", Hole::Ident(value)), ("__checks", Hole::Stmts(inner))]))];
    }
    let mut out = own_checks(checked, shape, &value, &path);
    let inner = |items: &Shape, template: fn(&Templates) -> &syn::Stmt| {
        let checks = value_checks(api, checked, items, ident("item"), ident("path"));
        let holes = &mut [("__value", Hole::Ident(value.clone())), ("__path", Hole::Ident(path.clone())), ("__checks", Hole::Stmts(checks))];
        TEMPLATES.with(|t| template(t).fill(holes))
    };
    match &shape.ty {
        TypeRef::Named { id, .. } if checked.types[id.0] => out.extend(named_checks(api, checked, *id, value, path)),
        TypeRef::Array(items) if checked.shape_needs(items) => out.push(inner(items, |t| &t.items)),
        TypeRef::Map(values) if checked.shape_needs(values) => out.push(inner(values, |t| &t.values)),
        _ => {}
    }
    out
}

fn named_checks(api: &Api, checked: &Checked, id: TypeId, value: Ident, path: Ident) -> Vec<syn::Stmt> {
    match &api.type_def(id).kind {
        // An alias has no impl of its own: its rules are checked where it is used.
        TypeKind::Alias(shape) => value_checks(api, checked, shape, value, path),
        _ => vec![TEMPLATES.with(|t| t.validate_at.fill(&mut [("__value", Hole::Ident(value)), ("__path", Hole::Ident(path))]))],
    }
}

/// The shape's own keywords (length, range, items, …), not those of what it contains.
fn own_checks(checked: &Checked, shape: &Shape, value: &Ident, path: &Ident) -> Vec<syn::Stmt> {
    TEMPLATES.with(|t| {
        let c = constraints_of(shape);
        let mut out = Vec::new();
        let option = |bound: Option<u64>| match bound {
            Some(n) => t.some.fill(&mut [("__n", Hole::Expr(literal(Literal::u64_suffixed(n))))]),
            None => none(),
        };
        let counted = |template: &syn::Stmt, min: Option<u64>, max: Option<u64>| {
            template.fill(&mut [
                ("__path", Hole::Ident(path.clone())),
                ("__value", Hole::Ident(value.clone())),
                ("__min", Hole::Expr(option(min))),
                ("__max", Hole::Expr(option(max))),
            ])
        };
        let plain = |template: &syn::Stmt| template.fill(&mut [("__path", Hole::Ident(path.clone())), ("__value", Hole::Ident(value.clone()))]);
        if c.min_length.is_some() || c.max_length.is_some() {
            out.push(counted(&t.length, c.min_length, c.max_length));
        }
        // A pattern the `regex` crate cannot compile (ECMA 262 look-around, back-references) cannot be
        // enforced; it is left out rather than failing at run time.
        if let Some(pattern) = c.pattern.as_ref().filter(|p| checked.patterns.contains(p.as_str())) {
            let holes = &mut [("__path", Hole::Ident(path.clone())), ("__value", Hole::Ident(value.clone())), ("__pattern", Hole::Str(pattern.clone()))];
            out.push(t.pattern.fill(holes));
        }
        if c.min_items.is_some() || c.max_items.is_some() {
            out.push(counted(&t.items_count, c.min_items, c.max_items));
        }
        if c.unique_items {
            out.push(plain(&t.unique));
        }
        if c.min_properties.is_some() || c.max_properties.is_some() {
            out.push(counted(&t.properties, c.min_properties, c.max_properties));
        }
        if let TypeRef::Primitive(primitive) = shape.ty {
            out.extend(number_checks(t, primitive, &c, value, path));
        }
        out
    })
}

fn number_checks(t: &Templates, primitive: Primitive, c: &Constraints, value: &Ident, path: &Ident) -> Vec<syn::Stmt> {
    let mut out = Vec::new();
    let check_enum = |operand: syn::Expr, allowed: Vec<syn::Expr>| {
        t.check_enum.fill(&mut [("__path", Hole::Ident(path.clone())), ("__operand", Hole::Expr(operand)), ("__allowed", Hole::Exprs(allowed))])
    };
    let deref = || t.deref.fill(&mut [("__value", Hole::Ident(value.clone()))]);
    if primitive == Primitive::Bool {
        let allowed: Vec<syn::Expr> = c.allowed.iter().filter_map(serde_json::Value::as_bool).map(bool_expr).collect();
        if !allowed.is_empty() {
            out.push(check_enum(deref(), allowed));
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
    let widen = |to: &str| t.widen.fill(&mut [("__as", Hole::Ident(ident(to))), ("__value", Hole::Ident(value.clone()))]);
    let widened = || match primitive {
        Primitive::F32 if float32 => deref(),
        Primitive::I64 | Primitive::I64OrString | Primitive::U64 | Primitive::U64OrString | Primitive::F64 => deref(),
        _ => match kind {
            Numeric::Signed => widen("i64"),
            Numeric::Unsigned => widen("u64"),
            Numeric::Float => widen("f64"),
        },
    };
    let literal_of = |bound: f64| -> Option<Literal> {
        match kind {
            Numeric::Signed => Some(Literal::i64_suffixed(bound as i64)),
            Numeric::Unsigned if bound < 0.0 => None,
            Numeric::Unsigned => Some(Literal::u64_suffixed(bound as u64)),
            Numeric::Float if float32 => Some(Literal::f32_suffixed(bound as f32)),
            Numeric::Float => Some(Literal::f64_suffixed(bound)),
        }
    };
    let mut bound_check = |bound: Option<Bound>, function: &str, round: fn(f64) -> f64| {
        if let Some(Bound { value: limit, exclusive }) = bound {
            let limit = if kind == Numeric::Float { limit } else { round(limit) };
            if let Some(limit) = literal_of(limit) {
                out.push(t.bound.fill(&mut [
                    ("__function", Hole::Ident(ident(function))),
                    ("__path", Hole::Ident(path.clone())),
                    ("__operand", Hole::Expr(widened())),
                    ("__limit", Hole::Expr(literal(limit))),
                    ("__exclusive", Hole::Expr(bool_expr(exclusive))),
                ]));
            }
        }
    };
    bound_check(c.minimum, "check_minimum", f64::ceil);
    bound_check(c.maximum, "check_maximum", f64::floor);
    if let Some(factor) = c.multiple_of {
        let path = Hole::Ident(path.clone());
        if kind != Numeric::Float && factor.fract() == 0.0 && factor >= 1.0 {
            let (operand, factor) = match primitive {
                Primitive::U64 | Primitive::U64OrString => (deref(), Literal::u64_suffixed(factor as u64)),
                Primitive::I64 | Primitive::I64OrString => (deref(), Literal::i64_suffixed(factor as i64)),
                _ => (widen("i64"), Literal::i64_suffixed(factor as i64)),
            };
            out.push(t.multiple_of_integer.fill(&mut [("__path", path), ("__operand", Hole::Expr(operand)), ("__factor", Hole::Expr(literal(factor)))]));
        } else if float32 {
            let factor = literal(Literal::f64_suffixed(factor));
            out.push(t.multiple_of_f32.fill(&mut [("__path", path), ("__value", Hole::Ident(value.clone())), ("__factor", Hole::Expr(factor))]));
        } else {
            let factor = literal(Literal::f64_suffixed(factor));
            let operand = if kind == Numeric::Float { widened() } else { t.as_f64.fill(&mut [("__value", Hole::Ident(value.clone()))]) };
            out.push(t.multiple_of_number.fill(&mut [("__path", path), ("__operand", Hole::Expr(operand)), ("__factor", Hole::Expr(factor))]));
        }
    }
    let allowed: Vec<syn::Expr> = c
        .allowed
        .iter()
        .filter_map(|v| match kind {
            Numeric::Signed => v.as_i64().map(Literal::i64_suffixed),
            Numeric::Unsigned => v.as_u64().map(Literal::u64_suffixed),
            Numeric::Float if float32 => v.as_f64().map(|v| Literal::f32_suffixed(v as f32)),
            Numeric::Float => v.as_f64().map(Literal::f64_suffixed),
        })
        .map(literal)
        .collect();
    if !allowed.is_empty() {
        out.push(check_enum(widened(), allowed));
    }
    out
}

/// A tag value as a Rust literal (`"cat"`, `1i64`, `true`), for matching and writing it
/// (models) and for listing the allowed ones (validators).
pub(super) fn tag_expr(tag: &TagValue) -> syn::Expr {
    match tag {
        TagValue::String(text) => str_expr(text),
        TagValue::Integer(number) => literal(Literal::i64_suffixed(*number)),
        TagValue::Boolean(value) => bool_expr(*value),
    }
}
