//! A struct's `Serialize`, `Deserialize` and `support::ReadStruct` impls, built as syntax trees
//! (see [`super::tree`]): about a third of a large API's output, the same shape for every struct.

use proc_macro2::Ident;
use syn::parse_quote;

use super::tree::{Hole, Template, field_value, ident_expr, int_expr};
use super::types::{lenient_seed, lenient_value_seed, nullable_seed, option_of, shape_type, value_type};
use crate::ident::{self, Name, Namespace};
use crate::ir::{Additional, Api, Field, Presence, StructDef};

/// The shapes of the impls and of their parts, parsed once per thread.
struct Templates {
    deserialize: syn::ItemImpl,
    read_struct: syn::ItemImpl,
    slot: syn::Stmt,
    additional_slot: syn::Stmt,
    fill: syn::Arm,
    fill_seed: syn::Arm,
    fill_additional: syn::Expr,
    fill_additional_seed: syn::Expr,
    skip_value: syn::Expr,
    skip_keys: syn::Stmt,
    additional_keys: syn::Stmt,
    match_keys: syn::Stmt,
    required: syn::Stmt,
    flatten: syn::Expr,
    done: syn::Stmt,
    serialize_empty: syn::ItemImpl,
    serialize: syn::ItemImpl,
    count_present: syn::Expr,
    is_some: syn::Expr,
    additional_len: syn::Expr,
    sum: syn::Expr,
    object_writer: syn::Expr,
    map_writer: syn::Expr,
    write_field: syn::Stmt,
    write_optional: syn::Stmt,
    write_additional: syn::Stmt,
}

thread_local! {
    static TEMPLATES: Templates = Templates {
        deserialize: parse_quote! {
            impl<'de> ::serde::Deserialize<'de> for __Name {
                fn deserialize<D: ::serde::Deserializer<'de>>(deserializer: D) -> ::std::result::Result<Self, D::Error> {
                    support::read_struct(deserializer)
                }
            }
        },
        read_struct: parse_quote! {
            impl<'de> support::ReadStruct<'de> for __Name {
                const NAME: &'static str = __type_name;

                fn read_fields<A: ::serde::de::MapAccess<'de>>(mut __map: A) -> ::std::result::Result<Self, A::Error> {
                    __body!();
                }
            }
        },
        slot: parse_quote!(let mut __slot: Option<__T> = None;),
        additional_slot: parse_quote!(let mut __field = ::std::collections::BTreeMap::<String, __T>::new();),
        fill: parse_quote!(__wire => support::fill(&mut __map, &mut __slot, &__key),),
        fill_seed: parse_quote!(__wire => support::fill_seed(&mut __map, &mut __slot, &__key, __seed),),
        fill_additional: parse_quote!(support::fill_additional(&mut __map, &mut __field, __key)),
        fill_additional_seed: parse_quote!(support::fill_additional_seed(&mut __map, &mut __field, __key, __seed)),
        skip_value: parse_quote!(support::skip_value(&mut __map)),
        skip_keys: parse_quote! {
            while __map.next_key::<::serde::de::IgnoredAny>()?.is_some() {
                support::skip_value(&mut __map)?;
            }
        },
        additional_keys: parse_quote! {
            while let Some(__key) = __map.next_key::<support::Key<'de>>()? {
                __fill?;
            }
        },
        match_keys: parse_quote! {
            while let Some(__key) = __map.next_key::<support::Key<'de>>()? {
                match __key.as_str() {
                    __arms => {}
                    _ => __other,
                }?;
            }
        },
        required: parse_quote!(let Some(__slot) = __slot else { return Err(support::missing(__wire)); };),
        flatten: parse_quote!(__slot.flatten()),
        done: syn::Stmt::Expr(parse_quote!(Ok(__Name { __fields })), None),
        serialize_empty: parse_quote! {
            impl ::serde::Serialize for __Name {
                fn serialize<S: ::serde::Serializer>(&self, serializer: S) -> ::std::result::Result<S::Ok, S::Error> {
                    support::ObjectWriter::new(serializer, __type_name, 0)?.end()
                }
            }
        },
        serialize: parse_quote! {
            impl ::serde::Serialize for __Name {
                fn serialize<S: ::serde::Serializer>(&self, serializer: S) -> ::std::result::Result<S::Ok, S::Error> {
                    let len = __len;
                    let mut object = __open;
                    __fields!();
                    object.end()
                }
            }
        },
        count_present: parse_quote!(support::count_present(&[__present])),
        is_some: parse_quote!(self.__field.is_some()),
        additional_len: parse_quote!(self.__field.len()),
        sum: parse_quote!(__left + __right),
        object_writer: parse_quote!(support::ObjectWriter::new(serializer, __type_name, len)?),
        map_writer: parse_quote!(support::MapWriter::new(serializer, len)?),
        write_field: parse_quote!(object.field(__wire, &self.__field);),
        write_optional: parse_quote!(object.optional(__wire, &self.__field);),
        write_additional: parse_quote!(object.additional(&self.__field);),
    };
}

