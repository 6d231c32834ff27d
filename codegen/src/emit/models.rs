//! Named types → serde structs, enums and aliases.

use proc_macro2::TokenStream;
use quote::quote;

use super::docs::{doc_attributes, doc_attributes_noted};
use super::features::Gate;
use super::builders::struct_builders;
use super::format::Unit;
use super::string_enum::string_enum;
use super::struct_serde::{struct_deserialize, struct_serialize};
use super::tree::{Hole, Template, doc_attribute, public_field};
use super::types::{lenient_value_seed, map_of, option_of, shape_type, value_type};
use super::validate::{emit_validate, Checked};
use crate::ident::{Name, Namespace};
use crate::ir::{Api, Field, Presence, Shape, StructDef, TagValue, TypeDef, TypeKind, TypeRef, UnionDef, UnionKind};

/// The named types `defs` (a run of `api.types`, in id order), each followed by its `impl Validate`;
/// a module's models are emitted in runs, on several threads.
pub(super) fn emit_models_of(api: &Api, checked: &Checked, defs: &[TypeDef], gates: &[Gate], uses: &[Vec<String>]) -> Unit {
    let mut unit = Unit::default();
    for ((def, gate), uses) in defs.iter().zip(gates).zip(uses) {
        emit_type(&mut unit, api, def, gate, uses);
        if let Some(mut validate) = emit_validate(api, checked, def) {
            gate.prepend(&mut validate.attrs, Vec::new());
            unit.item(syn::Item::Impl(validate));
        }
    }
    unit
}

