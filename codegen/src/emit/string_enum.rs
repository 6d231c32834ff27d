//! A string enum and its impls, built as syntax trees (see [`super::tree`]): GitHub's API has
//! about 3,000 of them, all of one shape.

use proc_macro2::Ident;
use syn::parse_quote;

use super::features::Gate;
use super::tree::{Hole, Template};
use crate::ir::StringEnumDef;

/// The shapes of a string enum's items, parsed once per thread.
struct Templates {
    declaration: syn::ItemEnum,
    as_str: syn::ItemImpl,
    as_str_arm: syn::Arm,
    from: syn::ItemImpl,
    from_arm: syn::Arm,
    display: syn::ItemImpl,
    serialize: syn::ItemImpl,
    deserialize: syn::ItemImpl,
}

thread_local! {
    static TEMPLATES: Templates = Templates {
        declaration: parse_quote! {
            #[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
            pub enum __Name {
                __variants,
                /// A value this crate does not know; kept as sent.
                __Unknown(String),
            }
        },
        as_str: parse_quote! {
            impl __Name {
                /// The value as it travels on the wire.
                pub fn as_str(&self) -> &str {
                    match self {
                        __arms => {}
                        Self::__Unknown(value) => value.as_str(),
                    }
                }
            }
        },
        as_str_arm: parse_quote!(Self::__variant => __value,),
        from: parse_quote! {
            impl ::std::convert::From<&str> for __Name {
                fn from(value: &str) -> Self {
                    match value {
                        __arms => {}
                        other => Self::__Unknown(String::from(other)),
                    }
                }
            }
        },
        from_arm: parse_quote!(__value => Self::__variant,),
        display: parse_quote! {
            impl ::std::fmt::Display for __Name {
                fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                    f.write_str(self.as_str())
                }
            }
        },
        serialize: parse_quote! {
            impl ::serde::Serialize for __Name {
                fn serialize<S: ::serde::Serializer>(&self, serializer: S) -> ::std::result::Result<S::Ok, S::Error> {
                    serializer.serialize_str(self.as_str())
                }
            }
        },
        deserialize: parse_quote! {
            impl<'de> ::serde::Deserialize<'de> for __Name {
                fn deserialize<D: ::serde::Deserializer<'de>>(deserializer: D) -> ::std::result::Result<Self, D::Error> {
                    support::read_str_enum(deserializer)
                }
            }
        },
    };
}

/// A string enum documented by `docs`: a variant per known value and one for the values the spec
/// does not list, read and written as the string, with `as_str`, `From<&str>` and `Display`;
/// each item under `gate`.
pub(super) fn string_enum(name: &Ident, docs: Vec<syn::Attribute>, def: &StringEnumDef, gate: &Gate) -> [syn::Item; 6] {
    TEMPLATES.with(|t| {
        let unknown = def.unknown_variant.ident();
        let name_holes = || [("__Name", Hole::Ident(name.clone())), ("__Unknown", Hole::Ident(unknown.clone()))];
        let variants = def
            .variants
            .iter()
            .map(|variant| {
                let doc = if variant.value.is_empty() { " The empty string.".to_owned() } else { format!(" `{}`", variant.value) };
                syn::Variant { attrs: vec![super::tree::doc_attribute(&doc)], ident: variant.name.ident(), fields: syn::Fields::Unit, discriminant: None }
            })
            .collect();
        let arms = |template: &syn::Arm| {
            let arms = def.variants.iter().map(|variant| {
                template.fill(&mut [("__variant", Hole::Ident(variant.name.ident())), ("__value", Hole::Str(variant.value.clone()))])
            });
            Hole::Arms(arms.collect())
        };
        let [name_hole, unknown_hole] = name_holes();
        let mut declaration = t.declaration.fill(&mut [name_hole, unknown_hole, ("__variants", Hole::Variants(variants))]);
        gate.prepend(&mut declaration.attrs, docs);
        let gated = |mut item: syn::ItemImpl| {
            gate.prepend(&mut item.attrs, Vec::new());
            syn::Item::Impl(item)
        };
        let with_arms = |template: &syn::ItemImpl, arm: &syn::Arm| {
            let [name, unknown] = name_holes();
            gated(template.fill(&mut [name, unknown, ("__arms", arms(arm))]))
        };
        let fixed = |template: &syn::ItemImpl| gated(template.fill(&mut [("__Name", Hole::Ident(name.clone()))]));
        [
            syn::Item::Enum(declaration),
            with_arms(&t.as_str, &t.as_str_arm),
            with_arms(&t.from, &t.from_arm),
            fixed(&t.display),
            fixed(&t.serialize),
            fixed(&t.deserialize),
        ]
    })
}
