//! A struct's `new` and `with_` setters, built as syntax trees (see [`super::tree`]): a setter per
//! optional field is the largest part of a large API's models after the serde impls.

use proc_macro2::Ident;
use syn::parse_quote;

use super::tree::{Hole, Template, field_value, ident, ident_expr, none};
use super::types::{option_of, shape_type};
use crate::ident::{self, Name, Namespace};
use crate::ir::{Api, Field, ObjectRule, Presence, Primitive, Shape, StructDef, TypeRef};

/// The shapes of the builders and of their parts, parsed once per thread.
struct Templates {
    methods: syn::ItemImpl,
    new: syn::ImplItemFn,
    arg: syn::FnArg,
    into: syn::Type,
    value_into: syn::Expr,
    some: syn::Expr,
    empty_map: syn::Expr,
    setter: syn::ImplItemFn,
    clear: syn::Stmt,
    null_setter: syn::ImplItemFn,
}

thread_local! {
    static TEMPLATES: Templates = Templates {
        methods: parse_quote! {
            impl __Name {
                __items!();
            }
        },
        new: parse_quote! {
            #[doc = __doc]
            pub fn new(__args: ()) -> Self {
                Self { __inits }
            }
        },
        arg: parse_quote!(__name: __T),
        into: parse_quote!(impl Into<__T>),
        value_into: parse_quote!(__value.into()),
        some: parse_quote!(Some(__value)),
        empty_map: parse_quote!(::std::collections::BTreeMap::new()),
        setter: parse_quote! {
            #[doc = __doc]
            pub fn __setter(mut self, value: __param) -> Self {
                self.__field = __value;
                __clear!();
                self
            }
        },
        clear: parse_quote!(self.__field = None;),
        null_setter: parse_quote! {
            #[doc = __doc]
            pub fn __setter(mut self) -> Self {
                self.__field = Some(None);
                self
            }
        },
    };
}

/// `new` with the required fields (`Default` stands in when there are none) and a `with_` setter
/// per optional field, so a spec that adds an optional property breaks no caller. A field of an
/// "exactly one of" group clears the other groups' fields: the invalid state takes effort.
/// `more` are methods of the struct's own (see [`super::codes`]), their names claimed after the
/// setters'.
pub(super) fn struct_builders(
    api: &Api,
    name: &Ident,
    def: &StructDef,
    has_default: bool,
    more: impl FnOnce(&mut Namespace) -> syn::Result<Vec<syn::ImplItem>>,
) -> syn::Result<Option<syn::ItemImpl>> {
    if def.fields.is_empty() {
        return Ok(None);
    }
    let (mut methods, setters) = setters(def);
    let mut items = Vec::new();
    if !has_default {
        let mut args = Vec::new();
        let mut inits = Vec::new();
        for field in &def.fields {
            let name = field.name.ident();
            let ty = shape_type(api, &field.shape);
            match field.presence() {
                Presence::Always => {
                    let (arg, init) = required_arg(name, ty, takes_plain(&field.shape));
                    args.push(arg);
                    inits.push(init);
                }
                Presence::Optional if field.required => {
                    args.push(arg(name.clone(), option_of(ty)));
                    inits.push(field_value(name, None));
                }
                _ => inits.push(field_value(name, Some(none()))),
            }
        }
        if let Some(additional) = &def.additional {
            inits.push(field_value(additional.name.ident(), Some(TEMPLATES.with(|t| t.empty_map.clone()))));
        }
        items.push(syn::ImplItem::Fn(constructor(" A value with the required fields; the optional ones are absent.", args, inits)));
    }
    let more = more(&mut methods)?;
    for (field, Setter { set, null }) in def.fields.iter().zip(&setters).filter_map(|(field, setter)| Some((field, setter.as_ref()?))) {
        let partners = exclusive_partners(def, field);
        let doc = if partners.is_empty() {
            format!(" Sets `{}`.", field.wire_name)
        } else {
            let wires: Vec<String> = partners.iter().map(|partner| format!("`{}`", partner.wire_name)).collect();
            format!(" Sets `{}` and leaves out {}: the spec allows only one of them.", field.wire_name, wires.join(", "))
        };
        let clears = partners.iter().map(|partner| partner.name.ident()).collect();
        let tristate = field.presence() == Presence::Tristate;
        let ty = shape_type(api, &field.shape);
        items.push(syn::ImplItem::Fn(setter(&doc, set.ident(), field.name.ident(), ty, takes_plain(&field.shape), tristate, clears)));
        if let Some(null) = null {
            let doc = format!(" Sets `{}` to `null`: sent as `null` rather than left out.", field.wire_name);
            let holes = &mut [("__doc", Hole::Str(doc)), ("__setter", Hole::Ident(null.ident())), ("__field", Hole::Ident(field.name.ident()))];
            items.push(syn::ImplItem::Fn(TEMPLATES.with(|t| t.null_setter.fill(holes))));
        }
    }
    items.extend(more);
    Ok(Some(TEMPLATES.with(|t| t.methods.fill(&mut [("__Name", Hole::Ident(name.clone())), ("__items", Hole::ImplItems(items))]))))
}

