//! Text out of a PDF's text layer, in reading order. pdf-extract decodes
//! the content streams and fonts; the glyphs it reports, with their
//! positions, are laid out here, because its own plain-text output glues
//! lines together when a PDF draws several in one text object.
//!
//! Per page: glyphs are grouped into lines by baseline and sorted by x; a
//! page whose lines share a gutter is read column by column; running heads
//! and footers (a first or last line that recurs on most pages, numbers
//! aside) and page numbers are dropped. The report parser then reads the
//! text exactly as it reads text extracted elsewhere.

use pdf_extract::{MediaBox, OutputDev, OutputError, Transform};

mod sound;

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PdfError {
    #[error("the PDF cannot be read ({0}); if it opens in a viewer, save it again as PDF and retry")]
    Unreadable(String),
    #[error("this PDF has no text layer (it is probably a scan); run OCR first (e.g. ocrmypdf), then import it again")]
    NoText,
}

/// Whether `bytes` are a PDF file.
pub fn is_pdf(bytes: &[u8]) -> bool {
    bytes.starts_with(b"%PDF-")
}

/// The text of every page, in reading order, pages separated by a blank line.
pub fn text(bytes: &[u8]) -> Result<String, PdfError> {
    // pdf-extract panics on some malformed files; a bad upload must not take the process down.
    let pages = std::panic::catch_unwind(|| glyphs(bytes))
        .map_err(|_| PdfError::Unreadable("the file is damaged".into()))?
        .map_err(|e| PdfError::Unreadable(e.to_string()))?;
    let pages: Vec<Vec<String>> = pages.iter().map(|p| page_lines(p)).collect();
    let text = drop_furniture(pages).into_iter().map(|p| p.join("\n")).collect::<Vec<_>>().join("\n\n");
    if text.trim().is_empty() {
        return Err(PdfError::NoText);
    }
    Ok(text)
}

/// One glyph as drawn: top-down coordinates in points.
#[derive(Debug, Clone)]
struct Glyph {
    x: f64,
    y: f64,
    end: f64,
    size: f64,
    text: String,
}

fn glyphs(bytes: &[u8]) -> Result<Vec<Vec<Glyph>>, OutputError> {
    let mut doc = pdf_extract::Document::load_mem(bytes)?;
    if doc.is_encrypted() {
        doc.decrypt("")?;
    }
    sound::sound(&doc).map_err(|e| OutputError::PdfError(pdf_extract::Error::Syntax(e)))?;
    let mut out = Collector { pages: Vec::new(), height: 0.0 };
    pdf_extract::output_doc(&doc, &mut out)?;
    Ok(out.pages)
}

#[derive(Debug)]
struct Collector {
    pages: Vec<Vec<Glyph>>,
    height: f64,
}

impl OutputDev for Collector {
    fn begin_page(&mut self, _: u32, media_box: &MediaBox, _: Option<(f64, f64, f64, f64)>) -> Result<(), OutputError> {
        self.height = media_box.ury - media_box.lly;
        self.pages.push(Vec::new());
        Ok(())
    }

    fn end_page(&mut self) -> Result<(), OutputError> {
        Ok(())
    }

    fn output_character(
        &mut self,
        trm: &Transform,
        width: f64,
        _: f64,
        font_size: f64,
        text: &str,
    ) -> Result<(), OutputError> {
        let scale = (trm.m11 * trm.m22 - trm.m12 * trm.m21).abs().sqrt();
        let size = font_size * scale;
        if !(size.is_finite() && size > 0.0 && trm.m31.is_finite() && trm.m32.is_finite()) {
            return Ok(());
        }
        let (x, y) = (trm.m31, self.height - trm.m32);
        if let Some(page) = self.pages.last_mut() {
            page.push(Glyph { x, y, end: x + width * size, size, text: text.to_owned() });
        }
        Ok(())
    }

    fn begin_word(&mut self) -> Result<(), OutputError> {
        Ok(())
    }

    fn end_word(&mut self) -> Result<(), OutputError> {
        Ok(())
    }

    fn end_line(&mut self) -> Result<(), OutputError> {
        Ok(())
    }
}

/// A line of a page: its baseline, and its glyphs left to right.
#[derive(Debug)]
struct Row {
    y: f64,
    size: f64,
    glyphs: Vec<Glyph>,
}

/// Glyphs on one baseline (within half a glyph's height) form a row.
fn rows(page: &[Glyph]) -> Vec<Row> {
    let mut sorted: Vec<&Glyph> = page.iter().filter(|g| !g.text.trim().is_empty() || g.text == " ").collect();
    sorted.sort_by(|a, b| a.y.total_cmp(&b.y));
    let mut rows: Vec<Row> = Vec::new();
    for g in sorted {
        match rows.last_mut() {
            Some(r) if (g.y - r.y).abs() <= 0.5 * r.size.max(g.size) => r.glyphs.push(g.clone()),
            _ => rows.push(Row { y: g.y, size: g.size, glyphs: vec![g.clone()] }),
        }
    }
    for r in &mut rows {
        r.glyphs.sort_by(|a, b| a.x.total_cmp(&b.x));
    }
    rows
}

