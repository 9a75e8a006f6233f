//! Strict JSON reading shared by catalogues and assessments.
//!
//! serde_json silently keeps the last of two equal keys in an object; our contract says a key
//! given twice is an error, so every map we read goes through a duplicate-checking visitor.
//! Errors become [`Problem`]s with a JSON path (from `serde_path_to_error`) and the line and
//! column serde_json knows.

use std::collections::BTreeMap;
use std::fmt;
use std::marker::PhantomData;

use serde::de::{self, DeserializeOwned, MapAccess, SeqAccess, Visitor};
use serde::{Deserialize, Deserializer, Serialize};
use serde_json::Value;

use crate::error::Problem;

/// Appends `key` to a JSON path, in dotted form where the key is a plain identifier.
pub fn push_key(path: &str, key: &str) -> String {
    let plain = !key.is_empty()
        && key.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-')
        && !key.as_bytes()[0].is_ascii_digit();
    if plain {
        format!("{path}.{key}")
    } else {
        format!("{path}[{}]", Value::String(key.to_owned()))
    }
}

/// Appends an array index to a JSON path.
pub fn push_index(path: &str, index: usize) -> String {
    format!("{path}[{index}]")
}

fn render_path(path: &serde_path_to_error::Path) -> String {
    use serde_path_to_error::Segment;
    let mut out = String::from("$");
    for segment in path.iter() {
        out = match segment {
            Segment::Seq { index } => push_index(&out, *index),
            Segment::Map { key } => push_key(&out, key),
            Segment::Enum { variant } => push_key(&out, variant),
            Segment::Unknown => out,
        };
    }
    out
}

/// `text` without a leading byte order mark: Windows editors and Excel write one, and RFC 8259
/// lets a parser ignore it, so a file saved on a municipal desktop still reads.
pub fn without_bom(text: &str) -> &str {
    text.strip_prefix('\u{feff}').unwrap_or(text)
}

/// Checks that `bytes` are UTF-8, naming the line and column of the first bad byte.
pub fn text_from_bytes(bytes: &[u8]) -> Result<&str, Problem> {
    std::str::from_utf8(bytes).map_err(|e| {
        let good = &bytes[..e.valid_up_to()];
        let line = good.iter().filter(|&&b| b == b'\n').count() + 1;
        let line_start = good.iter().rposition(|&b| b == b'\n').map_or(0, |i| i + 1);
        let column = String::from_utf8_lossy(&good[line_start..]).chars().count() + 1;
        Problem {
            line: Some(line),
            column: Some(column),
            ..Problem::error(
                "$",
                format!(
                    "the file is not valid UTF-8 (bad byte at offset {}){}",
                    e.valid_up_to(),
                    cp1252_hint(&bytes[e.valid_up_to()..])
                ),
            )
        }
    })
}

/// A hint for text saved by Excel or Notepad as Windows-1252 (what they call "ANSI" or plain
/// "CSV"): there the Swedish letters å ä ö Å Ä Ö é are single bytes that UTF-8 refuses.
fn cp1252_hint(bad: &[u8]) -> &'static str {
    let lone = |b: u8| matches!(b, 0xe5 | 0xe4 | 0xf6 | 0xc5 | 0xc4 | 0xd6 | 0xe9 | 0xc9);
    match bad {
        [b, rest @ ..] if lone(*b) && rest.first().is_none_or(|n| n & 0xc0 != 0x80) => {
            "; it looks like Windows-1252 (Excel's \"CSV\", Notepad's \"ANSI\"): save as UTF-8 (in Excel: \"CSV UTF-8\")"
        }
        _ => "; save as UTF-8",
    }
}

/// Parses `text` into `T`, reporting the first syntax or shape error with its JSON path,
/// line and column.
pub fn from_str<T: DeserializeOwned>(text: &str) -> Result<T, Problem> {
    let text = without_bom(text);
    // Fast path first; path tracking allocates per key, so it only runs again to explain a failure.
    if let Ok(value) = serde_json::from_str(text) {
        return Ok(value);
    }
    // The mark is already gone: exactly one is accepted, a second is an error.
    tracked(text)
}

