//! Located errors and warnings. Every problem the generator finds in a spec becomes a
//! [`Diagnostic`] naming the file, the JSON pointer and, where the source text allows, line and
//! column; several are collected before giving up, as a compiler does. A warning does not stop
//! generation: it says what the generator did with something it could read only one way.

use std::fmt;
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// A 1-based position in a source file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LineCol {
    pub line: usize,
    pub column: usize,
}

/// Whether a diagnostic stops generation.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum Severity {
    #[default]
    Error,
    Warning,
}

/// One problem in one place.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    pub severity: Severity,
    /// The spec file, as the caller named it (shared: many diagnostics name one file).
    pub file: Arc<Path>,
    /// JSON pointer into that file (`#/components/schemas/Foo`); `#` for the whole document.
    pub pointer: Box<str>,
    pub location: Option<LineCol>,
    /// What is wrong.
    pub message: String,
    /// What would fix it (boxed: a `Diagnostic` travels in `Err`, which should stay small).
    pub help: Option<Box<str>>,
    /// What the default (lenient) mode did about it (`read as …`, `ignored`). Shown with a
    /// warning; an error (strict mode) repaired nothing, so it shows only the fix.
    pub repair: Option<Box<str>>,
}

impl Diagnostic {
    pub fn new(file: impl Into<PathBuf>, pointer: impl Into<String>, message: impl Into<String>) -> Self {
        Diagnostic {
            severity: Severity::Error,
            file: Arc::from(file.into()),
            pointer: pointer.into().into_boxed_str(),
            location: None,
            message: message.into(),
            help: None,
            repair: None,
        }
    }

    pub fn with_help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into().into_boxed_str());
        self
    }

    /// What the default mode does about it; see [`Diagnostic::repair`].
    pub fn with_repair(mut self, repair: impl Into<String>) -> Self {
        self.repair = Some(repair.into().into_boxed_str());
        self
    }

    /// The help line as shown: the repair first when this is a warning.
    pub fn help_text(&self) -> Option<String> {
        let repair = self.repair.as_deref().filter(|_| self.severity == Severity::Warning);
        match (repair, self.help.as_deref()) {
            (Some(repair), Some(help)) => Some(format!("{repair}; {help}")),
            (Some(only), None) | (None, Some(only)) => Some(only.to_owned()),
            (None, None) => None,
        }
    }

    pub fn at(mut self, location: Option<LineCol>) -> Self {
        self.location = location;
        self
    }

    /// The same diagnostic as a warning.
    pub fn as_warning(mut self) -> Self {
        self.severity = Severity::Warning;
        self
    }

    /// The same diagnostic as an error (strict mode).
    pub fn as_error(mut self) -> Self {
        self.severity = Severity::Error;
        self
    }
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let severity = match self.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        };
        writeln!(f, "{severity}: {}", self.message)?;
        write!(f, "  --> {}", self.file.display())?;
        if let Some(LineCol { line, column }) = self.location {
            write!(f, ":{line}:{column}")?;
        }
        write!(f, " at {}", self.pointer)?;
        if let Some(help) = self.help_text() {
            write!(f, "\n  = help: {help}")?;
        }
        Ok(())
    }
}

/// Everything that stopped generation. Never empty.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub struct Diagnostics(pub Vec<Diagnostic>);

impl Diagnostics {
    pub fn iter(&self) -> impl Iterator<Item = &Diagnostic> {
        self.0.iter()
    }
}

impl From<Diagnostic> for Diagnostics {
    fn from(diagnostic: Diagnostic) -> Self {
        Diagnostics(vec![diagnostic])
    }
}

impl fmt::Display for Diagnostics {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, diagnostic) in self.0.iter().enumerate() {
            if i > 0 {
                writeln!(f)?;
            }
            write!(f, "{diagnostic}")?;
        }
        if self.0.len() > 1 {
            write!(f, "\n{} errors", self.0.len())?;
        }
        Ok(())
    }
}

/// A JSON pointer into one document (RFC 6901), held without the leading `#` of its URI-fragment
/// spelling (`/components/schemas/Pet`; empty for the whole document), which `Display` adds. The
/// one type for where things are: `lower::At`, `load::Target`, `ir::TypeDef::origin`.
#[derive(Debug, Clone, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Pointer(String);

impl Pointer {
    /// One level down: `token` escaped and appended.
    pub fn push(&self, token: &str) -> Pointer {
        Pointer(push_pointer(&self.0, token))
    }

    /// The reference tokens, unescaped.
    pub fn tokens(&self) -> impl Iterator<Item = String> + '_ {
        pointer_tokens(&self.0)
    }
}

