//! Formatting one file's tokens, item by item.
//!
//! Parsing a whole module into one `syn::File` kept every token three times over (the stream, syn's
//! `TokenBuffer` copy, the syntax tree) and made parsing the largest cost of generation (see
//! `docs/performance.md`). prettyplease prints top-level items independently (each ends with a hard
//! line break), so the file is cut into its top-level items at the token level, each small run of
//! items is parsed and printed on its own, and the texts are joined: the same bytes as printing the
//! whole file, with only one run's syntax tree alive at a time.

use std::collections::BTreeMap;
use std::num::NonZero;
use std::sync::atomic::{AtomicUsize, Ordering};

use proc_macro2::{Delimiter, TokenStream, TokenTree};

/// How many top-level items are parsed together: large enough that per-parse overhead vanishes,
/// small enough that the syntax tree of a run stays small.
const ITEMS_PER_RUN: usize = 64;

/// The stack each unit is formatted on (virtual memory: pages are touched only as deep as it
/// goes).
pub(super) const FORMAT_STACK: usize = 32 * 1024 * 1024;

/// The contents of a file made of `count` units of whole items: `header`, then prettyplease's text
/// of the items as if formatted in one piece, items separated as [`separate_items`] does.
/// `emit(unit)` makes a unit's tokens on the thread that formats it (token streams cannot cross
/// threads); the units are shared out among one thread per core, and this thread appends their
/// texts in unit order as they come, so the output does not depend on the threads. Only the units
/// in flight have tokens and syntax trees alive, and only those finished ahead of their turn have
/// a text of their own.
pub(super) fn format_units(header: &str, count: usize, emit: &(dyn Fn(usize) -> Unit + Sync)) -> syn::Result<String> {
    // syn and prettyplease recurse once per level of a type (`Vec<Vec<…>>` as deep as the
    // document nests): each unit gets [`FORMAT_STACK`], on the workers or on a new segment.
    let format_unit = |unit| -> syn::Result<Separated> {
        let printed = stacker::maybe_grow(FORMAT_STACK / 2, FORMAT_STACK, || unparse_unit(emit(unit)))?;
        Ok(Separated::of(&printed))
    };
    let mut file = FileText::new(header, count);
    // A file of a unit or two (a small spec) is formatted on this thread: starting workers
    // (each with its own allocator heap to fault in) costs more than it saves.
    let threads = if count <= 2 { 1 } else { std::thread::available_parallelism().map_or(1, NonZero::get).min(count) };
    if threads > 1 {
        let next = &AtomicUsize::new(0);
        let format_unit = &format_unit;
        let started = std::thread::scope(|scope| -> syn::Result<bool> {
            let (sender, texts) = std::sync::mpsc::channel();
            let work = move || loop {
                let unit = next.fetch_add(1, Ordering::Relaxed);
                // The receiver is gone once the file has stopped: nothing more is needed.
                if unit >= count || sender.send((unit, format_unit(unit))).is_err() {
                    return;
                }
            };
            let worker = |work| std::thread::Builder::new().stack_size(FORMAT_STACK).spawn_scoped(scope, work);
            // A worker that cannot start leaves its share to the others (or to this thread).
            let handles: Vec<_> = (0..threads).filter_map(|_| worker(work.clone()).ok()).collect();
            let started = !handles.is_empty();
            drop(work);
            // Ends when every worker is done, or at a failed unit (the receiver goes with it).
            let appended = texts.into_iter().try_for_each(|(unit, text)| file.arrive(unit, text));
            // A worker's panic (a bug in emission) goes on with its own message.
            for handle in handles {
                if let Err(panic) = handle.join() {
                    std::panic::resume_unwind(panic);
                }
            }
            appended.map(|()| started)
        })?;
        if started {
            return Ok(file.finish());
        }
    }
    for unit in 0..count {
        file.arrive(unit, format_unit(unit))?;
    }
    Ok(file.finish())
}

/// A file's text as its units arrive, in any order: each is appended in its turn, the ones that
/// come early wait. A unit that failed stops it in its turn, so the error is the first in unit
/// order whichever thread finished first.
struct FileText {
    contents: String,
    joined: Separator,
    /// The unit whose turn it is.
    next: usize,
    /// Units that arrived before their turn.
    early: BTreeMap<usize, syn::Result<Separated>>,
    /// How many units the file has.
    count: usize,
}

