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

/// Stein's algorithm: shifts and subtractions instead of divisions.
fn binary_gcd(mut a: u64, mut b: u64) -> u64 {
    if a == 0 || b == 0 {
        return a | b;
    }
    let shift = (a | b).trailing_zeros();
    a >>= a.trailing_zeros();
    loop {
        b >>= b.trailing_zeros();
        if a > b {
            std::mem::swap(&mut a, &mut b);
        }
        b -= a;
        if b == 0 {
            return a << shift;
        }
    }
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

    pub(crate) fn reduce(num: u128, den: u128) -> Option<Fraction> {
        if den == 0 {
            return None;
        }
        // Scores stay far below 2^64: 64-bit arithmetic there, which is several times faster
        // than 128-bit division (a bulk score table reduces millions of fractions).
        if let (Ok(n), Ok(d)) = (u64::try_from(num), u64::try_from(den)) {
            let g = binary_gcd(n, d).max(1);
            return Some(Fraction { num: n / g, den: d / g });
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

/// An exact non-negative fraction of any size, for figures summed over many assessments
/// (`*_exact` in compilations and comparisons): the mean of 44 level means with 1 … 44
/// answered indicators has a denominator beyond 64 bits. Arithmetic starts on [`Fraction`]'s
/// fixed-width path and moves to big integers (`num-rational` over `num-bigint`) only when a
/// result does not fit, so a single assessment's figures never allocate.
///
/// Written as `"numerator/denominator"` (or a whole number), like [`Fraction`], with as many
/// digits as it takes.
///
/// ```
/// use eblomlada::fraction::BigFraction;
/// use eblomlada::Fraction;
/// let mut sum = BigFraction::from(Fraction::ZERO);
/// for k in 1..=44u64 {
///     sum = sum.add(&BigFraction::from(Fraction::new(1, k).unwrap()));
/// }
/// let mean = sum.mul(&Fraction::new(1, 44).unwrap().into());
/// assert_eq!(mean.to_string(), "5884182435213075787/59208839855329507200");
/// assert!(mean.to_fraction().is_none()); // beyond 64 bits
/// assert_eq!(mean.to_f64(), 0.09938013393929773);
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct BigFraction(Repr);

#[derive(Debug, Clone, PartialEq, Eq, Hash)]
enum Repr {
    Small(Fraction),
    // Always reduced and never representable as `Small`, so equality stays structural.
    Big(num_rational::Ratio<num_bigint::BigUint>),
}

impl From<Fraction> for BigFraction {
    fn from(f: Fraction) -> Self {
        BigFraction(Repr::Small(f))
    }
}

impl BigFraction {
    fn from_ratio(r: num_rational::Ratio<num_bigint::BigUint>) -> BigFraction {
        use num_traits::ToPrimitive;
        match (r.numer().to_u64(), r.denom().to_u64()) {
            (Some(n), Some(d)) => Fraction::new(n, d).map_or(BigFraction(Repr::Big(r)), BigFraction::from),
            _ => BigFraction(Repr::Big(r)),
        }
    }

    fn ratio(&self) -> num_rational::Ratio<num_bigint::BigUint> {
        match &self.0 {
            Repr::Small(f) => num_rational::Ratio::new_raw(f.numer().into(), f.denom().into()),
            Repr::Big(r) => r.clone(),
        }
    }

    /// `num / den` reduced; `None` when `den` is zero.
    pub fn new(num: u128, den: u128) -> Option<BigFraction> {
        if den == 0 {
            return None;
        }
        if let Some(f) = Fraction::reduce(num, den) {
            return Some(f.into());
        }
        Some(Self::from_ratio(num_rational::Ratio::new(num.into(), den.into())))
    }

    /// The fixed-width fraction, when it fits.
    pub fn to_fraction(&self) -> Option<Fraction> {
        match &self.0 {
            Repr::Small(f) => Some(*f),
            Repr::Big(_) => None,
        }
    }

    /// Exact sum.
    #[must_use]
    pub fn add(&self, other: &BigFraction) -> BigFraction {
        if let (Repr::Small(a), Repr::Small(b)) = (&self.0, &other.0) {
            if let Some(sum) = a.checked_add(*b) {
                return sum.into();
            }
        }
        Self::from_ratio(self.ratio() + other.ratio())
    }

    /// Exact product.
    #[must_use]
    pub fn mul(&self, other: &BigFraction) -> BigFraction {
        if let (Repr::Small(a), Repr::Small(b)) = (&self.0, &other.0) {
            if let Some(product) = a.checked_mul(*b) {
                return product.into();
            }
        }
        Self::from_ratio(self.ratio() * other.ratio())
    }

    /// `self − other` as the nearest `f64`, computed exactly first (the sign is kept).
    pub fn difference(&self, other: &BigFraction) -> f64 {
        match self.cmp(other) {
            Ordering::Less => -Self::from_ratio(other.ratio() - self.ratio()).to_f64(),
            _ => Self::from_ratio(self.ratio() - other.ratio()).to_f64(),
        }
    }

    /// The nearest `f64`, correctly rounded (half to even), as Python's `float(Fraction)`.
    pub fn to_f64(&self) -> f64 {
        match &self.0 {
            Repr::Small(f) if f.numer() < 1 << 53 && f.denom() < 1 << 53 => f.to_f64(),
            Repr::Small(f) => big_to_f64(&f.numer().into(), &f.denom().into()),
            Repr::Big(r) => big_to_f64(r.numer(), r.denom()),
        }
    }
}

/// `n / d` correctly rounded: a quotient of at least 55 bits with a sticky bit for any
/// remainder, so the one rounding of `u64 → f64` is the right one, then scaled by 2^e exactly.
fn big_to_f64(n: &num_bigint::BigUint, d: &num_bigint::BigUint) -> f64 {
    use num_traits::{ToPrimitive, Zero};
    if n.is_zero() {
        return 0.0;
    }
    let e = i64::try_from(n.bits()).unwrap_or(i64::MAX) - i64::try_from(d.bits()).unwrap_or(i64::MAX) - 55;
    let (q, r) = if e >= 0 {
        let scaled = d << usize::try_from(e).unwrap_or(0);
        (n / &scaled, n % &scaled)
    } else {
        let scaled = n << usize::try_from(-e).unwrap_or(0);
        (&scaled / d, &scaled % d)
    };
    let q = q.to_u64().unwrap_or(u64::MAX) | u64::from(!r.is_zero());
    let mut value = q as f64;
    // 2^e in steps that stay within f64's exponent range.
    let mut e = e;
    while e != 0 {
        let step = e.clamp(-1000, 1000);
        value *= 2f64.powi(i32::try_from(step).unwrap_or(0));
        e -= step;
    }
    value
}

impl Ord for BigFraction {
    fn cmp(&self, other: &Self) -> Ordering {
        match (&self.0, &other.0) {
            (Repr::Small(a), Repr::Small(b)) => a.cmp(b),
            _ => self.ratio().cmp(&other.ratio()),
        }
    }
}

impl PartialOrd for BigFraction {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl fmt::Display for BigFraction {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.0 {
            Repr::Small(x) => x.fmt(f),
            Repr::Big(r) if *r.denom() == num_bigint::BigUint::from(1u8) => write!(f, "{}", r.numer()),
            Repr::Big(r) => write!(f, "{}/{}", r.numer(), r.denom()),
        }
    }
}

impl FromStr for BigFraction {
    type Err = ParseFractionError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let err = || ParseFractionError(s.to_owned());
        let digits = |t: &str| -> Result<num_bigint::BigUint, ParseFractionError> {
            if t.is_empty() || !t.bytes().all(|b| b.is_ascii_digit()) {
                return Err(err());
            }
            t.parse().map_err(|_| err())
        };
        let (n, d) = match s.split_once('/') {
            Some((n, d)) => (digits(n)?, digits(d)?),
            None => (digits(s)?, 1u8.into()),
        };
        if d == num_bigint::BigUint::from(0u8) {
            return Err(err());
        }
        Ok(Self::from_ratio(num_rational::Ratio::new(n, d)))
    }
}

impl serde::Serialize for BigFraction {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

impl<'de> serde::Deserialize<'de> for BigFraction {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct V;
        impl serde::de::Visitor<'_> for V {
            type Value = BigFraction;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a fraction as a string, such as \"1/4\" or \"7/3\"")
            }
            fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<BigFraction, E> {
                v.parse().map_err(E::custom)
            }
        }
        deserializer.deserialize_str(V)
    }
}