/// `new(args) -> Self { inits }`, documented by `doc`: it mirrors a `required` list, however
/// long.
pub(super) fn constructor(doc: &str, args: Vec<syn::FnArg>, inits: Vec<syn::FieldValue>) -> syn::ImplItemFn {
    let arguments = args.len();
    let mut new = TEMPLATES.with(|t| t.new.fill(&mut [("__doc", Hole::Str(doc.to_owned())), ("__args", Hole::Args(args)), ("__inits", Hole::Fields(inits))]));
    allow_many_arguments(&mut new, arguments);
    new
}

/// Allows clippy's `too_many_arguments` on a function of `arguments` (`self` counted) past
/// clippy's limit of seven: a `new` or a client method takes every required value, however many.
pub(super) fn allow_many_arguments(function: &mut syn::ImplItemFn, arguments: usize) {
    if arguments > 7 {
        function.attrs.push(parse_quote!(#[allow(clippy::too_many_arguments)]));
    }
}

/// The argument `name: ty`.
pub(super) fn arg(name: Ident, ty: syn::Type) -> syn::FnArg {
    TEMPLATES.with(|t| t.arg.fill(&mut [("__name", Hole::Ident(name)), ("__T", Hole::Type(ty))]))
}

/// `new`'s argument for a required value of type `ty`, and the field's value in the struct
/// expression: the value as it is when it is `plain` (see [`takes_plain`]), else `impl Into` of
/// it.
pub(super) fn required_arg(name: Ident, ty: syn::Type, plain: bool) -> (syn::FnArg, syn::FieldValue) {
    if plain {
        return (arg(name.clone(), ty), field_value(name, None));
    }
    let (param, value) = TEMPLATES.with(|t| {
        let param = t.into.fill(&mut [("__T", Hole::Type(ty))]);
        (param, t.value_into.fill(&mut [("__value", Hole::Ident(name.clone()))]))
    });
    (arg(name.clone(), param), field_value(name, Some(value)))
}

/// The setter `set` of the optional field `field` of type `ty`, documented by `doc`: it takes the
/// value as it is when it is `plain`, else `impl Into` of it, sets `Some` of it (`Some(Some(…))`
/// for a `tristate` field, which may be `null`), and clears the fields `clears`.
pub(super) fn setter(doc: &str, set: Ident, field: Ident, ty: syn::Type, plain: bool, tristate: bool, clears: Vec<Ident>) -> syn::ImplItemFn {
    TEMPLATES.with(|t| {
        let value = ident("value");
        let (param, mut value) = if plain {
            (ty, ident_expr(value))
        } else {
            (t.into.fill(&mut [("__T", Hole::Type(ty))]), t.value_into.fill(&mut [("__value", Hole::Ident(value))]))
        };
        for _ in 0..1 + usize::from(tristate) {
            value = t.some.fill(&mut [("__value", Hole::Expr(value))]);
        }
        let clears = clears.into_iter().map(|other| t.clear.fill(&mut [("__field", Hole::Ident(other))])).collect();
        t.setter.fill(&mut [
            ("__doc", Hole::Str(doc.to_owned())),
            ("__setter", Hole::Ident(set)),
            ("__param", Hole::Type(param)),
            ("__field", Hole::Ident(field)),
            ("__value", Hole::Expr(value)),
            ("__clear", Hole::Stmts(clears)),
        ])
    })
}

/// The setters of a struct's optional field: `with_x`, and `with_x_null` when it can be `null`.
pub struct Setter {
    pub set: Name,
    pub null: Option<Name>,
}

/// The setter of each field (`None` for required ones), and the method names they take.
pub fn setters(def: &StructDef) -> (Namespace, Vec<Option<Setter>>) {
    let mut methods = Namespace::with_reserved(&["new"]);
    let setters = def
        .fields
        .iter()
        .map(|field| {
            if field.required {
                return None;
            }
            let set = methods.claim(ident::prefixed_method("with", &field.name));
            let null = (field.presence() == Presence::Tristate).then(|| methods.claim(set.with_suffix("_null")));
            Some(Setter { set, null })
        })
        .collect();
    (methods, setters)
}

/// Whether a setter takes the value as it is (numbers, booleans), not `impl Into` of it.
pub fn takes_plain(shape: &Shape) -> bool {
    matches!(shape.ty, TypeRef::Primitive(p) if !matches!(p, Primitive::String | Primitive::DateTime | Primitive::Date))
}

/// The fields that setting `field` leaves out: those of the other groups of an "exactly one of"
/// rule `field` is in.
fn exclusive_partners<'a>(def: &'a StructDef, field: &Field) -> Vec<&'a Field> {
    let mut out: Vec<&Field> = Vec::new();
    for rule in &def.rules {
        let ObjectRule::ExactlyOneOf(groups) = rule else { continue };
        if !groups.iter().any(|group| group.contains(&field.wire_name)) {
            continue;
        }
        for group in groups.iter().filter(|group| !group.contains(&field.wire_name)) {
            for wire in group {
                let partner = def.fields.iter().find(|f| &f.wire_name == wire && !f.required);
                if let Some(partner) = partner.filter(|p| !out.iter().any(|seen| seen.name == p.name)) {
                    out.push(partner);
                }
            }
        }
    }
    out
}
