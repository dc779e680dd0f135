//! `init` and `new`: write a starter site, or one new entry with filled front matter.

use std::path::{Path, PathBuf};

use crate::error::{Error, Result};
use crate::frontmatter::slugify;
use crate::load::CONTENT_DIR;
use crate::model::Kind;

const CONFIG: &str = r#"# glossa site configuration. Every key is optional; unknown keys are errors.
title = "My Glossary"
description = "Plain-language definitions of the terms of my field."
base_url = "https://example.org/"   # where the site will be served from
language = "en"
author = "The Editors"

[links]
autolink = true          # link the first mention of another entry's title or alias
max_per_page = 20
min_title_length = 3

[pagination]
page_size = 30           # entries per area page

[search]
snippet_length = 160

[search.boosts]
title = 4.0
aliases = 3.0
description = 1.5
body = 1.0

[markdown]
unsafe_html = false      # raw HTML in markdown is shown as text unless true

[render]
toc_min_headings = 3     # a table of contents on entries with this many sections (0: never)
"#;

const STARTER: &[(&str, &str)] = &[
    (
        "content/_index.md",
        "Welcome to the glossary. Start with an **area** for an overview of a topic, or \
         browse every entry in the A–Z index.\n",
    ),
    (
        "content/areas/margin.md",
        r#"+++
title = "Margin"
description = "How traders post collateral to hold leveraged positions, and what happens when it runs short."
date = 2026-01-01
related = ["initial-margin", "maintenance-margin", "margin-call"]
+++
Margin is the money a trader sets aside so that a leveraged position can absorb losses.

## What is the Mechanism of Margin?

A venue asks for an initial deposit to open a position and a smaller amount to keep it open.
When losses eat into the deposit, the trader is asked to add more.

## How is Margin Calculated?

Both amounts are usually a percentage of the position's notional value, higher for riskier
assets and larger positions.

## What is the Consequence of Too Little Margin?

A position whose equity falls below the maintenance level is closed, partly or fully.
"#,
    ),
    (
        "content/terms/initial-margin.md",
        r#"+++
title = "Initial Margin"
description = "The deposit a venue asks for before it lets a trader open a leveraged position."
date = 2026-01-01
aliases = ["IM"]
related = ["maintenance-margin"]
areas = ["margin"]
+++
Initial margin is the equity a trader must put up to open a position. It caps leverage: an
initial margin of 10% allows at most 10× exposure.

## Example

Opening a position worth 50,000 with a 10% initial margin needs 5,000 of collateral.
"#,
    ),
    (
        "content/terms/maintenance-margin.md",
        r#"+++
title = "Maintenance Margin"
description = "The least equity a position may hold before the venue starts to close it."
date = 2026-01-02
aliases = ["MMR"]
related = ["initial-margin", "margin-call"]
areas = ["margin"]
+++
Maintenance margin is lower than initial margin, leaving a buffer between opening a position
and losing it. When equity falls below it, liquidation begins.
"#,
    ),
    (
        "content/definitions/margin-call.md",
        r#"+++
title = "Margin Call"
description = "A demand that a trader add collateral because their equity is running low."
date = 2026-01-03
related = ["maintenance-margin"]
areas = ["margin"]
+++
A margin call warns that a position is close to its maintenance margin. Adding collateral or
reducing the position answers it; ignoring it leads to liquidation.
"#,
    ),
    (
        "content/definitions/leverage.md",
        r#"+++
title = "Leverage"
description = "The ratio of a position's size to the equity that backs it."
date = 2026-01-04
related = ["initial-margin"]
areas = ["margin"]
+++
Leverage multiplies both gains and losses. At 5× leverage a 20% adverse move wipes out the
whole deposit.
"#,
    ),
];

/// Writes a starter site into `dir`. Refuses a non-empty folder unless `force` is set
/// (then only the starter's own files are written over). Returns the files written.
pub fn init(dir: &Path, force: bool) -> Result<Vec<PathBuf>> {
    if dir.exists() {
        let mut items = std::fs::read_dir(dir).map_err(|e| Error::read(dir, e))?;
        if items.next().is_some() && !force {
            return Err(Error::Usage(format!(
                "`{}` is not empty; use --force to write the starter site into it anyway",
                dir.display()
            )));
        }
    }
    let mut written = Vec::new();
    let mut files: Vec<(&str, &str)> = vec![("glossa.toml", CONFIG)];
    files.extend_from_slice(STARTER);
    for (rel, text) in files {
        let path = dir.join(rel);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).map_err(|e| Error::write(parent, e))?;
        }
        std::fs::write(&path, text).map_err(|e| Error::write(&path, e))?;
        written.push(path);
    }
    Ok(written)
}

/// Writes a new draft entry of `kind` titled `title` under `root`'s content folder, and
/// returns its path. `today` is the `date` written (`YYYY-MM-DD`).
pub fn new_entry(root: &Path, kind: Kind, title: &str, today: &str) -> Result<PathBuf> {
    let title = title.trim();
    let slug = slugify(title);
    if slug.is_empty() {
        return Err(Error::Usage(format!(
            "cannot make a slug from the title {title:?}"
        )));
    }
    let path = root
        .join(CONTENT_DIR)
        .join(kind.folder())
        .join(format!("{slug}.md"));
    if path.exists() {
        return Err(Error::Usage(format!("`{}` already exists", path.display())));
    }
    let title_toml = toml::Value::String(title.to_string()).to_string();
    let body = match kind {
        Kind::Area => format!(
            "A short introduction to {title}.\n\n## What is the Mechanism of {title}?\n\n…\n\n\
             ## How is {title} Calculated?\n\n…\n\n## What are the Consequences of {title}?\n\n…\n"
        ),
        Kind::Term => {
            "Start with a one-paragraph summary, then explain in sections.\n\n## How it works\n\n…\n".into()
        }
        Kind::Definition => "A few sentences that define the entry.\n".into(),
    };
    let text = format!(
        "+++\ntitle = {title_toml}\ndescription = \"\"\ndate = {today}\naliases = []\nrelated = []\n{}draft = true\n+++\n{body}",
        if kind == Kind::Area { "" } else { "areas = []\n" },
    );
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent).map_err(|e| Error::write(parent, e))?;
    }
    std::fs::write(&path, text).map_err(|e| Error::write(&path, e))?;
    Ok(path)
}
