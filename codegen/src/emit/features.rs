//! Cargo features, so a consumer compiles only what it uses: one feature per tag (the
//! operations without a tag share one), each compiling its operations and the types they reach;
//! one feature per module enabling all of its tags and the types no operation reaches; by
//! default, everything. An item is gated by the features any of which needs it.

use proc_macro2::{Delimiter, TokenStream, TokenTree};
use quote::{quote, ToTokens};

use super::ApiModule;
use crate::ident;
use crate::ir::Api;

/// Feature names no tag may take: Cargo's own and the crate's other features.
const RESERVED: &[&str] = &["default", "reqwest", "tokio", "mock"];

/// A type reached by more tags than this is gated by the module's `shared` feature, which every
/// tag enables: listing every tag on each of its items would make the gates a third of a large
/// API's code (Microsoft Graph: 412 tags), for types that most subsets need anyway.
const MAX_GATE_FEATURES: usize = 8;

/// The features of a crate, module by module (in the order of its modules).
#[derive(Debug, Clone, PartialEq)]
pub struct Features {
    pub modules: Vec<ModuleFeatures>,
}

/// The features of one module and what each of its items needs.
#[derive(Debug, Clone, PartialEq)]
pub struct ModuleFeatures {
    /// The module's own feature: all its tags, and the types no operation reaches.
    pub name: String,
    /// Enabled by every tag: the types many tags reach.
    pub shared: String,
    /// Tag features: (feature, the tag it stands for; `None` for operations without a tag).
    pub tags: Vec<(String, Option<String>)>,
    /// By operation index: the features any of which compiles it.
    pub operations: Vec<Gate>,
    /// By type index.
    pub types: Vec<Gate>,
}

/// A `#[cfg(...)]` of the features any of which compiles an item.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Gate(Vec<String>);

impl ToTokens for Gate {
    fn to_tokens(&self, tokens: &mut TokenStream) {
        self.attribute().to_tokens(tokens);
    }
}

impl ModuleFeatures {
    /// The gate of anything the types of `kinds` (by type index) need: compiled when any of
    /// them is.
    pub fn any_type(&self, uses: impl Iterator<Item = bool>) -> Gate {
        let mut features: Vec<String> = self.types.iter().zip(uses).filter(|(_, used)| *used).flat_map(|(gate, _)| gate.0.iter().cloned()).collect();
        features.sort_unstable();
        features.dedup();
        Gate(features)
    }
}

