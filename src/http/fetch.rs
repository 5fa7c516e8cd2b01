//! Fetching what Wikidata holds: the entity JSON of every item a QuickStatements batch
//! writes to, from `Special:EntityData` (or any server that answers `…/Q855.json` the same
//! way, such as a local mirror or a test fixture).

use super::client::Client;
use crate::data::model::Dataset;
use crate::output::live::{Live, LiveError};
use std::time::{Duration, Instant};

/// Adds to `live` the entity JSON of every item with a Q-id in the data, fetched from
/// `base_url` + `Q….json`. Fails, naming the URL, on the first that cannot be fetched: a
/// diff against part of Wikidata would upload what the rest already has.
pub fn entities_into(live: &mut Live, data: &Dataset, base_url: &str) -> Result<usize, LiveError> {
    let client = Client::new(None).map_err(|e| LiveError {
        origin: base_url.to_owned(),
        message: e.to_string(),
    })?;
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
        // Wikidata redirects a merged item to the one it was merged into: follow up to
        // three redirects, as a browser would for a GET.
        let mut location = url.clone();
        let mut hops = 0;
        let answer = loop {
            let answer = client
                .request(
                    "GET",
                    &location,
                    &[("Accept", "application/json")],
                    &[],
                    Instant::now() + Duration::from_secs(60),
                )
                .map_err(|e| {
                    failed(format!(
                        "cannot fetch ({e}); offline? download the JSON and pass it with --against"
                    ))
                })?;
            let next = answer.header("Location").map(str::to_owned);
            match next {
                Some(next) if (300..400).contains(&answer.status) && hops < 3 => {
                    hops += 1;
                    location = resolve(&location, &next);
                }
                _ => break answer,
            }
        };
        if !(200..300).contains(&answer.status) {
            return Err(failed(format!(
                "the server answered {}",
                answer.status_line()
            )));
        }
        let body = answer.body;
        let text =
            String::from_utf8(body).map_err(|_| failed("the answer is not UTF-8".to_owned()))?;
        live.add_json(&url, &text)?;
        fetched += 1;
    }
    Ok(fetched)
}

/// `reference` (a `Location` value) resolved against `url`: absolute, or from the root.
fn resolve(url: &str, reference: &str) -> String {
    if reference.contains("://") {
        return reference.to_owned();
    }
    let origin_end = url
        .find("://")
        .and_then(|scheme| url[scheme + 3..].find('/').map(|path| scheme + 3 + path))
        .unwrap_or(url.len());
    if reference.starts_with('/') {
        format!("{}{reference}", &url[..origin_end])
    } else {
        let directory = url
            .rfind('/')
            .filter(|&i| i >= origin_end)
            .map_or(url.len(), |i| i + 1);
        format!("{}{reference}", &url[..directory])
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn redirect_locations_resolve() {
        let from = "https://www.wikidata.org/wiki/Special:EntityData/Q1.json";
        assert_eq!(super::resolve(from, "https://x.org/a"), "https://x.org/a");
        assert_eq!(
            super::resolve(from, "/wiki/Special:EntityData/Q2.json"),
            "https://www.wikidata.org/wiki/Special:EntityData/Q2.json"
        );
        assert_eq!(
            super::resolve(from, "Q2.json"),
            "https://www.wikidata.org/wiki/Special:EntityData/Q2.json"
        );
    }
}
