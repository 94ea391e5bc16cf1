//! The running server against its own OpenAPI document: every GET operation
//! is called with generated parameters (pages, page sizes, keys and ids taken
//! from the lists), and every answer must have a status the document
//! declares and a body that satisfies the declared schema, with no field
//! the schema does not declare.

mod common;

use common::Server;
use serde_json::Value;

/// Resolves `{"$ref": "#/components/..."}`.
fn resolve<'a>(schema: &'a Value, doc: &'a Value) -> &'a Value {
    match schema.get("$ref").and_then(Value::as_str) {
        Some(r) => resolve(r.trim_start_matches("#/").split('/').fold(doc, |v, k| &v[k]), doc),
        None => schema,
    }
}

/// The property names an object schema declares, through `allOf`.
fn declared<'a>(schema: &'a Value, doc: &'a Value, names: &mut Vec<&'a str>) {
    let schema = resolve(schema, doc);
    names.extend(schema.get("properties").and_then(Value::as_object).into_iter().flatten().map(|(k, _)| k.as_str()));
    for part in schema.get("allOf").and_then(Value::as_array).into_iter().flatten() {
        declared(part, doc, names);
    }
}

fn json_type(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "boolean",
        Value::Number(n) if n.is_i64() || n.is_u64() => "integer",
        Value::Number(_) => "number",
        Value::String(_) => "string",
        Value::Array(_) => "array",
        Value::Object(_) => "object",
    }
}

/// Checks `value` against the JSON Schema (OpenAPI 3.1) subset the document
/// uses, strictly: an object field the schema does not declare is an error,
/// unless the schema is a map (`additionalProperties` with a schema). With
/// `open`, extra fields are left to the enclosing `allOf` to judge.
fn check(value: &Value, schema: &Value, doc: &Value, at: &str, open: bool) -> Result<(), String> {
    let schema = resolve(schema, doc);
    if let Some(parts) = schema.get("allOf").and_then(Value::as_array) {
        for part in parts {
            check(value, part, doc, at, true)?;
        }
        if let (Some(obj), false) = (value.as_object(), open) {
            let mut names = Vec::new();
            declared(schema, doc, &mut names);
            if let Some(k) = obj.keys().find(|k| !names.contains(&k.as_str())) {
                return Err(format!("{at}: field {k} is not in the document"));
            }
        }
        return Ok(());
    }
    if let Some(variants) = schema.get("oneOf").or(schema.get("anyOf")).and_then(Value::as_array) {
        let errors: Vec<String> = variants.iter().filter_map(|v| check(value, v, doc, at, open).err()).collect();
        return if errors.len() < variants.len() { Ok(()) } else { Err(errors.join("; or ")) };
    }
    let actual = json_type(value);
    let types: Vec<&str> = match &schema["type"] {
        Value::String(t) => vec![t.as_str()],
        Value::Array(ts) => ts.iter().filter_map(Value::as_str).collect(),
        _ => vec![],
    };
    if !types.is_empty() && !types.iter().any(|t| *t == actual || (*t == "number" && actual == "integer")) {
        return Err(format!("{at}: expected {types:?}, got {value}"));
    }
    if let Some(allowed) = schema.get("enum").and_then(Value::as_array)
        && !allowed.contains(value)
    {
        return Err(format!("{at}: {value} is not one of {allowed:?}"));
    }
    if let (Some(min), Some(n)) = (schema["minimum"].as_f64(), value.as_f64())
        && n < min
    {
        return Err(format!("{at}: {n} is below the minimum {min}"));
    }
    match value {
        Value::Object(obj) => {
            for k in schema.get("required").and_then(Value::as_array).into_iter().flatten().filter_map(Value::as_str) {
                if !obj.contains_key(k) {
                    return Err(format!("{at}: missing required {k}"));
                }
            }
            let properties = schema.get("properties").and_then(Value::as_object);
            for (k, v) in obj {
                let at = format!("{at}.{k}");
                match (properties.and_then(|p| p.get(k)), &schema["additionalProperties"]) {
                    (Some(sub), _) => check(v, sub, doc, &at, false)?,
                    (None, map @ Value::Object(_)) => check(v, map, doc, &at, false)?,
                    (None, _) if open => {}
                    (None, _) => return Err(format!("{at}: field {k} is not in the document")),
                }
            }
        }
        Value::Array(items) => {
            let positional = schema.get("prefixItems").and_then(Value::as_array);
            if let Some(p) = positional
                && p.len() != items.len()
            {
                return Err(format!("{at}: expected {} items, got {}", p.len(), items.len()));
            }
            for (i, v) in items.iter().enumerate() {
                let item = positional.map(|p| &p[i]).unwrap_or(&schema["items"]);
                if item.is_object() {
                    check(v, item, doc, &format!("{at}[{i}]"), false)?;
                }
            }
        }
        _ => {}
    }
    Ok(())
}

