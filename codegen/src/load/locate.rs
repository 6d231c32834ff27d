//! Line and column of a JSON pointer in YAML or JSON source text. Runs only when a diagnostic is
//! made: the first one indexes every node of the document in one pass (YAML with yaml-rust2, JSON
//! by its own grammar, where the nodes are the ones yaml-rust2 finds reading JSON as YAML 1.2).

use yaml_rust2::parser::{Event, Parser};
use yaml_rust2::scanner::Marker;

use crate::diagnostic::LineCol;

/// Where the node at `pointer` (`/a/b/0`, or empty for the root) starts; for a mapping entry, where
/// its key starts. `None` when the text does not parse or has no such node. The reference
/// [`Index`] is tested against.
#[cfg(test)]
pub fn locate(text: &str, pointer: &str) -> Option<LineCol> {
    if pointer.is_empty() {
        return Some(LineCol { line: 1, column: 1 });
    }
    let target: Vec<String> = crate::diagnostic::pointer_tokens(pointer).collect();
    let mut parser = Parser::new_from_str(text);
    let mut frames: Vec<Frame> = Vec::new();
    let mut path: Vec<String> = Vec::new();
    loop {
        let (event, mark) = parser.next_token().ok()?;
        let at = position(mark);
        if starts_node(&event) {
            match frames.last_mut() {
                Some(Frame::Map { keyed: keyed @ false }) => {
                    // This node is a key: its entry's token stays on the path while its value is read.
                    let Event::Scalar(text, ..) = event else { return None };
                    *keyed = true;
                    path.push(text);
                    if path == target {
                        return Some(at);
                    }
                    continue;
                }
                Some(Frame::Map { keyed: true }) | None => {}
                Some(Frame::Seq { next }) => {
                    path.push(next.to_string());
                    *next += 1;
                }
            }
            if path == target {
                return Some(match event {
                    Event::MappingStart(..) => block_mapping_start(&mut parser, at),
                    _ => at,
                });
            }
        }
        match event {
            Event::MappingStart(..) => frames.push(Frame::Map { keyed: false }),
            Event::SequenceStart(..) => frames.push(Frame::Seq { next: 0 }),
            Event::MappingEnd | Event::SequenceEnd => {
                frames.pop();
                finish_child(frames.last_mut(), &mut path);
            }
            Event::Scalar(..) | Event::Alias(_) => {
                finish_child(frames.last_mut(), &mut path);
            }
            Event::StreamEnd => return None,
            _ => {}
        }
    }
}

/// The pointer and position of the first key that repeats an earlier key of the same mapping.
pub fn duplicate_key(text: &str) -> Option<(String, LineCol)> {
    let mut parser = Parser::new_from_str(text);
    // Per open container, and for a mapping the keys seen.
    let mut frames: Vec<(Frame, Vec<String>)> = Vec::new();
    let mut path: Vec<String> = Vec::new();
    loop {
        let (event, mark) = parser.next_token().ok()?;
        if starts_node(&event) {
            match frames.last_mut() {
                Some((Frame::Map { keyed: keyed @ false }, seen)) => {
                    let Event::Scalar(text, ..) = &event else { return None };
                    path.push(text.clone());
                    if seen.contains(text) {
                        let pointer = path.iter().fold(String::new(), |at, token| crate::diagnostic::push_pointer(&at, token));
                        return Some((pointer, position(mark)));
                    }
                    seen.push(text.clone());
                    *keyed = true;
                    continue;
                }
                Some((Frame::Map { keyed: true }, _)) | None => {}
                Some((Frame::Seq { next }, _)) => {
                    path.push(next.to_string());
                    *next += 1;
                }
            }
        }
        match event {
            Event::MappingStart(..) => frames.push((Frame::Map { keyed: false }, Vec::new())),
            Event::SequenceStart(..) => frames.push((Frame::Seq { next: 0 }, Vec::new())),
            Event::MappingEnd | Event::SequenceEnd => {
                frames.pop();
                finish_child(frames.last_mut().map(|(frame, _)| frame), &mut path);
            }
            Event::Scalar(..) | Event::Alias(_) => {
                finish_child(frames.last_mut().map(|(frame, _)| frame), &mut path);
            }
            Event::StreamEnd => return None,
            _ => {}
        }
    }
}