impl Gate {
    /// The `#[cfg(...)]` attribute, as a syntax tree (for items built as trees).
    pub fn attribute(&self) -> syn::Attribute {
        let features = &self.0;
        let tokens = match features.as_slice() {
            [one] => quote!(feature = #one),
            _ => quote!(any(#(feature = #features),*)),
        };
        let meta = syn::MetaList { path: super::tree::ident("cfg").into(), delimiter: syn::MacroDelimiter::Paren(Default::default()), tokens };
        syn::Attribute { pound_token: Default::default(), style: syn::AttrStyle::Outer, bracket_token: Default::default(), meta: syn::Meta::List(meta) }
    }

    /// Puts `docs`, then this gate, before an item's `attrs` (an item built as a tree): docs
    /// first, as hand-written items have them.
    pub fn prepend(&self, attrs: &mut Vec<syn::Attribute>, docs: Vec<syn::Attribute>) {
        attrs.splice(0..0, docs.into_iter().chain(std::iter::once(self.attribute())));
    }

    /// Each top-level item of `items` under this gate, after the item's docs.
    pub fn items(&self, items: TokenStream) -> TokenStream {
        super::format::split_items(items)
            .into_iter()
            .flat_map(|item| {
                let docs = leading_docs(&item);
                let (docs, rest) = item.split_at(docs);
                docs.iter().cloned().chain(quote!(#self)).chain(rest.iter().cloned()).collect::<Vec<_>>()
            })
            .collect()
    }
}

/// How many of an item's first tokens are its doc attributes (`#[doc = "…"]`, two tokens each).
fn leading_docs(item: &[TokenTree]) -> usize {
    item.chunks(2)
        .take_while(|pair| match pair {
            [TokenTree::Punct(pound), TokenTree::Group(group)] => {
                pound.as_char() == '#'
                    && group.delimiter() == Delimiter::Bracket
                    && matches!(group.stream().into_iter().next(), Some(TokenTree::Ident(ident)) if ident == "doc")
            }
            _ => false,
        })
        .count()
        * 2
}

/// The features of a crate made of `modules`. Names are claimed crate-wide, modules first: a tag's
/// feature is its kebab-case name, prefixed with its module's where two modules (or a module and
/// a tag) would share it.
pub fn plan(modules: &[ApiModule]) -> Features {
    let mut taken: Vec<String> = RESERVED.iter().map(|s| (*s).to_owned()).collect();
    let module_names: Vec<String> = modules.iter().map(|m| claim(&mut taken, ident::feature_name(m.module.as_str()))).collect();
    let shared_names: Vec<String> = module_names.iter().map(|name| claim(&mut taken, format!("{name}-shared"))).collect();
    let modules = modules
        .iter()
        .zip(module_names.into_iter().zip(shared_names))
        .map(|(module, (name, shared))| {
            let mut tags: Vec<(String, Option<String>)> = Vec::new();
            let mut tag_of = |tag: Option<&str>, taken: &mut Vec<String>| -> String {
                if let Some((feature, _)) = tags.iter().find(|(_, t)| t.as_deref() == tag) {
                    return feature.clone();
                }
                let plain = ident::feature_name(tag.unwrap_or("untagged"));
                let feature = if taken.contains(&plain) { format!("{name}-{plain}") } else { plain };
                let feature = claim(taken, feature);
                tags.push((feature.clone(), tag.map(str::to_owned)));
                feature
            };
            let operations: Vec<Gate> = module
                .api
                .operations
                .iter()
                .map(|op| match op.tags.as_slice() {
                    [] => Gate(vec![tag_of(None, &mut taken)]),
                    op_tags => {
                        let mut features: Vec<String> = op_tags.iter().map(|tag| tag_of(Some(tag), &mut taken)).collect();
                        features.dedup();
                        Gate(features)
                    }
                })
                .collect();
            let types = type_gates(&module.api, &operations, &name, &shared);
            ModuleFeatures { name, shared, tags, operations, types }
        })
        .collect();
    Features { modules }
}

/// `name`, or `name-2`, `name-3`, … if taken; recorded as taken.
fn claim(taken: &mut Vec<String>, name: String) -> String {
    let name = (1..).map(|n| if n == 1 { name.clone() } else { format!("{name}-{n}") }).find(|n| !taken.contains(n)).unwrap_or(name);
    taken.push(name.clone());
    name
}

/// Each type's gate: the features of the operations that reach it (the shared feature when they
/// are many), or the module's own feature for a type no operation reaches.
fn type_gates(api: &Api, operations: &[Gate], module: &str, shared: &str) -> Vec<Gate> {
    let mut features: Vec<Vec<String>> = vec![Vec::new(); api.types.len()];
    let mut all: Vec<&String> = operations.iter().flat_map(|gate| &gate.0).collect();
    all.sort_unstable();
    all.dedup();
    for feature in all {
        let ops = api.operations.iter().zip(operations).filter(|(_, gate)| gate.0.contains(feature)).map(|(op, _)| op);
        for (index, reached) in crate::prune::reachable_from(api, ops).into_iter().enumerate() {
            if reached {
                features[index].push(feature.clone());
            }
        }
    }
    features
        .into_iter()
        .map(|features| match features.len() {
            0 => Gate(vec![module.to_owned()]),
            n if n > MAX_GATE_FEATURES => Gate(vec![shared.to_owned()]),
            _ => Gate(features),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ir::{Docs, Method, Operation, Shape, TypeDef, TypeId, TypeKind, TypeRef};

    fn module(name: &str, operations: &[(&str, &[&str], Option<usize>)], types: usize) -> ApiModule {
        let api = Api {
            title: name.into(),
            version: "1".into(),
            docs: Docs::default(),
            servers: Vec::new(),
            security_schemes: Vec::new(),
            security: None,
            required_headers: Vec::new(),
            codes: Vec::new(),
            whole_numbers_are_integers: false,
            types: (0..types)
                .map(|i| TypeDef {
                    name: ident::type_name(&format!("T{i}"), "T"),
                    origin: Default::default(),
                    docs: Docs::default(),
                    kind: TypeKind::Alias(Shape::new(TypeRef::Any)),
                })
                .collect(),
            operations: operations
                .iter()
                .map(|(id, tags, param_type)| Operation {
                    name: ident::field_name(id, "op"),
                    type_name: ident::type_name(id, "Op"),
                    error_name: ident::type_name(id, "Op").with_suffix("Error"),
                    headers_name: None,
                    success_name: None,
                    operation_id: (*id).into(),
                    method: Method::Get,
                    path: "/".into(),
                    docs: Docs::default(),
                    tags: tags.iter().map(|t| (*t).into()).collect(),
                    params: param_type
                        .map(|id| crate::ir::Parameter {
                            name: ident::field_name("p", "p"),
                            wire_name: "p".into(),
                            location: crate::ir::ParamLocation::Query,
                            required: true,
                            shape: Shape::new(TypeRef::Named { id: TypeId(id), boxed: false }),
                            docs: Docs::default(),
                            explode: true,
                            object_style: crate::ir::ObjectStyle::Json,
                            separator: crate::ir::Separator::Comma,
                            json_content: false,
                        })
                        .into_iter()
                        .collect(),
                    body: None,
                    responses: Vec::new(),
                    security: None,
                    servers: Vec::new(),
                    permissions: Vec::new(),
                })
                .collect(),
        };
        ApiModule { module: ident::field_name(name, "api"), source: format!("{name}.yaml"), api, warnings: Vec::new() }
    }

    #[test]
    fn features_per_tag_with_the_types_they_reach() {
        let a = module("pets", &[("listPets", &["Pets"], Some(0)), ("getStore", &["Store", "Pets"], Some(1)), ("ping", &[], None)], 3);
        let b = module("store", &[("getOrder", &["Store"], None)], 0);
        let features = plan(&[a, b]);
        let pets = &features.modules[0];
        assert_eq!(pets.name, "pets");
        let tags: Vec<&str> = pets.tags.iter().map(|(f, _)| f.as_str()).collect();
        // `pets` is the module's feature, so the tag `Pets` is `pets-pets`; `store` is the
        // other module's, so `Store` is `pets-store`.
        assert_eq!(tags, ["pets-pets", "pets-store", "untagged"]);
        assert_eq!(pets.operations[1], Gate(vec!["pets-store".into(), "pets-pets".into()]));
        assert_eq!(pets.types[0], Gate(vec!["pets-pets".into()]));
        assert_eq!(pets.types[1], Gate(vec!["pets-pets".into(), "pets-store".into()]));
        assert_eq!(pets.types[2], Gate(vec!["pets".into()]), "no operation reaches it");
        assert_eq!(features.modules[1].tags, [("store-store".to_owned(), Some("Store".to_owned()))]);
        assert_eq!(pets.shared, "pets-shared");
    }

    #[test]
    fn types_of_many_tags_take_the_shared_feature() {
        let tags: Vec<String> = (0..=MAX_GATE_FEATURES).map(|i| format!("t{i}")).collect();
        let operations: Vec<(String, Vec<&str>)> = tags.iter().map(|tag| (format!("op{tag}"), vec![tag.as_str()])).collect();
        let operations: Vec<(&str, &[&str], Option<usize>)> = operations.iter().map(|(id, tags)| (id.as_str(), tags.as_slice(), Some(0))).collect();
        let features = plan(&[module("many", &operations, 1)]);
        assert_eq!(features.modules[0].types[0], Gate(vec!["many-shared".into()]));
    }
}
