//! An operation's struct, the client's method that makes it and the setters of its optional
//! parameters, built as syntax trees (see [`super::tree`]): one of each per operation, of one
//! shape.

use syn::parse_quote;

use super::builders::{allow_many_arguments, arg, required_arg, takes_plain};
use super::docs::doc_attributes;
use super::features::Gate;
use super::requests::{body_argument_type, body_field_type, param_type};
use super::tree::{Hole, Template, doc_attribute, field_value, ident, ident_type, none, public_field};
use super::types::{option_of, super_prefix, value_type_in};
use crate::ident::{self, Name, Namespace};
use crate::ir::{Api, BodyKind, Content, Docs, Operation, Parameter};

/// The shapes of an operation's items, parsed once per thread.
struct Templates {
    declaration: syn::ItemStruct,
    declaration_borrowing: syn::ItemStruct,
    borrowing: syn::Type,
    methods: syn::ItemImpl,
    method: syn::ImplItemFn,
    setters: syn::ItemImpl,
    setter: syn::ImplItemFn,
    set: syn::ImplItemFn,
    body_setter: syn::ImplItemFn,
}

thread_local! {
    static TEMPLATES: Templates = Templates {
        declaration: parse_quote! {
            #[derive(Debug, Clone, PartialEq)]
            pub struct __Name {
                __fields: (),
            }
        },
        declaration_borrowing: parse_quote! {
            #[derive(Debug, Clone, PartialEq)]
            pub struct __Name<'a> {
                __fields: (),
            }
        },
        borrowing: parse_quote!(__Name<'a>),
        methods: parse_quote! {
            impl<T: support::Transport + Sync> Client<T> {
                __items!();
            }
        },
        method: parse_quote! {
            pub fn __method<'a>(&'a self, __args: ()) -> support::Call<'a, Self, __Op> {
                support::Call::new(self, __Name { __fields })
            }
        },
        setters: parse_quote! {
            impl<'a, T> support::Call<'a, Client<T>, __Op> {
                __items!();
            }
        },
        setter: parse_quote! {
            pub fn __setter(mut self, value: impl Into<__T>) -> Self {
                self.operation.__field = Some(value.into());
                self
            }
        },
        set: parse_quote! {
            #[doc = __doc]
            pub fn __set(mut self, value: Option<__T>) -> Self {
                self.operation.__field = value;
                self
            }
        },
        body_setter: parse_quote! {
            /// The request body.
            pub fn __name(mut self, body: __T) -> Self {
                self.operation.body = Some(__value);
                self
            }
        },
    };
}

/// The body an operation sends, if any: whether it is required, and its first content. An
/// operation that has one borrows it (`Op<'a>`).
pub(super) fn body_of(op: &Operation) -> Option<(bool, &Content)> {
    op.body.as_ref().and_then(|body| body.content.first().map(|content| (body.required, content)))
}

/// The operation's type as the client names it: `Op`, or `Op<'a>` when it borrows a body.
fn operation_type(op: &Operation) -> syn::Type {
    let name = op.type_name.ident();
    match body_of(op) {
        Some(_) => TEMPLATES.with(|t| t.borrowing.fill(&mut [("__Name", Hole::Ident(name))])),
        None => ident_type(name),
    }
}

/// The struct of `op`, documented by `docs`, under `gate`: a field per parameter, and the body.
pub(super) fn operation_struct(api: &Api, op: &Operation, docs: Vec<syn::Attribute>, gate: &Gate) -> syn::ItemStruct {
    let mut fields: Vec<syn::Field> = op.params.iter().map(|param| param_field(api, param)).collect();
    let body = body_of(op);
    if let Some((required, content)) = body {
        let ty = body_field_type(api, &content.body);
        let ty = if required { ty } else { option_of(ty) };
        fields.push(public_field(vec![doc_attribute(" The request body.")], ident("body"), ty));
    }
    let mut item = TEMPLATES.with(|t| {
        let template = if body.is_some() { &t.declaration_borrowing } else { &t.declaration };
        template.fill(&mut [("__Name", Hole::Ident(op.type_name.ident())), ("__fields", Hole::StructFields(fields))])
    });
    gate.prepend(&mut item.attrs, docs);
    item
}

/// The field of an operation's struct holding `param`, with its docs.
pub(super) fn param_field(api: &Api, param: &Parameter) -> syn::Field {
    let docs = if !param.docs.has_text() {
        vec![doc_attribute(&format!(" The `{}` {}.", param.wire_name, super::docs::location_words(param.location)))]
    } else {
        doc_attributes(&param.docs)
    };
    public_field(docs, param.name.ident(), param_type(api, param))
}