/// The glyphs' text, with a space where they leave a gap wider than a
/// fifth of their size.
fn spell(glyphs: &[Glyph]) -> String {
    let mut out = String::new();
    let mut last_end: Option<f64> = None;
    for g in glyphs {
        if let Some(end) = last_end
            && g.x > end + 0.2 * g.size
            && !out.ends_with(' ')
            && g.text != " "
        {
            out.push(' ');
        }
        if !(g.text == " " && out.ends_with(' ')) {
            out.push_str(&g.text);
        }
        last_end = Some(g.end.max(g.x));
    }
    out.trim().to_owned()
}

/// Where a row breaks into pieces at gaps of more than two glyphs' size:
/// the x of each gap's middle.
fn gaps(row: &Row) -> Vec<f64> {
    row.glyphs
        .windows(2)
        .filter(|w| w[0].text != " " && w[1].x - w[0].end > 2.0 * row.size)
        .map(|w| (w[0].end + w[1].x) / 2.0)
        .collect()
}

/// A gutter most broken rows share, if the page is set in two columns.
fn gutter(rows: &[Row]) -> Option<f64> {
    let breaks: Vec<f64> = rows.iter().flat_map(gaps).collect();
    if breaks.len() < 5 {
        return None;
    }
    let mut best: Option<(f64, usize)> = None;
    for &b in &breaks {
        let near = breaks.iter().filter(|&&o| (o - b).abs() < 12.0).count();
        if best.is_none_or(|(_, n)| near > n) {
            best = Some((b, near));
        }
    }
    let (at, near) = best?;
    (near * 3 >= rows.len()).then_some(at)
}

/// Lines being written out, with where the last one stood.
#[derive(Debug, Default)]
struct Lines {
    out: Vec<String>,
    last: Option<(f64, f64)>,
}

impl Lines {
    /// Adds a line; a vertical gap of more than a line and a half before it
    /// becomes a blank line.
    fn push(&mut self, y: f64, size: f64, text: String) {
        if text.is_empty() {
            return;
        }
        if let Some((ly, ls)) = self.last
            && y - ly > 1.5 * 1.2 * ls.max(size)
        {
            self.out.push(String::new());
        }
        self.last = Some((y, size));
        self.out.push(text);
    }
}

/// The page as lines in reading order: a two-column page is read left
/// column then right column between the rows that span both.
fn page_lines(page: &[Glyph]) -> Vec<String> {
    let rows = rows(page);
    let mut lines = Lines::default();
    let Some(g) = gutter(&rows) else {
        for r in &rows {
            lines.push(r.y, r.size, spell(&r.glyphs));
        }
        return lines.out;
    };
    let mut right: Vec<(f64, f64, String)> = Vec::new();
    let flush = |lines: &mut Lines, right: &mut Vec<(f64, f64, String)>| {
        lines.last = None;
        for (y, s, t) in right.drain(..) {
            lines.push(y, s, t);
        }
    };
    for r in &rows {
        let both_sides = r.glyphs.iter().any(|x| x.x < g) && r.glyphs.iter().any(|x| x.x >= g);
        if both_sides && !gaps(r).iter().any(|x| (x - g).abs() < 12.0) {
            flush(&mut lines, &mut right);
            lines.push(r.y, r.size, spell(&r.glyphs));
            continue;
        }
        let (l, rr): (Vec<Glyph>, Vec<Glyph>) = r.glyphs.iter().cloned().partition(|x| x.x < g);
        lines.push(r.y, r.size, spell(&l));
        right.push((r.y, r.size, spell(&rr)));
    }
    flush(&mut lines, &mut right);
    lines.out
}

/// A line that is only a page number: `12`, `- 12 -`, `12 / 40`, `Page 12`.
fn is_page_number(line: &str) -> bool {
    let t = line.trim().trim_start_matches("Page ").trim_start_matches("page ");
    let t = t.trim_matches(|c: char| c == '-' || c == '–' || c.is_whitespace());
    let digits_and = |s: &str| !s.is_empty() && s.chars().all(|c| c.is_ascii_digit() || c == ' ' || c == '/');
    digits_and(t) && t.chars().any(|c| c.is_ascii_digit()) && t.len() <= 12
}

/// The line with its digits taken out, to compare running heads that carry a page number.
fn without_digits(line: &str) -> String {
    line.chars().filter(|c| !c.is_ascii_digit()).collect::<String>().trim().to_owned()
}

