//! Typed reading of a [`Tree`] through serde, going on after mistakes.
//!
//! serde's derived code stops at the first error it meets. To report every
//! mistake of a file, reading is repeated: each failed read marks the node
//! it failed at as *poisoned* and records the mistake; the next read gives
//! the derived code a stand-in value for every poisoned node, so it gets
//! past it to the next mistake. Stand-ins never leave this module: a read
//! that recorded any mistake returns the mistakes, not the value. Unknown
//! fields are found in the same passes, from the field names serde passes
//! to [`Deserializer::deserialize_struct`].

use std::cell::RefCell;
use std::collections::{BTreeMap, HashMap};
use std::fmt;

use serde::de::{
    self, DeserializeOwned, DeserializeSeed, EnumAccess, IntoDeserializer, MapAccess, SeqAccess,
    VariantAccess, Visitor,
};

use super::tree::{Node, Style, Tree, Value};

/// A mistake found while reading: the node it is about and what serde or
/// the model's own parsing said.
#[derive(Debug, Clone, PartialEq)]
pub struct Mistake {
    pub node: usize,
    pub kind: Kind,
}

#[derive(Debug, Clone, PartialEq)]
pub enum Kind {
    /// A field the struct does not have; `fields` are those it has.
    UnknownField {
        name: String,
        fields: &'static [&'static str],
    },
    /// A value of the wrong kind: what was expected, in serde's words.
    WrongType {
        expected: String,
    },
    UnknownValue {
        value: String,
        allowed: &'static [&'static str],
    },
    MissingField(&'static str),
    DuplicateField(&'static str),
    WrongLength {
        expected: String,
        found: usize,
    },
    /// The model's own message, already in words.
    Message(String),
}

/// Reads `tree` as a `T`, or every mistake in it, in reading order.
pub fn read<T: DeserializeOwned>(tree: &Tree) -> Result<T, Vec<Mistake>> {
    let session = Session {
        tree,
        state: RefCell::new(State::default()),
    };
    loop {
        match T::deserialize(Reader {
            node: &tree.root,
            session: &session,
        }) {
            Ok(value) => {
                let state = session.state.into_inner();
                return if state.mistakes.is_empty() && state.unknown.is_empty() {
                    Ok(value)
                } else {
                    Err(state.into_mistakes())
                };
            }
            Err(error) => {
                if !session.learn(error) {
                    return Err(session.state.into_inner().into_mistakes());
                }
            }
        }
    }
}

struct Session<'t> {
    tree: &'t Tree,
    state: RefCell<State>,
}

#[derive(Default)]
struct State {
    mistakes: Vec<Mistake>,
    /// Unknown fields by the key's node, so repeated reads report each once.
    unknown: BTreeMap<usize, Mistake>,
    /// Poisoned nodes and how many stand-ins each has been given.
    poisoned: HashMap<usize, usize>,
    /// Missing fields given stand-ins: the struct's node and the field.
    synthetic: Vec<(usize, &'static str)>,
    reads: usize,
}

impl State {
    fn into_mistakes(self) -> Vec<Mistake> {
        let mut all = self.mistakes;
        all.extend(self.unknown.into_values());
        all
    }
}

impl Session<'_> {
    /// Takes in a failed read; false when nothing more can be learned.
    fn learn(&self, error: Error) -> bool {
        let mut state = self.state.borrow_mut();
        state.reads += 1;
        if state.reads > MAX_READS {
            return false;
        }
        let node = error.node.unwrap_or(self.tree.root.id);
        if let Some(tries) = state.poisoned.get_mut(&node) {
            // Its stand-in did not do: try the next, or give up on the node
            // that holds it.
            *tries += 1;
            if *tries < STAND_INS {
                return true;
            }
            return self.poison_parent(&mut state, node);
        }
        match error.kind {
            Kind::MissingField(field) => {
                // Record it, and from now on give the struct a stand-in for
                // the field so the rest of it is still read.
                state.mistakes.push(Mistake {
                    node,
                    kind: error.kind,
                });
                let id = SYNTHETIC + state.synthetic.len();
                state.synthetic.push((node, field));
                state.poisoned.insert(id, 0);
            }
            // A model's own check of a value holding a stand-in fails
            // because of the stand-in, not because of a mistake of its own.
            Kind::Message(_) if self.holds_poisoned(&state, node) => {
                state.poisoned.insert(node, 0);
            }
            kind => {
                state.mistakes.push(Mistake { node, kind });
                state.poisoned.insert(node, 0);
            }
        }
        true
    }

