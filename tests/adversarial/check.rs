//! What the generator's answer to an adversarial document must satisfy: no panic, no emission
//! error, no complaint about the syntax of valid text, and files that rustc would not refuse for
//! the reasons a parse can see (syntax, names defined twice, modules without files, type aliases
//! that contain themselves).

use std::collections::{BTreeMap, BTreeSet};
use std::panic::AssertUnwindSafe;
use std::path::{Path, PathBuf};

use quote::ToTokens;
use syn::ext::IdentExt;

use super::Rendered;

/// Runs `generate` on `rendered` and checks what it returns: no panic, no emission error, and
/// [`check_files`] on the files; a spec diagnostic is fine unless it blames the syntax of text
/// that is valid by construction.
fn check_with(
    rendered: &Rendered,
    is_crate: bool,
    generate: impl FnOnce(&Path, &crate::InMemory) -> Result<Vec<codegen::GeneratedFile>, codegen::Error>,
) -> Result<(), String> {
    let files = crate::InMemory { path: &rendered.path, text: rendered.text.clone() };
    let outcome = std::panic::catch_unwind(AssertUnwindSafe(|| generate(&rendered.path, &files)));
    let problem = match outcome {
        Err(panic) => Some(format!("panicked: {}", panic_message(&*panic))),
        Ok(Err(codegen::Error::Emit(error))) => Some(error.to_string()),
        Ok(Err(codegen::Error::Spec(diagnostics))) => {
            diagnostics.0.iter().find(|d| blames_syntax(d)).map(|d| format!("valid text refused as broken:\n{d}"))
        }
        Ok(Ok(files)) => check_files(&files, is_crate).err(),
    };
    match problem {
        None => Ok(()),
        Some(problem) => Err(format!("{problem}\n--- {} ---\n{}", rendered.path.display(), rendered.text)),
    }
}

/// [`check_with`] for the module of one spec (`codegen::generate_module`).
pub fn check_module(rendered: &Rendered) -> Result<(), String> {
    check_with(rendered, false, |path, files| codegen::generate_module(path, files))
}

/// [`check_with`] for a whole standalone crate of one spec (`codegen::generate_crate`).
pub fn check_crate(rendered: &Rendered) -> Result<(), String> {
    let config = codegen::CrateConfig { name: "adversarial-api".to_owned(), description: "adversarial".to_owned(), standalone: true, ..Default::default() };
    check_with(rendered, true, |path, files| codegen::generate_crate(&config, &[path], files).map(|generated| generated.files))
}

fn panic_message(panic: &(dyn std::any::Any + Send)) -> String {
    panic.downcast_ref::<String>().cloned().or_else(|| panic.downcast_ref::<&str>().map(|s| (*s).to_owned())).unwrap_or_default()
}

/// A diagnostic calling the text unreadable: our texts are valid JSON or YAML by construction.
fn blames_syntax(diagnostic: &codegen::Diagnostic) -> bool {
    diagnostic.message.starts_with("invalid YAML")
        || diagnostic.message.starts_with("invalid JSON")
        || diagnostic.help.as_deref().is_some_and(|help| help.contains("fix the YAML syntax") || help.contains("fix the JSON syntax"))
}

/// What must hold for generated files before any compiler sees them: paths are unique, every
/// Rust file parses, no scope defines a name twice (types, values, fields, variants, methods,
/// arguments, trait impls), no type alias contains itself, and, in a whole crate, every
/// `mod name;` has its file.
pub fn check_files(files: &[codegen::GeneratedFile], is_crate: bool) -> Result<(), String> {
    let mut problems = Vec::new();
    let paths: BTreeSet<&Path> = files.iter().map(|f| f.path.as_path()).collect();
    if paths.len() != files.len() {
        problems.push(format!("two files share a path: {:?}", files.iter().map(|f| &f.path).collect::<Vec<_>>()));
    }
    for file in files.iter().filter(|f| f.path.extension().is_some_and(|e| e == "rs")) {
        let syntax = match syn::parse_file(&file.contents) {
            Ok(syntax) => syntax,
            Err(error) => {
                problems.push(format!("{} does not parse: {error}", file.path.display()));
                continue;
            }
        };
        let mut scope = Scope::new(file.path.display().to_string());
        scope.items(&syntax.items, &mut problems);
        if is_crate {
            missing_module_files(&file.path, &syntax.items, &paths, &mut problems);
        }
    }
    if problems.is_empty() {
        Ok(())
    } else {
        Err(problems.join("\n"))
    }
}