/// One `impl Client` block with the methods of `ops`, each under its gate.
pub(super) fn client_methods(api: &Api, ops: &[Operation], gates: &[Gate], notes: impl Fn(&Operation) -> Vec<String>) -> syn::ItemImpl {
    let methods = ops
        .iter()
        .zip(gates)
        .map(|(op, gate)| {
            let mut method = client_method(api, op);
            let docs = doc_attributes(&Docs { notes: notes(op), ..op.docs.clone() });
            gate.prepend(&mut method.attrs, docs);
            syn::ImplItem::Fn(method)
        })
        .collect();
    TEMPLATES.with(|t| t.methods.fill(&mut [("__items", Hole::ImplItems(methods))]))
}

/// The client's method for `op`: required parameters (and a required body) as arguments; it
/// returns a [`support::Call`] on which the optional ones are set.
fn client_method(api: &Api, op: &Operation) -> syn::ImplItemFn {
    let mut args = Vec::new();
    let mut fields = Vec::new();
    for param in &op.params {
        let name = param.name.ident();
        if param.required {
            // Strings, enums, lists: `"abc"` reads better than `"abc".to_owned()`.
            let plain = param.shape.nullable || takes_plain(&param.shape);
            let (arg, field) = required_arg(name, param_type(api, param), plain);
            args.push(arg);
            fields.push(field);
        } else {
            fields.push(field_value(name, Some(none())));
        }
    }
    let body_field = ident("body");
    if let Some((required, content)) = body_of(op) {
        let name = body_argument(op);
        if required {
            let (ty, value) = body_argument_type(api, &content.body, &name);
            args.push(arg(name.ident(), ty));
            // `body` alone where the argument is the field.
            let shorthand = name == "body" && !matches!(content.body, BodyKind::Bytes);
            fields.push(field_value(body_field, (!shorthand).then_some(value)));
        } else {
            fields.push(field_value(body_field, Some(none())));
        }
    }
    let arguments = args.len() + 1;
    let mut method = TEMPLATES.with(|t| {
        t.method.fill(&mut [
            ("__method", Hole::Ident(op.name.ident())),
            ("__args", Hole::Args(args)),
            ("__Op", Hole::Type(operation_type(op))),
            ("__Name", Hole::Ident(op.type_name.ident())),
            ("__fields", Hole::Fields(fields)),
        ])
    });
    allow_many_arguments(&mut method, arguments);
    method
}

/// The name of the client method's argument holding the body.
pub(super) fn body_argument(op: &Operation) -> Name {
    let taken = op.params.iter().any(|p| p.name == "body");
    ident::field_name(if taken { "request_body" } else { "body" }, "body")
}

/// Setters on the [`support::Call`] of `op` for its optional parameters and body: `.x(value)`
/// and `.set_x(option)`; each under `gate`.
pub(super) fn call_setters(api: &Api, op: &Operation, gate: &Gate) -> Option<syn::ItemImpl> {
    // `support::Call`'s own methods.
    let mut methods = Namespace::with_reserved(&["send", "stream", "operation", "into_operation", "new", "client"]);
    let optional: Vec<&Parameter> = op.params.iter().filter(|param| !param.required).collect();
    // Every setter name is claimed before the `set_` ones, so a parameter keeps its own name.
    let plain: Vec<Name> = optional.iter().map(|param| methods.claim(param.name.clone())).collect();
    let mut setters = Vec::new();
    TEMPLATES.with(|t| {
        for (param, setter) in optional.iter().zip(&plain) {
            let set = methods.claim(ident::prefixed_method("set", &param.name));
            let ty = value_type_in(api, &param.shape, &super_prefix());
            let docs = if !param.docs.has_text() {
                vec![doc_attribute(&format!(" Sets `{}`.", param.wire_name))]
            } else {
                doc_attributes(&param.docs)
            };
            let field = || Hole::Ident(param.name.ident());
            let mut plain = t.setter.fill(&mut [("__setter", Hole::Ident(setter.ident())), ("__T", Hole::Type(ty.clone())), ("__field", field())]);
            plain.attrs.splice(0..0, docs);
            setters.push(syn::ImplItem::Fn(plain));
            let doc = format!(" Sets `{}`, or leaves it out with `None`.", param.wire_name);
            let holes = &mut [("__doc", Hole::Str(doc)), ("__set", Hole::Ident(set.ident())), ("__T", Hole::Type(ty)), ("__field", field())];
            setters.push(syn::ImplItem::Fn(t.set.fill(holes)));
        }
        if let Some((false, content)) = body_of(op) {
            let (ty, value) = body_argument_type(api, &content.body, &ident::field_name("body", "body"));
            let holes = &mut [("__name", Hole::Ident(body_argument(op).ident())), ("__T", Hole::Type(ty)), ("__value", Hole::Expr(value))];
            setters.push(syn::ImplItem::Fn(t.body_setter.fill(holes)));
        }
        if setters.is_empty() {
            return None;
        }
        let mut item = t.setters.fill(&mut [("__Op", Hole::Type(operation_type(op))), ("__items", Hole::ImplItems(setters))]);
        gate.prepend(&mut item.attrs, Vec::new());
        Some(item)
    })
}