/// [`from_str`] without the fast path: for documents read rarely (catalogues), where a second
/// copy of the reading code would only make the WebAssembly build bigger.
pub fn from_str_tracked<T: DeserializeOwned>(text: &str) -> Result<T, Problem> {
    tracked(without_bom(text))
}

fn tracked<T: DeserializeOwned>(text: &str) -> Result<T, Problem> {
    if text.starts_with('\u{feff}') {
        return Err(Problem {
            line: Some(1),
            column: Some(1),
            ..Problem::error(
                "$",
                "a second byte order mark; expected at most one at the start of the file",
            )
        });
    }
    if text.trim().is_empty() {
        return Err(Problem::error("$", "the document is empty; expected a JSON object"));
    }
    let mut de = serde_json::Deserializer::from_str(text);
    let value =
        serde_path_to_error::deserialize(&mut de).map_err(|err| to_problem(render_path(err.path()), err.inner()))?;
    de.end().map_err(|err| to_problem("$".to_owned(), &err))?;
    Ok(value)
}

fn to_problem(path: String, inner: &serde_json::Error) -> Problem {
    let message = match inner.classify() {
        serde_json::error::Category::Eof => "the document ends too early (truncated JSON?)".to_owned(),
        _ => strip_position(&inner.to_string()),
    };
    Problem {
        line: (inner.line() > 0).then_some(inner.line()),
        column: (inner.line() > 0).then_some(inner.column()),
        ..Problem::error(path, message)
    }
}

/// serde_json appends " at line L column C"; we report those separately.
fn strip_position(message: &str) -> String {
    match message.rfind(" at line ") {
        Some(i) => message[..i].to_owned(),
        None => message.to_owned(),
    }
}

/// A JSON value read with duplicate keys rejected at any depth.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(transparent)]
pub struct StrictValue(pub Value);

impl<'de> Deserialize<'de> for StrictValue {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(StrictValueVisitor).map(StrictValue)
    }
}

struct StrictValueVisitor;

impl<'de> Visitor<'de> for StrictValueVisitor {
    type Value = Value;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("any JSON value")
    }
    fn visit_bool<E>(self, v: bool) -> Result<Value, E> {
        Ok(Value::Bool(v))
    }
    fn visit_i64<E>(self, v: i64) -> Result<Value, E> {
        Ok(Value::from(v))
    }
    fn visit_u64<E>(self, v: u64) -> Result<Value, E> {
        Ok(Value::from(v))
    }
    fn visit_f64<E>(self, v: f64) -> Result<Value, E> {
        Ok(serde_json::Number::from_f64(v).map_or(Value::Null, Value::Number))
    }
    fn visit_str<E>(self, v: &str) -> Result<Value, E> {
        Ok(Value::String(v.to_owned()))
    }
    fn visit_string<E>(self, v: String) -> Result<Value, E> {
        Ok(Value::String(v))
    }
    fn visit_unit<E>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }
    fn visit_none<E>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Value, A::Error> {
        let mut items = Vec::new();
        while let Some(StrictValue(v)) = seq.next_element()? {
            items.push(v);
        }
        Ok(Value::Array(items))
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Value, A::Error> {
        let mut out = serde_json::Map::new();
        let mut first = true;
        while let Some(key) = map.next_key::<String>()? {
            // serde_json (feature `arbitrary_precision`) hands a number over as a one-entry map
            // holding its text, so that 18446744073709551616 or 0.1000000000000000055 are kept
            // exactly as written.
            if first && key == NUMBER_TOKEN {
                let text: String = map.next_value()?;
                return text
                    .parse::<serde_json::Number>()
                    .map(Value::Number)
                    .map_err(de::Error::custom);
            }
            first = false;
            if out.contains_key(&key) {
                return Err(de::Error::custom(format!(
                    "the key {key:?} is given twice in one object"
                )));
            }
            let StrictValue(value) = map.next_value()?;
            out.insert(key, value);
        }
        Ok(Value::Object(out))
    }
}

