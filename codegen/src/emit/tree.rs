//! Items built as syntax trees, without tokens for syn to parse back.
//!
//! Parsing the emitted tokens was the largest cost of generation (`docs/performance.md`, ninth
//! and tenth rounds). The items of a fixed shape that every struct has are built as trees
//! instead: each shape is written once in `quote!` as a template with `__`-named holes, parsed
//! once per thread, and every item is a copy of its template with the holes filled
//! ([`Fill`]). prettyplease prints the trees as it prints parsed ones.

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
}

/// A template's holes, by name (`"__name"`).
pub(super) struct Fill<'a>(pub(super) &'a mut [(&'static str, Hole)]);

impl Fill<'_> {
    /// The hole `ident` names, if it names one (holes are few: a scan, and proc-macro2 compares an
    /// identifier with a string without copying it).
    fn hole(&mut self, ident: &Ident) -> Option<&mut Hole> {
        self.0.iter_mut().find(|(name, _)| ident == name).map(|(_, fill)| fill)
    }

    fn path_hole(&mut self, path: &syn::Path) -> Option<&mut Hole> {
        match (&path.leading_colon, path.segments.len(), path.segments.first()) {
            (None, 1, Some(segment)) if segment.arguments.is_none() => self.hole(&segment.ident),
            _ => None,
        }
    }
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
        if let syn::Pat::Ident(binding) = pat {
            if binding.subpat.is_none() {
                if let Some(Hole::Str(value)) = self.hole(&binding.ident) {
                    *pat = syn::Pat::Lit(str_lit(value));
                    return;
                }
            }
        }
        visit_mut::visit_pat_mut(self, pat);
    }

    fn visit_block_mut(&mut self, block: &mut syn::Block) {
        let stmts = std::mem::take(&mut block.stmts);
        for mut stmt in stmts {
            if let syn::Stmt::Macro(mac) = &stmt {
                if let Some(Hole::Stmts(fill)) = self.path_hole(&mac.mac.path) {
                    block.stmts.append(fill);
                    continue;
                }
            }
            self.visit_stmt_mut(&mut stmt);
            block.stmts.push(stmt);
        }
    }

    fn visit_expr_match_mut(&mut self, expr: &mut syn::ExprMatch) {
        self.visit_expr_mut(&mut expr.expr);
        let arms = std::mem::take(&mut expr.arms);
        for mut arm in arms {
            if let syn::Pat::Ident(binding) = &arm.pat {
                if let Some(Hole::Arms(fill)) = self.hole(&binding.ident) {
                    expr.arms.append(fill);
                    continue;
                }
            }
            self.visit_arm_mut(&mut arm);
            expr.arms.push(arm);
        }
    }

    fn visit_expr_array_mut(&mut self, array: &mut syn::ExprArray) {
        let elems = std::mem::take(&mut array.elems);
        for mut elem in elems {
            if let syn::Expr::Path(path) = &elem {
                if let Some(Hole::Exprs(fill)) = self.path_hole(&path.path) {
                    array.elems.extend(fill.drain(..));
                    continue;
                }
            }
            self.visit_expr_mut(&mut elem);
            array.elems.push(elem);
        }
    }

    fn visit_expr_struct_mut(&mut self, expr: &mut syn::ExprStruct) {
        self.visit_path_mut(&mut expr.path);
        let fields = std::mem::take(&mut expr.fields);
        for mut field in fields {
            if let (syn::Member::Named(member), None) = (&field.member, &field.colon_token) {
                if let Some(Hole::Fields(fill)) = self.hole(member) {
                    expr.fields.extend(fill.drain(..));
                    continue;
                }
            }
            self.visit_field_value_mut(&mut field);
            expr.fields.push(field);
        }
    }
}

/// A template: a copy of it with the holes filled is a new tree.
pub(super) trait Template: Clone {
    fn visit(&mut self, fill: &mut Fill<'_>);

    fn fill(&self, holes: &mut [(&'static str, Hole)]) -> Self {
        let mut copy = self.clone();
        copy.visit(&mut Fill(holes));
        copy
    }
}

/// `Template` for syntax trees, each filled by its own `visit_*_mut`.
macro_rules! templates {
    ($($tree:ty => $visit:ident),* $(,)?) => {
        $(impl Template for $tree {
            fn visit(&mut self, fill: &mut Fill<'_>) {
                fill.$visit(self);
            }
        })*
    };
}

templates! {
    syn::ItemImpl => visit_item_impl_mut,
    syn::Stmt => visit_stmt_mut,
    syn::Arm => visit_arm_mut,
    syn::Expr => visit_expr_mut,
    syn::Type => visit_type_mut,
}

#[cfg(test)]
mod tests {
    use quote::{ToTokens, quote};

    use super::*;

    fn ident(name: &str) -> Ident {
        Ident::new(name, Span::call_site())
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