impl FileText {
    fn new(header: &str, count: usize) -> FileText {
        FileText { contents: header.to_owned(), joined: Separator::default(), next: 0, early: BTreeMap::new(), count }
    }

    fn arrive(&mut self, unit: usize, text: syn::Result<Separated>) -> syn::Result<()> {
        self.early.insert(unit, text);
        while let Some(text) = self.early.remove(&self.next) {
            let text = text?;
            self.next += 1;
            let needed = text.text.len() + 1;
            if self.contents.capacity() - self.contents.len() < needed {
                // Room for this unit and the rest at the average size so far and a quarter more:
                // the text is seldom moved, and pages reserved but never written cost no memory.
                // An estimate the allocator refuses leaves growth to `push_str`.
                let average = (self.contents.len() + needed) / self.next;
                let estimate = (average + average / 4).saturating_mul(self.count - self.next + 1);
                let _ = self.contents.try_reserve_exact(estimate.max(needed));
            }
            self.joined.append(&mut self.contents, &text);
        }
        Ok(())
    }

    fn finish(self) -> String {
        self.contents
    }
}

/// The contents of a file of `tokens` (inner attributes, then items): `header`, then
/// prettyplease's text with items separated as [`separate_items`] does.
pub(super) fn format_items(header: &str, tokens: TokenStream) -> syn::Result<String> {
    Ok(separate_items(header, &unparse_items(tokens)?))
}

/// prettyplease's text of `tokens`, a whole file (inner attributes, then items), with the
/// stack syn and prettyplease need for its nesting on whichever thread calls it.
pub(super) fn unparse_items(tokens: TokenStream) -> syn::Result<String> {
    stacker::maybe_grow(FORMAT_STACK / 2, FORMAT_STACK, || unparse_unit(Unit::from(tokens)))
}

/// Top-level items in order, some as tokens (parsed when printed), some built as syntax trees
/// (see [`super::tree`]), which skip the parse.
#[derive(Default)]
pub(super) struct Unit(Vec<Piece>);

enum Piece {
    Tokens(TokenStream),
    Items(Vec<syn::Item>),
    /// Tokens meant for a tree that did not parse (a bug in emission), reported in its turn.
    Failed(syn::Error),
}

impl Unit {
    /// Appends items as tokens.
    pub(super) fn tokens(&mut self, tokens: TokenStream) {
        if tokens.is_empty() {
            return;
        }
        match self.0.last_mut() {
            Some(Piece::Tokens(last)) => last.extend(tokens),
            _ => self.0.push(Piece::Tokens(tokens)),
        }
    }

    /// Appends an item built as a tree.
    pub(super) fn item(&mut self, item: syn::Item) {
        match self.0.last_mut() {
            Some(Piece::Items(last)) => last.push(item),
            _ => self.0.push(Piece::Items(vec![item])),
        }
    }

    /// Marks the unit failed: tokens meant for one of its trees did not parse.
    pub(super) fn fail(&mut self, error: syn::Error) {
        self.0.push(Piece::Failed(error));
    }

    /// Appends another unit's items.
    pub(super) fn append(&mut self, other: Unit) {
        for piece in other.0 {
            match piece {
                Piece::Tokens(tokens) => self.tokens(tokens),
                Piece::Items(items) => items.into_iter().for_each(|item| self.item(item)),
                Piece::Failed(error) => self.fail(error),
            }
        }
    }

    /// The unit as tokens, trees included: printing them gives the same text.
    pub(super) fn into_tokens(self) -> TokenStream {
        let mut out = TokenStream::new();
        for piece in self.0 {
            match piece {
                Piece::Tokens(tokens) => out.extend(tokens),
                Piece::Items(items) => items.iter().for_each(|item| quote::ToTokens::to_tokens(item, &mut out)),
                Piece::Failed(error) => out.extend(error.to_compile_error()),
            }
        }
        out
    }
}

impl From<TokenStream> for Unit {
    fn from(tokens: TokenStream) -> Unit {
        let mut unit = Unit::default();
        unit.tokens(tokens);
        unit
    }
}

