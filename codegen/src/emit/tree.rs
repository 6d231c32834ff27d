//! Items built as syntax trees, without tokens for syn to parse back.
//!
//! Parsing the emitted tokens was the largest cost of generation (`docs/performance.md`, ninth
//! and tenth rounds). The items of a fixed shape that every struct has are built as trees
//! instead: each shape is written once in `quote!` as a template with `__`-named holes, parsed
//! once per thread, and every item is a copy of its template with the holes filled
//! ([`Fill`]). prettyplease prints the trees as it prints parsed ones.
//!
//! A hole is found where a template's items, statements, expressions, patterns, types, arms,
//! arguments, fields and variants are; not inside a macro's tokens or an attribute's list
//! (`#[serde(rename = __x)]`), which syn does not parse: those are made as tokens. In debug
//! builds (the tests), a hole given to [`Template::fill`] that the template does not have is a
//! panic, so a misspelled one cannot pass unnoticed.

use proc_macro2::{Ident, Span};
use syn::visit_mut::{self, VisitMut};

/// What fills one hole of a template. A hole is an identifier that starts with `__`.
pub(super) enum Hole {
    /// An identifier, wherever the hole's name is one: a binding, a field, a path segment.
    Ident(Ident),
    /// A string literal, for a hole that stands as an expression or a pattern.
    Str(String),
    /// A type, for a hole that stands as a type.
    Type(syn::Type),
    /// An expression, for a hole that stands as an expression.
    Expr(syn::Expr),
    /// Statements, for a hole that stands as a statement `__hole!();` in a block.
    Stmts(Vec<syn::Stmt>),
    /// Match arms, for a hole that stands as an arm's pattern (`__hole => {}`).
    Arms(Vec<syn::Arm>),
    /// Expressions, for a hole that stands as an element of an array expression.
    Exprs(Vec<syn::Expr>),
    /// Fields of a struct expression, for a hole that stands as a shorthand field.
    Fields(Vec<syn::FieldValue>),
    /// Items of an impl, for a hole that stands as an item `__hole!();`.
    ImplItems(Vec<syn::ImplItem>),
    /// A function's arguments, for a hole that stands as an argument `__hole: ()`.
    Args(Vec<syn::FnArg>),
    /// A struct's fields, for a hole that stands as a field `__hole: ()`.
    StructFields(Vec<syn::Field>),
    /// An enum's variants, for a hole that stands as a variant `__hole`.
    Variants(Vec<syn::Variant>),
}

/// A template's holes, by name (`"__name"`), and which of them were found (bit `i` for hole `i`).
pub(super) struct Fill<'a> {
    holes: &'a mut [(&'static str, Hole)],
    found: u64,
}

impl Fill<'_> {
    /// The hole `ident` names, if it names one (holes are few: a scan, and proc-macro2 compares an
    /// identifier with a string without copying it).
    fn hole(&mut self, ident: &Ident) -> Option<&mut Hole> {
        let index = self.holes.iter().position(|(name, _)| ident == name)?;
        self.found |= 1 << index;
        Some(&mut self.holes[index].1)
    }

    fn path_hole(&mut self, path: &syn::Path) -> Option<&mut Hole> {
        self.hole(single_ident(path)?)
    }
}

/// The identifier `name`.
pub(super) fn ident(name: &str) -> Ident {
    Ident::new(name, Span::call_site())
}

/// `None`.
pub(super) fn none() -> syn::Expr {
    ident_expr(ident("None"))
}

/// The string literal `value`.
fn str_lit(value: &str) -> syn::ExprLit {
    syn::ExprLit { attrs: Vec::new(), lit: syn::Lit::Str(syn::LitStr::new(value, Span::call_site())) }
}

/// The string literal `value`, as an expression.
pub(super) fn str_expr(value: &str) -> syn::Expr {
    syn::Expr::Lit(str_lit(value))
}

/// The unsuffixed integer literal `value`, as an expression.
pub(super) fn int_expr(value: usize) -> syn::Expr {
    syn::Expr::Lit(syn::ExprLit { attrs: Vec::new(), lit: syn::Lit::Int(syn::LitInt::new(&value.to_string(), Span::call_site())) })
}

/// The path `ident`, as an expression.
pub(super) fn ident_expr(ident: Ident) -> syn::Expr {
    syn::Expr::Path(syn::ExprPath { attrs: Vec::new(), qself: None, path: ident.into() })
}

/// The type named `ident`.
pub(super) fn ident_type(ident: Ident) -> syn::Type {
    syn::Type::Path(syn::TypePath { attrs: Vec::new(), qself: None, path: ident.into() })
}

