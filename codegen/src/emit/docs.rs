//! Doc comments from spec text. Spec prose is Markdown written for web pages; rustdoc would run
//! indented or fenced blocks as doctests, so blocks are made plain text.

use std::borrow::Cow;

use proc_macro2::TokenStream;
use quote::quote;

use crate::ir::Docs;

/// `#[doc]` attributes for `docs`: title, description, default, generator notes.
pub fn doc_attrs(docs: &Docs) -> TokenStream {
    let attrs = doc_attributes(docs);
    quote!(#(#attrs)*)
}

/// [`doc_attrs`] as syntax trees.
pub fn doc_attributes(docs: &Docs) -> Vec<syn::Attribute> {
    doc_attributes_noted(docs, &[], &[])
}

/// [`doc_attributes`] with more of the generator's notes, `before` and `after` `docs.notes` (the
/// docs of a field are not copied to add a note).
pub fn doc_attributes_noted(docs: &Docs, before: &[String], after: &[String]) -> Vec<syn::Attribute> {
    let mut paragraphs: Vec<Cow<str>> = Vec::new();
    if let Some(title) = &docs.title {
        paragraphs.push(Cow::Borrowed(title));
    }
    if let Some(description) = &docs.description {
        // A description that opens with the title (a summary repeated as the first line)
        // says it once.
        let description = match docs.title.as_deref().map(str::trim) {
            Some(title) => description.trim().strip_prefix(title).filter(|rest| rest.is_empty() || rest.starts_with('\n')).unwrap_or(description),
            None => description,
        };
        if !description.trim().is_empty() {
            paragraphs.push(Cow::Borrowed(description));
        }
    }
    if let Some(assumption) = &docs.assumption {
        paragraphs.push(Cow::Owned(format!("Assumption (not the vendor's documentation): {assumption}")));
    }
    if docs.deprecated {
        paragraphs.push(Cow::Borrowed("**Deprecated.**"));
    }
    if let Some(default) = &docs.default {
        paragraphs.push(Cow::Owned(format!("Default when left out: `{default}` (assumed by the reader, never filled in).")));
    }
    // The spec's words are made safe for rustdoc; the generator's notes are rustdoc already
    // (they link to items: [`Pet`]).
    let spec_paragraphs = paragraphs.len();
    paragraphs.extend(before.iter().chain(&docs.notes).chain(after).map(|note| Cow::Borrowed(note.as_str())));
    let mut lines = Vec::new();
    for (index, paragraph) in paragraphs.iter().enumerate() {
        if !lines.is_empty() {
            lines.push(String::new());
        }
        let from_spec = index < spec_paragraphs;
        let paragraph = if from_spec { Cow::Owned(markdown_from_html(paragraph)) } else { Cow::Borrowed(paragraph.as_ref()) };
        lines.extend(plain_lines(&paragraph, from_spec));
    }
    lines.into_iter().map(|line| super::tree::doc_attribute(&if line.is_empty() { line } else { format!(" {line}") })).collect()
}

/// HTML's own elements, which a description written in HTML uses (AWS, Stripe: `<p>…</p>`,
/// `<b>`, `<a href>`).
const HTML_ELEMENTS: &[&str] = &[
    "a", "abbr", "b", "blockquote", "br", "code", "dd", "del", "div", "dl", "dt", "em", "h1", "h2", "h3", "h4", "h5", "h6", "hr", "i", "img", "kbd",
    "li", "ol", "p", "pre", "s", "small", "span", "strong", "sub", "sup", "table", "tbody", "td", "th", "thead", "tr", "tt", "u", "ul",
];

/// A description's paragraphs (between blank lines) written in HTML, as the Markdown they
/// mean, so that rustdoc and editors show their formatting rather than their tags. A paragraph
/// is HTML when it holds one of [`HTML_ELEMENTS`] (a `<br>` alone does not count: Markdown
/// writers use it too) and no Markdown syntax (a code span, a link, `**`, a list or heading
/// line). Another tag with a closing tag (AWS's `<note>…</note>`) is markup, left out with its
/// text kept; one without (`<insert>`, `<account_id>`, a placeholder) is text.
fn markdown_from_html(text: &str) -> String {
    let text = text.replace("\r\n", "\n");
    let mut paragraphs: Vec<String> = vec![String::new()];
    for line in text.lines() {
        match paragraphs.last_mut() {
            Some(last) if !line.trim().is_empty() => {
                if !last.is_empty() {
                    last.push('\n');
                }
                last.push_str(line);
            }
            Some(last) if last.is_empty() => {}
            _ => paragraphs.push(String::new()),
        }
    }
    let mut converter = None;
    let converted: Vec<String> = paragraphs
        .iter()
        .filter(|paragraph| !paragraph.is_empty())
        .map(|paragraph| {
            let tags = tag_names(paragraph);
            let html = tags.iter().any(|(_, name)| name != "br" && HTML_ELEMENTS.contains(&name.as_str()));
            if !html || has_markdown_syntax(paragraph) {
                return paragraph.clone();
            }
            let lower = paragraph.to_ascii_lowercase();
            let mut escaped = paragraph.clone();
            for (at, name) in tags.iter().rev() {
                if !HTML_ELEMENTS.contains(&name.as_str()) && !lower.contains(&format!("</{name}>")) {
                    escaped.replace_range(*at..at + 1, "&lt;");
                }
            }
            let converter = converter.get_or_insert_with(|| {
                let options = htmd::options::Options {
                    br_style: htmd::options::BrStyle::Backslash,
                    link_style: htmd::options::LinkStyle::InlinedPreferAutolinks,
                    ..Default::default()
                };
                htmd::HtmlToMarkdown::builder().options(options).build()
            });
            converter.convert(&escaped).unwrap_or_else(|_| paragraph.clone())
        })
        .collect();
    converted.join("\n\n")
}

/// Whether a paragraph uses Markdown of its own: a code span, a link, strong emphasis, or a
/// list or heading line.
fn has_markdown_syntax(paragraph: &str) -> bool {
    let line_syntax = |line: &str| {
        let line = line.trim_start();
        ["- ", "* ", "+ ", "#"].iter().any(|marker| line.starts_with(marker))
            || line.split_once(". ").is_some_and(|(number, _)| !number.is_empty() && number.chars().all(|c| c.is_ascii_digit()))
    };
    paragraph.contains('`') || paragraph.contains("](") || paragraph.contains("**") || paragraph.lines().any(line_syntax)
}

/// Each opening tag of `text` (`<` and a letter, the name running to whitespace, `/` or `>` as
/// HTML reads it): where its `<` is, and its name in lower case.
fn tag_names(text: &str) -> Vec<(usize, String)> {
    text.match_indices('<')
        .filter_map(|(at, _)| {
            let rest = &text[at + 1..];
            let end = rest.find(|c: char| c.is_ascii_whitespace() || c == '/' || c == '>')?;
            let name = &rest[..end];
            name.starts_with(|c: char| c.is_ascii_alphabetic()).then(|| (at, name.to_ascii_lowercase()))
        })
        .collect()
}

/// Lines of Markdown with code blocks turned into `text` blocks and indentation removed, so no
/// line becomes a doctest.
fn plain_lines(text: &str, from_spec: bool) -> Vec<String> {
    let mut in_fence = false;
    // Inside a list item: the indentation of its text, which a line that goes on with the item
    // takes (rustdoc reads an unindented one so too, a "lazy continuation" clippy warns of).
    let mut item_indent: Option<usize> = None;
    let mut lines: Vec<String> = Vec::new();
    // A tab is four spaces (clippy warns of tabs in docs; a spec's tables align with them).
    let text = text.trim().replace('\t', "    ");
    for line in text.lines() {
        let trimmed = line.trim();
        if trimmed.starts_with("```") {
            lines.push(if in_fence { "```".to_owned() } else { "```text".to_owned() });
            in_fence = !in_fence;
            item_indent = None;
        } else if in_fence {
            lines.push(line.trim_end().to_owned());
        } else {
            let safe = if from_spec { rustdoc_safe(trimmed) } else { trimmed.to_owned() };
            match (list_item_indent(trimmed), item_indent) {
                (Some(indent), _) => item_indent = Some(indent),
                (None, _) if trimmed.is_empty() || trimmed.starts_with(['#', '>', '|']) => item_indent = None,
                (None, Some(indent)) => {
                    lines.push(format!("{}{safe}", " ".repeat(indent)));
                    continue;
                }
                (None, None) => {}
            }
            lines.push(safe);
        }
    }
    if in_fence {
        lines.push("```".to_owned());
    }
    // Collapse runs of blank lines.
    lines.dedup_by(|a, b| a.is_empty() && b.is_empty());
    lines
}

/// Where the text of a list item line starts (`*   text` → 4, `1. text` → 3); `None` for a line
/// that starts no list item.
fn list_item_indent(trimmed: &str) -> Option<usize> {
    let marker = match trimmed.find(|c: char| !c.is_ascii_digit()) {
        Some(digits @ 1..=9) if trimmed[digits..].starts_with(['.', ')']) => digits + 1,
        Some(0) if trimmed.starts_with(['-', '*', '+']) => 1,
        _ => return None,
    };
    let spaces = trimmed[marker..].len() - trimmed[marker..].trim_start_matches(' ').len();
    // A marker needs a space after it (`*bold*` is no item), and text after that.
    (1..=4).contains(&spaces).then_some(marker + spaces).filter(|indent| *indent < trimmed.len())
}

/// A line of a spec's Markdown as rustdoc reads it without warnings, its code spans untouched:
/// bare URLs become autolinks (`<https://…>`), HTML tags other than `<br>` are escaped (a spec's
/// `<insert>` is text, and an unclosed tag would swallow what follows), and `[text]` that is not a
/// Markdown link is escaped (rustdoc would read it as a link to an item).
fn rustdoc_safe(line: &str) -> String {
    let mut out = String::with_capacity(line.len());
    let mut rest = line;
    while let Some(start) = rest.find('`') {
        let ticks = rest[start..].len() - rest[start..].trim_start_matches('`').len();
        let fence = &rest[start..start + ticks];
        let Some(end) = rest[start + ticks..].find(fence).map(|end| start + ticks + end + ticks) else { break };
        let mut text = safe_text(&rest[..start]);
        // `[`*`]`: rustdoc would look for an item named `*`.
        let bracketed = text.ends_with('[') && rest[end..].starts_with(']') && !rest[end + 1..].starts_with(['(', '[', ':']);
        if bracketed {
            text.pop();
            text.push_str("\\[");
        }
        out.push_str(&text);
        out.push_str(&rest[start..end]);
        rest = &rest[end..];
        if bracketed {
            out.push_str("\\]");
            rest = &rest[1..];
        }
    }
    out.push_str(&safe_text(rest));
    out
}

/// [`rustdoc_safe`] of text outside code spans.
fn safe_text(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 8);
    // Whether each `[` still open was escaped (its `]` is then escaped too).
    let mut open: Vec<bool> = Vec::new();
    let mut index = 0;
    while let Some(c) = text[index..].chars().next() {
        let rest = &text[index..];
        let before = &text[..index];
        if rest.starts_with("http://") || rest.starts_with("https://") {
            let end = rest.find(|c: char| c.is_whitespace() || "<>\"')]".contains(c)).unwrap_or(rest.len());
            let url = rest[..end].trim_end_matches(['.', ',', ';', ':', '!', '?']);
            let target = before.ends_with("](") && rest[url.len()..].starts_with(')');
            if before.ends_with('<') || target || before.ends_with("]: ") {
                out.push_str(url);
            } else {
                out.push_str(&format!("<{url}>"));
            }
            index += url.len();
            continue;
        }
        let escaped = (before.len() - before.trim_end_matches('\\').len()) % 2 == 1;
        if escaped && (c == '<' || c == '[' || c == ']') {
            // Escaped already (as Markdown written from HTML escapes them).
            out.push(c);
        } else if c == '<' {
            let tag = rest[1..].starts_with(|c: char| c.is_ascii_alphabetic() || c == '/' || c == '!');
            let kept = rest.starts_with("<http") || ["<br>", "<br/>", "<br />"].iter().any(|br| rest.starts_with(br));
            out.push_str(if tag && !kept { "&lt;" } else { "<" });
        } else if c == '[' {
            let close = matching_bracket(rest);
            let link = close.map(|close| &rest[close + 1..]).is_some_and(|after| {
                after.starts_with(['[', ':']) || (after.starts_with('(') && after.split_whitespace().next().is_some_and(|target| target.contains(')')))
            });
            let closed = close.is_some();
            let escape = closed && !link && !before.ends_with(']');
            open.push(escape);
            out.push_str(if escape { "\\[" } else { "[" });
        } else if c == ']' {
            out.push_str(if open.pop() == Some(true) { "\\]" } else { "]" });
        } else {
            out.push(c);
        }
        index += c.len_utf8();
    }
    out
}

