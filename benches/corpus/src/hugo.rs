//! The same corpus as a Hugo site: `hugo.toml`, `content/{term,definition,area}/<slug>.md`
//! and layouts that render the pages glossa makes, as closely as Hugo allows.
//!
//! Links are resolved in the templates, not precomputed: `related_paths` (full paths such as
//! `/term/x`) are looked up with `site.GetPage`, and the reverse direction (glossa shows
//! `related` both ways, and an area lists every entry naming it in `areas`) comes from one pass
//! over all pages, cached with `partialCached`.

use std::io::{self, Write};
use std::path::Path;

use crate::body::Content;
use crate::plan::{Corpus, Entry, Kind};
use crate::{home_intro, site_description, site_title, toml_list, toml_str, Output};

pub(crate) fn site(corpus: &Corpus, root: &Path, out: &mut Output) -> io::Result<()> {
    out.write(
        &root.join("hugo.toml"),
        |w| {
            writeln!(w, "baseURL = \"https://bench.example/\"")?;
            writeln!(w, "title = {}", toml_str(site_title()))?;
            writeln!(w, "languageCode = \"en\"")?;
            writeln!(w, "disableKinds = [\"taxonomy\", \"term\"]")?;
            writeln!(w, "enableRobotsTXT = true")?;
            writeln!(
                w,
                "# glossa: [pagination] page_size (30) and [feed] limit (20)"
            )?;
            writeln!(w, "paginate = 30")?;
            writeln!(w, "rssLimit = 20")?;
            writeln!(w)?;
            writeln!(w, "[params]")?;
            writeln!(w, "description = {}", toml_str(&site_description(corpus)))?;
            writeln!(w)?;
            writeln!(w, "[outputs]")?;
            writeln!(w, "home = [\"HTML\", \"RSS\"]")?;
            writeln!(w, "section = [\"HTML\"]")?;
            writeln!(w, "page = [\"HTML\"]")?;
            writeln!(w)?;
            writeln!(w, "[sitemap]")?;
            writeln!(w, "changefreq = \"monthly\"")?;
            writeln!(w, "filename = \"sitemap.xml\"")?;
            writeln!(w, "priority = 0.5")
        },
        false,
    )?;
    out.write(
        &root.join("content/_index.md"),
        |w| {
            writeln!(w, "+++")?;
            writeln!(w, "title = {}", toml_str(site_title()))?;
            writeln!(w, "+++")?;
            w.write_all(home_intro(corpus).as_bytes())
        },
        true,
    )?;
    for (kind, title, description) in [
        (Kind::Term, "Terms", "Every term, A to Z."),
        (Kind::Definition, "Definitions", "Every definition, A to Z."),
        (Kind::Area, "Areas", "Every area, A to Z."),
    ] {
        out.write(
            &root.join("content").join(kind.section()).join("_index.md"),
            |w| {
                writeln!(w, "+++")?;
                writeln!(w, "title = {}", toml_str(title))?;
                writeln!(w, "description = {}", toml_str(description))?;
                writeln!(w, "+++")
            },
            true,
        )?;
    }
    for (path, text) in LAYOUTS {
        out.write(
            &root.join("layouts").join(path),
            |w| w.write_all(text.as_bytes()),
            true,
        )?;
    }
    Ok(())
}

pub(crate) fn entry(
    corpus: &Corpus,
    e: &Entry,
    content: &Content,
    root: &Path,
    out: &mut Output,
) -> io::Result<()> {
    let path = root
        .join("content")
        .join(e.kind.section())
        .join(format!("{}.md", e.slug));
    out.write(
        &path,
        |w| {
            writeln!(w, "+++")?;
            writeln!(w, "title = {}", toml_str(&e.title))?;
            writeln!(w, "description = {}", toml_str(&content.description))?;
            writeln!(w, "date = {}", e.date)?;
            if let Some(u) = e.updated {
                writeln!(w, "lastmod = {u}")?;
            }
            // `aliases` means redirects in Hugo, so glossa's aliases are `synonyms` here.
            if !e.aliases.is_empty() {
                writeln!(
                    w,
                    "synonyms = {}",
                    toml_list(e.aliases.iter().map(String::as_str))
                )?;
            }
            let entries = &corpus.entries;
            writeln!(
                w,
                "related = {}",
                toml_list(e.related.iter().map(|&i| entries[i].slug.as_str()))
            )?;
            let paths: Vec<String> = e
                .related
                .iter()
                .map(|&i| format!("/{}/{}", entries[i].kind.section(), entries[i].slug))
                .collect();
            writeln!(
                w,
                "related_paths = {}",
                toml_list(paths.iter().map(String::as_str))
            )?;
            if !e.areas.is_empty() {
                writeln!(
                    w,
                    "areas = {}",
                    toml_list(e.areas.iter().map(|&i| entries[i].slug.as_str()))
                )?;
            }
            writeln!(w, "+++")?;
            w.write_all(content.body.as_bytes())
        },
        false,
    )
}