/// `#[doc = "line"]`.
pub(super) fn doc_attribute(line: &str) -> syn::Attribute {
    let path = ident("doc").into();
    let meta = syn::Meta::NameValue(syn::MetaNameValue { path, eq_token: Default::default(), value: str_expr(line) });
    syn::Attribute { pound_token: Default::default(), style: syn::AttrStyle::Outer, bracket_token: Default::default(), meta }
}

/// The public field `name: ty` of a struct, with `attrs`.
pub(super) fn public_field(attrs: Vec<syn::Attribute>, name: Ident, ty: syn::Type) -> syn::Field {
    syn::Field {
        attrs,
        vis: syn::Visibility::Public(Default::default()),
        modifiers: Default::default(),
        ident: Some(name),
        colon_token: Some(Default::default()),
        ty,
        default: None,
    }
}

/// `member: value` in a struct expression, or `member` alone when `value` is `None`.
pub(super) fn field_value(member: Ident, value: Option<syn::Expr>) -> syn::FieldValue {
    let (colon_token, expr) = match value {
        Some(value) => (Some(Default::default()), value),
        None => (None, ident_expr(member.clone())),
    };
    syn::FieldValue { attrs: Vec::new(), member: syn::Member::Named(member), colon_token, expr }
}

impl VisitMut for Fill<'_> {
    fn visit_ident_mut(&mut self, ident: &mut Ident) {
        if let Some(Hole::Ident(fill)) = self.hole(ident) {
            *ident = fill.clone();
        }
    }

    fn visit_type_mut(&mut self, ty: &mut syn::Type) {
        if let syn::Type::Path(path) = ty {
            if path.qself.is_none() {
                if let Some(Hole::Type(fill)) = self.path_hole(&path.path) {
                    *ty = fill.clone();
                    return;
                }
            }
        }
        visit_mut::visit_type_mut(self, ty);
    }

    fn visit_expr_mut(&mut self, expr: &mut syn::Expr) {
        if let syn::Expr::Path(path) = expr {
            if path.qself.is_none() {
                match self.path_hole(&path.path) {
                    Some(Hole::Expr(fill)) => {
                        *expr = fill.clone();
                        return;
                    }
                    Some(Hole::Str(value)) => {
                        *expr = str_expr(value);
                        return;
                    }
                    _ => {}
                }
            }
        }
        visit_mut::visit_expr_mut(self, expr);
    }

    fn visit_pat_mut(&mut self, pat: &mut syn::Pat) {
        if let Some(Hole::Str(value)) = pat_ident(pat).and_then(|name| self.hole(name)) {
            *pat = syn::Pat::Lit(str_lit(value));
            return;
        }
        visit_mut::visit_pat_mut(self, pat);
    }

    fn visit_block_mut(&mut self, block: &mut syn::Block) {
        let placeholder: fn(&syn::Stmt) -> Option<&Ident> = |stmt| match stmt {
            syn::Stmt::Macro(mac) => single_ident(&mac.mac.path),
            _ => None,
        };
        block.stmts = self.splice(std::mem::take(&mut block.stmts), placeholder, |hole| match hole {
            Hole::Stmts(fill) => Some(fill),
            _ => None,
        });
    }

    fn visit_item_impl_mut(&mut self, item: &mut syn::ItemImpl) {
        let placeholder: fn(&syn::ImplItem) -> Option<&Ident> = |member| match member {
            syn::ImplItem::Macro(mac) => single_ident(&mac.mac.path),
            _ => None,
        };
        item.items = self.splice(std::mem::take(&mut item.items), placeholder, |hole| match hole {
            Hole::ImplItems(fill) => Some(fill),
            _ => None,
        });
        item.attrs.iter_mut().for_each(|attr| self.visit_attribute_mut(attr));
        self.visit_generics_mut(&mut item.generics);
        if let Some((path, _)) = &mut item.trait_ {
            self.visit_path_mut(path);
        }
        self.visit_type_mut(&mut item.self_ty);
    }

    fn visit_signature_mut(&mut self, signature: &mut syn::Signature) {
        let placeholder: fn(&syn::FnArg) -> Option<&Ident> = |input| match input {
            syn::FnArg::Typed(typed) => pat_ident(&typed.pat),
            syn::FnArg::Receiver(_) => None,
        };
        signature.inputs = self.splice(std::mem::take(&mut signature.inputs), placeholder, |hole| match hole {
            Hole::Args(fill) => Some(fill),
            _ => None,
        });
        self.visit_ident_mut(&mut signature.ident);
        self.visit_generics_mut(&mut signature.generics);
        self.visit_return_type_mut(&mut signature.output);
    }

    fn visit_fields_named_mut(&mut self, fields: &mut syn::FieldsNamed) {
        fields.named = self.splice(std::mem::take(&mut fields.named), |field| field.ident.as_ref(), |hole| match hole {
            Hole::StructFields(fill) => Some(fill),
            _ => None,
        });
    }

    fn visit_item_enum_mut(&mut self, item: &mut syn::ItemEnum) {
        item.variants = self.splice(std::mem::take(&mut item.variants), |variant| Some(&variant.ident), |hole| match hole {
            Hole::Variants(fill) => Some(fill),
            _ => None,
        });
        item.attrs.iter_mut().for_each(|attr| self.visit_attribute_mut(attr));
        self.visit_ident_mut(&mut item.ident);
    }

    fn visit_expr_match_mut(&mut self, expr: &mut syn::ExprMatch) {
        self.visit_expr_mut(&mut expr.expr);
        expr.arms = self.splice(std::mem::take(&mut expr.arms), |arm| pat_ident(&arm.pat), |hole| match hole {
            Hole::Arms(fill) => Some(fill),
            _ => None,
        });
    }

    fn visit_expr_array_mut(&mut self, array: &mut syn::ExprArray) {
        let placeholder: fn(&syn::Expr) -> Option<&Ident> = |elem| match elem {
            syn::Expr::Path(path) => single_ident(&path.path),
            _ => None,
        };
        array.elems = self.splice(std::mem::take(&mut array.elems), placeholder, |hole| match hole {
            Hole::Exprs(fill) => Some(fill),
            _ => None,
        });
    }

    fn visit_expr_struct_mut(&mut self, expr: &mut syn::ExprStruct) {
        self.visit_path_mut(&mut expr.path);
        let placeholder: fn(&syn::FieldValue) -> Option<&Ident> = |field| match (&field.member, &field.colon_token) {
            (syn::Member::Named(member), None) => Some(member),
            _ => None,
        };
        expr.fields = self.splice(std::mem::take(&mut expr.fields), placeholder, |hole| match hole {
            Hole::Fields(fill) => Some(fill),
            _ => None,
        });
    }
}