impl FromIterator<Unit> for Unit {
    fn from_iter<I: IntoIterator<Item = Unit>>(units: I) -> Unit {
        let mut all = Unit::default();
        units.into_iter().for_each(|unit| all.append(unit));
        all
    }
}

/// prettyplease's text of a unit, printed [`ITEMS_PER_RUN`] items at a time (so only a run's
/// syntax tree is alive at once).
fn unparse_unit(unit: Unit) -> syn::Result<String> {
    let mut runs = Runs { out: String::new(), run: syn::File { shebang: None, frontmatter: None, attrs: Vec::new(), items: Vec::new() } };
    for piece in unit.0 {
        match piece {
            Piece::Items(items) => runs.push(Vec::new(), items),
            Piece::Failed(error) => return Err(error),
            Piece::Tokens(tokens) => {
                let mut items = split_items(tokens).into_iter().peekable();
                while items.peek().is_some() {
                    let run: TokenStream = items.by_ref().take(ITEMS_PER_RUN).flatten().collect();
                    let parsed: syn::File = syn::parse2(run)?;
                    runs.push(parsed.attrs, parsed.items);
                }
            }
        }
    }
    Ok(runs.finish())
}

/// Items printed as runs fill up.
struct Runs {
    out: String,
    run: syn::File,
}

impl Runs {
    fn push(&mut self, attrs: Vec<syn::Attribute>, items: Vec<syn::Item>) {
        // Inner attributes come first in a file: items before them are printed first.
        if !attrs.is_empty() && !self.run.items.is_empty() {
            self.print();
        }
        self.run.attrs.extend(attrs);
        self.run.items.extend(items);
        if self.run.items.len() >= ITEMS_PER_RUN {
            self.print();
        }
    }

    fn print(&mut self) {
        self.out.push_str(&prettyplease::unparse(&self.run));
        self.run.attrs.clear();
        self.run.items.clear();
    }

    fn finish(mut self) -> String {
        if !self.run.items.is_empty() || !self.run.attrs.is_empty() || self.out.is_empty() {
            self.print();
        }
        self.out
    }
}

/// Cuts a file's token trees into top-level items: an item ends with a `;` or with a `{ … }` block
/// not followed by `;` (`use a::{b, c};` and `const X: T = T { … };` go on to their `;`).
/// Attributes (`#[…]`, `#![…]`) stay with the item they precede. A cut in the wrong place would
/// only make a run fail to parse, which the caller reports; it cannot change the output.
pub(super) fn split_items(tokens: TokenStream) -> Vec<Vec<TokenTree>> {
    let mut items = Vec::new();
    let mut current: Vec<TokenTree> = Vec::new();
    let mut trees = tokens.into_iter().peekable();
    while let Some(tree) = trees.next() {
        let ends_item = match &tree {
            TokenTree::Punct(punct) => punct.as_char() == ';',
            TokenTree::Group(group) => {
                group.delimiter() == Delimiter::Brace
                    && !matches!(trees.peek(), Some(TokenTree::Punct(next)) if next.as_char() == ';')
            }
            _ => false,
        };
        current.push(tree);
        if ends_item {
            items.push(std::mem::take(&mut current));
        }
    }
    if !current.is_empty() {
        items.push(current);
    }
    items
}

/// `header`, then `printed` (prettyplease's text) with a blank line between items.
/// prettyplease puts items on consecutive lines; a blank line between them (as rustfmt keeps it
/// in hand-written code) makes the output readable. Only whitespace changes: a blank line goes
/// after an item that closes at some indentation, before the next item at the same indentation.
pub(super) fn separate_items(header: &str, printed: &str) -> String {
    let mut out = String::with_capacity(header.len() + separated_len(printed));
    out.push_str(header);
    Separator::default().push(&mut out, printed);
    out
}

/// Room for `printed` with its blank lines (about one line in sixteen gets one).
fn separated_len(printed: &str) -> usize {
    printed.len() + printed.len() / 16
}

/// [`separate_items`] line by line: the indentation at which the last line closed an item.
#[derive(Debug, Clone, Copy, Default)]
struct Separator {
    closed_at: Option<usize>,
}

