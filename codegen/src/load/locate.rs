//! Line and column of a JSON pointer in YAML or JSON source text (JSON is read as YAML 1.2).
//! Runs only when a diagnostic is made: the first one indexes every node of the document in one pass.

use yaml_rust2::parser::{Event, Parser};

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
        // yaml-rust2 counts columns from 0.
        let at = LineCol { line: mark.line(), column: mark.col() + 1 };
        let starts_node = matches!(
            event,
            Event::Scalar(..) | Event::MappingStart(..) | Event::SequenceStart(..) | Event::Alias(_)
        );
        if starts_node {
            match frames.last_mut() {
                Some(Frame::Map { key: key @ None }) => {
                    // This node is a key.
                    let Event::Scalar(text, ..) = &event else { return None };
                    *key = Some(text.clone());
                    path.push(text.clone());
                    if path == target {
                        return Some(at);
                    }
                    path.pop();
                    continue;
                }
                Some(Frame::Map { key: Some(key) }) => path.push(key.clone()),
                Some(Frame::Seq { next }) => {
                    path.push(next.to_string());
                    *next += 1;
                }
                None => {}
            }
            if path == target {
                return Some(match event {
                    Event::MappingStart(..) => block_mapping_start(&mut parser, at),
                    _ => at,
                });
            }
        }
        match event {
            Event::MappingStart(..) => frames.push(Frame::Map { key: None }),
            Event::SequenceStart(..) => frames.push(Frame::Seq { next: 0 }),
            Event::MappingEnd | Event::SequenceEnd => {
                frames.pop();
                finish_child(frames.last_mut(), &mut path);
            }
            Event::Scalar(..) | Event::Alias(_) => finish_child(frames.last_mut(), &mut path),
            Event::StreamEnd => return None,
            _ => {}
        }
    }
}

/// The pointer and position of the first key that repeats an earlier key of the same mapping.
pub fn duplicate_key(text: &str) -> Option<(String, LineCol)> {
    let mut parser = Parser::new_from_str(text);
    // Per open container: for a mapping, the keys seen and the key whose value is being read.
    let mut frames: Vec<(Frame, Vec<String>)> = Vec::new();
    let mut path: Vec<String> = Vec::new();
    loop {
        let (event, mark) = parser.next_token().ok()?;
        let starts_node = matches!(event, Event::Scalar(..) | Event::MappingStart(..) | Event::SequenceStart(..) | Event::Alias(_));
        if starts_node {
            match frames.last_mut() {
                Some((Frame::Map { key: key @ None }, seen)) => {
                    let Event::Scalar(text, ..) = &event else { return None };
                    if seen.contains(text) {
                        path.push(text.clone());
                        let pointer = path.iter().fold(String::new(), |at, token| crate::diagnostic::push_pointer(&at, token));
                        return Some((pointer, LineCol { line: mark.line(), column: mark.col() + 1 }));
                    }
                    seen.push(text.clone());
                    *key = Some(text.clone());
                    continue;
                }
                Some((Frame::Map { key: Some(key) }, _)) => path.push(key.clone()),
                Some((Frame::Seq { next }, _)) => {
                    path.push(next.to_string());
                    *next += 1;
                }
                None => {}
            }
        }
        match event {
            Event::MappingStart(..) => frames.push((Frame::Map { key: None }, Vec::new())),
            Event::SequenceStart(..) => frames.push((Frame::Seq { next: 0 }, Vec::new())),
            Event::MappingEnd | Event::SequenceEnd => {
                frames.pop();
                finish_child(frames.last_mut().map(|(frame, _)| frame), &mut path);
            }
            Event::Scalar(..) | Event::Alias(_) => finish_child(frames.last_mut().map(|(frame, _)| frame), &mut path),
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

#[derive(Debug)]
struct Node {
    /// A mapping entry's key; `None` for a sequence item and the root.
    key: Option<String>,
    at: LineCol,
    /// The index after its last descendant: its children are the nodes from the next one to
    /// here, each after the previous one's `end`.
    end: usize,
}

impl Index {
    pub fn new(text: &str) -> Index {
        let mut nodes = vec![Node { key: None, at: LineCol { line: 1, column: 1 }, end: usize::MAX }];
        let mut parser = Parser::new_from_str(text);
        // Per open container, for a mapping whether its key has been read (its entry is open).
        let mut frames: Vec<Container> = Vec::new();
        // The nodes whose children are still being read, the root first.
        let mut open: Vec<usize> = vec![0];
        // A mapping that is a sequence item starts at its first key when that comes earlier
        // than yaml-rust2's mark (see `block_mapping_start`): (depth of the mapping, its node).
        let mut block_start: Option<(usize, usize)> = None;
        while let Ok((event, mark)) = parser.next_token() {
            let at = LineCol { line: mark.line(), column: mark.col() + 1 };
            let starts_node = matches!(event, Event::Scalar(..) | Event::MappingStart(..) | Event::SequenceStart(..) | Event::Alias(_));
            if starts_node {
                match frames.last_mut() {
                    Some(Container::Map { keyed: keyed @ false }) => {
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
                        open.push(nodes.len());
                        nodes.push(Node { key: Some(key), at, end: usize::MAX });
                        continue;
                    }
                    Some(Container::Map { keyed: true }) | None => {}
                    Some(Container::Seq) => {
                        if matches!(event, Event::MappingStart(..)) {
                            block_start = Some((frames.len() + 1, nodes.len()));
                        }
                        open.push(nodes.len());
                        nodes.push(Node { key: None, at, end: usize::MAX });
                    }
                }
            }
            let ended = match event {
                Event::MappingStart(..) => {
                    frames.push(Container::Map { keyed: false });
                    false
                }
                Event::SequenceStart(..) => {
                    frames.push(Container::Seq);
                    false
                }
                Event::MappingEnd | Event::SequenceEnd => {
                    frames.pop();
                    true
                }
                Event::Scalar(..) | Event::Alias(_) => true,
                Event::StreamEnd => break,
                _ => false,
            };
            // A child of the innermost container has ended.
            if ended {
                if let Some(Container::Map { keyed }) = frames.last_mut() {
                    *keyed = false;
                }
                if !frames.is_empty() {
                    if let Some(node) = open.pop() {
                        nodes[node].end = nodes.len();
                    }
                }
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

/// yaml-rust2 marks a block mapping where its first `:` is; it starts at its first key.
#[cfg(test)]
fn block_mapping_start(parser: &mut Parser<std::str::Chars<'_>>, mark_at: LineCol) -> LineCol {
    match parser.next_token() {
        Ok((Event::Scalar(..), key)) => {
            let key_at = LineCol { line: key.line(), column: key.col() + 1 };
            if (key_at.line, key_at.column) < (mark_at.line, mark_at.column) {
                key_at
            } else {
                mark_at
            }
        }
        _ => mark_at,
    }
}

/// An open container, as [`Index::new`] reads it.
enum Container {
    /// `keyed` while the value of a key is read.
    Map { keyed: bool },
    Seq,
}

enum Frame {
    /// `key` is the key whose value is being read, `None` while a key is expected.
    Map { key: Option<String> },
    Seq { next: usize },
}

/// A child node of the innermost container has ended.
fn finish_child(innermost: Option<&mut Frame>, path: &mut Vec<String>) {
    match innermost {
        Some(Frame::Map { key }) => {
            *key = None;
            path.pop();
        }
        Some(Frame::Seq { .. }) => {
            path.pop();
        }
        None => {}
    }
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
            let index = Index::new(text);
            for pointer in pointers {
                assert_eq!(index.get(pointer), locate(text, pointer), "{pointer} in {text:?}");
            }
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