impl schemars::JsonSchema for BigFraction {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "ExactFraction".into()
    }

    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        schemars::json_schema!({
            "type": "string",
            "pattern": "^[0-9]+(/[0-9]+)?$",
            "description": "An exact non-negative fraction of any size written as \"numerator/denominator\" or a whole number, e.g. \"1/4\", \"5884182435213075787/59208839855329507200\".",
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

    #[test]
    fn big_fractions_round_like_python() {
        // Values computed with Python's fractions.Fraction and float().
        let cases = [
            ("5884182435213075787/59208839855329507200", 0.09938013393929773),
            ("1/3", 1.0 / 3.0),
            ("18446744073709551617/18446744073709551616", 1.0),
            ("36893488147419103231/36893488147419103232", 1.0),
            ("9007199254740993/1", 9007199254740992.0),
            ("9007199254740995/1", 9007199254740996.0),
        ];
        for (text, expected) in cases {
            let f: BigFraction = text.parse().unwrap();
            assert_eq!(f.to_f64(), expected, "{text}");
            assert_eq!(f.to_string(), text.trim_end_matches("/1"), "{text}");
        }
        let a: BigFraction = "1/18446744073709551616".parse().unwrap();
        assert!(a.to_fraction().is_none());
        assert_eq!(a.add(&a).to_string(), "1/9223372036854775808");
        assert_eq!(a.add(&a).to_fraction(), Fraction::new(1, 1 << 63));
        assert!(a < BigFraction::from(Fraction::new(1, u64::MAX).unwrap()));
        assert_eq!(BigFraction::from(Fraction::ZERO).difference(&a), -a.to_f64());
    }
}

#[cfg(test)]
mod properties {
    use super::*;

    proptest::proptest! {
        /// The 64-bit path reduces as the 128-bit one does.
        #[test]
        fn binary_gcd_is_euclid(a in proptest::prelude::any::<u64>(), b in proptest::prelude::any::<u64>(), small in 0u64..1000) {
            for (a, b) in [(a, b), (a % 1000, small), (0, b), (a, 0)] {
                proptest::prop_assert_eq!(u128::from(binary_gcd(a, b)), gcd(u128::from(a), u128::from(b)));
            }
        }
    }
}
