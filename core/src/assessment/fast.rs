//! Reading a valid assessment file straight into catalogue positions.
//!
//! The general path builds an [`AssessmentDocument`](super::AssessmentDocument) (a `String` per
//! id and answer) and then looks every id up. Here ids and answers are matched against the
//! catalogue while the JSON is read, without allocating. Any problem at all makes [`read`]
//! return `None`, and the caller reads the file again the general way, which reports every
//! problem with its path; so this module never has to explain anything.

use std::fmt;

use serde::de::{DeserializeSeed, Deserializer, Error as _, MapAccess, Visitor};

use super::Answer;
use crate::catalogue::{Catalogue, CatalogueRef};
use crate::json::{StrictMap, StrictValue};

/// The parts of an assessment file, answers already in catalogue order.
pub(super) struct Read {
    pub catalogue: CatalogueRef,
    pub municipality: String,
    pub year: i32,
    pub answers: Vec<Option<Answer>>,
    pub extra: StrictMap<StrictValue>,
}

/// `Some` only for a file with no problem in its answers; header fields are checked by the caller.
pub(super) fn read(text: &str, catalogue: &Catalogue) -> Option<Read> {
    let mut de = serde_json::Deserializer::from_str(crate::json::without_bom(text));
    let read = de.deserialize_map(DocVisitor(catalogue)).ok()?;
    de.end().ok()?;
    Some(read)
}

/// A field name matched without allocating; `Other` keeps unknown names for optional fields.
pub(super) enum Key {
    Known(usize),
    Other(String),
}

pub(super) struct KeySeed<const N: usize>(pub(super) &'static [&'static str; N]);

impl<'de, const N: usize> DeserializeSeed<'de> for KeySeed<N> {
    type Value = Key;
    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Key, D::Error> {
        deserializer.deserialize_identifier(self)
    }
}

impl<const N: usize> Visitor<'_> for KeySeed<N> {
    type Value = Key;
    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a field name")
    }
    fn visit_str<E>(self, v: &str) -> Result<Key, E> {
        Ok(match self.0.iter().position(|k| *k == v) {
            Some(i) => Key::Known(i),
            None => Key::Other(v.to_owned()),
        })
    }
}

pub(super) fn insert_extra<'de, A: MapAccess<'de>>(
    map: &mut A,
    extra: &mut StrictMap<StrictValue>,
    key: String,
) -> Result<(), A::Error> {
    if extra.0.contains_key(&key) {
        return Err(A::Error::custom(format!(
            "the key {key:?} is given twice in one object"
        )));
    }
    let value: StrictValue = map.next_value()?;
    extra.0.insert(key, value);
    Ok(())
}

const ENTRY_FIELDS: &[&str; 2] = &["answer", "comment"];

/// One answer entry, `{"answer": …, "comment": …, …}`, with the answer read by a seed `S`:
/// a plain `String` for [`AnswerEntry`](super::AnswerEntry), a scale position here.
pub(super) struct EntryVisitor<S>(pub S);

impl<'de, S: DeserializeSeed<'de> + Copy> Visitor<'de> for EntryVisitor<S> {
    type Value = (S::Value, Option<String>, StrictMap<StrictValue>);

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("an object such as {\"answer\": \"fully\", \"comment\": \"…\"}")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
        let mut answer = None;
        let mut comment: Option<Option<String>> = None;
        let mut extra = StrictMap::default();
        while let Some(key) = map.next_key_seed(KeySeed(ENTRY_FIELDS))? {
            match key {
                Key::Known(0) if answer.is_some() => return Err(A::Error::duplicate_field("answer")),
                Key::Known(0) => answer = Some(map.next_value_seed(self.0)?),
                Key::Known(_) if comment.is_some() => return Err(A::Error::duplicate_field("comment")),
                Key::Known(_) => comment = Some(map.next_value()?),
                Key::Other(k) => insert_extra(&mut map, &mut extra, k)?,
            }
        }
        let answer = answer.ok_or_else(|| A::Error::missing_field("answer"))?;
        Ok((answer, comment.flatten(), extra))
    }
}

