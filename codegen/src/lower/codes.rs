//! Codes a vendor documents for its messages: `x-error-codes` on operations (the codes, each an
//! error or a warning, with its documented message) and `x-code-property` on the object that reports
//! one (the property holding it). Both are our extensions; a malformed one is a located error.

use std::collections::BTreeMap;

use openapiv3::SchemaData;
use serde::Deserialize;
use serde_json::Value;

use super::{At, Lowerer};
use crate::ident::{self, Namespace};
use crate::ir::{CodeKind, DocumentedCode, Primitive, StructDef, TypeRef};

/// One entry of `x-error-codes`.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Entry {
    code: i64,
    kind: Kind,
    message: String,
    /// The constant's name; `CODE_{code}` without one.
    #[serde(default)]
    name: Option<String>,
}

#[derive(Deserialize, Clone, Copy, PartialEq, Eq)]
#[serde(rename_all = "lowercase")]
enum Kind {
    Error,
    Warning,
}

/// The codes collected from operations, merged by code.
#[derive(Default)]
pub(super) struct Codes {
    by_code: BTreeMap<i64, (Entry, Vec<String>)>,
}

impl Codes {
    /// The codes in ascending order, each with a constant name unique among them.
    pub(super) fn finish(self) -> Vec<DocumentedCode> {
        // `ALL` is the list of them all.
        let mut names = Namespace::with_reserved(&["ALL"]);
        self.by_code
            .into_iter()
            .map(|(code, (entry, operations))| {
                let fallback = format!("CODE_{code}").replace('-', "MINUS_");
                let name = entry.name.as_deref().map_or_else(|| ident::const_name(&fallback, "CODE"), |n| ident::const_name(n, &fallback));
                let kind = match entry.kind {
                    Kind::Error => CodeKind::Error,
                    Kind::Warning => CodeKind::Warning,
                };
                DocumentedCode { name: names.claim(name), code, kind, message: entry.message, operations }
            })
            .collect()
    }
}

impl Lowerer<'_> {
    /// Reads the `x-error-codes` of operation `operation_id` at `at`.
    pub(super) fn read_error_codes(&mut self, extensions: &indexmap::IndexMap<String, Value>, operation_id: &str, at: &At) {
        let Some(value) = extensions.get("x-error-codes") else { return };
        let pointer = at.pointer.push("x-error-codes");
        let help = "write a list of `{code: 1632, kind: error | warning, message: ..., name: optional constant name}`";
        let Some(entries) = value.as_array() else {
            self.error(self.spec.diagnostic(at.doc, &pointer, "`x-error-codes` must be a list").with_help(help));
            return;
        };
        for (index, entry) in entries.iter().enumerate() {
            let entry_pointer = pointer.push(&index.to_string());
            let entry = match Entry::deserialize(entry) {
                Ok(entry) => entry,
                Err(error) => {
                    self.error(self.spec.diagnostic(at.doc, &entry_pointer, format!("invalid `x-error-codes` entry: {error}")).with_help(help));
                    continue;
                }
            };
            if let Some((known, operations)) = self.codes.by_code.get_mut(&entry.code) {
                operations.push(operation_id.to_owned());
                if known.message != entry.message || known.kind != entry.kind {
                    let message = format!("code {} is documented twice, differently", entry.code);
                    let help = "give each code one kind and message across operations";
                    self.error(self.spec.diagnostic(at.doc, &entry_pointer, message).with_help(help));
                }
            } else {
                self.codes.by_code.insert(entry.code, (entry, vec![operation_id.to_owned()]));
            }
        }
    }

    /// The field `x-code-property` names on the object `data` lowered to `def`: an integer property.
    pub(super) fn code_field(&mut self, data: &SchemaData, def: &StructDef, at: &At) -> Option<usize> {
        let value = data.extensions.get("x-code-property")?;
        let pointer = at.pointer.push("x-code-property");
        let index = value.as_str().and_then(|wire| def.fields.iter().position(|f| f.wire_name == wire));
        let integer = index.is_some_and(|i| {
            matches!(
                def.fields[i].shape.ty,
                TypeRef::Primitive(
                    Primitive::I32
                        | Primitive::I64
                        | Primitive::U32
                        | Primitive::U64
                        | Primitive::I32OrString
                        | Primitive::I64OrString
                        | Primitive::U32OrString
                        | Primitive::U64OrString
                )
            )
        });
        if !integer {
            let message = format!("`x-code-property` must name an integer property of this object, not {value}");
            self.error(self.spec.diagnostic(at.doc, &pointer, message).with_help("e.g. `x-code-property: code`"));
            return None;
        }
        index
    }
}