/// The names one module defines, by namespace.
struct Scope {
    at: String,
    types: BTreeSet<String>,
    values: BTreeSet<String>,
    /// Inherent associated items by self type.
    associated: BTreeSet<(String, String)>,
    /// Trait impls by trait and self type.
    impls: BTreeSet<(String, String)>,
    /// Type aliases, with the names their right-hand sides use unqualified.
    aliases: BTreeMap<String, BTreeSet<String>>,
}

impl Scope {
    fn new(at: String) -> Self {
        Scope { at, types: BTreeSet::new(), values: BTreeSet::new(), associated: BTreeSet::new(), impls: BTreeSet::new(), aliases: BTreeMap::new() }
    }

    fn items(&mut self, items: &[syn::Item], problems: &mut Vec<String>) {
        for item in items {
            self.item(item, problems);
        }
        if let Some(alias) = self.aliases.keys().find(|alias| self.alias_contains_itself(alias)) {
            problems.push(format!("{}: type alias `{alias}` contains itself (rustc: cycle detected)", self.at));
        }
    }

    /// Whether `alias` reaches itself through the aliases its right-hand side names.
    fn alias_contains_itself(&self, alias: &str) -> bool {
        let mut seen = BTreeSet::new();
        let mut next: Vec<&str> = self.aliases[alias].iter().map(String::as_str).collect();
        while let Some(name) = next.pop() {
            if name == alias {
                return true;
            }
            if let (true, Some(uses)) = (seen.insert(name), self.aliases.get(name)) {
                next.extend(uses.iter().map(String::as_str));
            }
        }
        false
    }

    fn item(&mut self, item: &syn::Item, problems: &mut Vec<String>) {
        let at = self.at.clone();
        let mut claim = |set: &mut BTreeSet<String>, kind: &str, ident: &syn::Ident| {
            if !set.insert(ident.unraw().to_string()) {
                problems.push(format!("{at}: {kind} `{ident}` is defined twice"));
            }
        };
        match item {
            syn::Item::Struct(item) => {
                claim(&mut self.types, "type", &item.ident);
                if !matches!(item.fields, syn::Fields::Named(_)) {
                    claim(&mut self.values, "value", &item.ident);
                }
                unique_fields(&format!("{at}: struct {}", item.ident), &item.fields, problems);
            }
            syn::Item::Enum(item) => {
                claim(&mut self.types, "type", &item.ident);
                let context = format!("{at}: enum {}", item.ident);
                unique(&context, "variant", item.variants.iter().map(|v| &v.ident), problems);
                for variant in &item.variants {
                    unique_fields(&format!("{context}::{}", variant.ident), &variant.fields, problems);
                }
            }
            syn::Item::Type(item) => {
                claim(&mut self.types, "type", &item.ident);
                let mut names = BTreeSet::new();
                unqualified_names(item.ty.to_token_stream(), &mut names);
                self.aliases.insert(item.ident.unraw().to_string(), names);
            }
            syn::Item::Trait(item) => claim(&mut self.types, "type", &item.ident),
            syn::Item::Union(item) => claim(&mut self.types, "type", &item.ident),
            syn::Item::Fn(item) => {
                claim(&mut self.values, "value", &item.sig.ident);
                unique_arguments(&format!("{at}: fn {}", item.sig.ident), &item.sig, problems);
            }
            syn::Item::Const(item) => claim(&mut self.values, "value", &item.ident),
            syn::Item::Static(item) => claim(&mut self.values, "value", &item.ident),
            syn::Item::Mod(item) => {
                claim(&mut self.types, "module", &item.ident);
                if let Some((_, items)) = &item.content {
                    Scope::new(format!("{at}::{}", item.ident)).items(items, problems);
                }
            }
            syn::Item::Use(item) => {
                let mut names = Vec::new();
                use_names(&item.tree, &mut names);
                for name in names {
                    claim(&mut self.types, "imported name", &name);
                }
            }
            syn::Item::Impl(item) => self.impl_block(item, problems),
            _ => {}
        }
    }