/// Every node's position, from one pass over the text: what [`locate`] finds for each pointer, so
/// a document with many diagnostics is parsed once, not once per diagnostic. The nodes are kept
/// as a tree in document order, each mapping entry with its key as yaml-rust2 read it: a lookup
/// follows the pointer's tokens down, and no pointer is made or hashed for the nodes no
/// diagnostic names (a quarter of a million in a 6 MB document).
#[derive(Debug)]
pub struct Index {
    /// The root first, then each node before its children; a mapping entry is one node (at its
    /// key), a sequence item another.
    nodes: Vec<Node>,
}

#[derive(Debug, PartialEq)]
struct Node {
    /// A mapping entry's key; `None` for a sequence item and the root.
    key: Option<String>,
    at: LineCol,
    /// The index after its last descendant: its children are the nodes from the next one to
    /// here, each after the previous one's `end`.
    end: usize,
}

impl Node {
    fn root() -> Node {
        Node { key: None, at: LineCol { line: 1, column: 1 }, end: usize::MAX }
    }
}

impl Index {
    /// The index of a document's text: JSON read by its own grammar ([`json_nodes`], several
    /// times as fast as a YAML parser), YAML with yaml-rust2.
    pub fn new(text: &str, json: bool) -> Index {
        match json.then(|| json_nodes(text)).flatten() {
            Some(nodes) => Index { nodes },
            None => Index::of_yaml(text),
        }
    }

    fn of_yaml(text: &str) -> Index {
        let mut nodes = vec![Node::root()];
        let mut parser = Parser::new_from_str(text);
        let mut frames: Vec<Frame> = Vec::new();
        // The nodes whose children are still being read, the root first.
        let mut open: Vec<usize> = vec![0];
        // A mapping that is a sequence item starts at its first key when that comes earlier
        // than yaml-rust2's mark (see `block_mapping_start`): (depth of the mapping, its node).
        let mut block_start: Option<(usize, usize)> = None;
        while let Ok((event, mark)) = parser.next_token() {
            let at = position(mark);
            if starts_node(&event) {
                match frames.last_mut() {
                    Some(Frame::Map { keyed: keyed @ false }) => {
                        let Event::Scalar(key, ..) = event else { break };
                        *keyed = true;
                        if let Some((depth, item)) = block_start.take() {
                            if depth == frames.len() {
                                let start = &mut nodes[item].at;
                                if (at.line, at.column) < (start.line, start.column) {
                                    *start = at;
                                }
                            }
                        }
                        open_node(&mut nodes, &mut open, Some(key), at);
                        continue;
                    }
                    Some(Frame::Map { keyed: true }) | None => {}
                    Some(Frame::Seq { next }) => {
                        *next += 1;
                        if matches!(event, Event::MappingStart(..)) {
                            block_start = Some((frames.len() + 1, nodes.len()));
                        }
                        open_node(&mut nodes, &mut open, None, at);
                    }
                }
            }
            let ended = match event {
                Event::MappingStart(..) => {
                    frames.push(Frame::Map { keyed: false });
                    None
                }
                Event::SequenceStart(..) => {
                    frames.push(Frame::Seq { next: 0 });
                    None
                }
                Event::MappingEnd | Event::SequenceEnd => {
                    frames.pop();
                    finish_child(frames.last_mut(), &mut open)
                }
                Event::Scalar(..) | Event::Alias(_) => finish_child(frames.last_mut(), &mut open),
                Event::StreamEnd => break,
                _ => None,
            };
            if let Some(node) = ended {
                nodes[node].end = nodes.len();
            }
        }
        // What a text that stops early left open ends with it.
        for node in open {
            nodes[node].end = nodes.len();
        }
        Index { nodes }
    }

