//! The YAML of one front matter block read once into a tree of nodes, each
//! knowing its exact place in the text.
//!
//! saphyr-parser gives every event its span; the tree keeps them as byte
//! ranges so a diagnostic can underline exactly the text it is about, and
//! so typed reading ([`super::de`]) and later checks ([`super::FieldMap`])
//! share one parse.

use std::ops::Range;

use saphyr_parser::{Event, Marker, Parser, ScalarStyle, Span};

/// One value of the YAML with where it is.
#[derive(Debug, Clone, PartialEq)]
pub struct Node {
    /// The node's number, unique within its tree (the order it was read).
    pub id: usize,
    pub value: Value,
    /// Bytes of the block this node covers; for a mapping or a list, only
    /// its first line, which is what a pointer should underline.
    pub span: Range<usize>,
    /// Line within the block, from 1.
    pub line: usize,
    /// Column within the line in characters, from 1.
    pub column: usize,
}

#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    Scalar {
        text: String,
        style: Style,
    },
    Sequence(Vec<Node>),
    Mapping {
        entries: Vec<(Node, Node)>,
        flow: bool,
    },
}

/// How a scalar was written, which decides what it can mean: only a plain
/// scalar can be a number, a boolean or empty.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Style {
    Plain,
    Quoted,
    Block,
}

impl Node {
    /// A plain scalar that YAML reads as nothing (`~`, `null` or empty).
    pub fn is_null(&self) -> bool {
        matches!(&self.value, Value::Scalar { text, style: Style::Plain }
            if matches!(text.as_str(), "" | "~" | "null" | "Null" | "NULL"))
    }

    /// The entry of a mapping under `key`.
    pub fn get(&self, key: &str) -> Option<&Node> {
        match &self.value {
            Value::Mapping { entries, .. } => entries
                .iter()
                .find(|(k, _)| matches!(&k.value, Value::Scalar { text, .. } if text == key))
                .map(|(_, v)| v),
            _ => None,
        }
    }

    /// The node at a dotted path such as `recommendations.1.outcome`.
    pub fn at_path(&self, path: &str) -> Option<&Node> {
        if path.is_empty() {
            return Some(self);
        }
        path.split('.')
            .try_fold(self, |node, segment| match &node.value {
                Value::Sequence(items) => segment.parse::<usize>().ok().and_then(|i| items.get(i)),
                Value::Mapping { .. } => node.get(segment),
                Value::Scalar { .. } => None,
            })
    }

    /// The child at `slot`: an item's index in a list; in a mapping,
    /// `2 × entry` for a key and one more for its value.
    fn child(&self, slot: usize) -> Option<&Node> {
        match &self.value {
            Value::Sequence(items) => items.get(slot),
            Value::Mapping { entries, .. } => entries
                .get(slot / 2)
                .map(|(key, value)| if slot % 2 == 0 { key } else { value }),
            Value::Scalar { .. } => None,
        }
    }

    /// Every node of this subtree, this one first.
    pub fn walk(&self) -> Vec<&Node> {
        let mut out = vec![self];
        let mut i = 0;
        while i < out.len() {
            match &out[i].value {
                Value::Sequence(items) => out.extend(items.iter()),
                Value::Mapping { entries, .. } => {
                    out.extend(entries.iter().flat_map(|(k, v)| [k, v]));
                }
                Value::Scalar { .. } => {}
            }
            i += 1;
        }
        out
    }
}

/// A whole block: its root and, for each node, the node that holds it and
/// where in it, so that finding a node by its number costs its depth, not
/// the size of the tree (a block with thousands of mistakes looks up
/// thousands of nodes).
#[derive(Debug, Clone, PartialEq)]
pub struct Tree {
    pub root: Node,
    parents: Vec<Option<usize>>,
    slots: Vec<usize>,
}

impl Tree {
    /// The node that holds node `id` (for a mapping's value, the mapping).
    pub fn parent(&self, id: usize) -> Option<usize> {
        self.parents.get(id).copied().flatten()
    }

