//! The files beside the pages: the sitemap (split past [`SITEMAP_LIMIT`] URLs), the Atom
//! feed and robots.txt.

use serde::Serialize;
use tera::Context;

use super::{newest, Renderer};
use crate::error::Result;
use crate::plan::{Page, PageKind, Urls};

/// URLs a sitemap file may hold (the sitemaps.org limit).
pub const SITEMAP_LIMIT: usize = 50_000;

/// Whether a page is listed in the sitemap (all but the search page and the 404 page).
fn in_sitemap(page: &Page) -> bool {
    !matches!(page.kind, PageKind::NotFound | PageKind::Search)
}

/// The `n`-th (1-based) numbered sitemap, past [`SITEMAP_LIMIT`] URLs.
fn sitemap_part(n: usize) -> String {
    format!("sitemap-{n}.xml")
}

/// The files a build writes beside the pages: [`super::FEEDS`], and the numbered sitemaps
/// when the pages need several.
pub fn feed_files(pages: &[Page]) -> Vec<String> {
    let urls = pages.iter().filter(|p| in_sitemap(p)).count();
    let mut names: Vec<String> = super::FEEDS.map(String::from).to_vec();
    if urls > SITEMAP_LIMIT {
        names.extend((1..=urls.div_ceil(SITEMAP_LIMIT)).map(sitemap_part));
    }
    names
}

