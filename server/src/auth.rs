//! Secrets: passwords (argon2id), random tokens and their stored hashes, the session cookie.

use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use argon2::Argon2;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;
use sha2::{Digest, Sha256};

/// Name of the session cookie.
pub const COOKIE: &str = "eblom_session";

/// A fresh random token of 256 bits, URL-safe base64.
pub fn token() -> String {
    let mut bytes = [0u8; 32];
    // The operating system's generator does not fail on the systems the service runs on; if
    // it ever did, a panic here (caught per request by the server) is better than a weak token.
    #[allow(clippy::expect_used)]
    getrandom::fill(&mut bytes).expect("the operating system's random generator");
    URL_SAFE_NO_PAD.encode(bytes)
}

/// How a token is stored: its SHA-256, hex. A token has 256 random bits, so a fast hash is
/// enough (there is nothing to guess), and a stolen database holds no usable token.
pub fn token_hash(token: &str) -> String {
    let digest = Sha256::digest(token.as_bytes());
    digest.iter().map(|b| format!("{b:02x}")).collect()
}

/// An argon2id PHC string of the password (default parameters: 19 MiB, 2 passes).
pub fn hash_password(password: &str) -> Result<String, argon2::password_hash::Error> {
    let mut salt = [0u8; 16];
    getrandom::fill(&mut salt).map_err(|_| argon2::password_hash::Error::Crypto)?;
    let salt = SaltString::encode_b64(&salt)?;
    Ok(Argon2::default().hash_password(password.as_bytes(), &salt)?.to_string())
}

/// Whether the password matches the stored PHC string.
pub fn verify_password(password: &str, phc: &str) -> bool {
    PasswordHash::new(phc)
        .map(|h| Argon2::default().verify_password(password.as_bytes(), &h).is_ok())
        .unwrap_or(false)
}

/// A hash to verify against when the account does not exist, so that a sign-in with an unknown
/// name takes as long as one with a wrong password.
pub fn dummy_hash() -> &'static str {
    use std::sync::OnceLock;
    static DUMMY: OnceLock<String> = OnceLock::new();
    DUMMY.get_or_init(|| hash_password("not a password").unwrap_or_default())
}

/// Compares two strings in time independent of where they differ.
pub fn same(a: &str, b: &str) -> bool {
    a.len() == b.len() && a.bytes().zip(b.bytes()).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

/// The `Set-Cookie` value of a session.
pub fn session_cookie(token: &str, max_age_s: i64, secure: bool) -> String {
    format!(
        "{COOKIE}={token}; Path=/; HttpOnly; SameSite=Strict; Max-Age={max_age_s}{}",
        if secure { "; Secure" } else { "" }
    )
}

/// The session token from a `Cookie` header.
pub fn cookie_token(header: &str) -> Option<&str> {
    header
        .split(';')
        .map(str::trim)
        .find_map(|kv| kv.strip_prefix(COOKIE)?.strip_prefix('='))
        .filter(|t| !t.is_empty())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_are_long_random_and_stored_hashed() {
        let a = token();
        let b = token();
        assert_ne!(a, b);
        assert!(URL_SAFE_NO_PAD.decode(&a).map(|v| v.len()).unwrap_or(0) * 8 >= 128);
        assert_eq!(token_hash(&a).len(), 64);
        assert_ne!(token_hash(&a), a);
    }

    #[test]
    fn passwords_verify_with_argon2id() {
        let phc = hash_password("hemligt").unwrap_or_default();
        assert!(phc.starts_with("$argon2id$"));
        assert!(verify_password("hemligt", &phc));
        assert!(!verify_password("Hemligt", &phc));
        assert!(!verify_password("hemligt", "not a phc string"));
    }

    #[test]
    fn cookie_header_parsing() {
        assert_eq!(cookie_token("a=1; eblom_session=xyz; b=2"), Some("xyz"));
        assert_eq!(cookie_token("eblom_session="), None);
        assert_eq!(cookie_token("eblom_sessionx=1"), None);
        assert!(session_cookie("t", 60, true).contains("HttpOnly; SameSite=Strict"));
        assert!(same("abc", "abc") && !same("abc", "abd") && !same("abc", "ab"));
    }
}
