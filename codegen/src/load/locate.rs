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

/// Every node's position by canonical JSON pointer, from one pass over the text: what
/// [`locate`] finds for each pointer, so a document with many diagnostics is parsed once, not once
/// per diagnostic.
#[derive(Debug, Default)]
pub struct Index(std::collections::HashMap<String, LineCol>);

impl Index {
    pub fn new(text: &str) -> Index {
        let mut positions = std::collections::HashMap::new();
        positions.insert(String::new(), LineCol { line: 1, column: 1 });
        let mut parser = Parser::new_from_str(text);
        let mut frames: Vec<Frame> = Vec::new();
        let mut path: Vec<String> = Vec::new();
        // A mapping that is a sequence item starts at its first key when that comes earlier
        // than yaml-rust2's mark (see `block_mapping_start`): (depth of the mapping, its pointer).
        let mut block_start: Option<(usize, String)> = None;
        while let Ok((event, mark)) = parser.next_token() {
            let at = LineCol { line: mark.line(), column: mark.col() + 1 };
            let starts_node = matches!(event, Event::Scalar(..) | Event::MappingStart(..) | Event::SequenceStart(..) | Event::Alias(_));
            if starts_node {
                match frames.last_mut() {
                    Some(Frame::Map { key: key @ None }) => {
                        let Event::Scalar(text, ..) = &event else { break };
                        *key = Some(text.clone());
                        path.push(text.clone());
                        if let Some((depth, pointer)) = block_start.take() {
                            if depth == frames.len() {
                                if let Some(start) = positions.get_mut(&pointer) {
                                    if (at.line, at.column) < (start.line, start.column) {
                                        *start = at;
                                    }
                                }
                            }
                        }
                        positions.entry(pointer_of(&path)).or_insert(at);
                        path.pop();
                        continue;
                    }
                    Some(Frame::Map { key: Some(key) }) => path.push(key.clone()),
                    Some(Frame::Seq { next }) => {
                        path.push(next.to_string());
                        *next += 1;
                        let pointer = pointer_of(&path);
                        if matches!(event, Event::MappingStart(..)) {
                            block_start = Some((frames.len() + 1, pointer.clone()));
                        }
                        positions.entry(pointer).or_insert(at);
                    }
                    None => {}
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
                Event::StreamEnd => break,
                _ => {}
            }
        }
        Index(positions)
    }

    /// Where the node at `pointer` starts, as [`locate`] tells.
    pub fn get(&self, pointer: &str) -> Option<LineCol> {
        let tokens: Vec<String> = crate::diagnostic::pointer_tokens(pointer).collect();
        self.0.get(&pointer_of(&tokens)).copied()
    }
}

fn pointer_of(tokens: &[String]) -> String {
    tokens.iter().fold(String::new(), |at, token| crate::diagnostic::push_pointer(&at, token))
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
        ];
        let pointers = ["", "/a", "/a/b", "/a/b/1", "/a/c", "/a/c/0", "/a/c/0/y", "/a/c/1/1/z", "/a/0", "/a/0/x", "/a/nope", "/paths/~1a~1{id}/get"];
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