fn ident_hole(name: &Name) -> Hole {
    Hole::Ident(name.ident())
}

/// A struct's `Deserialize` and `ReadStruct` impls: one pass over the object's keys, each field's
/// value read into a slot of its own (a repeated key is an error), other keys skipped or, with
/// `additionalProperties`, kept. It reads what `#[derive(Deserialize)]` reads from an object,
/// with the same messages, in a fraction of the code: the derive also reads structs from
/// sequences and makes a field enum with a visitor of its own, about 40 lines per field for the
/// compiler to check in every consumer (on GitHub's API, half of everything the compiler saw
/// after macro expansion).
pub(super) fn struct_deserialize(api: &Api, name: &Ident, def: &StructDef) -> [syn::ItemImpl; 2] {
    TEMPLATES.with(|t| {
        let mut locals = Namespace::with_reserved(&[]);
        if let Some(additional) = &def.additional {
            locals.claim(additional.name.clone());
        }
        // A slot is named after its field, unless the field's name is only underscores and digits.
        let slots: Vec<Name> = def
            .fields
            .iter()
            .map(|field| {
                let plain = field.name.as_str().chars().all(|c| c == '_' || c.is_ascii_digit());
                locals.claim(if plain { ident::field_name(&format!("field{}", field.name), "field") } else { field.name.clone() })
            })
            .collect();
        let map = locals.claim(ident::field_name("map", "map")).ident();
        let key = locals.claim(ident::field_name("key", "key")).ident();
        let reader = Reader { api, t, map, key };
        let mut body: Vec<syn::Stmt> = def.fields.iter().zip(&slots).map(|(field, slot)| reader.slot(field, slot)).collect();
        body.extend(def.additional.as_ref().map(|additional| reader.additional_slot(additional)));
        body.push(reader.read_keys(def, &slots));
        body.extend(def.fields.iter().zip(&slots).filter(|(field, _)| field.presence() == Presence::Always).map(|(field, slot)| {
            t.required.fill(&mut [("__slot", ident_hole(slot)), ("__wire", Hole::Str(field.wire_name.clone()))])
        }));
        let mut fields: Vec<syn::FieldValue> = def.fields.iter().zip(&slots).map(|(field, slot)| reader.init(field, slot)).collect();
        fields.extend(def.additional.as_ref().map(|additional| field_value(additional.name.ident(), None)));
        body.push(t.done.fill(&mut [("__Name", Hole::Ident(name.clone())), ("__fields", Hole::Fields(fields))]));
        [
            t.deserialize.fill(&mut [("__Name", Hole::Ident(name.clone()))]),
            t.read_struct.fill(&mut [
                ("__Name", Hole::Ident(name.clone())),
                ("__type_name", Hole::Str(name.to_string())),
                ("__map", Hole::Ident(reader.map)),
                ("__body", Hole::Stmts(body)),
            ]),
        ]
    })
}

/// What every part of a struct's reader is made with.
struct Reader<'a> {
    api: &'a Api,
    t: &'a Templates,
    /// The `MapAccess` the fields are read from.
    map: Ident,
    /// The key being read.
    key: Ident,
}