    fn holds_poisoned(&self, state: &State, node: usize) -> bool {
        state.poisoned.keys().any(|&p| {
            let p = self
                .parent_of(state, p)
                .filter(|_| p >= SYNTHETIC)
                .unwrap_or(p);
            p != node && self.tree.contains(node, p)
        })
    }

    /// The node holding `id`, for stand-ins of missing fields too.
    fn parent_of(&self, state: &State, id: usize) -> Option<usize> {
        match id.checked_sub(SYNTHETIC) {
            Some(i) => state.synthetic.get(i).map(|(holder, _)| *holder),
            None => self.tree.parent(id),
        }
    }

    fn poison_parent(&self, state: &mut State, node: usize) -> bool {
        let mut at = node;
        loop {
            let Some(parent) = self.parent_of(state, at) else {
                return false;
            };
            if let std::collections::hash_map::Entry::Vacant(entry) = state.poisoned.entry(parent) {
                entry.insert(0);
                return true;
            }
            at = parent;
        }
    }

    fn stand_in(&self, id: usize) -> Option<usize> {
        self.state.borrow().poisoned.get(&id).copied()
    }

    /// Stand-ins for the missing fields of the struct at `node`.
    fn missing(&self, node: &Node) -> Vec<(&'static str, usize)> {
        let state = self.state.borrow();
        state
            .synthetic
            .iter()
            .enumerate()
            .filter(|(_, (holder, field))| *holder == node.id && node.get(field).is_none())
            .map(|(i, (_, field))| (*field, SYNTHETIC + i))
            .collect()
    }
}

/// Numbers from here on name stand-ins for missing fields, not nodes.
const SYNTHETIC: usize = usize::MAX / 2;

/// A bound on reads of one file, however its mistakes combine.
const MAX_READS: usize = 2000;

/// How many different stand-ins a poisoned node is offered.
const STAND_INS: usize = 8;

/// An error on its way out of serde's derived code, with the node it was
/// raised at once a [`Reader`] has seen it.
#[derive(Debug)]
pub struct Error {
    node: Option<usize>,
    kind: Kind,
}

impl Error {
    fn at(mut self, node: usize) -> Self {
        self.node.get_or_insert(node);
        self
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:?}", self.kind)
    }
}

impl std::error::Error for Error {}

impl de::Error for Error {
    fn custom<T: fmt::Display>(message: T) -> Self {
        Error {
            node: None,
            kind: Kind::Message(message.to_string()),
        }
    }

    fn invalid_type(_: de::Unexpected, expected: &dyn de::Expected) -> Self {
        Error {
            node: None,
            kind: Kind::WrongType {
                expected: expected.to_string(),
            },
        }
    }

    fn invalid_value(_: de::Unexpected, expected: &dyn de::Expected) -> Self {
        Self::invalid_type(de::Unexpected::Other(""), expected)
    }

    fn invalid_length(found: usize, expected: &dyn de::Expected) -> Self {
        Error {
            node: None,
            kind: Kind::WrongLength {
                expected: expected.to_string(),
                found,
            },
        }
    }

    fn unknown_variant(value: &str, allowed: &'static [&'static str]) -> Self {
        Error {
            node: None,
            kind: Kind::UnknownValue {
                value: value.to_string(),
                allowed,
            },
        }
    }

    fn unknown_field(name: &str, fields: &'static [&'static str]) -> Self {
        Error {
            node: None,
            kind: Kind::UnknownField {
                name: name.to_string(),
                fields,
            },
        }
    }

    fn missing_field(field: &'static str) -> Self {
        Error {
            node: None,
            kind: Kind::MissingField(field),
        }
    }

    fn duplicate_field(field: &'static str) -> Self {
        Error {
            node: None,
            kind: Kind::DuplicateField(field),
        }
    }
}

/// A plain scalar as YAML 1.2's core schema reads it.
enum Plain<'a> {
    Null,
    Bool(bool),
    Unsigned(u64),
    Signed(i64),
    Float(f64),
    Text(&'a str),
}