    /// Whether `ancestor` is `id` or holds it, however deep.
    pub fn contains(&self, ancestor: usize, id: usize) -> bool {
        let mut at = Some(id);
        while let Some(node) = at {
            if node == ancestor {
                return true;
            }
            at = self.parent(node);
        }
        false
    }

    /// The node numbered `id`.
    pub fn node(&self, id: usize) -> Option<&Node> {
        let mut slots = Vec::new();
        let mut at = id;
        while let Some(parent) = self.parent(at) {
            slots.push(*self.slots.get(at)?);
            at = parent;
        }
        if at != self.root.id {
            return None;
        }
        slots
            .iter()
            .rev()
            .try_fold(&self.root, |node, &slot| node.child(slot))
    }

    /// The key under which node `id` sits in its mapping, if it does.
    pub fn key_of(&self, id: usize) -> Option<&Node> {
        let parent = self.node(self.parent(id)?)?;
        let slot = *self.slots.get(id)?;
        match parent.value {
            Value::Mapping { .. } if slot % 2 == 1 => parent.child(slot - 1),
            _ => None,
        }
    }
}

/// A syntax error: where, and what the parser said.
#[derive(Debug, Clone, PartialEq)]
pub struct SyntaxError {
    pub line: usize,
    pub column: usize,
    pub span: Range<usize>,
    pub message: String,
    /// What to do, when boardpack rather than the parser refused the text.
    pub help: Option<String>,
}

/// How deep front matter may nest. A real paper needs five or six levels
/// (a budget's group, its lines, a line's fields); 64 is far beyond that
/// and shallow enough that reading never exhausts a thread's stack.
pub const MAX_DEPTH: usize = 64;

fn too_deep() -> String {
    format!("nested more than {MAX_DEPTH} levels deep")
}

const TOO_DEEP_HELP: &str =
    "front matter needs a few levels; take out the extra `[`, `{` or `- ` nesting";

/// How many values aliases may repeat in one block: plenty to reuse a
/// list or a mapping, far too few for a "billion laughs" of aliases of
/// aliases to take the machine's memory.
pub const MAX_ALIAS_COPIES: usize = 10_000;

/// Reads `yaml` into a tree. An empty block is an empty mapping.
pub fn read(yaml: &str) -> Result<Tree, SyntaxError> {
    let offsets = Offsets::new(yaml);
    let mut builder = Builder {
        yaml,
        offsets: &offsets,
        stack: Vec::new(),
        anchors: Vec::new(),
        root: None,
        next_id: 0,
        copied: 0,
    };
    for event in Parser::new_from_str(yaml) {
        let (event, span) = event.map_err(|e| {
            let at = offsets.byte(e.marker().index());
            // The parser has a nesting limit of its own for flow style,
            // above ours: say the same as when ours is reached.
            let (message, help) = match e.info() {
                "recursion limit exceeded" => (too_deep(), Some(TOO_DEEP_HELP.into())),
                info => (info.to_string(), None),
            };
            SyntaxError {
                line: e.marker().line(),
                column: e.marker().col() + 1,
                span: at..(at + 1).min(yaml.len()).max(at),
                message,
                help,
            }
        })?;
        if builder.take(event, span)? {
            break;
        }
    }
    let root = builder.root.take().unwrap_or_else(|| Node {
        id: builder.fresh_id(),
        value: Value::Mapping {
            entries: Vec::new(),
            flow: false,
        },
        span: 0..0,
        line: 1,
        column: 1,
    });
    let mut parents = vec![None; builder.next_id];
    let mut slots = vec![0; builder.next_id];
    for node in root.walk() {
        let children = match &node.value {
            Value::Sequence(items) => items.iter().collect(),
            Value::Mapping { entries, .. } => entries.iter().flat_map(|(k, v)| [k, v]).collect(),
            Value::Scalar { .. } => Vec::new(),
        };
        for (slot, child) in children.into_iter().enumerate() {
            parents[child.id] = Some(node.id);
            slots[child.id] = slot;
        }
    }
    Ok(Tree {
        root,
        parents,
        slots,
    })
}