impl Separator {
    /// Appends `printed`'s lines to `out`, a blank line before each that starts an item where
    /// the line before closed one.
    fn push(&mut self, out: &mut String, printed: &str) {
        for line in printed.lines() {
            if self.blank_before(line) {
                out.push('\n');
            }
            out.push_str(line);
            out.push('\n');
            self.closed_at = closes_item(line);
        }
    }

    /// Appends a unit separated on its own to `out` as [`Separator::push`] would have if it had
    /// gone on through the unit's lines: only its first line could have had another blank line.
    fn append(&mut self, out: &mut String, unit: &Separated) {
        let Some(first) = unit.text.lines().next() else { return };
        if self.blank_before(first) {
            out.push('\n');
        }
        out.push_str(&unit.text);
        *self = unit.end;
    }

    fn blank_before(self, line: &str) -> bool {
        let trimmed = line.trim_start();
        self.closed_at == Some(line.len() - trimmed.len()) && starts_item(trimmed)
    }
}

/// Whether a line (without its indentation) starts an item: its attributes, docs or keywords.
fn starts_item(trimmed: &str) -> bool {
    const ITEM_STARTS: &[&str] = &[
        "#[", "///", "pub ", "impl", "fn ", "const ", "static ", "struct ", "enum ", "type ", "mod ", "use ", "async fn",
    ];
    ITEM_STARTS.iter().any(|start| trimmed.starts_with(start))
}

/// The indentation of `line` when it closes an item.
fn closes_item(line: &str) -> Option<usize> {
    let trimmed = line.trim_start();
    let indent = line.len() - trimmed.len();
    let closes = matches!(trimmed, "}" | "};" | "];")
        || (trimmed.ends_with("{}") && is_one_line_item(trimmed))
        || (indent == 0 && !trimmed.starts_with(['#', '/']) && trimmed.ends_with(';'))
        || (["pub const ", "const ", "pub type ", "type ", "pub use ", "use "].iter().any(|s| trimmed.starts_with(s))
            && trimmed.ends_with(';'))
        || trimmed.starts_with("#![")
        || trimmed.starts_with("//!");
    closes.then_some(indent)
}

/// Whether a line ending in `{}` is a type or impl printed whole (`pub enum NoErrors {}`, `impl
/// Validate for Empty {}`), which closes where it starts; one-line functions stay together, as
/// in an impl of stubs, and an attribute or doc line is no item of its own.
fn is_one_line_item(trimmed: &str) -> bool {
    let keyword = trimmed.split_whitespace().find(|word| !matches!(*word, "pub" | "pub(crate)" | "pub(super)" | "async" | "const" | "unsafe"));
    starts_item(trimmed) && !trimmed.starts_with(['#', '/']) && keyword != Some("fn")
}

/// One unit's text separated on its own, as if it began the file, and the state its last line
/// leaves for the unit after it ([`Separator::append`]).
#[derive(Debug)]
struct Separated {
    text: String,
    end: Separator,
}

