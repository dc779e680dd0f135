//! Files for language models and other programs, beside the pages (not in the sitemap,
//! the feed or search): `llms.txt`, the site as a markdown index after the llms.txt
//! proposal (an H1 with the site's name, a blockquote summary, then one section of links
//! per kind: `- [Title](url): description`), and a markdown copy of every entry beside its
//! page (`term/x/index.md`), which the page's head names as `rel="alternate"`.
//!
//! A copy is the entry's body as the page shows it, in markdown: the automatic links the
//! link stage found ([`auto::replay`], the renderer's own replay) and every link and image
//! of the body written as absolute URLs, so the copy reads the same wherever it is pasted.
//! It holds what depends on the entry's own front matter and body only (its related
//! entries, areas and an area's members, but not "See also", which moves with every other
//! body), so `glossa serve` rewrites the copies of the entries it edits and nothing else.

use pulldown_cmark::{CowStr, Event, LinkType, Tag};
use rayon::prelude::*;

use super::Renderer;
use crate::error::Result;
use crate::link::auto;
use crate::markdown;
use crate::model::{Entry, EntryId, Kind, Site};
use crate::plan::Urls;
use crate::write::Staging;

/// The site's index for language models.
pub const LLMS_FILE: &str = "llms.txt";

/// `term/margin/index.md`: an entry's markdown copy, beside its page.
pub fn markdown_file(e: &Entry) -> String {
    format!("{}index.md", Urls::entry_rel(e))
}

/// Every file of this module, by output path (none when `[machines]` turns them off).
pub fn machine_files(site: &Site) -> impl Iterator<Item = String> + '_ {
    let machines = &site.config.machines;
    let entries = match machines.markdown {
        true => &site.entries[..],
        false => &[],
    };
    let llms = machines.llms_txt.then(|| LLMS_FILE.to_string());
    llms.into_iter().chain(entries.iter().map(markdown_file))
}