/// The index of the `]` that closes the `[` `text` starts with, brackets nested.
fn matching_bracket(text: &str) -> Option<usize> {
    let mut depth = 0usize;
    for (index, c) in text.char_indices() {
        match c {
            '[' => depth += 1,
            ']' if depth == 1 => return Some(index),
            ']' => depth = depth.saturating_sub(1),
            _ => {}
        }
    }
    None
}

/// Where each type (by index) is used: as an operation's body or response, or in another type,
/// in words for a doc comment (`the request body of \`editPlaceGroupV3\``). The docs of a type the
/// spec does not describe say where it appears.
pub fn type_uses(api: &crate::ir::Api) -> Vec<Vec<String>> {
    use crate::ir::TypeKind;
    let mut uses: Vec<Vec<String>> = vec![Vec::new(); api.types.len()];
    let mut add = |index: usize, text: String| {
        if !uses[index].contains(&text) {
            uses[index].push(text);
        }
    };
    for op in &api.operations {
        let id = &op.operation_id;
        for content in op.body.iter().flat_map(|body| &body.content) {
            for shape in content.body.shapes() {
                shape.visit_named(&mut |type_id| add(type_id.0, format!("the request body of `{id}`")));
            }
        }
        for response in &op.responses {
            for content in &response.content {
                let what = if response.status.is_success() { "the response" } else { "an error response" };
                for shape in content.body.shapes() {
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

/// What a value of `shape` is, in words for a doc comment: a link for a named type
/// ("[`Pet`]"), else "a string", "a list of [`Pet`]", "any JSON value".
pub fn shape_words(api: &crate::ir::Api, shape: &crate::ir::Shape) -> String {
    use crate::ir::{Primitive, TypeRef};
    let words = match &shape.ty {
        TypeRef::Named { id, .. } => format!("[`{}`]", api.type_def(*id).name),
        TypeRef::Primitive(Primitive::Bool) => "a boolean".to_owned(),
        TypeRef::Primitive(Primitive::String) => "a string".to_owned(),
        TypeRef::Primitive(Primitive::DateTime) => "a date-time".to_owned(),
        TypeRef::Primitive(Primitive::Date) => "a date".to_owned(),
        TypeRef::Primitive(Primitive::F32 | Primitive::F64) => "a number".to_owned(),
        TypeRef::Primitive(_) => "an integer".to_owned(),
        TypeRef::Array(item) => format!("a list of {}", shape_words(api, item).trim_start_matches("a ").trim_start_matches("an ")),
        TypeRef::Map(value) => format!("a map to {}", shape_words(api, value)),
        TypeRef::Any => "any JSON value".to_owned(),
    };
    if shape.nullable { format!("{words} or `null`") } else { words }
}

/// The words for where a parameter goes: "query parameter", "header", "path parameter".
pub fn location_words(location: crate::ir::ParamLocation) -> &'static str {
    use crate::ir::ParamLocation;
    match location {
        ParamLocation::Path => "path parameter",
        ParamLocation::Query => "query parameter",
        ParamLocation::Header => "header",
        ParamLocation::Cookie => "cookie",
    }
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
        let lines = plain_lines("Example:\n\n    let x = 1;\n```rust\nfn main() {}\n```\n\n\nEnd", true);
        assert_eq!(lines, ["Example:", "", "let x = 1;", "```text", "fn main() {}", "```", "", "End"]);
    }

    /// A line that goes on with a list item is indented to the item's text, as clippy's
    /// `doc_lazy_continuation` asks; a blank line, a heading or a table ends the item. A tab is
    /// four spaces (`tabs_in_doc_comments`).
    #[test]
    fn list_items_keep_their_lines_and_tabs_become_spaces() {
        let text = "**Notes**:\n*   Use the [Git Trees\nAPI](https://x.y).\n1. One\ntwo\n\nAfter\n- a\n# Head\n| a\t| b |";
        let lines = plain_lines(text, true);
        assert_eq!(lines, ["**Notes**:", "*   Use the [Git Trees", "    API](https://x.y).", "1. One", "   two", "", "After", "- a", "# Head", "| a    | b |"]);
        assert_eq!(plain_lines("*bold* text\nnext", true), ["*bold* text", "next"], "emphasis is no item");
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
    fn spec_markdown_reads_without_rustdoc_warnings() {
        let cases = [
            ("see https://example.com/a?b=1.", "see <https://example.com/a?b=1>."),
            ("a [link](https://example.com) and <https://example.org>", "a [link](https://example.com) and <https://example.org>"),
            ("use <insert> here<br>then </b>", "use &lt;insert> here<br>then &lt;/b>"),
            ("the [region] and [*] of [`*`]", "the \\[region\\] and \\[*\\] of \\[`*`\\]"),
            ("[region](https://x.y/regions. Example", "\\[region\\](<https://x.y/regions>. Example"),
            ("[a `b` c](https://x.y) [`Pet`](https://x.y)", "[a `b` c](https://x.y) [`Pet`](https://x.y)"),
            ("scores. [[SRD p76](https://x.y/a.pdf#page=76)]", "scores. \\[[SRD p76](https://x.y/a.pdf#page=76)\\]"),
            ("states it [[SRD p15]](https://x.y/a.pdf#page=15))", "states it [\\[SRD p15\\]](https://x.y/a.pdf#page=15))"),
            ("code `a <b> [c] https://x.y` stays", "code `a <b> [c] https://x.y` stays"),
            ("1 < 2 and [unclosed", "1 < 2 and [unclosed"),
            ("[ref][1] and [def]: https://x.y", "[ref][1] and [def]: https://x.y"),
        ];
        for (text, expected) in cases {
            assert_eq!(rustdoc_safe(text), expected, "{text}");
        }
    }

    /// A description written in HTML reads as the Markdown it means; Markdown, placeholders
    /// and text that merely mentions a tag stay as written.
    #[test]
    fn html_descriptions_become_markdown() {
        let cases = [
            (
                "<p>Search with <a href=\"https://x.y/q\">the query language</a>. Don't use <code>search_x</code>.</p>",
                "Search with [the query language](https://x.y/q). Don't use `search_x`.",
            ),
            ("<p>Describes VPCs.</p> <ul> <li> <p>One <i>a</i> and <b>b</b></p> </li> </ul> <note> <p>A note</p> </note>", "Describes VPCs.\n\n*   One *a* and **b**\n\nA note"),
            ("Use <b>name</b> for &lt;insert&gt; or <insert> (a_b)", "Use **name** for \\<insert> or \\<insert> (a\\_b)"),
            ("Markdown `code` with <b>bold</b> stays", "Markdown `code` with <b>bold</b> stays"),
            ("Plain text, 1 < 2", "Plain text, 1 < 2"),
            ("<p>First</p>\n\nSecond *em*", "First\n\nSecond *em*"),
            ("<p>First</p>\r\n \r\n<p>Second <b>b</b></p>", "First\n\nSecond **b**"),
            ("The ARN <code>arn:<account_id>:x</code>", "The ARN `arn:<account_id>:x`"),
            ("Line one<br>\n- a list item with <b>bold</b>", "Line one<br>\n- a list item with <b>bold</b>"),
            ("**Note:** <i>see</i> below", "**Note:** <i>see</i> below"),
            ("One<br>two<br/>three", "One<br>two<br/>three"),
        ];
        for (html, markdown) in cases {
            assert_eq!(markdown_from_html(html), markdown, "{html}");
        }
        // Escaped by the conversion, not escaped again for rustdoc.
        assert_eq!(rustdoc_safe("\\<insert> and \\[x\\]"), "\\<insert> and \\[x\\]");
        // An escaped backslash escapes nothing after it.
        assert_eq!(rustdoc_safe("a \\\\[x] b"), "a \\\\\\[x\\] b");
    }

    #[test]
    fn unclosed_fence_is_closed() {
        assert_eq!(plain_lines("```\ncode", true), ["```text", "code", "```"]);
    }
}