    /// Where the node at `pointer` starts, as [`locate`] tells.
    pub fn get(&self, pointer: &str) -> Option<LineCol> {
        let mut node = 0;
        for token in crate::diagnostic::pointer_tokens(pointer) {
            // A sequence item's index as a pointer writes it (`1`, not `01`).
            let item = token.parse::<usize>().ok().filter(|index| index.to_string() == token);
            let mut child = node + 1;
            let mut index = 0;
            node = loop {
                if child >= self.nodes[node].end {
                    return None;
                }
                let found = match &self.nodes[child].key {
                    Some(key) => *key == token,
                    None => item == Some(index),
                };
                if found {
                    break child;
                }
                child = self.nodes[child].end;
                index += 1;
            };
        }
        Some(self.nodes[node].at)
    }
}

/// The nodes of JSON text as [`Index::of_yaml`] finds them (JSON is YAML), read by JSON's
/// grammar: a scan of the bytes that decodes only the keys with escapes (with serde_json).
/// `None` where the text is no JSON, which parsing has already refused.
fn json_nodes(text: &str) -> Option<Vec<Node>> {
    /// What comes next: a value, a mapping's key, a sequence's item, or what follows a value
    /// that has ended.
    enum Next {
        Value,
        Key,
        Item,
        Ended,
    }
    let mut cursor = Cursor { bytes: text.as_bytes(), at: 0, line: 1, counted: 0, column: 1 };
    let mut nodes = vec![Node::root()];
    // Per open container, whether it is a mapping; and the nodes whose children are being read.
    let mut mappings: Vec<bool> = Vec::new();
    let mut open: Vec<usize> = vec![0];
    let mut next = Next::Value;
    loop {
        cursor.skip_whitespace();
        let byte = cursor.bytes.get(cursor.at).copied();
        next = match next {
            Next::Value => match byte? {
                open_byte @ (b'{' | b'[') => {
                    let mapping = open_byte == b'{';
                    mappings.push(mapping);
                    cursor.at += 1;
                    cursor.skip_whitespace();
                    match cursor.bytes.get(cursor.at).copied()? {
                        b'}' | b']' => {
                            cursor.at += 1;
                            mappings.pop();
                            Next::Ended
                        }
                        _ if mapping => Next::Key,
                        _ => Next::Item,
                    }
                }
                b'"' => {
                    cursor.at = string_end(cursor.bytes, cursor.at)?;
                    Next::Ended
                }
                _ => {
                    let start = cursor.at;
                    cursor.at += cursor.bytes[start..].iter().position(|byte| matches!(byte, b',' | b'}' | b']' | b' ' | b'\t' | b'\n' | b'\r')).unwrap_or(cursor.bytes.len() - start);
                    Next::Ended
                }
            },
            Next::Key => {
                (byte? == b'"').then_some(())?;
                let at = cursor.position();
                let end = string_end(cursor.bytes, cursor.at)?;
                let written = &text[cursor.at..end];
                let key = if written.contains('\\') { serde_json::from_str(written).ok()? } else { written[1..written.len() - 1].to_owned() };
                open_node(&mut nodes, &mut open, Some(key), at);
                cursor.at = end;
                cursor.skip_whitespace();
                (cursor.bytes.get(cursor.at) == Some(&b':')).then_some(())?;
                cursor.at += 1;
                Next::Value
            }
            Next::Item => {
                open_node(&mut nodes, &mut open, None, cursor.position());
                Next::Value
            }
            Next::Ended => {
                let Some(&mapping) = mappings.last() else { break };
                // The entry or item whose value ended.
                let ended = open.pop()?;
                nodes[ended].end = nodes.len();
                cursor.at += 1;
                match byte? {
                    b',' if mapping => Next::Key,
                    b',' => Next::Item,
                    b'}' | b']' => {
                        mappings.pop();
                        Next::Ended
                    }
                    _ => return None,
                }
            }
        };
    }
    nodes[0].end = nodes.len();
    Some(nodes)
}

/// Adds a node whose children (if any) come next.
fn open_node(nodes: &mut Vec<Node>, open: &mut Vec<usize>, key: Option<String>, at: LineCol) {
    open.push(nodes.len());
    nodes.push(Node { key, at, end: usize::MAX });
}