/// A small deterministic generator of parameter values.
struct Gen(u64);

impl Gen {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
        self.0 >> 33
    }
}

#[tokio::test]
async fn the_server_answers_as_its_openapi_document_says() {
    let dir = tempfile::tempdir().unwrap();
    let server = Server::start(dir.path(), &["demo"]);
    let client = reqwest::Client::new();
    let doc: Value = client.get(server.url("/api/openapi.json")).send().await.unwrap().json().await.unwrap();
    assert_eq!(doc["openapi"], "3.1.0");
    let ids: Vec<i64> = {
        let page: Value =
            client.get(server.url("/api/v1/commitments?per_page=200")).send().await.unwrap().json().await.unwrap();
        page["items"].as_array().unwrap().iter().map(|c| c["id"].as_i64().unwrap()).collect()
    };
    assert!(ids.len() > 50);
    let mut g = Gen(7);
    let mut calls = 0;
    for (path, item) in doc["paths"].as_object().unwrap() {
        let Some(op) = item.get("get") else { continue };
        for _ in 0..25 {
            let mut url = path.clone();
            let mut query = Vec::new();
            for p in op["parameters"].as_array().into_iter().flatten() {
                let p = resolve(p, &doc);
                let name = p["name"].as_str().unwrap();
                let value = match (name, p["in"].as_str().unwrap()) {
                    ("id", "path") if path.contains("organisations") => (1 + g.next() % 30).to_string(),
                    ("id", "path") => match g.next() % 5 {
                        0 => "999999".to_owned(),
                        _ => ids[g.next() as usize % ids.len()].to_string(),
                    },
                    ("key", "path") => {
                        ["basic-plan-csec", "jp-mirai", "no-such-thing"][g.next() as usize % 3].to_owned()
                    }
                    ("page", _) => (1 + g.next() % 4).to_string(),
                    ("after", _) => ids[g.next() as usize % ids.len()].to_string(),
                    ("per_page", _) => (1 + g.next() % 200).to_string(),
                    ("q", _) => {
                        ["trafficking", "子供", "学習会", "", "\"unbalanced ("][g.next() as usize % 5].to_owned()
                    }
                    ("initiative", _) => {
                        ["basic-plan-csec", "childrens-future-action"][g.next() as usize % 2].to_owned()
                    }
                    (_, "query") if g.next().is_multiple_of(2) => continue,
                    (_, _) => "x".to_owned(),
                };
                if p["in"] == "path" {
                    url = url.replace(&format!("{{{name}}}"), &value);
                } else {
                    query.push((name.to_owned(), value));
                }
            }
            let res = client.get(server.url(&url)).query(&query).send().await.unwrap();
            let status = res.status().as_u16().to_string();
            let declared = &op["responses"][&status];
            assert!(declared.is_object(), "GET {url} {query:?} answered {status}, which the document does not declare");
            let body: Value = res.json().await.unwrap_or_else(|e| panic!("GET {url}: not JSON: {e}"));
            let schema = &declared["content"]["application/json"]["schema"];
            if let Err(e) = check(&body, schema, &doc, "body", false) {
                panic!("GET {url} {query:?}: {e}");
            }
            calls += 1;
        }
    }
    assert!(calls >= 150, "{calls}");
    // The write operation, without a token: the declared 401.
    let res = client
        .post(server.url("/api/v1/organisations"))
        .json(&serde_json::json!({"slug": "x", "name": {"en": "X"}, "kind": "ngo"}))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 401);
    let body: Value = res.json().await.unwrap();
    let error = &doc["components"]["schemas"]["ErrorBody"];
    check(&body, error, &doc, "body", false).unwrap();
    // The check is strict: a field the document does not declare fails it.
    let extra = serde_json::json!({"error": "x", "message": "y", "hint": "z"});
    assert!(check(&extra, error, &doc, "body", false).unwrap_err().contains("hint"));
}