impl Renderer<'_> {
    /// The sitemap: `sitemap.xml`, or past [`SITEMAP_LIMIT`] URLs numbered sitemaps and
    /// `sitemap.xml` as their index. File names and contents.
    pub fn sitemap(&self, pages: &[Page]) -> Result<Vec<(String, String)>> {
        self.sitemap_files(pages, SITEMAP_LIMIT)
    }

    fn sitemap_files(&self, pages: &[Page], limit: usize) -> Result<Vec<(String, String)>> {
        #[derive(Serialize)]
        struct Url {
            loc: String,
            lastmod: String,
        }
        let newest = self.site.entries.iter().filter_map(|e| e.modified()).max();
        let urls: Vec<Url> = pages
            .iter()
            .filter(|p| in_sitemap(p))
            .map(|p| {
                let lastmod = match p.kind {
                    PageKind::Entry(id) | PageKind::Area { id, .. } => {
                        self.site.entries[id].modified()
                    }
                    PageKind::Home | PageKind::Glossary { .. } => newest,
                    _ => None,
                };
                Url {
                    loc: self.urls.permalink(&p.rel),
                    lastmod: lastmod.map(|d| d.ymd()).unwrap_or_default(),
                }
            })
            .collect();
        if urls.len() <= limit {
            let mut ctx = Context::new();
            ctx.insert("urls", &urls);
            return Ok(vec![(
                "sitemap.xml".to_string(),
                self.render("sitemap.xml", &ctx)?,
            )]);
        }
        // The protocol allows 50,000 URLs a file: past that, numbered sitemaps and an index.
        #[derive(Serialize)]
        struct Sitemap {
            loc: String,
            lastmod: String,
        }
        let mut files = Vec::new();
        let mut index = Vec::new();
        for (i, chunk) in urls.chunks(limit.max(1)).enumerate() {
            let name = sitemap_part(i + 1);
            let mut ctx = Context::new();
            ctx.insert("urls", chunk);
            files.push((name.clone(), self.render("sitemap.xml", &ctx)?));
            index.push(Sitemap {
                loc: self.urls.permalink(&name),
                lastmod: chunk
                    .iter()
                    .map(|u| u.lastmod.as_str())
                    .max()
                    .unwrap_or("")
                    .to_string(),
            });
        }
        let mut ctx = Context::new();
        ctx.insert("sitemaps", &index);
        files.push((
            "sitemap.xml".to_string(),
            self.render("sitemap_index.xml", &ctx)?,
        ));
        Ok(files)
    }

    /// `atom.xml`.
    pub fn feed(&self) -> Result<String> {
        #[derive(Serialize)]
        struct Feed {
            title: String,
            subtitle: String,
            id: String,
            self_url: String,
            home_url: String,
            updated: String,
            author: String,
        }
        #[derive(Serialize)]
        struct FeedEntry<'a> {
            title: &'a str,
            permalink: String,
            published: String,
            updated: String,
            summary: &'a str,
            kind_label: &'static str,
        }
        let config = &self.site.config;
        let ids = newest(self.site, config.feed.limit);
        let entries: Vec<FeedEntry> = ids
            .iter()
            .filter_map(|&id| {
                let e = &self.site.entries[id];
                let date = e.date?;
                Some(FeedEntry {
                    title: &e.title,
                    permalink: self.urls.permalink(&Urls::entry_rel(e)),
                    published: date.rfc3339(),
                    updated: e.modified().unwrap_or(date).rfc3339(),
                    summary: &e.description,
                    kind_label: e.kind.label(),
                })
            })
            .collect();
        let updated = ids
            .iter()
            .filter_map(|&id| self.site.entries[id].modified())
            .max()
            .map(|d| d.rfc3339())
            .unwrap_or_else(|| "1970-01-01T00:00:00Z".into());
        let feed = Feed {
            title: config.title.clone(),
            subtitle: config.description.clone(),
            id: self.urls.base_url.clone(),
            self_url: self.urls.permalink("atom.xml"),
            home_url: self.urls.base_url.clone(),
            updated,
            author: config.author.clone(),
        };
        let mut ctx = Context::new();
        ctx.insert("feed", &feed);
        ctx.insert("entries", &entries);
        self.render("atom.xml", &ctx)
    }

    /// `robots.txt`.
    pub fn robots(&self) -> Result<String> {
        let mut ctx = Context::new();
        ctx.insert("sitemap_url", &self.urls.permalink("sitemap.xml"));
        self.render("robots.txt", &ctx)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Kind, Site};
    use crate::plan;

    #[test]
    fn sitemaps_split_past_the_limit_with_an_index() {
        use crate::config::Config;
        use crate::model::{Entry, SourceFile};
        let entries = (0..5)
            .map(|i| Entry::new(Kind::Term, format!("t{i}"), format!("T{i}")))
            .collect();
        let site = Site {
            root: std::path::PathBuf::from("/nonexistent-site"),
            config: Config::default(),
            entries,
            sources: vec![SourceFile {
                path: "x.md".into(),
                text: std::sync::Arc::from(""),
            }],
            home_intro: None,
            kind_intros: Default::default(),
        };
        let (links, _) = crate::link::link(&site);
        let pages = plan::plan(&site, &links);
        let renderer = Renderer::new(&site, &links).unwrap();
        let one = renderer.sitemap_files(&pages, 1000).unwrap();
        assert_eq!(one.len(), 1);
        assert_eq!(one[0].0, "sitemap.xml");
        let total = one[0].1.matches("<url>").count();
        assert!(total > 5, "{}", one[0].1);

        let split = renderer.sitemap_files(&pages, 3).unwrap();
        let names: Vec<&str> = split.iter().map(|(n, _)| n.as_str()).collect();
        let chunks = total.div_ceil(3);
        assert_eq!(names.len(), chunks + 1);
        assert_eq!(names.last(), Some(&"sitemap.xml"));
        let urls: usize = split[..chunks]
            .iter()
            .map(|(_, xml)| {
                assert!(xml.matches("<url>").count() <= 3);
                xml.matches("<url>").count()
            })
            .sum();
        assert_eq!(urls, total, "every URL in exactly one file");
        let index = &split[chunks].1;
        assert!(index.contains("<sitemapindex"), "{index}");
        for name in &names[..chunks] {
            assert!(index.contains(&format!("{name}</loc>")), "{index}");
        }
    }
}