/// `text` on one line, whitespace runs as one space.
fn one_line(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// `text` as a link's text: on one line, brackets and backslashes escaped.
fn link_text(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in one_line(text).chars() {
        if matches!(c, '[' | ']' | '\\') {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

/// A URL as a link destination: in `<…>` when it holds spaces or parentheses.
fn destination(url: &str) -> String {
    if url.contains([' ', '(', ')', '<', '>']) {
        format!("<{}>", url.replace('<', "%3C").replace('>', "%3E"))
    } else {
        url.to_string()
    }
}

/// `- [Title](url): description` (no colon without a description).
fn list_item(out: &mut String, title: &str, url: &str, description: &str) {
    out.push_str("- [");
    out.push_str(&link_text(title));
    out.push_str("](");
    out.push_str(&destination(url));
    out.push(')');
    let description = one_line(description);
    if !description.is_empty() {
        out.push_str(": ");
        out.push_str(&description);
    }
    out.push('\n');
}

/// A link or image destination of a body on the page `permalink`, as a full URL: read
/// as the browser reads it on the rendered page (a site path gets the base URL, a
/// relative one is read from the page); URLs with a scheme are kept.
fn absolute(dest: &str, permalink: &str, base_url: &str) -> String {
    // Full URLs (every automatic link among them) need no parsing.
    let full = dest.starts_with("https://") || dest.starts_with("http://");
    if full || dest.is_empty() || dest.starts_with("//") {
        return dest.to_string();
    }
    if let Some(fragment) = dest.strip_prefix('#') {
        return format!("{permalink}#{fragment}");
    }
    if let Some(rest) = dest.strip_prefix('/') {
        return format!("{base_url}{rest}");
    }
    match url::Url::parse(permalink).and_then(|page| page.join(dest)) {
        Ok(url) => url.to_string(),
        Err(_) => dest.to_string(),
    }
}

impl Renderer<'_> {
    /// Whether this build writes `llms.txt` (not when turned off, nor when the site's
    /// `static/` holds its own).
    fn writes_llms(&self) -> bool {
        self.site.config.machines.llms_txt
            && self
                .files
                .is_none_or(|f| f.machine.iter().any(|name| name == LLMS_FILE))
    }

    /// The URL a machine should follow for entry `e`: its markdown copy when there is
    /// one, else its page.
    fn machine_url(&self, e: &Entry) -> String {
        match self.site.config.machines.markdown {
            true => self.urls.permalink(&markdown_file(e)),
            false => self.urls.permalink(&Urls::entry_rel(e)),
        }
    }

    /// `llms.txt`: the site's name and description, then its areas, terms and
    /// definitions in title order, each a link to its markdown copy (or its page).
    pub fn llms_txt(&self) -> String {
        let site = self.site;
        let config = &site.config;
        let mut out = format!("# {}\n\n", one_line(&config.title));
        let summary = one_line(&config.description);
        if !summary.is_empty() {
            out.push_str(&format!("> {summary}\n\n"));
        }
        let count = |kind: Kind| {
            let n = site.count(kind);
            let label = kind.plural_label().to_lowercase();
            match n {
                1 => format!("1 {}", kind.label().to_lowercase()),
                _ => format!("{n} {label}"),
            }
        };
        out.push_str(&format!(
            "A glossary of {}, {} and {} (topics that collect them). Each link below leads \
             to the entry in markdown; its page is the same URL without `index.md`.\n",
            count(Kind::Term),
            count(Kind::Definition),
            count(Kind::Area),
        ));
        for kind in [Kind::Area, Kind::Term, Kind::Definition] {
            let ids = &self.links.by_kind[kind.index()];
            if ids.is_empty() {
                continue;
            }
            out.push_str(&format!("\n## {}\n\n", kind.plural_label()));
            for &id in ids {
                let e = &site.entries[id];
                list_item(&mut out, &e.title, &self.machine_url(e), &e.description);
            }
        }
        out.push_str("\n## Optional\n\n");
        let glossary = self.urls.permalink(crate::plan::GLOSSARY_REL);
        list_item(
            &mut out,
            "A–Z index",
            &glossary,
            "every entry on one page (HTML)",
        );
        if config.api.enabled {
            let api = self.urls.permalink(super::TERMS_FILE);
            list_item(&mut out, "JSON API", &api, "every entry as JSON");
        }
        let feed = self.urls.permalink("atom.xml");
        list_item(&mut out, "Atom feed", &feed, "the newest entries");
        out
    }

    /// Entry `id`'s markdown copy: title, description, where it stands, its body with
    /// absolute links, its related entries and areas (an area: its entries).
    pub fn entry_markdown(&self, id: EntryId) -> Result<String> {
        let site = self.site;
        let e = &site.entries[id];
        let permalink = self.urls.permalink(&Urls::entry_rel(e));
        let mut out = format!("# {}\n\n", one_line(&e.title));
        let description = one_line(&e.description);
        if !description.is_empty() {
            out.push_str(&format!("> {description}\n\n"));
        }
        out.push_str(&format!(
            "{} in [{}]({}) · page: <{permalink}>",
            e.kind.label(),
            link_text(&site.config.title),
            destination(&self.urls.base_url),
        ));
        match (e.updated, e.date) {
            (Some(updated), _) => out.push_str(&format!(" · updated {}", updated.ymd())),
            (None, Some(date)) => out.push_str(&format!(" · published {}", date.ymd())),
            (None, None) => {}
        }
        if !e.aliases.is_empty() {
            out.push_str(&format!(" · also: {}", one_line(&e.aliases.join(", "))));
        }
        out.push_str("\n\n");
        let body = self.body_markdown(id, &permalink);
        if !body.trim().is_empty() {
            out.push_str(body.trim_end());
            out.push_str("\n\n");
        }
        let sections: [(&str, &[EntryId]); 3] = [
            ("Entries", &self.links.members[id]),
            ("Related", &self.links.related[id]),
            ("Appears in", &self.links.appears_in[id]),
        ];
        for (heading, ids) in sections {
            if ids.is_empty() || (heading == "Entries" && e.kind != Kind::Area) {
                continue;
            }
            out.push_str(&format!("## {heading}\n\n"));
            for &other in ids {
                let o = &site.entries[other];
                list_item(&mut out, &o.title, &self.machine_url(o), "");
            }
            out.push('\n');
        }
        Ok(format!("{}\n", out.trim_end()))
    }

    /// The body's markdown with its automatic links, every destination made absolute
    /// and the `<!--more-->` divider left out.
    fn body_markdown(&self, id: EntryId, permalink: &str) -> String {
        let site = self.site;
        let e = &site.entries[id];
        let base_url = &self.urls.base_url;
        let href =
            |to: EntryId| CowStr::from(self.urls.permalink(&Urls::entry_rel(&site.entries[to])));
        let mentions: &[crate::model::Mention] = match e.autolink {
            true => &self.links.mentions[id],
            false => &[],
        };
        let mut replayed: Vec<Event<'_>> = Vec::new();
        auto::replay(markdown::events(&e.body), mentions, href, |ev| {
            replayed.push(ev)
        });
        let absolute = |dest: &str| CowStr::from(absolute(dest, permalink, base_url));
        let events: Vec<Event<'_>> = soft_breaks(replayed)
            .into_iter()
            .filter_map(|ev| match ev {
                Event::Html(ref html) | Event::InlineHtml(ref html) if markdown::is_more(html) => {
                    None
                }
                ev => Some(markdown::map_destination(
                    ev,
                    |link_type, dest| match link_type {
                        LinkType::Email => (link_type, dest),
                        _ => (plain(link_type), absolute(&dest)),
                    },
                )),
            })
            .collect();
        let mut out = String::with_capacity(e.body.len() + 256);
        match pulldown_cmark_to_cmark::cmark(events.iter(), &mut out, markdown::options()) {
            Ok(_) => out,
            // Events the writer finds no markdown for: the body as written.
            Err(_) => e.body.clone(),
        }
    }

    /// Writes `llms.txt` and the markdown copies into `staging` (in parallel); how many.
    pub fn write_machine(&self, staging: &Staging) -> Result<usize> {
        let machines = &self.site.config.machines;
        let mut written = 0;
        if self.writes_llms() {
            staging.write(LLMS_FILE, self.llms_txt().as_bytes())?;
            written += 1;
        }
        if machines.markdown {
            (0..self.site.entries.len())
                .into_par_iter()
                .with_max_len(64)
                .try_for_each(|i| {
                    let md = self.entry_markdown(i)?;
                    staging.write(&markdown_file(&self.site.entries[i]), md.as_bytes())
                })?;
            written += self.site.entries.len();
        }
        Ok(written)
    }

    /// The same files as paths and bytes (`glossa serve`): `llms.txt` and the copies of
    /// `entries` (every entry when `None`).
    pub fn machine_bytes(&self, entries: Option<&[EntryId]>) -> Result<Vec<(String, Vec<u8>)>> {
        let machines = &self.site.config.machines;
        let mut out = Vec::new();
        if machines.markdown {
            let all: Vec<EntryId>;
            let ids = match entries {
                Some(ids) => ids,
                None => {
                    all = (0..self.site.entries.len()).collect();
                    &all
                }
            };
            out = ids
                .par_iter()
                .map(|&i| {
                    let md = self.entry_markdown(i)?;
                    Ok((markdown_file(&self.site.entries[i]), md.into_bytes()))
                })
                .collect::<Result<_>>()?;
        }
        if self.writes_llms() {
            out.push((LLMS_FILE.to_string(), self.llms_txt().into_bytes()));
        }
        Ok(out)
    }
}

/// `events` with the line breaks that replay joined into prose (`\n` in text outside
/// code blocks) as soft breaks again, so they are written as line breaks, not `&#10;`.
fn soft_breaks(events: Vec<Event<'_>>) -> Vec<Event<'_>> {
    let mut out = Vec::with_capacity(events.len());
    let mut code = 0usize;
    for ev in events {
        match ev {
            Event::Start(Tag::CodeBlock(_)) => code += 1,
            Event::End(pulldown_cmark::TagEnd::CodeBlock) => code = code.saturating_sub(1),
            Event::Text(ref text) if code == 0 && text.contains('\n') => {
                for (i, line) in text.split('\n').enumerate() {
                    if i > 0 {
                        out.push(Event::SoftBreak);
                    }
                    if !line.is_empty() {
                        out.push(Event::Text(CowStr::from(line.to_string())));
                    }
                }
                continue;
            }
            _ => {}
        }
        out.push(ev);
    }
    out
}

/// Reference and collapsed links written as inline ones: the copy holds no reference
/// definitions, so every link carries its destination.
fn plain(link_type: LinkType) -> LinkType {
    use LinkType::*;
    match link_type {
        Reference | ReferenceUnknown | Collapsed | CollapsedUnknown | Shortcut
        | ShortcutUnknown => Inline,
        other => other,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn destinations_become_absolute_as_the_page_reads_them() {
        let page = "https://x.test/docs/term/pod/";
        let base = "https://x.test/docs/";
        assert_eq!(
            absolute("/area/k/", page, base),
            "https://x.test/docs/area/k/"
        );
        assert_eq!(
            absolute("../node/", page, base),
            "https://x.test/docs/term/node/"
        );
        assert_eq!(
            absolute("img.png", page, base),
            "https://x.test/docs/term/pod/img.png"
        );
        assert_eq!(
            absolute("#risks", page, base),
            "https://x.test/docs/term/pod/#risks"
        );
        assert_eq!(absolute("https://o.test/a", page, base), "https://o.test/a");
        assert_eq!(absolute("mailto:a@b.test", page, base), "mailto:a@b.test");
    }

    #[test]
    fn link_text_escapes_brackets() {
        assert_eq!(link_text("a [b]\n c"), "a \\[b\\] c");
        assert_eq!(destination("https://x.test/a b"), "<https://x.test/a b>");
    }
}