/// A place in JSON text, with its line and column (in characters, as yaml-rust2 counts them)
/// kept up as it moves on.
struct Cursor<'a> {
    bytes: &'a [u8],
    at: usize,
    line: usize,
    /// The byte up to which `column` is counted, on the current line.
    counted: usize,
    column: usize,
}

impl Cursor<'_> {
    fn skip_whitespace(&mut self) {
        while let Some(&byte) = self.bytes.get(self.at) {
            match byte {
                b' ' | b'\t' => {}
                // A line break: `\n`, `\r\n` or a lone `\r`.
                b'\n' | b'\r' => {
                    if byte == b'\r' && self.bytes.get(self.at + 1) == Some(&b'\n') {
                        self.at += 1;
                    }
                    self.line += 1;
                    self.counted = self.at + 1;
                    self.column = 1;
                }
                _ => return,
            }
            self.at += 1;
        }
    }

    fn position(&mut self) -> LineCol {
        // A character starts at each byte that does not continue one.
        self.column += self.bytes[self.counted..self.at].iter().filter(|byte| (**byte & 0xC0) != 0x80).count();
        self.counted = self.at;
        LineCol { line: self.line, column: self.column }
    }
}

/// The byte after the string that starts (with its `"`) at `start`.
fn string_end(bytes: &[u8], start: usize) -> Option<usize> {
    let mut at = start + 1;
    loop {
        match bytes.get(at)? {
            b'"' => return Some(at + 1),
            b'\\' => at += 2,
            _ => at += 1,
        }
    }
}

/// yaml-rust2 marks a block mapping where its first `:` is; it starts at its first key.
#[cfg(test)]
fn block_mapping_start(parser: &mut Parser<std::str::Chars<'_>>, mark_at: LineCol) -> LineCol {
    match parser.next_token() {
        Ok((Event::Scalar(..), key)) => {
            let key_at = position(key);
            if (key_at.line, key_at.column) < (mark_at.line, mark_at.column) {
                key_at
            } else {
                mark_at
            }
        }
        _ => mark_at,
    }
}

/// An open container of YAML events.
enum Frame {
    /// `keyed` while the value of a key is read (the entry is on the walk's stack).
    Map { keyed: bool },
    /// `next`: the index its next item takes.
    Seq { next: usize },
}

/// Whether `event` starts a node (a key among them).
fn starts_node(event: &Event) -> bool {
    matches!(event, Event::Scalar(..) | Event::MappingStart(..) | Event::SequenceStart(..) | Event::Alias(_))
}

/// Line and column of a yaml-rust2 mark, which counts columns from 0.
fn position(mark: Marker) -> LineCol {
    LineCol { line: mark.line(), column: mark.col() + 1 }
}

