//! Doc comments from spec text. Spec prose is Markdown written for web pages; rustdoc would run
//! indented or fenced blocks as doctests, so blocks are made plain text.

use proc_macro2::TokenStream;
use quote::quote;

use crate::ir::Docs;

/// `#[doc]` attributes for `docs`: title, description, default, generator notes.
pub fn doc_attrs(docs: &Docs) -> TokenStream {
    let mut paragraphs: Vec<String> = Vec::new();
    if let Some(title) = &docs.title {
        paragraphs.push(title.clone());
    }
    if let Some(description) = &docs.description {
        // A description that opens with the title (a summary repeated as the first line)
        // says it once.
        let description = match docs.title.as_deref().map(str::trim) {
            Some(title) => description.trim().strip_prefix(title).filter(|rest| rest.is_empty() || rest.starts_with('\n')).unwrap_or(description),
            None => description,
        };
        if !description.trim().is_empty() {
            paragraphs.push(description.to_owned());
        }
    }
    if docs.deprecated {
        paragraphs.push("**Deprecated.**".to_owned());
    }
    if let Some(default) = &docs.default {
        paragraphs.push(format!("Default: `{default}`."));
    }
    paragraphs.extend(docs.notes.iter().cloned());
    let mut lines = Vec::new();
    for paragraph in &paragraphs {
        if !lines.is_empty() {
            lines.push(String::new());
        }
        lines.extend(plain_lines(paragraph));
    }
    let lines = lines.into_iter().map(|line| if line.is_empty() { line } else { format!(" {line}") });
    quote!(#(#[doc = #lines])*)
}

/// Lines of Markdown with code blocks turned into `text` blocks and indentation removed, so no
/// line becomes a doctest.
fn plain_lines(text: &str) -> Vec<String> {
    let mut in_fence = false;
    let mut lines: Vec<String> = Vec::new();
    for line in text.trim().lines() {
        let trimmed = line.trim();
        if trimmed.starts_with("```") {
            lines.push(if in_fence { "```".to_owned() } else { "```text".to_owned() });
            in_fence = !in_fence;
        } else if in_fence {
            lines.push(line.trim_end().to_owned());
        } else {
            lines.push(trimmed.to_owned());
        }
    }
    if in_fence {
        lines.push("```".to_owned());
    }
    // Collapse runs of blank lines.
    lines.dedup_by(|a, b| a.is_empty() && b.is_empty());
    lines
}


/// Where each type (by index) is used: as an operation's body or response, or in another type,
/// in words for a doc comment (`the request body of \`editPlaceGroupV3\``). The docs of a type the
/// spec does not describe say where it appears.
pub fn type_uses(api: &crate::ir::Api) -> Vec<Vec<String>> {
    use crate::ir::{BodyKind, TypeKind};
    let mut uses: Vec<Vec<String>> = vec![Vec::new(); api.types.len()];
    let mut add = |index: usize, text: String| {
        if !uses[index].contains(&text) {
            uses[index].push(text);
        }
    };
    for op in &api.operations {
        let id = &op.operation_id;
        for content in op.body.iter().flat_map(|body| &body.content) {
            if let BodyKind::Json(shape) | BodyKind::Form(shape) = &content.body {
                shape.visit_named(&mut |type_id| add(type_id.0, format!("the request body of `{id}`")));
            }
        }
        for response in &op.responses {
            for content in &response.content {
                if let BodyKind::Json(shape) | BodyKind::Form(shape) = &content.body {
                    let what = if response.status.is_success() { "the response" } else { "an error response" };
                    shape.visit_named(&mut |type_id| add(type_id.0, format!("{what} of `{id}`")));
                }
            }
        }
        for param in &op.params {
            param.shape.visit_named(&mut |type_id| add(type_id.0, format!("the parameter `{}` of `{id}`", param.wire_name)));
        }
    }
    for def in &api.types {
        let owner = &def.name;
        match &def.kind {
            TypeKind::Struct(strukt) => {
                for field in &strukt.fields {
                    field.shape.visit_named(&mut |type_id| add(type_id.0, format!("`{owner}::{}`", field.name)));
                }
            }
            TypeKind::Union(union) => {
                for variant in &union.variants {
                    variant.shape.visit_named(&mut |type_id| add(type_id.0, format!("`{owner}::{}`", variant.name)));
                }
            }
            TypeKind::Alias(shape) | TypeKind::Newtype(shape) => shape.visit_named(&mut |type_id| add(type_id.0, format!("`{owner}`"))),
            TypeKind::StringEnum(_) => {}
        }
    }
    uses
}

/// The note of a type the spec does not describe: where it is used (at most three places).
pub fn uses_note(uses: &[String]) -> Option<String> {
    let (shown, more) = uses.split_at(uses.len().min(3));
    match (shown, more.len()) {
        ([], _) => None,
        (shown, 0) => Some(format!("Used in {}.", shown.join(", "))),
        (shown, more) => Some(format!("Used in {} and {more} more places.", shown.join(", "))),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn code_blocks_become_text() {
        let lines = plain_lines("Example:\n\n    let x = 1;\n```rust\nfn main() {}\n```\n\n\nEnd");
        assert_eq!(lines, ["Example:", "", "let x = 1;", "```text", "fn main() {}", "```", "", "End"]);
    }

    #[test]
    fn a_description_does_not_repeat_the_title() {
        let docs = |title: &str, description: &str| {
            let docs = Docs { title: Some(title.into()), description: Some(description.into()), ..Docs::default() };
            doc_attrs(&docs).to_string()
        };
        assert_eq!(docs("Update User Group", "Update User Group\n\nPrerequisites: none"), docs("Update User Group", "Prerequisites: none"));
        assert_eq!(docs("Update", "Update"), doc_attrs(&Docs { title: Some("Update".into()), ..Docs::default() }).to_string());
        assert!(docs("Update", "Updates a group").contains("Updates a group"), "a description that only starts alike stays");
    }

    #[test]
    fn unclosed_fence_is_closed() {
        assert_eq!(plain_lines("```\ncode"), ["```text", "code", "```"]);
    }
}