/// The key serde_json gives a number read with `arbitrary_precision` (see `visit_map` above).
const NUMBER_TOKEN: &str = "$serde_json::private::Number";

/// A JSON object read into a sorted map, with a key given twice rejected.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(transparent)]
pub struct StrictMap<V>(pub BTreeMap<String, V>);

impl<V> Default for StrictMap<V> {
    fn default() -> Self {
        StrictMap(BTreeMap::new())
    }
}

impl<'de, V: Deserialize<'de>> Deserialize<'de> for StrictMap<V> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_map(StrictMapVisitor(PhantomData))
    }
}

struct StrictMapVisitor<V>(PhantomData<V>);

impl<'de, V: Deserialize<'de>> Visitor<'de> for StrictMapVisitor<V> {
    type Value = StrictMap<V>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a JSON object")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
        let mut out = BTreeMap::new();
        while let Some(key) = map.next_key::<String>()? {
            if out.contains_key(&key) {
                return Err(de::Error::custom(format!(
                    "the key {key:?} is given twice in one object"
                )));
            }
            let value = map.next_value_seed(PhantomData::<V>)?;
            out.insert(key, value);
        }
        Ok(StrictMap(out))
    }
}

impl<V: schemars::JsonSchema> schemars::JsonSchema for StrictMap<V> {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        <BTreeMap<String, V>>::schema_name()
    }
    fn json_schema(generator: &mut schemars::SchemaGenerator) -> schemars::Schema {
        <BTreeMap<String, V>>::json_schema(generator)
    }
}

impl schemars::JsonSchema for StrictValue {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "AnyValue".into()
    }
    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        schemars::json_schema!(true)
    }
}

/// Keys in a fixed order (catalogue order, scale order) serialised as one JSON object.
#[derive(Debug, Clone, PartialEq)]
pub struct OrderedMap<V>(pub Vec<(String, V)>);

impl<V> Default for OrderedMap<V> {
    fn default() -> Self {
        OrderedMap(Vec::new())
    }
}

impl<V> OrderedMap<V> {
    /// The value under `key`.
    pub fn get(&self, key: &str) -> Option<&V> {
        self.0.iter().find(|(k, _)| k == key).map(|(_, v)| v)
    }

    /// Keys and values in order.
    pub fn iter(&self) -> impl Iterator<Item = (&str, &V)> {
        self.0.iter().map(|(k, v)| (k.as_str(), v))
    }

    /// Number of entries.
    pub fn len(&self) -> usize {
        self.0.len()
    }

    /// Whether there are no entries.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

impl<V> std::ops::Index<&str> for OrderedMap<V> {
    type Output = V;
    /// Panics when the key is absent, like `HashMap`'s index; use [`OrderedMap::get`] otherwise.
    fn index(&self, key: &str) -> &V {
        match self.get(key) {
            Some(v) => v,
            None => panic!("no entry {key:?} in this map"),
        }
    }
}

impl<'de, V: Deserialize<'de>> Deserialize<'de> for OrderedMap<V> {
    /// Keeps the document's order and rejects a key given twice.
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct V<T>(PhantomData<T>);
        impl<'de, T: Deserialize<'de>> Visitor<'de> for V<T> {
            type Value = OrderedMap<T>;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a JSON object")
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
                let mut out: Vec<(String, T)> = Vec::with_capacity(map.size_hint().unwrap_or(0).min(4096));
                while let Some(key) = map.next_key::<String>()? {
                    // Objects are small: a linear scan beats hashing up to a few dozen keys, and
                    // past that we check once at the end by sorting.
                    if out.len() < 32 && out.iter().any(|(k, _)| *k == key) {
                        return Err(de::Error::custom(format!(
                            "the key {key:?} is given twice in one object"
                        )));
                    }
                    let value = map.next_value_seed(PhantomData::<T>)?;
                    out.push((key, value));
                }
                if out.len() > 32 {
                    let mut keys: Vec<&str> = out.iter().map(|(k, _)| k.as_str()).collect();
                    keys.sort_unstable();
                    if let Some(pair) = keys.windows(2).find(|w| w[0] == w[1]) {
                        return Err(de::Error::custom(format!(
                            "the key {:?} is given twice in one object",
                            pair[0]
                        )));
                    }
                }
                Ok(OrderedMap(out))
            }
        }
        deserializer.deserialize_map(V(PhantomData))
    }
}