fn resolve(text: &str) -> Plain<'_> {
    match text {
        "" | "~" | "null" | "Null" | "NULL" => return Plain::Null,
        "true" | "True" | "TRUE" => return Plain::Bool(true),
        "false" | "False" | "FALSE" => return Plain::Bool(false),
        ".inf" | ".Inf" | ".INF" | "+.inf" | "+.Inf" | "+.INF" => {
            return Plain::Float(f64::INFINITY);
        }
        "-.inf" | "-.Inf" | "-.INF" => return Plain::Float(f64::NEG_INFINITY),
        ".nan" | ".NaN" | ".NAN" => return Plain::Float(f64::NAN),
        _ => {}
    }
    let digits = text.strip_prefix('+').unwrap_or(text);
    if let Some(hex) = digits.strip_prefix("0x") {
        if let Ok(n) = u64::from_str_radix(hex, 16) {
            return Plain::Unsigned(n);
        }
    }
    if let Some(octal) = digits.strip_prefix("0o") {
        if let Ok(n) = u64::from_str_radix(octal, 8) {
            return Plain::Unsigned(n);
        }
    }
    let integer = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
    if integer(digits) {
        if let Ok(n) = digits.parse::<u64>() {
            return Plain::Unsigned(n);
        }
    }
    if let Some(negative) = text.strip_prefix('-') {
        if integer(negative) {
            if let Ok(n) = text.parse::<i64>() {
                return Plain::Signed(n);
            }
        }
    }
    let number_like = digits.bytes().any(|b| b.is_ascii_digit())
        && digits
            .trim_start_matches('-')
            .bytes()
            .all(|b| b.is_ascii_digit() || matches!(b, b'.' | b'e' | b'E' | b'-' | b'+'));
    if number_like {
        if let Ok(n) = text.parse::<f64>() {
            return Plain::Float(n);
        }
    }
    Plain::Text(text)
}

/// The text of a scalar that YAML reads as a string (not a number, a
/// boolean or nothing).
pub fn as_text(node: &Node) -> Option<&str> {
    match &node.value {
        Value::Scalar {
            text,
            style: Style::Plain,
        } => matches!(resolve(text), Plain::Text(_)).then_some(text.as_str()),
        Value::Scalar { text, .. } => Some(text),
        _ => None,
    }
}

/// Reads one node; the deserializer serde's derived code talks to.
#[derive(Clone, Copy)]
struct Reader<'a, 't> {
    node: &'a Node,
    session: &'a Session<'t>,
}

impl<'a> Reader<'a, '_> {
    fn at<T>(&self, result: Result<T, Error>) -> Result<T, Error> {
        result.map_err(|e| e.at(self.node.id))
    }

    fn wrong(&self, expected: &dyn de::Expected) -> Error {
        de::Error::invalid_type(de::Unexpected::Other(""), expected)
    }

    fn scalar(&self) -> Option<(&'a str, Style)> {
        match &self.node.value {
            Value::Scalar { text, style } => Some((text.as_str(), *style)),
            _ => None,
        }
    }

    /// Offers a stand-in for a poisoned node: the `try`th of a short list
    /// that between them satisfy every type the model reads.
    fn stand_in<'de, V: Visitor<'de>>(
        &self,
        attempt: usize,
        visitor: V,
    ) -> Result<V::Value, Error> {
        let result = match attempt {
            0 => visitor.visit_u64(0),
            1 => visitor.visit_str("2000-01-01"),
            2 => visitor.visit_str("00:00"),
            3 => visitor.visit_str(""),
            4 => visitor.visit_bool(false),
            5 => visitor.visit_none(),
            6 => visitor.visit_seq(Items {
                items: [].iter(),
                session: self.session,
            }),
            _ => visitor.visit_map(Entries {
                entries: [].iter(),
                value: None,
                fields: None,
                missing: Vec::new(),
                session: self.session,
            }),
        };
        self.at(result)
    }

    fn read_any<'de, V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        if let Some(attempt) = self.session.stand_in(self.node.id) {
            return self.stand_in(attempt, visitor);
        }
        let result = match &self.node.value {
            Value::Scalar {
                text,
                style: Style::Plain,
            } => match resolve(text) {
                Plain::Null => visitor.visit_unit(),
                Plain::Bool(b) => visitor.visit_bool(b),
                Plain::Unsigned(n) => visitor.visit_u64(n),
                Plain::Signed(n) => visitor.visit_i64(n),
                Plain::Float(n) => visitor.visit_f64(n),
                Plain::Text(t) => visitor.visit_str(t),
            },
            Value::Scalar { text, .. } => visitor.visit_str(text),
            Value::Sequence(items) => visitor.visit_seq(Items {
                items: items.iter(),
                session: self.session,
            }),
            Value::Mapping { entries, .. } => visitor.visit_map(Entries {
                entries: entries.iter(),
                value: None,
                fields: None,
                missing: Vec::new(),
                session: self.session,
            }),
        };
        self.at(result)
    }

    /// A scalar that must be a number, a boolean or text: read as YAML
    /// reads it, and let the visitor refuse what it cannot take.
    fn read_scalar<'de, V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        let fits = self.scalar().is_some();
        self.read_if(fits, visitor)
    }

    /// Reads the node if it `fits` what is asked for (or stands in for a
    /// mistake); otherwise says what was expected.
    fn read_if<'de, V: Visitor<'de>>(self, fits: bool, visitor: V) -> Result<V::Value, Error> {
        if fits || self.session.stand_in(self.node.id).is_some() {
            self.read_any(visitor)
        } else {
            Err(self.wrong(&visitor).at(self.node.id))
        }
    }
}