/// Character indexes (what the parser counts) as byte offsets.
struct Offsets {
    /// The byte offset of each character; empty when the text is ASCII.
    bytes: Vec<usize>,
    len: usize,
}

impl Offsets {
    fn new(text: &str) -> Self {
        let bytes = if text.is_ascii() {
            Vec::new()
        } else {
            text.char_indices().map(|(i, _)| i).collect()
        };
        Offsets {
            bytes,
            len: text.len(),
        }
    }

    fn byte(&self, char_index: usize) -> usize {
        if self.bytes.is_empty() {
            char_index.min(self.len)
        } else {
            self.bytes.get(char_index).copied().unwrap_or(self.len)
        }
    }
}

/// A container being filled, with where it started.
struct Open {
    node: Node,
    anchor: usize,
    /// A mapping's key waiting for its value.
    key: Option<Node>,
}

struct Builder<'a> {
    yaml: &'a str,
    offsets: &'a Offsets,
    stack: Vec<Open>,
    /// Anchored nodes by anchor id, with how many nodes each holds, for
    /// aliases.
    anchors: Vec<(usize, Node, usize)>,
    root: Option<Node>,
    next_id: usize,
    /// Nodes made so far by copying anchors.
    copied: usize,
}

impl Builder<'_> {
    fn fresh_id(&mut self) -> usize {
        self.next_id += 1;
        self.next_id - 1
    }

    /// A node starting at `start` and covering `span`.
    fn node(&mut self, value: Value, start: &Marker, span: Range<usize>) -> Node {
        Node {
            id: self.fresh_id(),
            value,
            span,
            line: start.line(),
            column: start.col() + 1,
        }
    }

    /// The bytes of `span`.
    fn bytes(&self, span: &Span) -> Range<usize> {
        let start = self.offsets.byte(span.start.index());
        start..self.offsets.byte(span.end.index()).max(start)
    }

    /// The bytes of a container from `start` to where `close` ends it, or
    /// to the end of its first line if it runs on.
    fn container_bytes(&self, start: usize, close: &Span) -> Range<usize> {
        let end = self.offsets.byte(close.end.index()).max(start);
        let line_end = self.yaml[start..]
            .find(['\n', '\r'])
            .map_or(self.yaml.len(), |i| start + i);
        if end > start && end <= line_end {
            start..end
        } else {
            start..start + self.yaml[start..line_end].trim_end().len()
        }
    }

    /// Takes one event; true once the first document has ended.
    fn take(&mut self, event: Event, span: Span) -> Result<bool, SyntaxError> {
        match event {
            Event::Scalar(text, style, anchor, tag) => {
                let style = match style {
                    ScalarStyle::Plain if tag.is_none() => Style::Plain,
                    ScalarStyle::Plain | ScalarStyle::SingleQuoted | ScalarStyle::DoubleQuoted => {
                        Style::Quoted
                    }
                    ScalarStyle::Literal | ScalarStyle::Folded => Style::Block,
                };
                let bytes = self.bytes(&span);
                let value = Value::Scalar {
                    text: text.into_owned(),
                    style,
                };
                let node = self.node(value, &span.start, bytes);
                self.finish(node, anchor);
            }
            Event::Alias(anchor) => {
                let node = self.alias(anchor, &span)?;
                self.finish(node, 0);
            }
            Event::SequenceStart(anchor, _) => {
                self.open(Value::Sequence(Vec::new()), anchor, &span)?
            }
            Event::MappingStart(anchor, _) => {
                let start = self.offsets.byte(span.start.index());
                let flow = self.yaml[start..].starts_with('{');
                let value = Value::Mapping {
                    entries: Vec::new(),
                    flow,
                };
                self.open(value, anchor, &span)?;
            }
            Event::SequenceEnd | Event::MappingEnd => {
                if let Some(mut open) = self.stack.pop() {
                    open.node.span = self.container_bytes(open.node.span.start, &span);
                    self.finish(open.node, open.anchor);
                }
            }
            Event::DocumentEnd => return Ok(self.root.is_some()),
            _ => {}
        }
        Ok(false)
    }

    /// A copy of the node anchored as `anchor`, numbered afresh; an unknown
    /// anchor reads as nothing (the parser reports it).
    fn alias(&mut self, anchor: usize, span: &Span) -> Result<Node, SyntaxError> {
        let bytes = self.bytes(span);
        let found = self.anchors.iter().rev().find(|(a, _, _)| *a == anchor);
        let Some((_, node, size)) = found else {
            let empty = Value::Scalar {
                text: String::new(),
                style: Style::Plain,
            };
            return Ok(self.node(empty, &span.start, bytes));
        };
        self.copied += size;
        if self.copied > MAX_ALIAS_COPIES {
            return Err(self.refusal(
                span,
                format!("aliases repeat more than {MAX_ALIAS_COPIES} values"),
                "write the values out, or repeat a smaller part with `*alias`",
            ));
        }
        let mut copy = node.clone();
        self.renumber(&mut copy);
        Ok(Node {
            span: bytes,
            line: span.start.line(),
            column: span.start.col() + 1,
            ..copy
        })
    }

    fn open(&mut self, value: Value, anchor: usize, span: &Span) -> Result<(), SyntaxError> {
        if self.stack.len() >= MAX_DEPTH {
            return Err(self.refusal(span, too_deep(), TOO_DEEP_HELP));
        }
        let bytes = self.bytes(span);
        let node = self.node(value, &span.start, bytes);
        self.stack.push(Open {
            node,
            anchor,
            key: None,
        });
        Ok(())
    }

    /// An error of boardpack's own at `span`, with what to do.
    fn refusal(&self, span: &Span, message: String, help: &str) -> SyntaxError {
        let bytes = self.bytes(span);
        SyntaxError {
            line: span.start.line(),
            column: span.start.col() + 1,
            span: bytes.start..(bytes.start + 1).min(self.yaml.len()).max(bytes.start),
            message,
            help: Some(help.into()),
        }
    }

    /// Puts a finished node into the container being filled, or makes it
    /// the root.
    fn finish(&mut self, node: Node, anchor: usize) {
        if anchor != 0 {
            let size = node.walk().len();
            self.anchors.push((anchor, node.clone(), size));
        }
        let Some(open) = self.stack.last_mut() else {
            self.root.get_or_insert(node);
            return;
        };
        match &mut open.node.value {
            Value::Sequence(items) => items.push(node),
            Value::Mapping { entries, .. } => match open.key.take() {
                Some(key) => entries.push((key, node)),
                None => open.key = Some(node),
            },
            Value::Scalar { .. } => {}
        }
    }

    /// Gives a copied subtree new numbers, so each node's number stays
    /// unique.
    fn renumber(&mut self, node: &mut Node) {
        node.id = self.fresh_id();
        match &mut node.value {
            Value::Sequence(items) => items.iter_mut().for_each(|n| self.renumber(n)),
            Value::Mapping { entries, .. } => {
                for (key, value) in entries {
                    self.renumber(key);
                    self.renumber(value);
                }
            }
            Value::Scalar { .. } => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text<'a>(yaml: &'a str, node: &Node) -> &'a str {
        &yaml[node.span.clone()]
    }

    #[test]
    fn every_value_knows_its_exact_bytes() {
        let yaml = "title: Café budget\nlines:\n  - {name: \"Staff, pay\", amount: 12}\n";
        let tree = read(yaml).unwrap();
        let title = tree.root.get("title").unwrap();
        assert_eq!(text(yaml, title), "Café budget");
        assert_eq!((title.line, title.column), (1, 8));
        let line = tree.root.at_path("lines.0").unwrap();
        assert_eq!(text(yaml, line), "{name: \"Staff, pay\", amount: 12}");
        let name = tree.root.at_path("lines.0.name").unwrap();
        assert_eq!(text(yaml, name), "\"Staff, pay\"");
        assert_eq!(
            name.value,
            Value::Scalar {
                text: "Staff, pay".into(),
                style: Style::Quoted
            }
        );
        let amount = tree.root.at_path("lines.0.amount").unwrap();
        assert_eq!(text(yaml, amount), "12");
        assert_eq!((amount.line, amount.column), (3, 34));
        assert!(matches!(line.value, Value::Mapping { flow: true, .. }));
    }

    #[test]
    fn parents_and_keys_are_known() {
        let tree = read("a:\n  b: [1, 2]\n").unwrap();
        let two = tree.root.at_path("a.b.1").unwrap();
        let list = tree.root.at_path("a.b").unwrap();
        assert_eq!(tree.parent(two.id), Some(list.id));
        assert!(tree.contains(tree.root.id, two.id));
        assert_eq!(tree.key_of(list.id).map(|k| k.span.clone()), Some(5..6));
    }

    #[test]
    fn empty_text_is_an_empty_mapping_and_nulls_are_plain() {
        let tree = read("").unwrap();
        assert!(matches!(tree.root.value, Value::Mapping { .. }));
        let tree = read("a:\nb: ~\nc: 'null'\n").unwrap();
        assert!(tree.root.get("a").unwrap().is_null());
        assert!(tree.root.get("b").unwrap().is_null());
        assert!(!tree.root.get("c").unwrap().is_null());
    }

    #[test]
    fn aliases_copy_their_anchor() {
        let tree = read("a: &x {b: 1}\nc: *x\n").unwrap();
        let copy = tree.root.at_path("c.b").unwrap();
        assert_eq!(copy.value, tree.root.at_path("a.b").unwrap().value);
        assert_ne!(copy.id, tree.root.at_path("a.b").unwrap().id);
    }

    #[test]
    fn every_node_is_found_by_its_number() {
        let tree = read("a: &x {b: [1, {c: 2}]}\nd: *x\ne: [k, {f: g}]\n").unwrap();
        for node in tree.root.walk() {
            assert_eq!(tree.node(node.id), Some(node));
        }
        let c = tree.root.at_path("a.b.1.c").unwrap();
        assert_eq!(tree.key_of(c.id).map(|k| k.span.clone()), Some(15..16));
        assert_eq!(tree.key_of(tree.root.at_path("e.0").unwrap().id), None);
        assert_eq!(tree.node(10_000), None);
    }

    #[test]
    fn nesting_deeper_than_the_limit_is_refused_where_it_goes_too_deep() {
        let ok = format!(
            "x: {}{}\n",
            "[".repeat(MAX_DEPTH - 1),
            "]".repeat(MAX_DEPTH - 1)
        );
        assert!(read(&ok).is_ok());
        for deep in [
            format!("x: {}{}\n", "[".repeat(MAX_DEPTH), "]".repeat(MAX_DEPTH)),
            format!("x: {}1{}\n", "{a: ".repeat(50_000), "}".repeat(50_000)),
            format!("x:\n {}1\n", "- ".repeat(50_000)),
        ] {
            let err = read(&deep).unwrap_err();
            assert_eq!(err.message, "nested more than 64 levels deep");
            assert_eq!(err.line, 1 + usize::from(deep.starts_with("x:\n")));
            assert!(err.help.is_some());
        }
    }

    #[test]
    fn aliases_of_aliases_cannot_multiply_without_end() {
        let mut bomb = String::from("a0: &a0 [x, x, x, x, x, x, x, x, x]\n");
        for i in 1..10 {
            let row = vec![format!("*a{}", i - 1); 9].join(", ");
            bomb.push_str(&format!("a{i}: &a{i} [{row}]\n"));
        }
        let err = read(&bomb).unwrap_err();
        assert_eq!(err.message, "aliases repeat more than 10000 values");
        assert!(err.line <= 6, "{err:?}");
        let reuse = "cols: &c [a, b, c]\nx: *c\ny: *c\n";
        assert!(read(reuse).is_ok());
    }

    #[test]
    fn syntax_errors_say_where() {
        let err = read("title: [A\nnext: b\n").unwrap_err();
        assert!(err.line >= 1, "{err:?}");
        assert!(!err.message.is_empty());
    }
}
