//! TBX (TermBase eXchange, ISO 30042): TBX-Basic and TBX-Core of TBX 2019 (`<tbx>`,
//! `conceptEntry`, `langSec`, `termSec`), and the TBX 2008 names of the same parts
//! (`<martif>`, `termEntry`, `langSet`, `tig`/`ntig`).
//!
//! | TBX | record |
//! | --- | --- |
//! | `conceptEntry` (`id="term-margin"`: kind and slug) | one entry |
//! | first `term` of the site's language | `title` |
//! | its other terms | `aliases` |
//! | `descrip type="definition"` (language section, else concept) | `description` (a long one with no note: `body`, its first sentence the description) |
//! | `note` (site's language, concept) | `body` (paragraphs) |
//! | `descrip type="subjectField"` | `areas` (by title or slug) |
//! | `ref type="crossReference"` (`target` id), `xref type="externalCrossReference"` | `related` |
//! | `transacGrp` origination / modification: `date`, `transacNote type="responsibility"` | `date`, `updated`, `author` |
//! | `admin type="source"` (concept) | `source_url` |
//! | other languages' sections | `[extra.translations.<lang>]`: `title`, `aliases`, `description`, `body` |
//!
//! Other data categories (`termNote partOfSpeech`, `descrip context`, …) are left out and
//! counted in one warning.

mod concept;
mod read;
mod write;

pub use concept::key_of_id;
pub use read::Reader;
pub use write::{write, Header};

use concept::{category, is_container, target};
use concept::{Concept, Lang, Target};

#[cfg(test)]
mod tests;
