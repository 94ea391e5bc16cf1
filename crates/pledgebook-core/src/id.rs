//! Typed record ids: an `Id<Organisation>` cannot be passed where an
//! `Id<Commitment>` is expected, yet both are the same integer on the wire and
//! in the database, so URLs and API ids stay stable and short.

use std::fmt;
use std::marker::PhantomData;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// The id of a stored record of type `T`.
pub struct Id<T> {
    raw: i64,
    _type: PhantomData<fn() -> T>,
}

impl<T> Id<T> {
    pub const fn new(raw: i64) -> Self {
        Self { raw, _type: PhantomData }
    }

    pub const fn get(self) -> i64 {
        self.raw
    }
}

impl<T> Clone for Id<T> {
    fn clone(&self) -> Self {
        *self
    }
}
impl<T> Copy for Id<T> {}
impl<T> PartialEq for Id<T> {
    fn eq(&self, other: &Self) -> bool {
        self.raw == other.raw
    }
}
impl<T> Eq for Id<T> {}
impl<T> PartialOrd for Id<T> {
    fn partial_cmp(&self, other: &Self) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}
impl<T> Ord for Id<T> {
    fn cmp(&self, other: &Self) -> std::cmp::Ordering {
        self.raw.cmp(&other.raw)
    }
}
impl<T> std::hash::Hash for Id<T> {
    fn hash<H: std::hash::Hasher>(&self, state: &mut H) {
        self.raw.hash(state);
    }
}
impl<T> fmt::Debug for Id<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "#{}", self.raw)
    }
}
impl<T> fmt::Display for Id<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.raw)
    }
}
impl<T> Serialize for Id<T> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_i64(self.raw)
    }
}
/// The API schema of every [`Id`]: a positive integer below 2^32, whatever it
/// names. Fields of type `Id<T>` point to it with `#[schema(value_type = IdSchema)]`,
/// because the derive would otherwise take `T` for a generic to compose.
#[derive(Debug)]
pub struct IdSchema;

impl utoipa::PartialSchema for IdSchema {
    fn schema() -> utoipa::openapi::RefOr<utoipa::openapi::schema::Schema> {
        use utoipa::openapi::schema::{KnownFormat, ObjectBuilder, SchemaFormat, Type};
        ObjectBuilder::new()
            .schema_type(Type::Integer)
            .format(Some(SchemaFormat::KnownFormat(KnownFormat::Int64)))
            .minimum(Some(1))
            // The bound of the lists' `after`; well past any real store,
            // and exact in every JSON reader's floating point.
            .maximum(Some(u32::MAX))
            .into()
    }
}
impl utoipa::ToSchema for IdSchema {
    fn name() -> std::borrow::Cow<'static, str> {
        "Id".into()
    }
}
/// Reads an integer, or a number with no fraction (`5.0`): JSON has one
/// number type, and some clients write every number as a float.
impl<'de, T> Deserialize<'de> for Id<T> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct Whole;
        impl serde::de::Visitor<'_> for Whole {
            type Value = i64;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("an id (a whole number)")
            }
            fn visit_i64<E: serde::de::Error>(self, v: i64) -> Result<i64, E> {
                Ok(v)
            }
            fn visit_u64<E: serde::de::Error>(self, v: u64) -> Result<i64, E> {
                i64::try_from(v).map_err(|_| E::custom(format!("{v} is too large for an id")))
            }
            fn visit_f64<E: serde::de::Error>(self, v: f64) -> Result<i64, E> {
                // i64::MAX as f64 rounds up to 2^63, so the bound is exclusive.
                if v.fract() == 0.0 && v >= i64::MIN as f64 && v < i64::MAX as f64 {
                    Ok(v as i64)
                } else {
                    Err(E::custom(format!("{v} is not a whole number")))
                }
            }
        }
        d.deserialize_i64(Whole).map(Id::new)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_id_is_read_from_a_whole_number_written_as_a_float() {
        let id: Id<()> = serde_json::from_str("262145.0").unwrap();
        assert_eq!(id.get(), 262145);
        assert!(serde_json::from_str::<Id<()>>("1.5").unwrap_err().to_string().contains("not a whole number"));
        assert!(serde_json::from_str::<Id<()>>("\"7\"").is_err());
    }
}