/// An answer id read as its position in the scale.
#[derive(Clone, Copy)]
struct ChoiceSeed<'c>(&'c Catalogue);

impl<'de> DeserializeSeed<'de> for ChoiceSeed<'_> {
    type Value = usize;
    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<usize, D::Error> {
        deserializer.deserialize_str(self)
    }
}

impl Visitor<'_> for ChoiceSeed<'_> {
    type Value = usize;
    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("an answer id")
    }
    fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<usize, E> {
        self.0.answer_index(v).ok_or_else(|| E::custom("unknown answer"))
    }
}

/// An indicator id read as its position in the catalogue.
struct IdSeed<'c>(&'c Catalogue);

impl<'de> DeserializeSeed<'de> for IdSeed<'_> {
    type Value = usize;
    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<usize, D::Error> {
        deserializer.deserialize_str(self)
    }
}

impl Visitor<'_> for IdSeed<'_> {
    type Value = usize;
    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("an indicator id")
    }
    fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<usize, E> {
        self.0.indicator_index(v).ok_or_else(|| E::custom("unknown indicator"))
    }
}

struct AnswersSeed<'c>(&'c Catalogue);

impl<'de> DeserializeSeed<'de> for AnswersSeed<'_> {
    type Value = Vec<Option<Answer>>;
    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Self::Value, D::Error> {
        deserializer.deserialize_map(self)
    }
}

impl<'de> Visitor<'de> for AnswersSeed<'_> {
    type Value = Vec<Option<Answer>>;
    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("answers by indicator id")
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
        let mut answers: Vec<Option<Answer>> = vec![None; self.0.indicators().len()];
        while let Some(index) = map.next_key_seed(IdSeed(self.0))? {
            if answers[index].is_some() {
                return Err(A::Error::custom("duplicate indicator"));
            }
            let (choice, comment, extra) = map.next_value_seed(EntrySeed(ChoiceSeed(self.0)))?;
            answers[index] = Some(Answer { choice, comment, extra });
        }
        Ok(answers)
    }
}

struct EntrySeed<'c>(ChoiceSeed<'c>);

impl<'de> DeserializeSeed<'de> for EntrySeed<'_> {
    type Value = (usize, Option<String>, StrictMap<StrictValue>);
    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Self::Value, D::Error> {
        deserializer.deserialize_map(EntryVisitor(self.0))
    }
}

pub(super) const DOC_FIELDS: &[&str; 4] = &["catalogue", "municipality", "year", "answers"];

struct DocVisitor<'c>(&'c Catalogue);

impl<'de> Visitor<'de> for DocVisitor<'_> {
    type Value = Read;
    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("an assessment object")
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Read, A::Error> {
        let mut catalogue = None;
        let mut municipality = None;
        let mut year = None;
        let mut answers = None;
        let mut extra = StrictMap::default();
        let twice = || A::Error::custom("duplicate field");
        while let Some(key) = map.next_key_seed(KeySeed(DOC_FIELDS))? {
            match key {
                Key::Known(0) if catalogue.is_some() => return Err(twice()),
                Key::Known(0) => catalogue = Some(map.next_value::<CatalogueRef>()?),
                Key::Known(1) if municipality.is_some() => return Err(twice()),
                Key::Known(1) => municipality = Some(map.next_value::<String>()?),
                Key::Known(2) if year.is_some() => return Err(twice()),
                Key::Known(2) => year = Some(map.next_value::<i32>()?),
                Key::Known(_) if answers.is_some() => return Err(twice()),
                Key::Known(_) => answers = Some(map.next_value_seed(AnswersSeed(self.0))?),
                Key::Other(k) => insert_extra(&mut map, &mut extra, k)?,
            }
        }
        let missing = || A::Error::custom("missing field");
        Ok(Read {
            catalogue: catalogue.ok_or_else(missing)?,
            municipality: municipality.ok_or_else(missing)?,
            year: year.ok_or_else(missing)?,
            answers: answers.ok_or_else(missing)?,
            extra,
        })
    }
}