    fn impl_block(&mut self, item: &syn::ItemImpl, problems: &mut Vec<String>) {
        let self_type = item.self_ty.to_token_stream().to_string();
        if let Some((path, _)) = &item.trait_ {
            let key = (path.to_token_stream().to_string(), self_type.clone());
            if !self.impls.insert(key) {
                problems.push(format!("{}: `{}` is implemented twice for `{self_type}`", self.at, path.to_token_stream()));
            }
        }
        let mut trait_items = BTreeSet::new();
        for member in &item.items {
            let (ident, signature) = match member {
                syn::ImplItem::Fn(f) => (&f.sig.ident, Some(&f.sig)),
                syn::ImplItem::Const(c) => (&c.ident, None),
                syn::ImplItem::Type(t) => (&t.ident, None),
                _ => continue,
            };
            let context = format!("{}: impl {self_type}, {ident}", self.at);
            let fresh = match item.trait_ {
                Some(_) => trait_items.insert(ident.unraw().to_string()),
                None => self.associated.insert((self_type.clone(), ident.unraw().to_string())),
            };
            if !fresh {
                problems.push(format!("{context}: defined twice"));
            }
            if let Some(signature) = signature {
                unique_arguments(&context, signature, problems);
            }
        }
    }
}

fn unique<'a>(context: &str, kind: &str, idents: impl Iterator<Item = &'a syn::Ident>, problems: &mut Vec<String>) {
    let mut seen = BTreeSet::new();
    for ident in idents {
        if !seen.insert(ident.unraw().to_string()) {
            problems.push(format!("{context}: {kind} `{ident}` is defined twice"));
        }
    }
}

fn unique_fields(context: &str, fields: &syn::Fields, problems: &mut Vec<String>) {
    unique(context, "field", fields.iter().filter_map(|f| f.ident.as_ref()), problems);
}

fn unique_arguments(context: &str, signature: &syn::Signature, problems: &mut Vec<String>) {
    let arguments = signature.inputs.iter().filter_map(|input| match input {
        syn::FnArg::Typed(typed) => match &*typed.pat {
            syn::Pat::Ident(pat) => Some(&pat.ident),
            _ => None,
        },
        syn::FnArg::Receiver(_) => None,
    });
    unique(context, "argument", arguments, problems);
}

/// The identifiers of `tokens` not after `::` (those name items of this module, or the prelude).
fn unqualified_names(tokens: proc_macro2::TokenStream, out: &mut BTreeSet<String>) {
    let mut after_path_separator = false;
    for token in tokens {
        match &token {
            proc_macro2::TokenTree::Ident(ident) if !after_path_separator => {
                out.insert(ident.unraw().to_string());
            }
            proc_macro2::TokenTree::Group(group) => unqualified_names(group.stream(), out),
            _ => {}
        }
        after_path_separator = matches!(&token, proc_macro2::TokenTree::Punct(p) if p.as_char() == ':');
    }
}

/// The names a `use` brings into scope (globs bring none we can see).
fn use_names(tree: &syn::UseTree, out: &mut Vec<syn::Ident>) {
    match tree {
        syn::UseTree::Path(path) => use_names(&path.tree, out),
        syn::UseTree::Name(name) if name.ident != "self" => out.push(name.ident.clone()),
        syn::UseTree::Rename(rename) if rename.rename != "_" => out.push(rename.rename.clone()),
        syn::UseTree::Group(group) => group.items.iter().for_each(|tree| use_names(tree, out)),
        _ => {}
    }
}

/// Every `mod name;` (no body) of `path` has a file, where rustc looks for it (`r#type` is `type.rs`).
fn missing_module_files(path: &Path, items: &[syn::Item], paths: &BTreeSet<&Path>, problems: &mut Vec<String>) {
    let owns_directory = path.file_name().is_some_and(|name| name == "lib.rs" || name == "main.rs" || name == "mod.rs");
    let directory = match (owns_directory, path.parent()) {
        (true, Some(parent)) => parent.to_owned(),
        (false, Some(parent)) => parent.join(path.file_stem().unwrap_or_default()),
        (_, None) => PathBuf::new(),
    };
    for item in items {
        let syn::Item::Mod(module) = item else { continue };
        if module.content.is_some() || module.attrs.iter().any(|a| a.path().is_ident("path")) {
            continue;
        }
        let name = module.ident.unraw().to_string();
        let candidates = [directory.join(format!("{name}.rs")), directory.join(&name).join("mod.rs")];
        if !candidates.iter().any(|c| paths.contains(c.as_path())) {
            problems.push(format!("{}: `mod {}` has no file ({} is missing)", path.display(), module.ident, candidates[0].display()));
        }
    }
}