macro_rules! scalars {
    ($($method:ident)*) => {$(
        fn $method<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
            self.read_scalar(visitor)
        }
    )*};
}

impl<'de> de::Deserializer<'de> for Reader<'_, '_> {
    type Error = Error;

    fn deserialize_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        self.read_any(visitor)
    }

    scalars! {
        deserialize_bool deserialize_i8 deserialize_i16 deserialize_i32 deserialize_i64
        deserialize_i128 deserialize_u8 deserialize_u16 deserialize_u32 deserialize_u64
        deserialize_u128 deserialize_f32 deserialize_f64 deserialize_char
    }

    fn deserialize_str<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        if self.session.stand_in(self.node.id).is_some() {
            return self.read_any(visitor);
        }
        match self.scalar() {
            // Any scalar but nothing can be read as text: `time: 10:30`
            // and `item: 7` are text to the fields that want text.
            Some((text, _)) if !self.node.is_null() => self.at(visitor.visit_str(text)),
            _ => Err(self.wrong(&visitor).at(self.node.id)),
        }
    }

    fn deserialize_string<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        self.deserialize_str(visitor)
    }

    fn deserialize_identifier<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        self.deserialize_str(visitor)
    }

    fn deserialize_bytes<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        self.deserialize_str(visitor)
    }

    fn deserialize_byte_buf<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        self.deserialize_str(visitor)
    }

    fn deserialize_option<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        if self.node.is_null() || self.session.stand_in(self.node.id).is_some() {
            return self.at(visitor.visit_none());
        }
        visitor.visit_some(self)
    }

    fn deserialize_unit<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        self.read_any(visitor)
    }

    fn deserialize_unit_struct<V: Visitor<'de>>(
        self,
        _: &'static str,
        visitor: V,
    ) -> Result<V::Value, Error> {
        self.read_any(visitor)
    }

    fn deserialize_newtype_struct<V: Visitor<'de>>(
        self,
        _: &'static str,
        visitor: V,
    ) -> Result<V::Value, Error> {
        let result = visitor.visit_newtype_struct(self);
        self.at(result)
    }

    fn deserialize_seq<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        let fits = matches!(self.node.value, Value::Sequence(_));
        self.read_if(fits, visitor)
    }

    fn deserialize_tuple<V: Visitor<'de>>(self, _: usize, visitor: V) -> Result<V::Value, Error> {
        self.deserialize_seq(visitor)
    }

    fn deserialize_tuple_struct<V: Visitor<'de>>(
        self,
        _: &'static str,
        _: usize,
        visitor: V,
    ) -> Result<V::Value, Error> {
        self.deserialize_seq(visitor)
    }

    fn deserialize_map<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        let fits = matches!(self.node.value, Value::Mapping { .. });
        self.read_if(fits, visitor)
    }

    fn deserialize_struct<V: Visitor<'de>>(
        self,
        _: &'static str,
        fields: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, Error> {
        if let Some(attempt) = self.session.stand_in(self.node.id) {
            return self.stand_in(attempt, visitor);
        }
        match &self.node.value {
            Value::Mapping { entries, .. } => {
                let result = visitor.visit_map(Entries {
                    entries: entries.iter(),
                    value: None,
                    fields: Some(fields),
                    missing: self.session.missing(self.node),
                    session: self.session,
                });
                self.at(result)
            }
            _ => Err(self.wrong(&visitor).at(self.node.id)),
        }
    }

    fn deserialize_enum<V: Visitor<'de>>(
        self,
        _: &'static str,
        variants: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, Error> {
        if self.session.stand_in(self.node.id).is_some() {
            let first = variants.first().copied().unwrap_or_default();
            let result = visitor.visit_enum(first.into_deserializer());
            return self.at(result);
        }
        let result = match &self.node.value {
            Value::Scalar { text, .. } => visitor.visit_enum(text.as_str().into_deserializer()),
            Value::Mapping { entries, .. } if entries.len() == 1 => visitor.visit_enum(Variant {
                key: &entries[0].0,
                value: &entries[0].1,
                session: self.session,
            }),
            _ => Err(self.wrong(&visitor)),
        };
        self.at(result)
    }

    fn deserialize_ignored_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        visitor.visit_unit()
    }
}