/// Appends a named type's items to `unit`, each under `gate`.
fn emit_type(unit: &mut Unit, api: &Api, def: &TypeDef, gate: &Gate, uses: &[String]) {
    let mut docs = def.docs.clone();
    if !docs.has_text() {
        let unused = || format!("`{}` as the API defines it; no operation uses it.", def.spec_name());
        docs.notes.push(super::docs::uses_note(uses).unwrap_or_else(unused));
    }
    if let TypeKind::Union(union) = &def.kind {
        let keyword = if union.exclusive { "oneOf" } else { "anyOf" };
        docs.notes.push(match &union.kind {
            UnionKind::Tagged { tag, other } => format!("`{keyword}` chosen by `{}`; a value with another `{}` reads into `{other}`, kept as sent.", tag.property, tag.property),
            UnionKind::Untagged { other: Some(other) } if !struct_variants(api, union).is_empty() => format!(
                "`{keyword}`: the first variant that reads the value without changing it, else the one object variant that reads each property it knows as sent (a property it does not know left out, as a struct does), else `{other}`, kept as sent."
            ),
            UnionKind::Untagged { other: Some(other) } => format!("`{keyword}`: the first variant that reads the value without changing it, else `{other}`, kept as sent."),
            UnionKind::Untagged { other: None } => format!("`{keyword}`: the first variant that reads the value without changing it (one of them reads any value)."),
        });
    }
    let name = def.name.ident();
    let docs = doc_attributes(&docs);
    let items = match &def.kind {
        TypeKind::Struct(def) => return emit_struct(unit, api, &name, docs, def, gate),
        TypeKind::StringEnum(def) => {
            string_enum(&name, docs, def, gate).into_iter().for_each(|item| unit.item(item));
            return;
        }
        TypeKind::Union(def) => emit_union(api, &name, quote!(#(#docs)*), def),
        TypeKind::Alias(shape) => {
            let ty = value_type(api, shape);
            quote! {
                #(#docs)*
                pub type #name = #ty;
            }
        }
        TypeKind::Newtype(shape) => {
            let ty = value_type(api, shape);
            quote! {
                #(#docs)*
                #[derive(Debug, Clone, PartialEq, ::serde::Serialize, ::serde::Deserialize)]
                #[serde(transparent)]
                pub struct #name(pub #ty);
            }
        }
    };
    unit.tokens(gate.items(items));
}

/// A struct, its `Serialize` and `Deserialize` and its builders, built as syntax trees.
fn emit_struct(unit: &mut Unit, api: &Api, name: &proc_macro2::Ident, docs: Vec<syn::Attribute>, def: &StructDef, gate: &Gate) {
    let mut fields: Vec<syn::Field> = def.fields.iter().map(|field| struct_field(api, field)).collect();
    fields.extend(def.additional.as_ref().map(|additional| {
        let value = value_type(api, &additional.shape);
        public_field(vec![doc_attribute(" Properties not listed above, by wire name.")], additional.name.ident(), map_of(value))
    }));
    let all_optional = def.fields.iter().all(is_optional);
    let mut item = TEMPLATES.with(|t| {
        let template = if all_optional { &t.struct_default } else { &t.struct_plain };
        template.fill(&mut [("__Name", Hole::Ident(name.clone())), ("__fields", Hole::StructFields(fields))])
    });
    gate.prepend(&mut item.attrs, docs);
    unit.item(syn::Item::Struct(item));
    let [deserialize, read_struct] = struct_deserialize(api, name, def);
    for mut item in [struct_serialize(name, def), deserialize, read_struct] {
        gate.prepend(&mut item.attrs, Vec::new());
        unit.item(syn::Item::Impl(item));
    }
    // The code methods are tokens (few structs have them): parsed into the tree of the impl.
    let code_methods = |methods: &mut Namespace| super::codes::code_methods(api, def, methods).into_iter().map(syn::parse2).collect();
    match struct_builders(api, name, def, all_optional, code_methods) {
        Ok(Some(mut builders)) => {
            gate.prepend(&mut builders.attrs, Vec::new());
            unit.item(syn::Item::Impl(builders));
        }
        Ok(None) => {}
        Err(error) => unit.fail(error),
    }
}

pub fn is_optional(field: &Field) -> bool {
    !field.required || field.shape.nullable
}


/// A struct's field for a property, with its docs.
fn struct_field(api: &Api, field: &Field) -> syn::Field {
    let docs = &field.docs;
    let presence = field.presence();
    let mut before = Vec::new();
    let mut after = Vec::new();
    if !docs.has_text() {
        // The spec says nothing about it (a `$ref` property cannot carry a description in 3.0).
        before.push(format!("`{}`: {}.", field.wire_name, super::docs::shape_words(api, &field.shape)));
    }
    if field.name != field.wire_name.as_str() && docs.has_text() {
        after.push(format!("Sent and read as `{}`.", field.wire_name));
    }
    if presence == Presence::Tristate {
        after.push("`None`: absent; `Some(None)`: `null`; `Some(Some(_))`: a value.".to_owned());
    }
    let ty = shape_type(api, &field.shape);
    let ty = match presence {
        Presence::Always => ty,
        Presence::Optional => option_of(ty),
        Presence::Tristate => option_of(option_of(ty)),
    };
    public_field(doc_attributes_noted(docs, &before, &after), field.name.ident(), ty)
}

/// The shapes of a struct's declaration, parsed once per thread.
struct Templates {
    struct_plain: syn::ItemStruct,
    struct_default: syn::ItemStruct,
}

thread_local! {
    static TEMPLATES: Templates = Templates {
        struct_plain: syn::parse_quote! {
            #[derive(Debug, Clone, PartialEq)]
            pub struct __Name {
                __fields: (),
            }
        },
        struct_default: syn::parse_quote! {
            #[derive(Debug, Clone, PartialEq, Default)]
            pub struct __Name {
                __fields: (),
            }
        },
    };
}

fn emit_union(api: &Api, name: &proc_macro2::Ident, docs: TokenStream, def: &UnionDef) -> TokenStream {
    let variants = def.variants.iter().map(|variant| {
        let ident = &variant.name;
        let ty = value_type(api, &variant.shape);
        let doc = match variant.tag.as_ref().zip(def.tag()) {
            Some((tag, union)) => format!(" `{}: {}`", union.property, tag.to_json()),
            None => format!(" The value when it reads as {}.", super::docs::shape_words(api, &variant.shape)),
        };
        let doc = quote!(#[doc = #doc]);
        quote!(#doc #ident(#ty),)
    });
    let other = def.other().map(|other| {
        quote! {
            /// A value no variant above reads; kept as sent.
            #other(::serde_json::Value),
        }
    });
    let (derive_serialize, serialize, deserialize) = match &def.kind {
        UnionKind::Tagged { tag, other } => {
            let (serialize, deserialize) = emit_tagged_serde(api, name, def, &tag.property, other);
            (None, Some(serialize), deserialize)
        }
        UnionKind::Untagged { other } => (Some(quote!(::serde::Serialize,)), None, emit_untagged_deserialize(api, def, other.as_ref())),
    };
    let untagged = def.tag().is_none().then(|| quote!(#[serde(untagged)]));
    // A value read once and matched: boxing a large variant would cost an allocation per read.
    let large = def.variants.iter().any(|variant| api.holds_object_inline(&variant.shape)).then(|| quote!(#[allow(clippy::large_enum_variant)]));
    quote! {
        #docs
        #[derive(Debug, Clone, PartialEq, #derive_serialize)]
        #untagged
        #large
        pub enum #name {
            #(#variants)*
            #other
        }

        #serialize

        impl<'de> ::serde::Deserialize<'de> for #name {
            fn deserialize<D: ::serde::Deserializer<'de>>(deserializer: D) -> ::std::result::Result<Self, D::Error> {
                let value = <::serde_json::Value as ::serde::Deserialize>::deserialize(deserializer)?;
                #deserialize
            }
        }
    }
}

/// A tagged union's `Serialize` impl (each variant with its tag), and the body of its
/// `Deserialize` (dispatch on the tag; anything else, `other`). An integer tag of an OpenAPI 3.1
/// document reads `1.0` too, as its integers do.
fn emit_tagged_serde(api: &Api, name: &proc_macro2::Ident, def: &UnionDef, property: &str, other: &Name) -> (TokenStream, TokenStream) {
    let write_other = quote!(Self::#other(value) => ::serde::Serialize::serialize(value, serializer),);
    let read_other = quote!(::std::result::Result::Ok(Self::#other(value)));
    let read_tag = match def.variants.first().and_then(|v| v.tag.as_ref()) {
        Some(TagValue::Integer(_)) if api.whole_numbers_are_integers => quote!(support::whole_i64),
        Some(TagValue::Integer(_)) => quote!(::serde_json::Value::as_i64),
        Some(TagValue::Boolean(_)) => quote!(::serde_json::Value::as_bool),
        _ => quote!(::serde_json::Value::as_str),
    };
    let tagged: Vec<_> = def.variants.iter().filter_map(|variant| Some((&variant.name, super::validate::tag_expr(variant.tag.as_ref()?)))).collect();
    let read_arms = tagged.iter().map(|(variant, tag)| quote!(Some(#tag) => support::read_variant(value).map(Self::#variant),));
    let write_arms =
        tagged.iter().map(|(variant, tag)| quote!(Self::#variant(value) => support::write_tagged(serializer, #property, #tag, value),));
    let serialize = quote! {
        impl ::serde::Serialize for #name {
            fn serialize<S: ::serde::Serializer>(&self, serializer: S) -> ::std::result::Result<S::Ok, S::Error> {
                match self {
                    #(#write_arms)*
                    #write_other
                }
            }
        }
    };
    let deserialize = quote! {
        match value.get(#property).and_then(#read_tag) {
            #(#read_arms)*
            _ => #read_other,
        }
    };
    (serialize, deserialize)
}

/// The variants of a union that are objects a property they do not know leaves a value of:
/// open structs (no `additionalProperties: false`) and unions, directly or through an alias,
/// nullable or not (an object is never `null`).
fn struct_variants<'a>(api: &Api, def: &'a UnionDef) -> Vec<&'a Name> {
    fn open_object(api: &Api, shape: &Shape) -> bool {
        let TypeRef::Named { id, .. } = &shape.ty else { return false };
        match &api.type_def(*id).kind {
            TypeKind::Struct(def) => !def.closed,
            TypeKind::Union(_) => true,
            TypeKind::Alias(inner) => open_object(api, inner),
            _ => false,
        }
    }
    def.variants.iter().filter(|variant| open_object(api, &variant.shape)).map(|variant| &variant.name).collect()
}

/// The body of an untagged union's `Deserialize`: the first variant that reads the value and
/// writes it back the same (first with integers and floats apart, then not), else the one
/// struct variant that reads each property it knows as sent, else `other`. A variant that reads
/// any value ends the list: it takes what none before it reads, and the variants after it
/// would read nothing.
fn emit_untagged_deserialize(api: &Api, def: &UnionDef, other: Option<&Name>) -> TokenStream {
    let any = def.variants.iter().position(|variant| variant.shape.reads_anything());
    let tried = &def.variants[..any.unwrap_or(def.variants.len())];
    let fallback = match (any.map(|index| &def.variants[index].name), other) {
        (Some(name), _) | (None, Some(name)) => quote!(::std::result::Result::Ok(Self::#name(value))),
        (None, None) => quote!(::std::result::Result::Err(::serde::de::Error::custom("no variant reads the value"))),
    };
    let attempts = tried.iter().map(|variant| {
        let name = &variant.name;
        let read = match lenient_value_seed(api, &variant.shape) {
            None => quote!(support::read_exactly(&value, strict)),
            Some(seed) => quote!(support::read_exactly_seed(&value, strict, #seed)),
        };
        quote! {
            if let Some(variant) = #read {
                return ::std::result::Result::Ok(Self::#name(variant));
            }
        }
    });
    let attempts = (!tried.is_empty()).then(|| {
        quote! {
            for strict in [true, false] {
                #(#attempts)*
            }
        }
    });
    // A server that adds a property to an object breaks every exact reading: then the one struct
    // variant that reads every property it knows, as sent, takes the value.
    let objects = struct_variants(api, def);
    let within = (any.is_none() && other.is_some() && !objects.is_empty()).then(|| {
        quote! {
            for strict in [true, false] {
                if let Some(variant) = support::only_one([#(support::read_within(&value, strict).map(Self::#objects)),*]) {
                    return ::std::result::Result::Ok(variant);
                }
            }
        }
    });
    quote! {
        #attempts
        #within
        #fallback
    }
}