/// A tree whose holes a [`Fill`] fills.
pub(super) trait Visit {
    fn visit(&mut self, fill: &mut Fill<'_>);
}

/// A template: a copy of it with the holes filled is a new tree.
pub(super) trait Template: Clone + Visit {
    fn fill(&self, holes: &mut [(&'static str, Hole)]) -> Self {
        let mut copy = self.clone();
        debug_assert!(holes.len() <= 64, "a template has at most 64 holes");
        let mut fill = Fill { found: 0, holes };
        copy.visit(&mut fill);
        if cfg!(debug_assertions) {
            let found = fill.found;
            let missing: Vec<&str> = fill.holes.iter().enumerate().filter(|(index, _)| found & (1 << index) == 0).map(|(_, (name, _))| *name).collect();
            assert!(missing.is_empty(), "holes not in the template: {missing:?}");
        }
        copy
    }
}

impl Fill<'_> {
    /// `list` with each placeholder (an element `placeholder` names a hole of, which `take` takes
    /// the elements of) replaced by its hole's elements, the other elements filled.
    fn splice<T: Visit, L: IntoIterator<Item = T> + FromIterator<T>>(
        &mut self,
        list: L,
        placeholder: fn(&T) -> Option<&Ident>,
        take: fn(&mut Hole) -> Option<&mut Vec<T>>,
    ) -> L {
        let mut out = Vec::new();
        for mut elem in list {
            if let Some(fill) = placeholder(&elem).and_then(|name| self.hole(name)).and_then(take) {
                out.append(fill);
                continue;
            }
            elem.visit(self);
            out.push(elem);
        }
        out.into_iter().collect()
    }
}

/// The identifier a path is, if it is one.
fn single_ident(path: &syn::Path) -> Option<&Ident> {
    match (&path.leading_colon, path.segments.len(), path.segments.first()) {
        (None, 1, Some(segment)) if segment.arguments.is_none() => Some(&segment.ident),
        _ => None,
    }
}

/// The identifier a pattern binds, if it is one.
fn pat_ident(pat: &syn::Pat) -> Option<&Ident> {
    match pat {
        syn::Pat::Ident(binding) if binding.subpat.is_none() => Some(&binding.ident),
        _ => None,
    }
}

/// `Visit` for syntax trees, each filled by its own `visit_*_mut`.
macro_rules! visits {
    ($($tree:ty => $visit:ident),* $(,)?) => {
        $(impl Visit for $tree {
            fn visit(&mut self, fill: &mut Fill<'_>) {
                fill.$visit(self);
            }
        })*
    };
}

/// `Visit` and `Template` for the syntax trees written as templates.
macro_rules! templates {
    ($($tree:ty => $visit:ident),* $(,)?) => {
        visits!($($tree => $visit),*);
        $(impl Template for $tree {})*
    };
}

templates! {
    syn::ItemImpl => visit_item_impl_mut,
    syn::ItemStruct => visit_item_struct_mut,
    syn::ItemEnum => visit_item_enum_mut,
    syn::ImplItemFn => visit_impl_item_fn_mut,
    syn::FnArg => visit_fn_arg_mut,
    syn::Stmt => visit_stmt_mut,
    syn::Arm => visit_arm_mut,
    syn::Expr => visit_expr_mut,
    syn::Type => visit_type_mut,
}

// Only visited, as the elements of a list spliced into a template.
visits! {
    syn::Variant => visit_variant_mut,
    syn::ImplItem => visit_impl_item_mut,
    syn::Field => visit_field_mut,
    syn::FieldValue => visit_field_value_mut,
}

#[cfg(test)]
mod tests {
    use quote::{ToTokens, quote};

