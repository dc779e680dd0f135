//! One try of one URL over HTTP, with ureq (blocking, rustls): `HEAD` first, `GET` when the
//! server refuses `HEAD` (403, 405, 501); redirects followed here, so that a permanent one
//! (301, 308) can be reported with the URL it leads to.

use std::time::Duration;

use super::pool::{Attempt, Outcome};

/// Redirects followed before giving up.
const MAX_REDIRECTS: usize = 10;

/// A client with the configured timeout per request.
pub struct Client {
    agent: ureq::Agent,
    timeout: Duration,
}

/// What one request got: the status, `Location`, `Retry-After` in seconds.
struct Answer {
    status: u16,
    location: Option<String>,
    retry_after: Option<Duration>,
}

impl Client {
    pub fn new(timeout: Duration) -> Client {
        let agent = ureq::Agent::config_builder()
            .timeout_global(Some(timeout))
            .max_redirects(0)
            .http_status_as_error(false)
            .user_agent(concat!(
                "glossa/",
                env!("CARGO_PKG_VERSION"),
                " (link check)"
            ))
            .build()
            .into();
        Client { agent, timeout }
    }

    /// Checks `url` once, following its redirects.
    pub fn attempt(&self, url: &str) -> Attempt {
        let mut current = url.to_string();
        // Where the permanent redirects at the start of the chain lead.
        let mut moved_to = None;
        let mut permanent = true;
        for _ in 0..=MAX_REDIRECTS {
            let answer = match self.request(&current) {
                Ok(answer) => answer,
                Err(e) => return self.failure(e),
            };
            match answer.status {
                200..=299 => return Attempt::Done(Outcome::Ok { moved_to }),
                300..=399 if answer.location.is_some() => {
                    let location = answer.location.unwrap_or_default();
                    let Some(next) = join(&current, &location) else {
                        return broken(format!("redirected to an invalid URL `{location}`"));
                    };
                    permanent &= matches!(answer.status, 301 | 308);
                    if permanent {
                        moved_to = Some(next.clone());
                    }
                    current = next;
                }
                status @ (429 | 500..=599) => {
                    return Attempt::Retry {
                        reason: status_text(status),
                        wait: answer.retry_after,
                    }
                }
                status => return broken(status_text(status)),
            }
        }
        broken(format!("more than {MAX_REDIRECTS} redirects"))
    }

    /// `HEAD`, then `GET` when the server will not answer `HEAD`.
    fn request(&self, url: &str) -> Result<Answer, ureq::Error> {
        let mut response = self.agent.head(url).call()?;
        if matches!(response.status().as_u16(), 403 | 405 | 501) {
            response = self.agent.get(url).call()?;
        }
        let header = |name: &str| {
            response
                .headers()
                .get(name)
                .and_then(|v| v.to_str().ok())
                .map(|v| v.trim().to_string())
        };
        Ok(Answer {
            status: response.status().as_u16(),
            location: header("location"),
            retry_after: header("retry-after")
                .and_then(|v| v.parse::<u64>().ok())
                .map(Duration::from_secs),
        })
    }

    /// A request that got no answer: worth another try when the failure may pass.
    fn failure(&self, e: ureq::Error) -> Attempt {
        let retry = |reason: String| Attempt::Retry { reason, wait: None };
        match e {
            ureq::Error::Timeout(_) => {
                retry(format!("no answer within {} s", self.timeout.as_secs_f64()))
            }
            ureq::Error::Io(e) => retry(match e.kind() {
                std::io::ErrorKind::TimedOut => {
                    format!("no answer within {} s", self.timeout.as_secs_f64())
                }
                std::io::ErrorKind::UnexpectedEof => "connection closed without an answer".into(),
                std::io::ErrorKind::ConnectionReset => "connection reset".into(),
                std::io::ErrorKind::ConnectionRefused => "connection refused".into(),
                _ => format!("connection failed: {e}"),
            }),
            ureq::Error::Protocol(e) => retry(format!("invalid answer: {e}")),
            ureq::Error::ConnectionFailed => retry("connection failed".into()),
            ureq::Error::HostNotFound => broken("host not found".into()),
            ureq::Error::BadUri(_) | ureq::Error::Http(_) => broken("not a valid URL".into()),
            e => broken(e.to_string()),
        }
    }
}

fn broken(reason: String) -> Attempt {
    Attempt::Done(Outcome::Broken(reason))
}

/// `404 Not Found`, `503 Service Unavailable`, or the number alone.
fn status_text(status: u16) -> String {
    let reason = ureq::http::StatusCode::from_u16(status)
        .ok()
        .and_then(|s| s.canonical_reason());
    match reason {
        Some(reason) => format!("{status} {reason}"),
        None => status.to_string(),
    }
}

/// A `Location` read from the URL that answered with it.
fn join(base: &str, location: &str) -> Option<String> {
    let next = url::Url::parse(base).ok()?.join(location).ok()?;
    matches!(next.scheme(), "http" | "https").then(|| next.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn locations_and_statuses() {
        assert_eq!(
            join("http://a.test/x/y", "/z").as_deref(),
            Some("http://a.test/z")
        );
        assert_eq!(join("http://a.test/x/y", "ftp://b/").as_deref(), None);
        assert_eq!(status_text(404), "404 Not Found");
        assert_eq!(status_text(599), "599");
    }
}