struct Items<'a, 't> {
    items: std::slice::Iter<'a, Node>,
    session: &'a Session<'t>,
}

impl<'de> SeqAccess<'de> for Items<'_, '_> {
    type Error = Error;

    fn next_element_seed<T: DeserializeSeed<'de>>(
        &mut self,
        seed: T,
    ) -> Result<Option<T::Value>, Error> {
        match self.items.next() {
            Some(node) => seed
                .deserialize(Reader {
                    node,
                    session: self.session,
                })
                .map(Some),
            None => Ok(None),
        }
    }

    fn size_hint(&self) -> Option<usize> {
        Some(self.items.len())
    }
}

struct Entries<'a, 't> {
    entries: std::slice::Iter<'a, (Node, Node)>,
    value: Option<Pending<'a>>,
    /// A struct's fields: other keys are recorded as unknown and skipped.
    fields: Option<&'static [&'static str]>,
    /// Fields found missing by an earlier read, with their stand-ins.
    missing: Vec<(&'static str, usize)>,
    session: &'a Session<'t>,
}

/// The value that goes with the key just read.
enum Pending<'a> {
    Node(&'a Node),
    StandIn(usize),
}

impl<'de> MapAccess<'de> for Entries<'_, '_> {
    type Error = Error;

    fn next_key_seed<K: DeserializeSeed<'de>>(
        &mut self,
        seed: K,
    ) -> Result<Option<K::Value>, Error> {
        for (key, value) in self.entries.by_ref() {
            // A key that failed to read (a field the type does not have)
            // is left out, with its value.
            if self.session.stand_in(key.id).is_some() {
                continue;
            }
            if let (Some(fields), Value::Scalar { text, .. }) = (self.fields, &key.value) {
                if !fields.contains(&text.as_str()) {
                    self.session.state.borrow_mut().unknown.insert(
                        key.id,
                        Mistake {
                            node: key.id,
                            kind: Kind::UnknownField {
                                name: text.clone(),
                                fields,
                            },
                        },
                    );
                    continue;
                }
            }
            self.value = Some(Pending::Node(value));
            return seed
                .deserialize(Reader {
                    node: key,
                    session: self.session,
                })
                .map(Some);
        }
        match self.missing.pop() {
            Some((field, id)) => {
                self.value = Some(Pending::StandIn(id));
                seed.deserialize(field.into_deserializer()).map(Some)
            }
            None => Ok(None),
        }
    }

    fn next_value_seed<V: DeserializeSeed<'de>>(&mut self, seed: V) -> Result<V::Value, Error> {
        match self.value.take() {
            Some(Pending::Node(node)) => seed.deserialize(Reader {
                node,
                session: self.session,
            }),
            Some(Pending::StandIn(id)) => seed.deserialize(StandIn {
                id,
                session: self.session,
            }),
            None => Err(de::Error::custom("a value was asked for before its key")),
        }
    }

    fn size_hint(&self) -> Option<usize> {
        Some(self.entries.len() + self.missing.len())
    }
}

/// The stand-in for a field found missing, so the rest of its struct can
/// still be read.
struct StandIn<'a, 't> {
    id: usize,
    session: &'a Session<'t>,
}

impl<'de> de::Deserializer<'de> for StandIn<'_, '_> {
    type Error = Error;

    fn deserialize_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        let attempt = self.session.stand_in(self.id).unwrap_or_default();
        let empty = Node {
            id: self.id,
            value: Value::Mapping {
                entries: Vec::new(),
                flow: true,
            },
            span: 0..0,
            line: 0,
            column: 0,
        };
        let reader = Reader {
            node: &empty,
            session: self.session,
        };
        reader.stand_in(attempt, visitor)
    }

    fn deserialize_option<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        visitor.visit_none()
    }

    fn deserialize_enum<V: Visitor<'de>>(
        self,
        _: &'static str,
        variants: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, Error> {
        let first = variants.first().copied().unwrap_or_default();
        visitor
            .visit_enum(first.into_deserializer())
            .map_err(|e: Error| e.at(self.id))
    }

    serde::forward_to_deserialize_any! {
        bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string
        bytes byte_buf unit unit_struct newtype_struct seq tuple
        tuple_struct map struct identifier ignored_any
    }
}

