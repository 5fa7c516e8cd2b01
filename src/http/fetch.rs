//! Fetching what Wikidata holds: the entity JSON of every item a QuickStatements batch
//! writes to, from `Special:EntityData` (or any server that answers `…/Q855.json` the same
//! way, such as a local mirror or a test fixture).

use crate::data::model::Dataset;
use crate::output::live::{Live, LiveError};
use oxhttp::Client;
use oxhttp::model::header::ACCEPT;
use oxhttp::model::{Method, Request};
use std::time::Duration;

/// Adds to `live` the entity JSON of every item with a Q-id in the data, fetched from
/// `base_url` + `Q….json`. Fails, naming the URL, on the first that cannot be fetched: a
/// diff against part of Wikidata would upload what the rest already has.
pub fn entities_into(live: &mut Live, data: &Dataset, base_url: &str) -> Result<usize, LiveError> {
    let client = Client::new()
        .with_global_timeout(Duration::from_secs(60))
        .with_redirection_limit(3);
    let mut fetched = 0;
    // The items a batch writes to are the records with a Q-id.
    let items: std::collections::BTreeSet<&str> = data
        .item_entities()
        .filter_map(|e| e.wikidata.as_deref())
        .collect();
    for q in items {
        if live.has(q) {
            continue;
        }
        let url = format!("{base_url}{q}.json");
        let failed = |message: String| LiveError {
            origin: url.clone(),
            message,
        };
        if url.starts_with("https:") {
            return Err(failed(
                "this build speaks plain HTTP only (no TLS): download the JSON and pass it with --against, or point --wikidata-url at an HTTP mirror".to_owned(),
            ));
        }
        let request = Request::builder()
            .method(Method::GET)
            .uri(&url)
            .header(ACCEPT, "application/json")
            .body(Vec::new())
            .map_err(|e| failed(e.to_string()))?;
        let response = client.request(request).map_err(|e| {
            failed(format!(
                "cannot fetch ({e}); offline? download the JSON and pass it with --against"
            ))
        })?;
        let status = response.status();
        let body = response
            .into_body()
            .to_vec()
            .map_err(|e| failed(e.to_string()))?;
        if !status.is_success() {
            return Err(failed(format!("the server answered {status}")));
        }
        let text =
            String::from_utf8(body).map_err(|_| failed("the answer is not UTF-8".to_owned()))?;
        live.add_json(&url, &text)?;
        fetched += 1;
    }
    Ok(fetched)
}