impl Reader<'_> {
    /// The slot a field's value is read into. Typed: left to inference, every slot's type stays
    /// unknown to the end of the body, and the crate checks slower (GitHub's: 169 s against 115 s).
    fn slot(&self, field: &Field, slot: &Name) -> syn::Stmt {
        let ty = shape_type(self.api, &field.shape);
        let ty = match field.presence() {
            Presence::Always => ty,
            Presence::Optional | Presence::Tristate => option_of(ty),
        };
        self.t.slot.fill(&mut [("__slot", ident_hole(slot)), ("__T", Hole::Type(ty))])
    }

    fn additional_slot(&self, additional: &Additional) -> syn::Stmt {
        let value = value_type(self.api, &additional.shape);
        self.t.additional_slot.fill(&mut [("__field", ident_hole(&additional.name)), ("__T", Hole::Type(value))])
    }

    /// The loop over the object's keys.
    fn read_keys(&self, def: &StructDef, slots: &[Name]) -> syn::Stmt {
        let mut holes = vec![("__map", Hole::Ident(self.map.clone()))];
        if def.fields.is_empty() {
            return match &def.additional {
                None => self.t.skip_keys.fill(&mut holes),
                Some(additional) => {
                    holes.extend([("__key", Hole::Ident(self.key.clone())), ("__fill", Hole::Expr(self.fill_additional(additional)))]);
                    self.t.additional_keys.fill(&mut holes)
                }
            };
        }
        holes.push(("__key", Hole::Ident(self.key.clone())));
        let arms = def.fields.iter().zip(slots).map(|(field, slot)| self.arm(field, slot)).collect();
        let other = match &def.additional {
            Some(additional) => self.fill_additional(additional),
            None => self.t.skip_value.fill(&mut [("__map", Hole::Ident(self.map.clone()))]),
        };
        holes.extend([("__arms", Hole::Arms(arms)), ("__other", Hole::Expr(other))]);
        self.t.match_keys.fill(&mut holes)
    }

    /// A field's arm of the match on keys.
    fn arm(&self, field: &Field, slot: &Name) -> syn::Arm {
        let mut holes = vec![
            ("__wire", Hole::Str(field.wire_name.clone())),
            ("__map", Hole::Ident(self.map.clone())),
            ("__slot", ident_hole(slot)),
            ("__key", Hole::Ident(self.key.clone())),
        ];
        match lenient_seed(self.api, &field.shape) {
            None => self.t.fill.fill(&mut holes),
            Some(seed) => {
                let seed = match field.presence() {
                    Presence::Always => seed,
                    Presence::Optional | Presence::Tristate => nullable_seed(seed),
                };
                holes.push(("__seed", Hole::Expr(seed)));
                self.t.fill_seed.fill(&mut holes)
            }
        }
    }

    fn fill_additional(&self, additional: &Additional) -> syn::Expr {
        let mut holes =
            vec![("__map", Hole::Ident(self.map.clone())), ("__field", ident_hole(&additional.name)), ("__key", Hole::Ident(self.key.clone()))];
        match lenient_value_seed(self.api, &additional.shape) {
            None => self.t.fill_additional.fill(&mut holes),
            Some(seed) => {
                holes.push(("__seed", Hole::Expr(seed)));
                self.t.fill_additional_seed.fill(&mut holes)
            }
        }
    }

    /// A field's value in the struct expression: the slot (shorthand where it is the field's own
    /// name), flattened for an optional field, whose slot holds `Option<Option<_>>`.
    fn init(&self, field: &Field, slot: &Name) -> syn::FieldValue {
        let value = match field.presence() {
            Presence::Always | Presence::Tristate if &field.name == slot => None,
            Presence::Always | Presence::Tristate => Some(ident_expr(slot.ident())),
            Presence::Optional => Some(self.t.flatten.fill(&mut [("__slot", ident_hole(slot))])),
        };
        field_value(field.name.ident(), value)
    }
}

/// A struct's `Serialize`: what `#[derive(Serialize)]` writes (the same object, optional fields
/// left out when absent, properties beyond the fields after them), as calls to
/// `support::ObjectWriter` (`MapWriter` with `additionalProperties`) without a `?` each: the
/// derive's code took the compiler five times as long per field.
pub(super) fn struct_serialize(name: &Ident, def: &StructDef) -> syn::ItemImpl {
    TEMPLATES.with(|t| {
        if def.fields.is_empty() && def.additional.is_none() {
            return t.serialize_empty.fill(&mut [("__Name", Hole::Ident(name.clone())), ("__type_name", Hole::Str(name.to_string()))]);
        }
        // The number of entries written: the required fields, the optional ones present, the
        // additional properties; added from the left, as `a + b + c` parses.
        let skipped: Vec<&Field> = def.fields.iter().filter(|field| !field.required).collect();
        let always = def.fields.len() - skipped.len();
        let mut terms = Vec::new();
        if always > 0 {
            terms.push(int_expr(always));
        }
        if !skipped.is_empty() {
            let present = skipped.iter().map(|field| t.is_some.fill(&mut [("__field", ident_hole(&field.name))])).collect();
            terms.push(t.count_present.fill(&mut [("__present", Hole::Exprs(present))]));
        }
        if let Some(additional) = &def.additional {
            terms.push(t.additional_len.fill(&mut [("__field", ident_hole(&additional.name))]));
        }
        let len = terms.into_iter().reduce(|left, right| t.sum.fill(&mut [("__left", Hole::Expr(left)), ("__right", Hole::Expr(right))]));
        // `object` cannot be shadowed: the fields are read through `self`.
        let open = match &def.additional {
            Some(_) => t.map_writer.clone(),
            None => t.object_writer.fill(&mut [("__type_name", Hole::Str(name.to_string()))]),
        };
        let mut fields: Vec<syn::Stmt> = def
            .fields
            .iter()
            .map(|field| {
                let write = if field.required { &t.write_field } else { &t.write_optional };
                write.fill(&mut [("__wire", Hole::Str(field.wire_name.clone())), ("__field", ident_hole(&field.name))])
            })
            .collect();
        fields.extend(def.additional.as_ref().map(|additional| t.write_additional.fill(&mut [("__field", ident_hole(&additional.name))])));
        t.serialize.fill(&mut [
            ("__Name", Hole::Ident(name.clone())),
            ("__len", Hole::Expr(len.unwrap_or_else(|| int_expr(0)))),
            ("__open", Hole::Expr(open)),
            ("__fields", Hole::Stmts(fields)),
        ])
    })
}
