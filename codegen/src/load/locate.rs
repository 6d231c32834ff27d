//! Line and column of a JSON pointer in YAML or JSON source text (JSON is read as YAML 1.2).
//! Runs only when a diagnostic is made, and stops at the first match.

use yaml_rust2::parser::{Event, Parser};

use crate::diagnostic::LineCol;

/// Where the node at `pointer` (`/a/b/0`, or empty for the root) starts; for a mapping entry, where
/// its key starts. `None` when the text does not parse or has no such node.
pub fn locate(text: &str, pointer: &str) -> Option<LineCol> {
    if pointer.is_empty() {
        return Some(LineCol { line: 1, column: 1 });
    }
    let target: Vec<String> = pointer.split('/').skip(1).map(|t| t.replace("~1", "/").replace("~0", "~")).collect();
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
                return Some(at);
            }
        }
        match event {
            Event::MappingStart(..) => frames.push(Frame::Map { key: None }),
            Event::SequenceStart(..) => frames.push(Frame::Seq { next: 0 }),
            Event::MappingEnd | Event::SequenceEnd => {
                frames.pop();
                finish_child(&mut frames, &mut path);
            }
            Event::Scalar(..) | Event::Alias(_) => finish_child(&mut frames, &mut path),
            Event::StreamEnd => return None,
            _ => {}
        }
    }
}

enum Frame {
    /// `key` is the key whose value is being read, `None` while a key is expected.
    Map { key: Option<String> },
    Seq { next: usize },
}

/// A child node of the innermost container has ended.
fn finish_child(frames: &mut [Frame], path: &mut Vec<String>) {
    match frames.last_mut() {
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
    }

    #[test]
    fn json_and_escaped_tokens() {
        let text = "{\n  \"paths\": {\n    \"/a/{id}\": {\"get\": {}}\n  }\n}";
        assert_eq!(locate(text, "/paths/~1a~1{id}/get"), Some(LineCol { line: 3, column: 17 }));
    }
}