impl Separated {
    fn of(printed: &str) -> Separated {
        let mut text = String::with_capacity(separated_len(printed));
        let mut end = Separator::default();
        end.push(&mut text, printed);
        Separated { text, end }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use quote::quote;

    /// Printing item by item gives the same text as printing the whole file.
    #[test]
    fn item_runs_print_as_the_whole_file() {
        let mut tokens = quote! {
            #![doc = " Module docs."]
            use a::{b, c};
            pub const NAMES: &[&str] = &["a", "b"];
            pub const ORIGIN: Point = Point { x: 0, y: 0 };
            /// A point.
            #[derive(Debug)]
            pub struct Point { pub x: i32, pub y: i32 }
            pub struct Unit;
            pub struct Pair(i32, i32);
            pub type Alias = ::std::vec::Vec<Point>;
            impl Point where Point: Sized { pub fn new() -> Self { Point { x: 1, y: 2 } } }
            pub mod client { pub struct Client; impl Client { pub fn get(&self) {} } }
        };
        for i in 0..100 {
            let name = crate::ident::type_name(&format!("S{i}"), "S");
            tokens.extend(quote! { pub enum #name { A, B(::std::string::String) } });
        }
        let whole = prettyplease::unparse(&syn::parse2(tokens.clone()).unwrap());
        assert_eq!(split_items(tokens.clone()).len(), 109);
        assert_eq!(unparse_items(tokens).unwrap(), whole);
    }

    /// Units formatted and separated on several threads join in unit order, as the whole file
    /// would print; items built as trees print as their tokens would.
    #[test]
    fn units_print_as_the_whole_file() {
        let unit = |index: usize| {
            let name = crate::ident::type_name(&format!("S{index}"), "S");
            // Every third unit ends in a line that closes nothing (`impl S0 {}`), so no blank
            // line may follow it; some units are empty, and the unit after one joins as if it
            // followed the unit before.
            let last = if index % 3 == 0 { quote! { impl #name {} } } else { quote! { impl #name { pub fn new() -> Self { #name { x: 1 } } } } };
            if index % 7 == 5 {
                return Unit::default();
            }
            let mut unit = Unit::from(quote! {
                /// A struct.
                pub struct #name { pub x: i32 }
            });
            match syn::parse2(last.clone()) {
                Ok(item) if index % 2 == 0 => unit.item(item),
                _ => unit.tokens(last),
            }
            unit
        };
        let whole: Unit = (0..200).map(unit).collect();
        let whole = prettyplease::unparse(&syn::parse2(whole.into_tokens()).unwrap());
        assert_eq!(format_units("// header\n", 200, &unit).unwrap(), separate_items("// header\n", &whole));
        assert_eq!(format_units("// header\n", 0, &unit).unwrap(), "// header\n");
    }

    /// Of several units that do not parse, the error is the first one's in unit order, however
    /// the threads finish.
    #[test]
    fn the_first_failing_unit_is_reported() {
        let first = || quote! { pub struct 1; };
        let later = || quote! { pub const X: u8 = ; };
        let unit = |index: usize| {
            Unit::from(match index {
                5 => first(),
                6 | 150 => later(),
                _ => quote! { pub struct S; },
            })
        };
        let expected = syn::parse2::<syn::File>(first()).err().map(|error| error.to_string());
        assert!(expected.is_some());
        assert_ne!(syn::parse2::<syn::File>(later()).err().map(|error| error.to_string()), expected);
        for _ in 0..5 {
            assert_eq!(format_units("", 200, &unit).err().map(|error| error.to_string()), expected);
        }
    }

    /// A panic while emitting a unit reaches the caller with its own message, not the thread
    /// scope's.
    #[test]
    fn a_panicking_unit_keeps_its_message() {
        let unit = |index: usize| {
            assert!(index != 7, "unit seven");
            Unit::from(quote! { pub struct S; })
        };
        let panic = std::panic::catch_unwind(|| format_units("", 20, &unit)).err().unwrap_or_else(|| Box::new(()));
        let message = panic.downcast_ref::<String>().map(String::as_str).or(panic.downcast_ref::<&str>().copied());
        assert_eq!(message, Some("unit seven"));
    }

    /// A blank line goes between items, and nowhere else.
    #[test]
    fn items_are_separated_by_one_blank_line() {
        let cases = [
            ("pub struct A {\n}\npub struct B;\n", "pub struct A {\n}\n\npub struct B;\n"),
            ("use a;\nuse b;\n", "use a;\n\nuse b;\n"),
            ("//! Docs.\nuse a;\n", "//! Docs.\n\nuse a;\n"),
            ("impl A {\n    fn a() {}\n    fn b() {}\n}\n", "impl A {\n    fn a() {}\n    fn b() {}\n}\n"),
            ("pub enum A {}\nimpl B for A {}\n#[cfg(x)]\nimpl C for A {\n}\n", "pub enum A {}\n\nimpl B for A {}\n\n#[cfg(x)]\nimpl C for A {\n}\n"),
            ("impl A {\n    fn a() {\n    }\n    fn b() {}\n}\n", "impl A {\n    fn a() {\n    }\n\n    fn b() {}\n}\n"),
            ("pub type A = B;\n/// Doc.\npub struct C;\n", "pub type A = B;\n\n/// Doc.\npub struct C;\n"),
            ("let x = [\n    1,\n];\n", "let x = [\n    1,\n];\n"),
        ];
        for (printed, separated) in cases {
            assert_eq!(separate_items("", printed), separated, "{printed:?}");
        }
    }

    #[test]
    fn an_empty_file_prints_as_nothing() {
        assert_eq!(unparse_items(TokenStream::new()).unwrap(), "");
    }
}
