//! The fonts a PDF report is typeset in. Japanese needs a CJK font, and
//! nothing may be downloaded, so they come from Debian's `fonts-ipaexfont`
//! (IPAex Mincho for text, IPAex Gothic for headings), or from a file the
//! configuration names. Only the glyphs used are embedded (krilla subsets).

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// Where Debian's `fonts-ipaexfont` puts its two faces.
const MINCHO: &str = "/usr/share/fonts/opentype/ipaexfont-mincho/ipaexm.ttf";
const GOTHIC: &str = "/usr/share/fonts/opentype/ipaexfont-gothic/ipaexg.ttf";

#[derive(Debug, thiserror::Error)]
pub enum FontError {
    #[error(
        "no Japanese font for the PDF report: install Debian's fonts-ipaexfont (apt-get install fonts-ipaexfont) \
         or name a TrueType/OpenType font with pdf_font in the configuration"
    )]
    Missing,
    #[error("cannot read the font {path}: {source}")]
    Read { path: PathBuf, source: std::io::Error },
    #[error("{path} is not a TrueType or OpenType font krilla can embed")]
    NotAFont { path: PathBuf },
    #[error("the font {path} has no Japanese glyphs (it lacks {missing:?}); the report would show boxes")]
    NoJapanese { path: PathBuf, missing: char },
}

/// One face: krilla's handle for drawing, and the advance of every
/// character the face maps, for breaking lines before drawing them.
#[derive(Clone)]
pub struct Face {
    pub(crate) font: krilla::text::Font,
    /// Advance widths in em.
    advances: Arc<HashMap<char, f32>>,
}

impl std::fmt::Debug for Face {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Face").field("characters", &self.advances.len()).finish()
    }
}

impl Face {
    pub fn load(path: &Path) -> Result<Face, FontError> {
        let data = std::fs::read(path).map_err(|source| FontError::Read { path: path.to_owned(), source })?;
        let not_a_font = || FontError::NotAFont { path: path.to_owned() };
        let advances = {
            let face = ttf_parser::Face::parse(&data, 0).map_err(|_| not_a_font())?;
            let em = f32::from(face.units_per_em());
            let mut advances = HashMap::new();
            if let Some(cmap) = face.tables().cmap {
                for table in cmap.subtables.into_iter().filter(|t| t.is_unicode()) {
                    table.codepoints(|cp| {
                        let advance = char::from_u32(cp).and_then(|ch| {
                            let glyph = table.glyph_index(cp)?;
                            Some((ch, f32::from(face.glyph_hor_advance(glyph)?) / em))
                        });
                        if let Some((ch, a)) = advance {
                            advances.insert(ch, a);
                        }
                    });
                }
            }
            advances
        };
        if let Some(missing) = ['子', '供', 'ア'].into_iter().find(|c| !advances.contains_key(c)) {
            return Err(FontError::NoJapanese { path: path.to_owned(), missing });
        }
        let font = krilla::text::Font::new(data.into(), 0).ok_or_else(not_a_font)?;
        Ok(Face { font, advances: Arc::new(advances) })
    }

    /// The width of `text` at `size` points. A character the face lacks
    /// counts as half an em, about what its replacement box takes.
    pub fn width(&self, text: &str, size: f32) -> f32 {
        text.chars().map(|c| self.advances.get(&c).copied().unwrap_or(0.5)).sum::<f32>() * size
    }
}

/// Text and heading faces.
#[derive(Debug, Clone)]
pub struct Fonts {
    pub text: Face,
    pub heading: Face,
}

impl Fonts {
    /// `configured`: one font file for everything; otherwise Debian's IPAex fonts.
    pub fn locate(configured: Option<&Path>) -> Result<Fonts, FontError> {
        if let Some(path) = configured {
            let face = Face::load(path)?;
            return Ok(Fonts { text: face.clone(), heading: face });
        }
        match (Path::new(MINCHO).exists(), Path::new(GOTHIC).exists()) {
            (true, true) => Ok(Fonts { text: Face::load(Path::new(MINCHO))?, heading: Face::load(Path::new(GOTHIC))? }),
            (true, false) => Fonts::locate(Some(Path::new(MINCHO))),
            (false, true) => Fonts::locate(Some(Path::new(GOTHIC))),
            (false, false) => Err(FontError::Missing),
        }
    }
}