/// `layouts/` of the Hugo site.
const LAYOUTS: &[(&str, &str)] = &[
    ("_default/baseof.html", BASEOF),
    ("_default/single.html", SINGLE),
    ("_default/list.html", LIST),
    ("area/single.html", AREA),
    ("index.html", HOME),
    ("404.html", NOT_FOUND),
    ("partials/breadcrumbs.html", BREADCRUMBS),
    ("partials/card.html", CARD),
    ("partials/cards.html", CARDS),
    ("partials/links-index.html", LINKS_INDEX),
];

const BASEOF: &str = r#"<!DOCTYPE html>
<html lang="{{ site.LanguageCode | default "en" }}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{ if .IsHome }}{{ site.Title }}{{ else }}{{ .Title }} · {{ site.Title }}{{ end }}</title>
<meta name="description" content="{{ with .Description }}{{ . }}{{ else }}{{ site.Params.description }}{{ end }}">
<link rel="canonical" href="{{ .Permalink }}">
{{- with site.Home.OutputFormats.Get "rss" }}
<link rel="alternate" type="application/rss+xml" title="{{ site.Title }}" href="{{ .Permalink }}">
{{- end }}
</head>
<body>
<header class="site-header">
  <a class="brand" href="{{ site.Home.RelPermalink }}">{{ site.Title }}</a>
  <nav aria-label="Main">
    <a href="{{ "term/" | relURL }}">Terms</a>
    <a href="{{ "definition/" | relURL }}">Definitions</a>
    <a href="{{ "area/" | relURL }}">Areas</a>
  </nav>
</header>
{{ partial "breadcrumbs.html" . }}
<main id="main">
{{ block "main" . }}{{ end }}
</main>
<footer class="site-footer"><p>{{ site.Title }}</p></footer>
</body>
</html>
"#;

const BREADCRUMBS: &str = r#"{{- if not .IsHome }}
<nav class="breadcrumbs" aria-label="Breadcrumb">
  <ol>
    <li><a href="{{ site.Home.RelPermalink }}">Home</a></li>
    {{- if .IsPage }}{{ with .Parent }}
    <li><a href="{{ .RelPermalink }}">{{ .Title }}</a></li>
    {{- end }}{{ end }}
    <li aria-current="page">{{ .Title }}</li>
  </ol>
</nav>
{{- end }}
"#;

const CARD: &str = r#"<li class="card"><a href="{{ .RelPermalink }}">{{ .Title }}</a>{{ with .Description }}<p>{{ . }}</p>{{ end }}</li>
"#;

/// Context: `dict "heading" "…" "pages" $pages`.
const CARDS: &str = r#"{{- with .pages }}
<section class="cards-section">
  <h2>{{ $.heading }}</h2>
  <ul class="cards">
  {{- range sort . "Title" }}
    {{ partial "card.html" . }}
  {{- end }}
  </ul>
</section>
{{- end }}
"#;

/// One pass over every page: who names each path in `related_paths` (split by whether the
/// referrer is an area) and which pages name each area slug in `areas`.
const LINKS_INDEX: &str = r#"{{- $back := newScratch }}
{{- $areaback := newScratch }}
{{- $members := newScratch }}
{{- range site.RegularPages }}
  {{- $p := . }}
  {{- if eq .Section "area" }}
    {{- range .Params.related_paths }}{{ $areaback.Add . (slice $p) }}{{ end }}
  {{- else }}
    {{- range .Params.related_paths }}{{ $back.Add . (slice $p) }}{{ end }}
    {{- range .Params.areas }}{{ $members.Add . (slice $p) }}{{ end }}
  {{- end }}
{{- end }}
{{- return (dict "back" $back "areaback" $areaback "members" $members) }}
"#;

/// Terms and definitions.
const SINGLE: &str = r#"{{ define "main" }}
{{- $idx := partialCached "links-index.html" . "links-index" }}
{{- $self := printf "/%s/%s" .Section .File.ContentBaseName }}
{{- $related := slice }}
{{- range .Params.related_paths }}{{ with site.GetPage . }}{{ $related = $related | append . }}{{ end }}{{ end }}
{{- with (index $idx "back").Get $self }}{{ $related = union $related . }}{{ end }}
{{- $appears := slice }}
{{- range .Params.areas }}{{ with site.GetPage (printf "/area/%s" .) }}{{ $appears = $appears | append . }}{{ end }}{{ end }}
{{- with (index $idx "areaback").Get $self }}{{ $appears = union $appears . }}{{ end }}
<div class="entry-layout">
  <article class="entry entry--{{ .Section }}">
    <header class="entry-header">
      <p class="entry-kind">{{ .Section | humanize }}</p>
      <h1>{{ .Title }}</h1>
      {{- with .Description }}
      <p class="lede">{{ . }}</p>
      {{- end }}
      <p class="byline">Published <time datetime="{{ .Date.Format "2006-01-02" }}">{{ .Date.Format "January 2, 2006" }}</time>
      {{- if ne (.Lastmod.Format "2006-01-02") (.Date.Format "2006-01-02") }} · updated <time datetime="{{ .Lastmod.Format "2006-01-02" }}">{{ .Lastmod.Format "January 2, 2006" }}</time>{{ end }}</p>
      {{- with .Params.synonyms }}
      <p class="aliases">Also known as: {{ delimit . ", " }}</p>
      {{- end }}
    </header>
    <div class="content">
{{ .Content }}
    </div>
  </article>
  <aside class="entry-aside" aria-label="Related entries">
    {{- partial "cards.html" (dict "heading" "Related" "pages" $related) }}
    {{- partial "cards.html" (dict "heading" "Appears in" "pages" $appears) }}
  </aside>