impl From<String> for Pointer {
    /// A pointer as written, with or without its leading `#`.
    fn from(text: String) -> Self {
        match text.strip_prefix('#') {
            Some(rest) => Pointer(rest.to_owned()),
            None => Pointer(text),
        }
    }
}

impl From<&str> for Pointer {
    fn from(text: &str) -> Self {
        Pointer::from(text.to_owned())
    }
}

impl std::ops::Deref for Pointer {
    type Target = str;

    /// The pointer without `#`.
    fn deref(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for Pointer {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "#{}", self.0)
    }
}

/// Appends one reference token to a JSON pointer, escaping `~` and `/` (RFC 6901).
pub fn push_pointer(pointer: &str, token: &str) -> String {
    // Sized for the usual token, which needs no escape.
    let mut out = String::with_capacity(pointer.len() + 1 + token.len());
    out.push_str(pointer);
    push_token(&mut out, token);
    out
}

/// `/` and `token`, escaped, at the end of `pointer`.
fn push_token(pointer: &mut String, token: &str) {
    pointer.push('/');
    if !token.contains(['~', '/']) {
        pointer.push_str(token);
        return;
    }
    for c in token.chars() {
        match c {
            '~' => pointer.push_str("~0"),
            '/' => pointer.push_str("~1"),
            c => pointer.push(c),
        }
    }
}

/// Where a walk of a document is: the way down from where it started, kept on the walk's stack
/// and made a JSON pointer only where there is something to report. (Loading walks the whole
/// document several times; a pointer string for every node was most of what the walks
/// allocated.)
#[derive(Debug, Clone, Copy)]
pub enum Trail<'a> {
    /// Where the walk started: a pointer without `#` (empty for the whole document).
    Start(&'a str),
    Key(&'a Trail<'a>, &'a str),
    Index(&'a Trail<'a>, usize),
}

impl<'a> Trail<'a> {
    /// The member `key` of the object here.
    pub fn key(&'a self, key: &'a str) -> Trail<'a> {
        Trail::Key(self, key)
    }

    /// The item `index` of the list here.
    pub fn index(&'a self, index: usize) -> Trail<'a> {
        Trail::Index(self, index)
    }

    /// The JSON pointer (without `#`).
    pub fn pointer(&self) -> String {
        let mut out = String::new();
        self.write(&mut out);
        out
    }

    fn write(&self, out: &mut String) {
        match *self {
            Trail::Start(at) => out.push_str(at),
            Trail::Key(parent, key) => {
                parent.write(out);
                push_token(out, key);
            }
            Trail::Index(parent, index) => {
                parent.write(out);
                push_token(out, &index.to_string());
            }
        }
    }
}

/// The reference tokens of a JSON pointer (with or without a leading `#`), unescaped: the one
/// decoder of what [`push_pointer`] encodes.
pub fn pointer_tokens(pointer: &str) -> impl Iterator<Item = String> + '_ {
    let pointer = pointer.strip_prefix('#').unwrap_or(pointer);
    pointer.split('/').skip(1).map(|token| token.replace("~1", "/").replace("~0", "~"))
}

/// The last reference token of a JSON pointer, unescaped (`#/components/schemas/a~1b` → `a/b`).
pub fn last_pointer_token(pointer: &str) -> Option<String> {
    pointer_tokens(pointer).last()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pointers_encode_and_decode_alike() {
        let pointer = push_pointer(&push_pointer("", "paths"), "/pets/{id}~x");
        assert_eq!(pointer, "/paths/~1pets~1{id}~0x");
        assert_eq!(pointer_tokens(&pointer).collect::<Vec<_>>(), ["paths", "/pets/{id}~x"]);
        assert_eq!(pointer_tokens(&format!("#{pointer}")).collect::<Vec<_>>(), ["paths", "/pets/{id}~x"]);
        assert_eq!(last_pointer_token("#/components/schemas/a~1b").as_deref(), Some("a/b"));
        assert_eq!(last_pointer_token("#"), None);
        let pointer = Pointer::from("#/paths").push("/pets");
        assert_eq!(&*pointer, "/paths/~1pets");
        assert_eq!(pointer.to_string(), "#/paths/~1pets");
        assert_eq!(pointer, Pointer::from("/paths/~1pets"));
        assert_eq!(pointer.tokens().collect::<Vec<_>>(), ["paths", "/pets"]);
        let start = Trail::Start("/components");
        let (schemas, at) = (start.key("schemas"), start.key("a/b"));
        assert_eq!(schemas.key("Pet").index(2).pointer(), "/components/schemas/Pet/2");
        assert_eq!(at.key("~").pointer(), push_pointer(&push_pointer("/components", "a/b"), "~"));
        assert_eq!(Trail::Start("").pointer(), "");
    }
}