impl<V: Serialize> Serialize for OrderedMap<V> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_map(self.0.iter().map(|(k, v)| (k, v)))
    }
}

impl<V: schemars::JsonSchema> schemars::JsonSchema for OrderedMap<V> {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        <BTreeMap<String, V>>::schema_name()
    }
    fn json_schema(generator: &mut schemars::SchemaGenerator) -> schemars::Schema {
        <BTreeMap<String, V>>::json_schema(generator)
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[derive(Debug, Deserialize)]
    #[allow(dead_code)]
    struct Doc {
        items: StrictMap<StrictMap<u32>>,
    }

    #[test]
    fn duplicate_key_is_reported_with_path_and_line() {
        let problem = from_str::<Doc>("{\"items\": {\"a\": {\"x\": 1},\n \"a\": {}}}").unwrap_err();
        assert_eq!(problem.path, "$.items");
        assert!(problem.message.contains("\"a\" is given twice"), "{}", problem.message);
        assert_eq!(problem.line, Some(2));
    }

    #[test]
    fn nested_duplicate_in_strict_value() {
        let problem = from_str::<StrictValue>("{\"a\": [{\"b\": 1, \"b\": 2}]}").unwrap_err();
        assert!(problem.message.contains("\"b\" is given twice"));
    }

    #[test]
    fn type_errors_name_the_path() {
        let problem = from_str::<Doc>("{\"items\": {\"odd key\": {\"x\": \"one\"}}}").unwrap_err();
        assert_eq!(problem.path, "$.items[\"odd key\"].x");
        assert!(problem.message.contains("expected u32"), "{}", problem.message);
    }

    #[test]
    fn empty_truncated_and_trailing() {
        assert!(from_str::<Doc>("").unwrap_err().message.contains("empty"));
        assert!(from_str::<Doc>("{\"items\": {")
            .unwrap_err()
            .message
            .contains("ends too early"));
        assert!(from_str::<Doc>("{\"items\": {}} x")
            .unwrap_err()
            .message
            .contains("trailing"));
    }

    #[test]
    fn exactly_one_byte_order_mark_is_accepted() {
        for bad in [
            "\u{feff}\u{feff}{\"items\": {}}",
            "\u{feff}\u{feff}\u{feff}{\"items\": {}}",
        ] {
            let problem = from_str::<Doc>(bad).unwrap_err();
            assert!(problem.message.contains("second byte order mark"), "{problem}");
            let problem = from_str_tracked::<Doc>(bad).unwrap_err();
            assert!(problem.message.contains("second byte order mark"), "{problem}");
        }
    }

    #[test]
    fn a_byte_order_mark_is_ignored() {
        let doc: Doc = from_str("\u{feff}{\"items\": {}}").unwrap();
        assert!(doc.items.0.is_empty());
        let doc: Doc = from_str_tracked("\u{feff}{\"items\": {}}").unwrap();
        assert!(doc.items.0.is_empty());
    }

    #[test]
    fn invalid_utf8_names_line_and_column() {
        let problem = text_from_bytes(b"{\n  \"a\": \"\xff\"}").unwrap_err();
        assert_eq!((problem.line, problem.column), (Some(2), Some(9)));
    }
}
