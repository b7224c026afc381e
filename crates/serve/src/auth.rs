//! Write access. Without a token the server is read-only. API clients send
//! `Authorization: Bearer <token>`; a browser logs in once with the token and gets a cookie
//! holding its SHA-256 (never the token), and every form post also carries a CSRF token
//! (derived from the token, so a cross-site page cannot know it) and must come from this
//! origin. All comparisons are constant-time.

use axum::http::HeaderMap;
use sha2::{Digest, Sha256};
use subtle::ConstantTimeEq;

use crate::ApiError;

/// Name of the login cookie.
pub const COOKIE: &str = "sitrep_write";

/// The server's write credentials.
pub struct Auth {
    token: Option<Vec<u8>>,
    cookie: Option<String>,
    csrf: Option<String>,
}

fn digest(parts: &[&[u8]]) -> String {
    let mut h = Sha256::new();
    for p in parts {
        h.update(p);
    }
    hex::encode(h.finalize())
}

fn same(a: &[u8], b: &[u8]) -> bool {
    a.ct_eq(b).into()
}

impl Auth {
    /// From the configured token, if any.
    pub fn new(token: Option<&str>) -> Self {
        let token = token
            .map(|t| t.trim().as_bytes().to_vec())
            .filter(|t| !t.is_empty());
        Self {
            cookie: token.as_ref().map(|t| digest(&[b"sitrep-cookie:", t])),
            csrf: token.as_ref().map(|t| digest(&[b"sitrep-csrf:", t])),
            token,
        }
    }

    /// Whether writes are possible at all.
    pub fn writable(&self) -> bool {
        self.token.is_some()
    }

    /// Checks a token typed by a person (login form).
    pub fn check_token(&self, given: &str) -> Result<(), ApiError> {
        let Some(t) = &self.token else {
            return Err(ApiError::ReadOnly);
        };
        if same(t, given.trim().as_bytes()) {
            Ok(())
        } else {
            Err(ApiError::Auth("invalid_token", "wrong write token".into()))
        }
    }

    /// Checks `Authorization: Bearer …`.
    pub fn check_bearer(&self, h: &HeaderMap) -> Result<(), ApiError> {
        if !self.writable() {
            return Err(ApiError::ReadOnly);
        }
        let given = h
            .get(axum::http::header::AUTHORIZATION)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.strip_prefix("Bearer "))
            .ok_or_else(|| {
                ApiError::Auth("missing_token", "send Authorization: Bearer <token>".into())
            })?;
        self.check_token(given)
    }

    /// The cookie value a login sets.
    pub fn cookie_value(&self) -> Option<&str> {
        self.cookie.as_deref()
    }

    /// The CSRF token forms carry, for a logged-in browser.
    pub fn csrf(&self) -> Option<&str> {
        self.csrf.as_deref()
    }

    /// Whether the request carries a valid login cookie.
    pub fn logged_in(&self, h: &HeaderMap) -> bool {
        let Some(want) = &self.cookie else {
            return false;
        };
        cookies(h).any(|(k, v)| k == COOKIE && same(v.as_bytes(), want.as_bytes()))
    }

    /// Checks a form post: login cookie, CSRF field, same origin.
    pub fn check_form(&self, h: &HeaderMap, csrf: &str) -> Result<(), ApiError> {
        if !self.writable() {
            return Err(ApiError::ReadOnly);
        }
        same_origin(h)?;
        if !self.logged_in(h) {
            return Err(ApiError::Auth(
                "missing_token",
                "log in with the write token first".into(),
            ));
        }
        match &self.csrf {
            Some(want) if same(want.as_bytes(), csrf.as_bytes()) => Ok(()),
            _ => Err(ApiError::Csrf(
                "the form's CSRF token is missing or wrong; reload the page".into(),
            )),
        }
    }
}

fn cookies(h: &HeaderMap) -> impl Iterator<Item = (&str, &str)> {
    h.get_all(axum::http::header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|kv| kv.trim().split_once('='))
}

/// A post with an `Origin` (or, lacking one, a `Referer`) must name this host.
pub fn same_origin(h: &HeaderMap) -> Result<(), ApiError> {
    let host = h
        .get(axum::http::header::HOST)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("");
    let from = h
        .get(axum::http::header::ORIGIN)
        .or_else(|| h.get(axum::http::header::REFERER))
        .and_then(|v| v.to_str().ok());
    let Some(from) = from else {
        return Err(ApiError::Csrf(
            "a form post must say where it comes from (Origin)".into(),
        ));
    };
    let rest = from.split_once("://").map_or(from, |x| x.1);
    let origin_host = rest.split('/').next().unwrap_or("");
    if !host.is_empty() && origin_host == host {
        Ok(())
    } else {
        Err(ApiError::Csrf(format!(
            "cross-site form post from {from:?} refused"
        )))
    }
}
