//! The codes a vendor documents for its messages (`x-error-codes`) as constants in a module's
//! `codes`, and the methods that find them: `has_code` and `documented_code` on the object that
//! reports a code (`x-code-property`), `find_in_{field}` on objects with a list of such objects.

use proc_macro2::TokenStream;
use quote::{quote, ToTokens};

use crate::ident::{self, Name, Namespace};
use crate::ir::{Api, CodeKind, Field, Presence, Primitive, Shape, StructDef, TypeKind, TypeRef};

/// `pub mod codes` with a constant per documented code, `ALL`, and `describe`.
pub fn codes_module(api: &Api) -> Option<TokenStream> {
    if api.codes.is_empty() {
        return None;
    }
    let constants = api.codes.iter().map(|code| {
        let name = &code.name;
        let (kind, word) = match code.kind {
            CodeKind::Error => (quote!(CodeKind::Error), "Error"),
            CodeKind::Warning => (quote!(CodeKind::Warning), "Warning"),
        };
        let operations: Vec<String> = code.operations.iter().map(|id| format!("`{id}`")).collect();
        let message = code.message.trim();
        let doc = format!(" {word} {}, documented for {}: \"{message}\"", code.code, operations.join(", "));
        let magnitude = proc_macro2::Literal::u64_unsuffixed(code.code.unsigned_abs());
        let number = if code.code < 0 { quote!(-#magnitude) } else { quote!(#magnitude) };
        quote! {
            #[doc = #doc]
            pub const #name: DocumentedCode = DocumentedCode { code: #number, kind: #kind, message: #message };
        }
    });
    let names = api.codes.iter().map(|code| &code.name);
    Some(quote! {
        /// The codes the vendor documents for this API's messages, each with its kind and message.
        pub mod codes {
            use crate::support::{CodeKind, DocumentedCode};

            #(#constants)*

            /// Every documented code, in ascending order.
            pub const ALL: &[DocumentedCode] = &[#(#names),*];

            /// What the documentation says about `code`, if it documents it.
            pub fn describe(code: i64) -> Option<DocumentedCode> {
                ALL.iter().find(|documented| documented.code == code).copied()
            }
        }
    })
}

/// The code methods of struct `def`, their names claimed in `methods`.
pub fn code_methods(api: &Api, def: &StructDef, methods: &mut Namespace) -> Vec<TokenStream> {
    let mut items = Vec::new();
    if let Some(field) = def.code_field.map(|index| &def.fields[index]) {
        let (code, optional) = code_value(field);
        let (has_body, describe_body) = if optional {
            (quote!(#code == Some(code.into())), quote!(self::codes::describe(#code?)))
        } else {
            (quote!(#code == code.into()), quote!(self::codes::describe(#code)))
        };
        // The struct's other methods are `new` and `with_…` setters: the name stays `has_code`,
        // which the finders of the objects that list this one call.
        let has = methods.claim(ident::field_name("has_code", "has_code"));
        items.push(quote! {
            /// Whether this message carries `code` (a constant of `codes`, or the number).
            pub fn #has(&self, code: impl Into<i64>) -> bool {
                #has_body
            }
        });
        if !api.codes.is_empty() {
            let documented = methods.claim(ident::field_name("documented_code", "documented_code"));
            items.push(quote! {
                /// What the documentation says about this message's code, if it documents it.
                pub fn #documented(&self) -> Option<crate::support::DocumentedCode> {
                    #describe_body
                }
            });
        }
    }
    for field in &def.fields {
        let Some((message, pick)) = message_items(api, field) else { continue };
        let name = &field.name;
        let finder = methods.claim(ident::prefixed_method("find_in", name));
        let items_of = match field.presence() {
            Presence::Always => quote!(self.#name.iter()),
            Presence::Optional => quote!(self.#name.iter().flatten()),
            Presence::Tristate => quote!(self.#name.iter().flatten().flatten()),
        };
        let doc = format!(" The first of `{}` that carries `code` (a constant of `codes`, or the number).", field.wire_name);
        items.push(quote! {
            #[doc = #doc]
            pub fn #finder(&self, code: impl Into<i64>) -> Option<&#message> {
                let code = code.into();
                #items_of #pick .find(|message| message.has_code(code))
            }
        });
    }
    items
}

/// `self.{field}` as an `i64`, or as an `Option<i64>` when it may be absent (the flag).
fn code_value(field: &Field) -> (TokenStream, bool) {
    let name = &field.name;
    let unsigned = matches!(field.shape.ty, TypeRef::Primitive(Primitive::U64 | Primitive::U64OrString));
    let wide = matches!(field.shape.ty, TypeRef::Primitive(Primitive::I64 | Primitive::I64OrString));
    let optional = match field.presence() {
        Presence::Always if unsigned => return (quote!(i64::try_from(self.#name).ok()), true),
        Presence::Always if wide => return (quote!(self.#name), false),
        Presence::Always => return (quote!(i64::from(self.#name)), false),
        Presence::Optional => quote!(self.#name),
        Presence::Tristate => quote!(self.#name.flatten()),
    };
    let value = if unsigned {
        quote!(#optional.and_then(|code| i64::try_from(code).ok()))
    } else if wide {
        optional
    } else {
        quote!(#optional.map(i64::from))
    };
    (value, true)
}

/// When `field` is a list of messages (objects with a code property), directly or as a variant of
/// a union: the message type, and the iterator adapter that picks the messages out of the items.
fn message_items(api: &Api, field: &Field) -> Option<(TokenStream, TokenStream)> {
    let TypeRef::Array(item) = &field.shape.ty else { return None };
    let nullable = item.nullable.then(|| quote!(.flatten()));
    let TypeRef::Named { id, .. } = item.ty else { return None };
    let def = api.type_def(id);
    match &def.kind {
        TypeKind::Struct(s) if s.code_field.is_some() => Some((def.name.ident().into_token_stream(), quote!(#nullable))),
        TypeKind::Union(union) => union.variants.iter().find_map(|variant| {
            let (message, boxed) = message_type(api, &variant.shape)?;
            let (union_name, variant_name) = (&def.name, &variant.name);
            let item = if boxed { quote!(&**message) } else { quote!(message) };
            let pick = quote!(#nullable .filter_map(|item| match item {
                #union_name::#variant_name(message) => Some(#item),
                _ => None,
            }));
            Some((message.ident().into_token_stream(), pick))
        }),
        _ => None,
    }
}

/// The message struct a union variant holds, and whether it is boxed.
fn message_type<'a>(api: &'a Api, shape: &Shape) -> Option<(&'a Name, bool)> {
    let TypeRef::Named { id, boxed } = shape.ty else { return None };
    let def = api.type_def(id);
    matches!(&def.kind, TypeKind::Struct(s) if s.code_field.is_some()).then_some((&def.name, boxed))
}