/// Drops page numbers and running heads and footers: a first or last line
/// (page numbers aside) that recurs on at least half of the pages, and on
/// three or more.
fn drop_furniture(mut pages: Vec<Vec<String>>) -> Vec<Vec<String>> {
    for p in &mut pages {
        let edge = |lines: &Vec<String>, i: usize| i < 2 || i + 2 >= lines.len();
        let keep: Vec<bool> = (0..p.len()).map(|i| !(edge(p, i) && is_page_number(&p[i]))).collect();
        let mut k = keep.iter();
        p.retain(|_| *k.next().unwrap_or(&true));
    }
    let mut counts: std::collections::HashMap<String, usize> = std::collections::HashMap::new();
    for p in &pages {
        let firsts = p.iter().filter(|l| !l.is_empty()).take(1);
        let lasts = p.iter().rev().filter(|l| !l.is_empty()).take(1);
        let mut seen: Vec<String> = firsts.chain(lasts).map(|l| without_digits(l)).collect();
        seen.dedup();
        for s in seen {
            *counts.entry(s).or_default() += 1;
        }
    }
    let threshold = (pages.len() / 2).max(3);
    let furniture = |l: &str| counts.get(&without_digits(l)).is_some_and(|&n| n >= threshold);
    for p in &mut pages {
        while p.first().is_some_and(|l| l.is_empty() || furniture(l)) {
            p.remove(0);
        }
        while p.last().is_some_and(|l| l.is_empty() || furniture(l)) {
            p.pop();
        }
    }
    pages
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn damaged_files_are_an_error_not_a_crash() {
        assert!(is_pdf(b"%PDF-1.5\n"));
        assert!(!is_pdf(b"PK\x03\x04"));
        assert!(matches!(text(b"%PDF-1.5\nthis is not a pdf body"), Err(PdfError::Unreadable(_))));
    }

    #[test]
    fn a_pdf_without_text_asks_for_ocr() {
        use lopdf::{Document, Object, Stream, dictionary};
        let mut doc = Document::with_version("1.5");
        let pages = doc.new_object_id();
        let content = doc.add_object(Stream::new(dictionary! {}, b"0 0 m 100 100 l S".to_vec()));
        let page = doc.add_object(dictionary! {
            "Type" => "Page", "Parent" => pages, "Contents" => content,
            "MediaBox" => vec![0.into(), 0.into(), 595.into(), 842.into()],
        });
        doc.objects.insert(
            pages,
            Object::Dictionary(dictionary! { "Type" => "Pages", "Kids" => vec![page.into()], "Count" => 1 }),
        );
        let catalog = doc.add_object(dictionary! { "Type" => "Catalog", "Pages" => pages });
        doc.trailer.set("Root", catalog);
        let mut bytes = Vec::new();
        doc.save_to(&mut bytes).unwrap();
        let e = text(&bytes).unwrap_err();
        assert_eq!(e, PdfError::NoText);
        assert!(e.to_string().contains("run OCR first (e.g. ocrmypdf)"));
    }

    fn glyphs_of(x: f64, y: f64, text: &str) -> Vec<Glyph> {
        text.chars()
            .enumerate()
            .map(|(i, c)| {
                let x = x + 5.0 * i as f64;
                Glyph { x, y, end: x + 5.0, size: 10.0, text: c.to_string() }
            })
            .collect()
    }

    #[test]
    fn two_columns_are_read_one_after_the_other() {
        let mut page = glyphs_of(50.0, 50.0, "A title across the whole page width, both columns");
        for (i, (l, r)) in [("left one", "right one"), ("left two", "right two"), ("left three", "right three")]
            .iter()
            .cycle()
            .take(6)
            .enumerate()
        {
            let y = 80.0 + 12.0 * i as f64;
            page.extend(glyphs_of(50.0, y, l));
            page.extend(glyphs_of(320.0, y, r));
        }
        let lines = page_lines(&page);
        assert_eq!(lines[0], "A title across the whole page width, both columns");
        let left = lines.iter().position(|l| l == "left three").unwrap();
        let right = lines.iter().position(|l| l == "right one").unwrap();
        assert!(left < right, "{lines:?}");
        assert_eq!(lines.iter().filter(|l| l.starts_with("right")).count(), 6);
    }

    #[test]
    fn running_heads_and_page_numbers_are_dropped() {
        let words = ["alpha", "beta", "gamma", "delta"];
        let page =
            |n: usize| vec!["Basic Plan · FY2018".to_owned(), format!("text {}", words[n - 1]), format!("{n} / 4")];
        let pages = drop_furniture((1..=4).map(page).collect());
        assert_eq!(pages[2], ["text gamma"]);
        assert!(is_page_number("- 12 -") && is_page_number("Page 3") && !is_page_number("2018 results"));
    }
}
