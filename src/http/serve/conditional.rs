//! Validators and compression for GET answers. The data cannot change while the server
//! runs, so the ETag of an answer is known before any work: it is derived from the dataset's
//! content and from what the request asks (its path and query string, its `Accept`, and
//! whether the answer is gzipped). `If-None-Match` (or, without it, `If-Modified-Since`)
//! is then answered 304 without running the query. `Last-Modified` is when the server
//! loaded the data.

use oxhttp::model::header::{ACCEPT, ETAG, IF_MODIFIED_SINCE, IF_NONE_MATCH, LAST_MODIFIED};
use oxhttp::model::{Body, HeaderMap, HeaderValue, Request, Response, StatusCode};
use oxigraph::store::Store;
use std::io::Write as _;
use std::time::{SystemTime, UNIX_EPOCH};

/// What makes an answer's validators: the dataset's digest and the time it was loaded.
pub(super) struct Validators {
    /// A digest of every quad the store holds, and of the program's version.
    digest: u64,
    /// When the data was loaded, in whole seconds since the Unix epoch.
    loaded: u64,
}

/// The FNV-1a hash of `bytes`, continuing from `hash`: stable across runs and platforms.
fn fnv(mut hash: u64, bytes: &[u8]) -> u64 {
    for byte in bytes {
        hash ^= u64::from(*byte);
        hash = hash.wrapping_mul(0x0100_0000_01b3);
    }
    hash
}

const FNV_OFFSET: u64 = 0xcbf2_9ce4_8422_2325;

impl Validators {
    /// The validators of `store`'s content, loaded now. The digest sums the hash of each
    /// quad, so it does not depend on the order the store keeps them in.
    pub(super) fn new(store: &Store) -> Self {
        let mut digest = fnv(FNV_OFFSET, env!("CARGO_PKG_VERSION").as_bytes());
        for quad in store.iter().filter_map(Result::ok) {
            digest = digest.wrapping_add(fnv(FNV_OFFSET, quad.to_string().as_bytes()));
        }
        let loaded = SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .map_or(0, |d| d.as_secs());
        Self { digest, loaded }
    }

    /// The strong ETag of the answer to `request`, gzipped or not.
    fn etag(&self, request: &Request<Body>, gzip: bool) -> String {
        let target = request
            .uri()
            .path_and_query()
            .map_or("", |p| p.as_str())
            .to_owned();
        let accept = super::header(request, ACCEPT.as_str());
        let mut hash = fnv(FNV_OFFSET, &self.digest.to_le_bytes());
        hash = fnv(hash, target.as_bytes());
        hash = fnv(hash, b"\n");
        hash = fnv(hash, accept.as_bytes());
        format!("\"{hash:016x}{}\"", if gzip { "-gzip" } else { "" })
    }

    /// The header fields of a GET answer to `request`: its ETag, `Last-Modified`, what it
    /// varies by, and its encoding. Empty for any other method.
    pub(super) fn headers(&self, request: &Request<Body>, gzip: bool) -> HeaderMap {
        let mut headers = HeaderMap::new();
        headers.insert("vary", HeaderValue::from_static("Accept, Accept-Encoding"));
        if gzip {
            headers.insert("content-encoding", HeaderValue::from_static("gzip"));
        }
        if !is_get(request) {
            return headers;
        }
        if let Ok(etag) = HeaderValue::from_str(&self.etag(request, gzip)) {
            headers.insert(ETAG, etag);
        }
        if let Ok(date) = HeaderValue::from_str(&http_date(self.loaded)) {
            headers.insert(LAST_MODIFIED, date);
        }
        headers
    }

    /// 304, with the answer's validators, when a GET's conditions say the client holds
    /// the answer already.
    pub(super) fn not_modified(
        &self,
        request: &Request<Body>,
        gzip: bool,
    ) -> Option<Response<Body>> {
        if !is_get(request) {
            return None;
        }
        let etag = self.etag(request, gzip);
        let unchanged = match request.headers().get(IF_NONE_MATCH) {
            Some(tags) => tags.to_str().is_ok_and(|tags| {
                tags.split(',')
                    .map(str::trim)
                    .any(|tag| tag == "*" || tag.strip_prefix("W/").unwrap_or(tag) == etag)
            }),
            None => request
                .headers()
                .get(IF_MODIFIED_SINCE)
                .and_then(|v| v.to_str().ok())
                .and_then(parse_http_date)
                .is_some_and(|since| self.loaded <= since),
        };
        if !unchanged {
            return None;
        }
        let mut response = Response::new(Body::empty());
        *response.status_mut() = StatusCode::NOT_MODIFIED;
        for (name, value) in &self.headers(request, gzip) {
            if name.as_str() != "content-encoding" {
                response.headers_mut().insert(name.clone(), value.clone());
            }
        }
        Some(response)
    }
}

