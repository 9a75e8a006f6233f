//! Exact non-negative fractions for weights, colour bands, means and flower scores.
//!
//! Band edges such as 7/3 are hit exactly by many real assessments; deciding a colour in
//! floating point would misplace those, so every score is kept as a reduced ratio of integers
//! and converted to `f64` only for output.

use std::cmp::Ordering;
use std::fmt;
use std::str::FromStr;

/// A reduced, non-negative fraction `num / den` with `den > 0`.
///
/// Catalogue validation bounds every denominator that scoring can produce below 2^40 and
/// every numerator below 2^53, so conversions to `f64` are correctly rounded (a single IEEE
/// division of two exactly representable integers) and products never overflow `i128`.
///
/// ```
/// use eblomlada::Fraction;
/// let seven_thirds: Fraction = "7/3".parse().unwrap();
/// let score = Fraction::new(28, 12).unwrap();
/// assert_eq!(score, seven_thirds);
/// assert_eq!(score.to_string(), "7/3");
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Fraction {
    num: u64,
    den: u64,
}

fn gcd(mut a: u128, mut b: u128) -> u128 {
    while b != 0 {
        (a, b) = (b, a % b);
    }
    a
}

impl Fraction {
    /// Zero.
    pub const ZERO: Fraction = Fraction { num: 0, den: 1 };
    /// One.
    pub const ONE: Fraction = Fraction { num: 1, den: 1 };

    /// `num / den` reduced; `None` when `den` is zero.
    pub fn new(num: u64, den: u64) -> Option<Fraction> {
        Self::reduce(u128::from(num), u128::from(den))
    }

    /// A whole number.
    pub const fn integer(n: u64) -> Fraction {
        Fraction { num: n, den: 1 }
    }

    fn reduce(num: u128, den: u128) -> Option<Fraction> {
        if den == 0 {
            return None;
        }
        let g = gcd(num, den).max(1);
        Some(Fraction {
            num: u64::try_from(num / g).ok()?,
            den: u64::try_from(den / g).ok()?,
        })
    }

    /// The numerator (after reduction).
    pub const fn numer(self) -> u64 {
        self.num
    }

    /// The denominator (after reduction), never zero.
    pub const fn denom(self) -> u64 {
        self.den
    }

    /// Exact sum; `None` only if the reduced result does not fit in 64 bits.
    pub fn checked_add(self, other: Fraction) -> Option<Fraction> {
        let num = u128::from(self.num) * u128::from(other.den) + u128::from(other.num) * u128::from(self.den);
        Self::reduce(num, u128::from(self.den) * u128::from(other.den))
    }

    /// Exact product; `None` only if the reduced result does not fit in 64 bits.
    pub fn checked_mul(self, other: Fraction) -> Option<Fraction> {
        Self::reduce(
            u128::from(self.num) * u128::from(other.num),
            u128::from(self.den) * u128::from(other.den),
        )
    }

    /// The nearest `f64`. Exact to the last bit while numerator and denominator stay below
    /// 2^53, which catalogue validation guarantees for every score.
    pub fn to_f64(self) -> f64 {
        self.num as f64 / self.den as f64
    }
}

impl Default for Fraction {
    fn default() -> Self {
        Fraction::ZERO
    }
}

impl Ord for Fraction {
    fn cmp(&self, other: &Self) -> Ordering {
        (u128::from(self.num) * u128::from(other.den)).cmp(&(u128::from(other.num) * u128::from(self.den)))
    }
}

impl PartialOrd for Fraction {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl fmt::Display for Fraction {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.den == 1 {
            write!(f, "{}", self.num)
        } else {
            write!(f, "{}/{}", self.num, self.den)
        }
    }
}

/// Why a text is not a fraction.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("expected a fraction such as \"1/4\", \"7/3\" or \"1\", found {0:?}")]
pub struct ParseFractionError(pub String);

impl FromStr for Fraction {
    type Err = ParseFractionError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let err = || ParseFractionError(s.to_owned());
        let digits = |t: &str| -> Result<u64, ParseFractionError> {
            if t.is_empty() || t.len() > 15 || !t.bytes().all(|b| b.is_ascii_digit()) {
                return Err(err());
            }
            t.parse().map_err(|_| err())
        };
        let (n, d) = match s.split_once('/') {
            Some((n, d)) => (digits(n)?, digits(d)?),
            None => (digits(s)?, 1),
        };
        Fraction::new(n, d).ok_or_else(err)
    }
}

impl serde::Serialize for Fraction {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

impl<'de> serde::Deserialize<'de> for Fraction {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct V;
        impl serde::de::Visitor<'_> for V {
            type Value = Fraction;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a fraction as a string, such as \"1/4\" or \"7/3\"")
            }
            fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<Fraction, E> {
                v.parse().map_err(E::custom)
            }
        }
        deserializer.deserialize_str(V)
    }
}

impl schemars::JsonSchema for Fraction {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "Fraction".into()
    }

    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        schemars::json_schema!({
            "type": "string",
            "pattern": "^[0-9]{1,15}(/[0-9]{1,15})?$",
            "description": "An exact non-negative fraction written as \"numerator/denominator\" or a whole number, e.g. \"1/4\", \"7/3\", \"1\".",
            "examples": ["1/4", "7/3", "1"]
        })
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn parses_and_reduces() {
        assert_eq!("14/6".parse::<Fraction>().unwrap().to_string(), "7/3");
        assert_eq!("4/2".parse::<Fraction>().unwrap().to_string(), "2");
        assert_eq!("0/5".parse::<Fraction>().unwrap(), Fraction::ZERO);
    }

    #[test]
    fn rejects_malformed() {
        for bad in [
            "",
            "/",
            "1/",
            "/3",
            "1/0",
            "-1/3",
            "1.5",
            " 1/3",
            "1/3/4",
            "a/b",
            "9999999999999999",
        ] {
            assert!(bad.parse::<Fraction>().is_err(), "{bad:?} should not parse");
        }
    }

    #[test]
    fn orders_exactly_at_band_edges() {
        let edge: Fraction = "7/3".parse().unwrap();
        // (2*14/6 + 78/34 + 23/10)/4 would be computed via floats as slightly below or above 7/3.
        let just_below = Fraction::new(699_999, 300_000).unwrap();
        assert!(just_below < edge);
        assert_eq!(Fraction::new(70, 30).unwrap().cmp(&edge), Ordering::Equal);
    }

    #[test]
    fn arithmetic_is_exact() {
        let a = Fraction::new(1, 3).unwrap();
        let b = Fraction::new(1, 6).unwrap();
        assert_eq!(a.checked_add(b).unwrap(), Fraction::new(1, 2).unwrap());
        assert_eq!(a.checked_mul(b).unwrap(), Fraction::new(1, 18).unwrap());
        assert_eq!(Fraction::new(1, 3).unwrap().to_f64(), 1.0 / 3.0);
    }
}