</div>
{{ end }}
"#;

const AREA: &str = r#"{{ define "main" }}
{{- $idx := partialCached "links-index.html" . "links-index" }}
{{- $self := printf "/%s/%s" .Section .File.ContentBaseName }}
{{- $members := slice }}
{{- range .Params.related_paths }}{{ with site.GetPage . }}{{ if ne .Section "area" }}{{ $members = $members | append . }}{{ end }}{{ end }}{{ end }}
{{- with (index $idx "members").Get .File.ContentBaseName }}{{ $members = union $members . }}{{ end }}
{{- $related := slice }}
{{- with (index $idx "back").Get $self }}{{ $related = union $related . }}{{ end }}
<article class="entry entry--area">
  <header class="entry-header">
    <p class="entry-kind">Area</p>
    <h1>{{ .Title }}</h1>
    {{- with .Description }}
    <p class="lede">{{ . }}</p>
    {{- end }}
  </header>
  <nav class="toc" aria-label="In this area">
    <h2 class="toc-title">In this area</h2>
    {{ .TableOfContents }}
  </nav>
  <div class="content">
{{ .Content }}
  </div>
  <section class="area-members">
    {{- partial "cards.html" (dict "heading" "Entries in this area" "pages" $members) }}
  </section>
</article>
<aside class="entry-aside entry-aside--wide" aria-label="Related areas">
  {{- partial "cards.html" (dict "heading" "Related" "pages" $related) }}
</aside>
{{ end }}
"#;

/// Kind indexes (`/term/`, `/definition/`, `/area/`), paginated like glossa's.
const LIST: &str = r#"{{ define "main" }}
<header class="list-header">
  <h1>{{ .Title }}</h1>
  {{- with .Description }}
  <p class="lede">{{ . }}</p>
  {{- end }}
</header>
{{- $pager := .Paginate .Pages.ByTitle }}
<ul class="cards">
{{- range $pager.Pages }}
  {{ partial "card.html" . }}
{{- end }}
</ul>
{{ template "_internal/pagination.html" . }}
{{ end }}
"#;

const HOME: &str = r#"{{ define "main" }}
{{- $terms := where site.RegularPages "Section" "term" }}
{{- $definitions := where site.RegularPages "Section" "definition" }}
{{- $areas := where site.RegularPages "Section" "area" }}
<div class="home-hero">
  <h1>{{ site.Title }}</h1>
  <p class="lede">{{ site.Params.description }}</p>
  <div class="content home-intro">
{{ .Content }}
  </div>
  <ul class="stats">
    <li><a href="{{ "term/" | relURL }}"><strong>{{ len $terms }}</strong> terms</a></li>
    <li><a href="{{ "definition/" | relURL }}"><strong>{{ len $definitions }}</strong> definitions</a></li>
    <li><a href="{{ "area/" | relURL }}"><strong>{{ len $areas }}</strong> areas</a></li>
  </ul>
</div>
<section class="home-section">
  <h2>Browse by area</h2>
  <ul class="cards cards--grid">
  {{- range $areas.ByTitle }}
    {{ partial "card.html" . }}
  {{- end }}
  </ul>
</section>
<section class="home-section">
  <h2>Newest entries</h2>
  <ul class="cards cards--list">
  {{- range first 10 site.RegularPages.ByDate.Reverse }}
    {{ partial "card.html" . }}
  {{- end }}
  </ul>
</section>
{{ end }}
"#;

const NOT_FOUND: &str = r#"{{ define "main" }}
<h1>Page not found</h1>
<p>There is nothing at this address. Try the <a href="{{ site.Home.RelPermalink }}">home page</a> or one of the indexes:
<a href="{{ "term/" | relURL }}">terms</a>, <a href="{{ "definition/" | relURL }}">definitions</a>, <a href="{{ "area/" | relURL }}">areas</a>.</p>
{{ end }}
"#;