fn is_get(request: &Request<Body>) -> bool {
    matches!(request.method().as_str(), "GET" | "HEAD")
}

/// Whether the request's `Accept-Encoding` takes gzip.
pub(super) fn wants_gzip(request: &Request<Body>) -> bool {
    super::negotiation::accepted(&super::header(request, "accept-encoding"))
        .iter()
        .any(|coding| matches!(coding.as_str(), "gzip" | "x-gzip" | "*"))
}

/// `body` gzipped, without a time stamp.
pub(super) fn gzip(body: &[u8]) -> Vec<u8> {
    let mut encoder = crate::output::export::gzip_writer(Vec::new());
    // Writing to memory cannot fail.
    let _ = encoder.write_all(body);
    encoder.finish().unwrap_or_default()
}

const WEEKDAYS: [&str; 7] = ["Thu", "Fri", "Sat", "Sun", "Mon", "Tue", "Wed"];
const MONTHS: [&str; 12] = [
    "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
];

/// The civil date of a day counted from 1970-01-01 (Howard Hinnant's algorithm).
fn civil(days: i64) -> (i64, u32, u32) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = u32::try_from(doy - (153 * mp + 2) / 5 + 1).unwrap_or(1);
    let month = u32::try_from(if mp < 10 { mp + 3 } else { mp - 9 }).unwrap_or(1);
    let year = yoe + era * 400 + i64::from(month <= 2);
    (year, month, day)
}

/// The day counted from 1970-01-01 of a civil date.
fn days_from_civil(year: i64, month: u32, day: u32) -> i64 {
    let year = if month <= 2 { year - 1 } else { year };
    let era = year.div_euclid(400);
    let yoe = year.rem_euclid(400);
    let month = i64::from(month);
    let doy = (153 * (if month > 2 { month - 3 } else { month + 9 }) + 2) / 5 + i64::from(day) - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// An HTTP date (IMF-fixdate), such as `Sun, 06 Nov 1994 08:49:37 GMT`.
fn http_date(seconds: u64) -> String {
    let seconds = i64::try_from(seconds).unwrap_or(0);
    let days = seconds.div_euclid(86_400);
    let time = seconds.rem_euclid(86_400);
    let (year, month, day) = civil(days);
    format!(
        "{}, {day:02} {} {year:04} {:02}:{:02}:{:02} GMT",
        WEEKDAYS[usize::try_from(days.rem_euclid(7)).unwrap_or(0)],
        MONTHS[usize::try_from(month - 1).unwrap_or(0)],
        time / 3600,
        time / 60 % 60,
        time % 60
    )
}

/// The seconds since the epoch of an IMF-fixdate; `None` for anything else, which the
/// caller then ignores, as HTTP says.
fn parse_http_date(text: &str) -> Option<u64> {
    let mut words = text.split_whitespace();
    let (_weekday, day, month, year, time, zone) = (
        words.next()?,
        words.next()?,
        words.next()?,
        words.next()?,
        words.next()?,
        words.next()?,
    );
    if zone != "GMT" || words.next().is_some() {
        return None;
    }
    let day: u32 = day.parse().ok()?;
    let month = u32::try_from(MONTHS.iter().position(|m| *m == month)? + 1).ok()?;
    let year: i64 = year.parse().ok()?;
    let mut clock = time.split(':').map(str::parse::<i64>);
    let (h, m, s) = (
        clock.next()?.ok()?,
        clock.next()?.ok()?,
        clock.next()?.ok()?,
    );
    if !(1..=31).contains(&day)
        || !(0..24).contains(&h)
        || !(0..60).contains(&m)
        || !(0..61).contains(&s)
    {
        return None;
    }
    let seconds = days_from_civil(year, month, day) * 86_400 + h * 3600 + m * 60 + s;
    u64::try_from(seconds).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn http_dates_are_written_and_read_back() {
        assert_eq!(http_date(784_111_777), "Sun, 06 Nov 1994 08:49:37 GMT");
        assert_eq!(http_date(0), "Thu, 01 Jan 1970 00:00:00 GMT");
        assert_eq!(
            parse_http_date("Sun, 06 Nov 1994 08:49:37 GMT"),
            Some(784_111_777)
        );
        for seconds in [0, 951_782_400, 1_709_208_000, 4_102_444_799] {
            assert_eq!(parse_http_date(&http_date(seconds)), Some(seconds));
        }
        for bad in [
            "",
            "yesterday",
            "Sun, 06 Nov 1994 08:49:37 CET",
            "Sun, 32 Nov 1994 08:49:37 GMT",
        ] {
            assert_eq!(parse_http_date(bad), None, "{bad}");
        }
    }
}
