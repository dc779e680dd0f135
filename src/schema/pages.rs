//! What each page says about itself: the nodes [`SchemaContext::page_nodes`] builds per
//! page kind.

use super::*;
use crate::model::{Entry, EntryId, Image};
use crate::plan;

impl SchemaContext<'_> {
    fn publisher(&self) -> Organization {
        Organization {
            name: self.site.config.title.clone(),
            url: self.urls.base_url.clone(),
        }
    }

    /// The `DefinedTermSet` as a term's `inDefinedTermSet` names it.
    fn set_ref(&self) -> Option<Box<DefinedTermSet>> {
        Some(Box::new(DefinedTermSet {
            id: self.set_id(),
            name: self.site.config.title.clone(),
            url: self.urls.permalink(plan::GLOSSARY_REL),
            description: String::new(),
            has_defined_term: Vec::new(),
        }))
    }

    fn set_id(&self) -> String {
        format!("{}#set", self.urls.permalink(plan::GLOSSARY_REL))
    }

    fn entry_url(&self, e: &Entry) -> String {
        self.urls.permalink(&Urls::entry_rel(e))
    }

    fn image(&self, image: &Option<Image>) -> Option<ImageObject> {
        image.as_ref().map(|i| ImageObject {
            url: self.urls.resolve(&i.url).1,
            width: i.width.map(Pixels::new),
            height: i.height.map(Pixels::new),
            caption: i.caption.clone(),
        })
    }

    fn author(&self, e: &Entry) -> Person {
        Person {
            name: e
                .author
                .clone()
                .unwrap_or_else(|| self.site.config.author.clone()),
        }
    }

    fn part(&self, id: EntryId) -> Article {
        let e = &self.site.entries[id];
        let url = self.entry_url(e);
        Article {
            // An area's own page is a `CollectionPage` with this URL as its `@id`; listed
            // as a part it stays a blank node rather than a second type for that node.
            id: if e.kind == Kind::Area {
                String::new()
            } else {
                url.clone()
            },
            url,
            headline: e.title.clone(),
            description: e.description.clone(),
            date_published: e.date.map(|d| d.iso()),
            date_modified: e.modified().map(|d| d.iso()),
            image: self.image(&e.image),
            ..Article::default()
        }
    }

    fn collection(
        &self,
        page: &Page,
        name: String,
        description: String,
        ids: &[EntryId],
        image: Option<ImageObject>,
    ) -> Node {
        let url = self.urls.permalink(&page.rel);
        Node::CollectionPage(CollectionPage {
            id: url.clone(),
            url,
            name,
            description,
            in_language: self.site.config.language.clone(),
            publisher: Some(self.publisher()),
            image,
            has_part: ids.iter().map(|&id| self.part(id)).collect(),
        })
    }

    /// The nodes of one page, breadcrumbs first.
    pub fn page_nodes(&self, page: &Page) -> Vec<Node> {
        let url = self.urls.permalink(&page.rel);
        let mut nodes = vec![self.breadcrumb_list(page, &url)];
        match page.kind {
            PageKind::Home => self.home_nodes(&mut nodes),
            PageKind::Entry(id) => nodes.push(self.entry_node(id, url)),
            PageKind::Area { id, page: n } => self.area_nodes(&mut nodes, page, id, n, url),
            PageKind::KindIndex { kind, page: n } => {
                nodes.push(self.kind_index_node(page, kind, n))
            }
            PageKind::Glossary { letter } => nodes.push(self.glossary_node(letter, url)),
            PageKind::Search | PageKind::NotFound => {}
        }
        nodes
    }

    /// The `BreadcrumbList` of the page's visible trail.
    fn breadcrumb_list(&self, page: &Page, url: &str) -> Node {
        let trail = breadcrumbs(self.site, page);
        Node::BreadcrumbList(BreadcrumbList {
            id: format!("{url}#breadcrumb"),
            items: trail
                .into_iter()
                .enumerate()
                .map(|(i, (name, rel))| ListItem {
                    position: i as u32 + 1,
                    name,
                    item: self.urls.permalink(&rel),
                })
                .collect(),
        })
    }

    /// Home: the `WebSite` with its `SearchAction`, and the `DefinedTermSet`.
    fn home_nodes(&self, nodes: &mut Vec<Node>) {
        let config = &self.site.config;
        nodes.push(Node::WebSite(WebSite {
            id: format!("{}#website", self.urls.base_url),
            name: config.title.clone(),
            url: self.urls.base_url.clone(),
            description: config.description.clone(),
            in_language: config.language.clone(),
            publisher: self.publisher(),
            potential_action: SearchAction {
                target: EntryPoint {
                    url_template: format!(
                        "{}?q={{search_term_string}}",
                        self.urls.permalink(plan::SEARCH_REL)
                    ),
                },
                query_input: "required name=search_term_string".into(),
            },
        }));
        nodes.push(Node::DefinedTermSet(DefinedTermSet {
            id: self.set_id(),
            name: config.title.clone(),
            url: self.urls.permalink(plan::GLOSSARY_REL),
            description: config.description.clone(),
            has_defined_term: Vec::new(),
        }));
    }

    /// A definition's `DefinedTerm`, or a term's `Article` about one.
    fn entry_node(&self, id: EntryId, url: String) -> Node {
        let config = &self.site.config;
        let e = &self.site.entries[id];
        let term_id = format!("{url}#term");
        match e.kind {
            Kind::Definition => Node::DefinedTerm(DefinedTerm {
                id: term_id,
                name: e.title.clone(),
                description: e.description.clone(),
                url,
                alternate_name: e.aliases.clone(),
                in_defined_term_set: self.set_ref(),
                image: self.image(&e.image),
            }),
            _ => Node::Article(Article {
                id: url.clone(),
                url,
                headline: e.title.clone(),
                description: e.description.clone(),
                date_published: e.date.map(|d| d.iso()),
                date_modified: e.modified().map(|d| d.iso()),
                author: Some(self.author(e)),
                publisher: Some(self.publisher()),
                image: self.image(&e.image),
                about: Some(DefinedTerm {
                    id: term_id,
                    name: e.title.clone(),
                    alternate_name: e.aliases.clone(),
                    in_defined_term_set: self.set_ref(),
                    ..DefinedTerm::default()
                }),
                in_language: config.language.clone(),
            }),
        }
    }

    /// An area's page: its `CollectionPage`, and on the first page the `FAQPage` of its
    /// questions.
    fn area_nodes(&self, nodes: &mut Vec<Node>, page: &Page, id: EntryId, n: usize, url: String) {
        let size = self.site.config.pagination.page_size;
        let site = self.site;
        let e = &site.entries[id];
        let members = plan::page_slice(&self.links.members[id], n, size);
        let name = plan::paged_title(&e.title, n);
        nodes.push(self.collection(
            page,
            name,
            e.description.clone(),
            members,
            self.image(&e.image),
        ));
        let questions = &self.questions[id];
        if n == 1 && !questions.is_empty() {
            nodes.push(Node::FaqPage(FaqPage {
                id: format!("{url}#faq"),
                url: url.clone(),
                name: e.title.clone(),
                main_entity: questions
                    .iter()
                    .map(|q| Question {
                        name: q.question.clone(),
                        accepted_answer: Answer {
                            text: q.answer.clone(),
                        },
                    })
                    .collect(),
            }));
        }
    }

    /// A kind index page's `CollectionPage`.
    fn kind_index_node(&self, page: &Page, kind: Kind, n: usize) -> Node {
        let config = &self.site.config;
        let size = config.pagination.page_size;
        let ids = &self.links.by_kind[kind.index()];
        let members = plan::page_slice(ids, n, size);
        let name = plan::paged_title(kind.plural_label(), n);
        let description = kind_intro(kind, &config.title);
        self.collection(page, name, description, members, None)
    }

    /// The A–Z index's `DefinedTermSet`, with the terms the page lists.
    fn glossary_node(&self, letter: Option<usize>, url: String) -> Node {
        let site = self.site;
        let config = &site.config;
        // The terms this page lists: all, or (split) its letter's, or none.
        let split = plan::glossary_split(site);
        let listed = match (split, letter) {
            (false, _) => &self.links.by_title[..],
            (true, Some(slot)) => &self.links.by_letter[slot][..],
            (true, None) => &[],
        };
        let ids = listed
            .iter()
            .copied()
            .filter(|&i| site.entries[i].kind != Kind::Area);
        Node::DefinedTermSet(DefinedTermSet {
            id: self.set_id(),
            name: config.title.clone(),
            url,
            description: config.description.clone(),
            has_defined_term: ids
                .into_iter()
                .map(|i| {
                    let e = &site.entries[i];
                    let u = self.entry_url(e);
                    DefinedTerm {
                        id: format!("{u}#term"),
                        name: e.title.clone(),
                        url: u,
                        ..DefinedTerm::default()
                    }
                })
                .collect(),
        })
    }
}
