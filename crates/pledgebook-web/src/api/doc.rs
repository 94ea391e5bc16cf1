//! The API's OpenAPI document, generated from the handlers' `#[utoipa::path]`
//! attributes and the request and response types, so the two cannot drift.
//! The contract test (`tests/api.rs`) and schemathesis check the running
//! server against it.

use utoipa::openapi::security::{Http, HttpAuthScheme, SecurityScheme};
use utoipa::{IntoParams, IntoResponses, OpenApi};

use crate::error::ErrorBody;

/// Declares an error answer of the document: its status, and its
/// description from the doc comment; the body is always an [`ErrorBody`].
macro_rules! error_responses {
    ($($(#[doc = $doc:literal])* $name:ident = $status:literal;)*) => {$(
        $(#[doc = $doc])*
        #[derive(Debug, IntoResponses)]
        #[response(status = $status)]
        #[allow(dead_code)] // read by the OpenAPI derive only
        pub(crate) struct $name(ErrorBody);
    )*};
}

error_responses! {
    /// A parameter out of range, or one the route does not take.
    BadParameter = 400;
    /// The body is not JSON of the declared shape.
    BadBody = 400;
    /// No valid API token (`Authorization: Bearer ...`).
    NoToken = 401;
    /// The token's account may not do this.
    Forbidden = 403;
    /// Nothing public has this id or key.
    NotFound = 404;
    /// The key is taken by another record.
    KeyTaken = 409;
    /// The record breaks a rule; `fields` names each field and rule.
    Invalid = 422;
    /// Too many writes with this token in the last minute (`api_per_minute`).
    TooMany = 429;
}

/// A record's id in the path.
#[derive(Debug, IntoParams)]
#[into_params(parameter_in = Path)]
#[allow(dead_code)]
pub(crate) struct IdInPath {
    /// The record's id.
    #[param(minimum = 1)]
    id: i64,
}

#[derive(OpenApi)]
#[openapi(
    info(
        title = "pledgebook API",
        version = "1",
        description = "Public, read-only JSON for everything published, plus writes with an API token \
            (`Authorization: Bearer ...`, made with `pledgebook user token`). Ids are stable integers. \
            Lists are paged by key: `per_page` (1 to 200) and `after`, the id of the last item of the page \
            before; each page gives the URL of the next as `next`, and the `total` of the filtered list. \
            A parameter out of range, or one the list does not take, is answered 400 with a message naming it. \
            Every error is JSON of one shape, `ErrorBody`."
    ),
    paths(
        super::list_initiatives,
        super::get_initiative,
        super::list_commitments,
        super::progress::create_commitment,
        super::get_commitment,
        super::progress::list_reports,
        super::progress::create_report,
        super::progress::list_indicators,
        super::list_events,
        super::list_organisations,
        super::create_organisation,
        super::get_organisation,
        super::search,
    ),
    components(schemas(ErrorBody)),
    modifiers(&TokenScheme)
)]
struct ApiDoc;

/// Declares the bearer-token scheme the write routes name.
struct TokenScheme;

impl utoipa::Modify for TokenScheme {
    fn modify(&self, doc: &mut utoipa::openapi::OpenApi) {
        let components = doc.components.get_or_insert_with(Default::default);
        components.add_security_scheme("token", SecurityScheme::Http(Http::new(HttpAuthScheme::Bearer)));
    }
}

/// The document, as served at `/api/openapi.json`.
pub(crate) fn document() -> String {
    ApiDoc::openapi().to_pretty_json().expect("the API document serialises")
}

#[cfg(test)]
mod tests {
    use pledgebook_core::paging::Limits;
    use serde_json::Value;

    #[test]
    fn the_documented_page_size_is_the_one_the_lists_allow() {
        let doc: Value = serde_json::from_str(&super::document()).unwrap();
        let params = doc["paths"]["/api/v1/commitments"]["get"]["parameters"].as_array().unwrap();
        let per_page = params.iter().find(|p| p["name"] == "per_page").unwrap();
        assert_eq!(per_page["schema"]["maximum"], u64::from(Limits::API.max_size));
        let bad = &doc["paths"]["/api/v1/commitments"]["get"]["responses"]["400"];
        assert_eq!(bad["description"], "A parameter out of range, or one the route does not take.");
        assert_eq!(bad["content"]["application/json"]["schema"]["$ref"], "#/components/schemas/ErrorBody");
        let page = &doc["paths"]["/api/v1/search"]["get"]["parameters"].as_array().unwrap()[1];
        assert_eq!(
            (page["name"].as_str(), &page["schema"]["maximum"]),
            (Some("page"), &Value::from(Limits::SEARCH.max_page))
        );
    }

    #[test]
    fn every_route_of_the_api_router_is_documented() {
        let doc: Value = serde_json::from_str(&super::document()).unwrap();
        let source = include_str!("mod.rs");
        for route in source.lines().filter_map(|l| l.trim().strip_prefix(".route(\"")) {
            let path = format!("/api/v1{}", route.split('"').next().unwrap());
            assert!(doc["paths"].get(&path).is_some(), "{path} is routed but not documented");
        }
    }
}
