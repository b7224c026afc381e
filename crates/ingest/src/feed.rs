//! RSS and Atom feeds (`feed-rs`): each entry becomes an item, either from the feed's own
//! content/summary or, when fetching is on, from the page its link points to.

use crate::{Emit, InputError, Item, Kind, Meta, ReadOptions, fetch};

/// One feed entry, before its article is read.
#[derive(Debug, Clone, PartialEq)]
pub struct Entry {
    /// Stable identity for "seen" tracking: the entry id, else its link.
    pub id: String,
    /// Link to the article.
    pub link: Option<String>,
    /// Metadata from the feed.
    pub meta: Meta,
    /// HTML content or summary carried by the feed.
    pub content: Option<String>,
}

/// Parses a feed; `Err` carries code `feed_malformed`.
pub fn parse(key: &str, bytes: &[u8]) -> Result<Vec<Entry>, InputError> {
    let f = feed_rs::parser::parse(bytes)
        .map_err(|e| InputError::new(key, "feed_malformed", e.to_string()))?;
    let feed_title = f
        .title
        .map(|t| t.content.trim().to_owned())
        .filter(|t| !t.is_empty());
    Ok(f.entries
        .into_iter()
        .map(|e| {
            let link = e.links.first().map(|l| l.href.clone());
            let id = if e.id.trim().is_empty() {
                link.clone().unwrap_or_default()
            } else {
                e.id.clone()
            };
            let content = e
                .content
                .and_then(|c| c.body)
                .or_else(|| e.summary.map(|s| s.content))
                .filter(|c| !c.trim().is_empty());
            Entry {
                id,
                meta: Meta {
                    title: e.title.map(|t| t.content.trim().to_owned()),
                    published: e
                        .published
                        .or(e.updated)
                        .map(|d| d.format("%Y-%m-%d").to_string()),
                    url: link.clone(),
                    source: feed_title.clone(),
                },
                link,
                content,
            }
        })
        .collect())
}

/// Reads one entry's article: the linked page when fetching, else the feed's own text.
pub fn entry_item(key: &str, e: &Entry, opts: &ReadOptions) -> Result<Item, InputError> {
    let k = format!("{key}#{}", e.id);
    let mut meta = e.meta.clone();
    if meta.source.is_none() {
        meta.source = opts.source.clone();
    }
    if opts.fetch_articles
        && let Some(link) = e.link.as_deref().filter(|l| l.starts_with("http"))
    {
        match fetch(link, opts) {
            Ok((body, _)) => {
                return Ok(Item {
                    key: k,
                    bytes: body,
                    kind: Kind::Html,
                    meta,
                });
            }
            // The feed's own text is better than nothing when the page is unreachable.
            Err(err) if e.content.is_none() => {
                return Err(InputError::new(k, &err.code, err.message));
            }
            Err(_) => {}
        }
    }
    match &e.content {
        Some(c) => Ok(Item {
            key: k,
            bytes: c.clone().into_bytes(),
            kind: Kind::Html,
            meta,
        }),
        None => Err(InputError::new(
            k,
            "feed_item_empty",
            "feed entry has no content and its link was not fetched",
        )),
    }
}

/// Reads a feed's entries as items.
pub fn read_feed(key: &str, bytes: &[u8], opts: &ReadOptions, emit: &mut Emit<'_>) -> bool {
    let entries = match parse(key, bytes) {
        Ok(e) => e,
        Err(e) => return emit(Err(e)),
    };
    for e in &entries {
        if !emit(entry_item(key, e, opts)) {
            return false;
        }
    }
    true
}