#[tokio::test]
async fn lists_are_paged_and_private_details_never_appear() {
    let dir = tempfile::tempdir().unwrap();
    let server = Server::start(dir.path(), &["demo"]);
    let client = reqwest::Client::new();
    let get = |url: String| {
        let client = client.clone();
        async move { client.get(url).send().await.unwrap().json::<Value>().await.unwrap() }
    };
    let first = get(server.url("/api/v1/commitments?initiative=basic-plan-csec&per_page=50")).await;
    let next = first["next"].as_str().expect("a next page");
    assert!(next.contains("after=") && next.contains("initiative=basic-plan-csec"), "{next}");
    let second = get(server.url(next)).await;
    assert_eq!(
        (first["total"].as_u64(), first["items"].as_array().unwrap().len(), second["items"].as_array().unwrap().len()),
        (Some(88), 50, 38)
    );
    assert!(second["next"].is_null(), "the last page has no next");
    let last_of_first = first["items"][49]["id"].as_i64().unwrap();
    assert!(second["items"][0]["id"].as_i64().unwrap() > last_of_first, "pages follow each other by id");
    // Filters narrow the list and its total in SQL.
    let acting = get(server.url("/api/v1/commitments?initiative=iyecl-2021-action-pledges&sdg=8.7")).await;
    let every = get(server.url("/api/v1/commitments?initiative=iyecl-2021-action-pledges")).await;
    let none = get(server.url("/api/v1/commitments?initiative=iyecl-2021-action-pledges&pillar=scale-up")).await;
    assert_eq!(none["total"], 0, "{none}");
    assert!(acting["total"].as_u64().unwrap() >= 1, "{acting}");
    assert!(acting["total"].as_u64() <= every["total"].as_u64());
    for c in acting["items"].as_array().unwrap() {
        assert!(c["facets"]["sdg"].as_array().unwrap().iter().any(|p| p == "8.7"), "{c}");
    }
    let all = get(server.url("/api/v1/commitments?per_page=200")).await.to_string();
    assert!(!all.contains("intake") && !all.contains("contact_email"));
}

/// Regression: a search for page 1,000,000,000,000 made the index reserve
/// memory for every hit before it and aborted the process.
#[tokio::test]
async fn a_huge_page_number_is_refused_and_the_server_stays_up() {
    let dir = tempfile::tempdir().unwrap();
    let server = Server::start(dir.path(), &["demo"]);
    let client = reqwest::Client::new();
    let page = client.get(server.url("/search?q=child&page=1000000000000")).send().await.unwrap();
    assert_eq!(page.status(), 400);
    let html = page.text().await.unwrap();
    assert!(html.contains("from 1 to 500"), "the page names the limit: {html}");
    for path in [
        "/api/v1/search?q=child&page=1000000000000",
        "/api/v1/commitments?after=18446744073709551615&per_page=200",
        "/api/v1/events?per_page=1000000",
        "/api/v1/initiatives?after=0",
    ] {
        let res = client.get(server.url(path)).send().await.unwrap();
        assert_eq!(res.status(), 400, "{path}");
        let body: Value = res.json().await.unwrap();
        assert!(body["message"].as_str().unwrap().contains("must be a whole number from 1 to"), "{path}: {body}");
    }
    let unknown = client.get(server.url("/api/v1/commitments?page=2")).send().await.unwrap();
    assert_eq!(unknown.status(), 400, "lists page by key; a page number is named as not taken");
    assert!(unknown.text().await.unwrap().contains("`page`"));
    let last = client.get(server.url("/search?q=child&page=500")).send().await.unwrap();
    assert_eq!(last.status(), 200, "the last page of the window is served");
    let health = client.get(server.url("/healthz")).send().await.unwrap();
    assert_eq!(health.status(), 200, "the server is still up");
}