/// An enum written as a one-entry mapping, `variant: value`.
struct Variant<'a, 't> {
    key: &'a Node,
    value: &'a Node,
    session: &'a Session<'t>,
}

impl<'de, 'a, 't> EnumAccess<'de> for Variant<'a, 't> {
    type Error = Error;
    type Variant = Reader<'a, 't>;

    fn variant_seed<V: DeserializeSeed<'de>>(
        self,
        seed: V,
    ) -> Result<(V::Value, Self::Variant), Error> {
        let name = seed.deserialize(Reader {
            node: self.key,
            session: self.session,
        })?;
        Ok((
            name,
            Reader {
                node: self.value,
                session: self.session,
            },
        ))
    }
}

impl<'de> VariantAccess<'de> for Reader<'_, '_> {
    type Error = Error;

    fn unit_variant(self) -> Result<(), Error> {
        Ok(())
    }

    fn newtype_variant_seed<T: DeserializeSeed<'de>>(self, seed: T) -> Result<T::Value, Error> {
        seed.deserialize(self)
    }

    fn tuple_variant<V: Visitor<'de>>(self, _: usize, visitor: V) -> Result<V::Value, Error> {
        de::Deserializer::deserialize_seq(self, visitor)
    }

    fn struct_variant<V: Visitor<'de>>(
        self,
        fields: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, Error> {
        de::Deserializer::deserialize_struct(self, "", fields, visitor)
    }
}

#[cfg(test)]
mod tests {
    use super::super::tree;
    use super::*;
    use serde::Deserialize;

    #[derive(Debug, Deserialize, PartialEq)]
    #[serde(deny_unknown_fields)]
    struct Front {
        title: String,
        #[serde(default)]
        count: Option<u32>,
        #[serde(default)]
        lines: Vec<Line>,
    }

    #[derive(Debug, Deserialize, PartialEq)]
    #[serde(deny_unknown_fields)]
    struct Line {
        name: String,
        kind: Kind2,
        amount: u32,
    }

    #[derive(Debug, Deserialize, PartialEq)]
    #[serde(rename_all = "kebab-case")]
    enum Kind2 {
        Staff,
        NonPay,
    }

    fn mistakes(yaml: &str) -> Vec<(String, Kind)> {
        let tree = tree::read(yaml).unwrap();
        let mut found: Vec<_> = read::<Front>(&tree)
            .unwrap_err()
            .into_iter()
            .map(|m| {
                let node = tree.node(m.node).unwrap();
                (yaml[node.span.clone()].to_string(), m.kind)
            })
            .collect();
        found.sort_by(|a, b| format!("{a:?}").cmp(&format!("{b:?}")));
        found
    }

    #[test]
    fn a_good_file_reads() {
        let tree =
            tree::read("title: A\ncount: 3\nlines:\n  - {name: x, kind: non-pay, amount: 7}\n")
                .unwrap();
        let front: Front = read(&tree).unwrap();
        assert_eq!(front.count, Some(3));
        assert_eq!(front.lines[0].kind, Kind2::NonPay);
    }

    #[test]
    fn every_mistake_is_found_in_one_read() {
        let yaml = "titel: A\ncount: many\nlines:\n  - {name: x, kind: stafff, amount: 7}\n  - {name: y, kind: staff, amount: D4}\n";
        let found = mistakes(yaml);
        let texts: Vec<&str> = found.iter().map(|(t, _)| t.as_str()).collect();
        assert!(texts.contains(&"titel"), "{found:?}");
        assert!(texts.contains(&"many"), "{found:?}");
        assert!(texts.contains(&"stafff"), "{found:?}");
        assert!(texts.contains(&"D4"), "{found:?}");
        // `title` is missing as well: reported at the whole mapping.
        assert!(
            found.iter().any(|(_, k)| *k == Kind::MissingField("title")),
            "{found:?}"
        );
        assert_eq!(found.len(), 5, "{found:?}");
    }

    #[test]
    fn quoted_numbers_are_text_and_text_is_not_a_number() {
        let found = mistakes("title: A\ncount: \"3\"\n");
        assert_eq!(found.len(), 1, "{found:?}");
        assert!(matches!(&found[0].1, Kind::WrongType { expected } if expected == "u32"));
    }
}