    use super::*;

    fn ident(name: &str) -> Ident {
        Ident::new(name, Span::call_site())
    }

    #[test]
    #[should_panic(expected = "holes not in the template: [\"__missing\"]")]
    fn a_hole_the_template_lacks_is_a_panic_in_tests() {
        let template: syn::Expr = syn::parse_quote!(__present + 1);
        template.fill(&mut [("__present", Hole::Ident(ident("x"))), ("__missing", Hole::Ident(ident("y")))]);
    }

    #[test]
    fn holes_are_filled_where_they_stand() {
        let template: syn::ItemImpl = syn::parse_quote! {
            impl __Name {
                fn read(__map: u8) -> __T {
                    let x = [__present, true];
                    __body!();
                    match __map { __arms => {}, _ => {} }
                    __Name { __fields, y: __value }
                }

                fn __make(__args: (), last: u8) {}

                __items!();
            }
        };
        let arm: syn::Arm = syn::parse_quote!(__wire => 1,);
        let filled = template.fill(&mut [
            ("__Name", Hole::Ident(ident("Point"))),
            ("__map", Hole::Ident(ident("input"))),
            ("__T", Hole::Type(syn::parse_quote!(Option<i64>))),
            ("__present", Hole::Exprs(vec![syn::parse_quote!(a), syn::parse_quote!(b)])),
            ("__body", Hole::Stmts(vec![syn::parse_quote!(let a = 1;), syn::parse_quote!(let b = 2;)])),
            ("__arms", Hole::Arms(vec![arm.fill(&mut [("__wire", Hole::Str("x".to_owned()))])])),
            ("__fields", Hole::Fields(vec![field_value(ident("x"), None), field_value(ident("z"), Some(str_expr("z")))])),
            ("__value", Hole::Str("why".to_owned())),
            ("__make", Hole::Ident(ident("make"))),
            ("__args", Hole::Args(vec![syn::parse_quote!(a: i8), syn::parse_quote!(b: impl Into<String>)])),
            ("__items", Hole::ImplItems(vec![syn::parse_quote!(const A: u8 = 1;), syn::parse_quote!(fn b() {})])),
        ]);
        let expected: syn::ItemImpl = syn::parse_quote! {
            impl Point {
                fn read(input: u8) -> Option<i64> {
                    let x = [a, b, true];
                    let a = 1;
                    let b = 2;
                    match input { "x" => 1, _ => {} }
                    Point { x, z: "z", y: "why" }
                }

                fn make(a: i8, b: impl Into<String>, last: u8) {}

                const A: u8 = 1;

                fn b() {}
            }
        };
        assert_eq!(filled.into_token_stream().to_string(), expected.into_token_stream().to_string());
    }

    #[test]
    fn a_filled_tree_prints_as_its_parsed_text() {
        let template: syn::Stmt = syn::parse_quote!(let mut __slot: Option<__T> = None;);
        let filled = template.fill(&mut [("__slot", Hole::Ident(ident("name"))), ("__T", Hole::Type(ident_type(ident("String"))))]);
        let printed = |stmt: syn::Stmt| {
            let item: syn::Item = syn::parse_quote!(fn f() { #stmt });
            prettyplease::unparse(&syn::File { shebang: None, frontmatter: None, attrs: Vec::new(), items: vec![item] })
        };
        assert_eq!(printed(filled), printed(syn::parse_quote!(let mut name: Option<String> = None;)));
        // A template is copied, never changed.
        assert_eq!(template.into_token_stream().to_string(), quote!(let mut __slot: Option<__T> = None;).to_string());
    }
}