/// A child node of the innermost container has ended: what the walk keeps for it (a token, a
/// node) comes off `stack`. Nothing does for the root.
fn finish_child<T>(innermost: Option<&mut Frame>, stack: &mut Vec<T>) -> Option<T> {
    match innermost? {
        Frame::Map { keyed } => *keyed = false,
        Frame::Seq { .. } => {}
    }
    stack.pop()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn yaml_keys_and_items() {
        let text = "a:\n  b: [1, 2]\n  c:\n    - x: 1\n      y: 2\n";
        assert_eq!(locate(text, ""), Some(LineCol { line: 1, column: 1 }));
        assert_eq!(locate(text, "/a/b"), Some(LineCol { line: 2, column: 3 }));
        assert_eq!(locate(text, "/a/b/1"), Some(LineCol { line: 2, column: 10 }));
        assert_eq!(locate(text, "/a/c/0/y"), Some(LineCol { line: 5, column: 7 }));
        assert_eq!(locate(text, "/a/nope"), None);
        assert_eq!(locate(text, "/a/c/0"), Some(LineCol { line: 4, column: 7 }));
        assert_eq!(locate("a: [{x: 1}]\n", "/a/0"), Some(LineCol { line: 1, column: 5 }));
    }

    #[test]
    fn the_index_agrees_with_locate() {
        let texts = [
            "a:\n  b: [1, 2]\n  c:\n    - x: 1\n      y: 2\n    - [3, {z: 4}]\n",
            "a: [{x: 1}]\n",
            "{\n  \"paths\": {\n    \"/a/{id}\": {\"get\": {}}\n  }\n}",
            "a:\n  c:\n    - {}\n    - x: 1\n    -\n      y: [2, {z: 3}]\n  b: 1\n  b: 2\n",
            "a: [1, [2,",
        ];
        let pointers = [
            "", "/a", "/a/b", "/a/b/1", "/a/b/01", "/a/b/2", "/a/c", "/a/c/0", "/a/c/1", "/a/c/2", "/a/c/0/y", "/a/c/2/y/1/z",
            "/a/c/1/1/z", "/a/0", "/a/0/x", "/a/1/0", "/a/1/1", "/a/nope", "/paths/~1a~1{id}/get", "#/a/c/1/x",
        ];
        for text in texts {
            let index = Index::new(text, false);
            for pointer in pointers {
                assert_eq!(index.get(pointer), locate(text, pointer), "{pointer} in {text:?}");
            }
        }
    }

    #[test]
    fn json_is_indexed_as_yaml_reads_it() {
        let texts = [
            "{\n  \"paths\": {\n    \"/a/{id}\": {\"get\": {}}\n  }\n}",
            "{\"a\": [1, [2, {\"x\": \"é\\\"\", \"y\": [], \"z\": {}}], {\"b\\u00e9~/\": null}],\r\n\t\"c\": -1.5e3,\r\"d\": true}",
            "[\n  {\"k\": \"ü\"}, \"ü\", [ ], 7\n]\n",
            "{}",
        ];
        for text in texts {
            let json = json_nodes(text).expect(text);
            assert_eq!(json, Index::of_yaml(text).nodes, "{text:?}");
        }
        assert_eq!(json_nodes("{\"a\": [1, 2"), None);
        assert_eq!(json_nodes("{\"a\" 1}"), None);
        let index = Index::new(texts[1], true);
        assert_eq!(index.get("/a/2/bé~0~1"), Some(LineCol { line: 1, column: 49 }));
    }

    /// Every JSON file listed (one path a line) in the file `JSON_INDEX_FILES` names.
    #[test]
    #[ignore = "a check over many documents: `JSON_INDEX_FILES=list cargo test -p codegen --release -- --ignored json_files`"]
    fn json_files_are_indexed_as_yaml_reads_them() {
        let list = std::fs::read_to_string(std::env::var("JSON_INDEX_FILES").unwrap()).unwrap();
        for path in list.lines() {
            let text = std::fs::read_to_string(path).unwrap();
            let text = text.strip_prefix('\u{feff}').unwrap_or(&text);
            let json = json_nodes(text).unwrap_or_else(|| panic!("{path}: no JSON"));
            let yaml = Index::of_yaml(text).nodes;
            if let Some(first) = json.iter().zip(&yaml).position(|(a, b)| a != b) {
                panic!("{path}: node {first} is {:?} / {:?}", json[first], yaml[first]);
            }
            assert_eq!(json.len(), yaml.len(), "{path}");
        }
    }

    #[test]
    fn json_and_escaped_tokens() {
        let text = "{\n  \"paths\": {\n    \"/a/{id}\": {\"get\": {}}\n  }\n}";
        assert_eq!(locate(text, "/paths/~1a~1{id}/get"), Some(LineCol { line: 3, column: 17 }));
    }

    #[test]
    fn duplicate_keys() {
        let text = "a:\n  b: [{x: 1}, {x: 2, y: 3}]\n  c: {d: 1}\n  c: 2\n";
        assert_eq!(duplicate_key(text), Some(("/a/c".to_owned(), LineCol { line: 4, column: 3 })));
        assert_eq!(duplicate_key("{\"a\": {\"b\": 1, \"b\": 2}}"), Some(("/a/b".to_owned(), LineCol { line: 1, column: 16 })));
        assert_eq!(duplicate_key("a: 1\nb: {a: 1}\n"), None);
    }
}
