//! API errors: every one has a stable `code`, a `type` and the HTTP status that goes with it,
//! and is sent as `{"code","message","type","link"}` (the shape Meilisearch uses).

use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use sitrep_store::StoreError;

/// Where error codes are explained (the OpenAPI document lists them).
const LINK: &str = "/api/v1/openapi.json#/components/schemas/Error";

/// An error answered to a client.
#[derive(Debug, thiserror::Error)]
pub enum ApiError {
    /// A query parameter or body is malformed.
    #[error("{1}")]
    Invalid(&'static str, String),
    /// Nothing at this address.
    #[error("{1}")]
    NotFound(&'static str, String),
    /// Writing needs a token and none (or a wrong one) was given.
    #[error("{1}")]
    Auth(&'static str, String),
    /// The server has no write token: it is read-only.
    #[error("this server is read-only: start it with --token-file to allow reviews")]
    ReadOnly,
    /// A form post failed the cross-site check.
    #[error("{0}")]
    Csrf(String),
    /// The store failed.
    #[error("{0}")]
    Store(#[from] StoreError),
    /// The request took too long.
    #[error("the request took longer than the server allows")]
    Timeout,
    /// The body is larger than the server accepts.
    #[error("the request body is larger than the server accepts")]
    TooLarge,
    /// Wrong method for this address.
    #[error("this address does not take that method")]
    Method,
    /// Something that should not happen.
    #[error("{0}")]
    Internal(String),
}

impl ApiError {
    /// Stable machine-readable code.
    pub fn code(&self) -> &'static str {
        match self {
            Self::Invalid(c, _) | Self::NotFound(c, _) | Self::Auth(c, _) => c,
            Self::ReadOnly => "read_only",
            Self::Csrf(_) => "csrf_failed",
            Self::Store(e) => match e {
                StoreError::BadQuery(_) => "invalid_filter",
                StoreError::BadReview(_) => "invalid_review",
                StoreError::NoDocument(_) => "document_not_found",
                other => other.code(),
            },
            Self::Timeout => "request_timeout",
            Self::TooLarge => "payload_too_large",
            Self::Method => "method_not_allowed",
            Self::Internal(_) => "internal",
        }
    }

    /// HTTP status.
    pub fn status(&self) -> StatusCode {
        match self {
            Self::Invalid(..) => StatusCode::BAD_REQUEST,
            Self::NotFound(..) => StatusCode::NOT_FOUND,
            Self::Auth(..) => StatusCode::UNAUTHORIZED,
            Self::ReadOnly | Self::Csrf(_) => StatusCode::FORBIDDEN,
            Self::Store(StoreError::BadQuery(_) | StoreError::BadReview(_)) => {
                StatusCode::BAD_REQUEST
            }
            Self::Store(StoreError::NoDocument(_)) => StatusCode::NOT_FOUND,
            Self::Store(e) if e.code() == "store_busy" => StatusCode::SERVICE_UNAVAILABLE,
            Self::Store(_) | Self::Internal(_) => StatusCode::INTERNAL_SERVER_ERROR,
            Self::Timeout => StatusCode::SERVICE_UNAVAILABLE,
            Self::TooLarge => StatusCode::PAYLOAD_TOO_LARGE,
            Self::Method => StatusCode::METHOD_NOT_ALLOWED,
        }
    }

    /// `invalid_request`, `auth`, `not_found` or `internal`.
    pub fn kind(&self) -> &'static str {
        match self.status().as_u16() {
            401 | 403 => "auth",
            404 => "not_found",
            400..=499 => "invalid_request",
            _ => "internal",
        }
    }

    /// The JSON body.
    pub fn body(&self) -> serde_json::Value {
        serde_json::json!({
            "code": self.code(),
            "message": self.to_string(),
            "type": self.kind(),
            "link": format!("{LINK}"),
        })
    }

    /// The error a bare status stands for (axum's own rejections, tower-http's layers).
    pub fn from_status(s: StatusCode) -> Self {
        match s.as_u16() {
            404 => Self::NotFound("route_not_found", "no such address".into()),
            405 => Self::Method,
            408 => Self::Timeout,
            413 => Self::TooLarge,
            415 => Self::Invalid(
                "unsupported_media_type",
                "send application/json (or a form) as the body".into(),
            ),
            400..=499 => Self::Invalid("bad_request", format!("the request was refused ({s})")),
            _ => Self::Internal(format!("the server failed ({s})")),
        }
    }

    /// Shorthand for a malformed parameter.
    pub fn invalid(msg: impl Into<String>) -> Self {
        Self::Invalid("invalid_parameter", msg.into())
    }
}

/// All codes with their status, for the OpenAPI document.
pub const CODES: &[(&str, u16)] = &[
    ("invalid_parameter", 400),
    ("invalid_filter", 400),
    ("invalid_cursor", 400),
    ("invalid_review", 400),
    ("bad_request", 400),
    ("unsupported_media_type", 415),
    ("missing_token", 401),
    ("invalid_token", 401),
    ("read_only", 403),
    ("csrf_failed", 403),
    ("document_not_found", 404),
    ("event_not_found", 404),
    ("actor_not_found", 404),
    ("route_not_found", 404),
    ("method_not_allowed", 405),
    ("payload_too_large", 413),
    ("request_timeout", 503),
    ("store_busy", 503),
    ("internal", 500),
];

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let mut r = (self.status(), axum::Json(self.body())).into_response();
        r.extensions_mut().insert(JsonError);
        r
    }
}

/// Marks a response whose body is already an [`ApiError`], so the fix-up layer leaves it.
#[derive(Clone, Copy)]
pub struct JsonError;
