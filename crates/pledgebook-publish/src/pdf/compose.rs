//! A small page composer: text blocks flow down A4 pages, headings are kept
//! with what follows them, and everything is laid out before anything is
//! drawn, so that each page can say "3 / 41" and the outline can point at
//! the page a heading landed on.

use krilla::Document;
use krilla::color::rgb;
use krilla::geom::{PathBuilder, Point};
use krilla::num::NormalizedF32;
use krilla::outline::{Outline, OutlineNode};
use krilla::page::PageSettings;
use krilla::paint::Fill;
use krilla::text::TextDirection;

use super::fonts::Face;
use super::wrap::{latin_quotes, wrap};

pub const PAGE_WIDTH: f32 = 595.28;
pub const PAGE_HEIGHT: f32 = 841.89;
const MARGIN_X: f32 = 62.0;
const MARGIN_TOP: f32 = 70.0;
const MARGIN_BOTTOM: f32 = 64.0;
pub const TEXT_WIDTH: f32 = PAGE_WIDTH - 2.0 * MARGIN_X;

pub const INK: (u8, u8, u8) = (25, 25, 25);
pub const MUTED: (u8, u8, u8) = (95, 95, 95);
pub const ACCENT: (u8, u8, u8) = (20, 70, 130);

/// How a block of text looks.
#[derive(Debug, Clone)]
pub struct Style {
    pub face: Face,
    pub size: f32,
    pub color: (u8, u8, u8),
    /// Line height as a multiple of the size.
    pub leading: f32,
    pub indent: f32,
    /// Space before the block.
    pub before: f32,
}

#[derive(Debug)]
enum Op {
    Text { x: f32, y: f32, text: String, face: Face, size: f32, color: (u8, u8, u8) },
    Rule { x: f32, y: f32, width: f32 },
}

/// A heading's place, for the PDF outline (bookmarks).
#[derive(Debug)]
struct Mark {
    depth: usize,
    title: String,
    page: usize,
    y: f32,
}

#[derive(Debug)]
pub struct Composer {
    pages: Vec<Vec<Op>>,
    /// Baseline of the last line set on the current page.
    y: f32,
    marks: Vec<Mark>,
}

impl Default for Composer {
    fn default() -> Self {
        Composer { pages: vec![Vec::new()], y: MARGIN_TOP, marks: Vec::new() }
    }
}

impl Composer {
    fn room(&self) -> f32 {
        PAGE_HEIGHT - MARGIN_BOTTOM - self.y
    }

    fn new_page(&mut self) {
        self.pages.push(Vec::new());
        self.y = MARGIN_TOP;
    }

    /// Starts a new page unless `height` still fits on this one.
    pub fn keep(&mut self, height: f32) {
        if self.room() < height && self.y > MARGIN_TOP {
            self.new_page();
        }
    }

    /// Sets a paragraph; `hang` is drawn in the indent of its first line (a bullet).
    pub fn text(&mut self, style: &Style, text: &str, hang: Option<&str>) {
        let line_height = style.size * style.leading;
        let width = TEXT_WIDTH - style.indent;
        let lines = wrap(&latin_quotes(text), width, &|s| style.face.width(s, style.size));
        // Orphans: a paragraph of up to three lines is not split, a longer one starts with at least three.
        self.keep(style.before + line_height * lines.len().min(3) as f32);
        if self.y > MARGIN_TOP {
            self.y += style.before;
        }
        // Nor does a single last line go over to the next page: one more goes with it.
        let fit = (self.room() / line_height).floor() as usize;
        let widow_at = (lines.len() == fit + 1 && fit >= 3).then(|| fit - 1);
        for (i, line) in lines.into_iter().enumerate() {
            if self.room() < line_height || Some(i) == widow_at {
                self.new_page();
            }
            self.y += line_height;
            let x = MARGIN_X + style.indent;
            if i == 0
                && let Some(h) = hang
            {
                let hx = x - style.face.width(h, style.size) - style.size * 0.4;
                self.push(Op::Text {
                    x: hx,
                    y: self.y,
                    text: h.to_owned(),
                    face: style.face.clone(),
                    size: style.size,
                    color: style.color,
                });
            }
            self.push(Op::Text {
                x,
                y: self.y,
                text: line,
                face: style.face.clone(),
                size: style.size,
                color: style.color,
            });
        }
    }

    /// A heading: kept with room for a few lines after it, and in the outline at `depth`.
    pub fn heading(&mut self, style: &Style, text: &str, depth: usize) {
        self.keep(style.before + style.size * style.leading * 2.0 + 40.0);
        let page = self.pages.len() - 1;
        self.marks.push(Mark { depth, title: text.to_owned(), page, y: self.y });
        self.text(style, text, None);
    }

    pub fn rule(&mut self, before: f32) {
        self.keep(before + 12.0);
        self.y += before;
        self.push(Op::Rule { x: MARGIN_X, y: self.y, width: TEXT_WIDTH });
    }

    fn push(&mut self, op: Op) {
        self.pages.last_mut().expect("a composer always has a page").push(op);
    }

    /// Draws every page with a running head and "n / N" at its foot.
    pub fn finish(self, mut document: Document, running_head: &str, footer: &Style) -> Document {
        let total = self.pages.len();
        for (n, ops) in self.pages.into_iter().enumerate() {
            let settings = PageSettings::from_wh(PAGE_WIDTH, PAGE_HEIGHT).expect("A4 is a valid page size");
            let mut page = document.start_page_with(settings);
            let mut surface = page.surface();
            let folio = format!("{} / {total}", n + 1);
            let furniture = [
                Op::Text {
                    x: MARGIN_X,
                    y: 40.0,
                    text: running_head.to_owned(),
                    face: footer.face.clone(),
                    size: footer.size,
                    color: MUTED,
                },
                Op::Text {
                    x: (PAGE_WIDTH - footer.face.width(&folio, footer.size)) / 2.0,
                    y: PAGE_HEIGHT - 34.0,
                    text: folio,
                    face: footer.face.clone(),
                    size: footer.size,
                    color: MUTED,
                },
            ];
            for op in furniture.iter().filter(|_| n > 0).chain(&ops) {
                match op {
                    Op::Text { x, y, text, face, size, color } => {
                        surface.set_fill(Some(fill(*color)));
                        surface.draw_text(
                            Point::from_xy(*x, *y),
                            face.font.clone(),
                            *size,
                            text,
                            false,
                            TextDirection::Auto,
                        );
                    }
                    Op::Rule { x, y, width } => {
                        let mut pb = PathBuilder::new();
                        pb.move_to(*x, *y);
                        pb.line_to(x + width, *y);
                        pb.line_to(x + width, y + 0.6);
                        pb.line_to(*x, y + 0.6);
                        pb.close();
                        if let Some(path) = pb.finish() {
                            surface.set_fill(Some(fill(ACCENT)));
                            surface.draw_path(&path);
                        }
                    }
                }
            }
            surface.finish();
            page.finish();
        }
        document.set_outline(outline(&self.marks));
        document
    }
}

fn fill((r, g, b): (u8, u8, u8)) -> Fill {
    Fill { paint: rgb::Color::new(r, g, b).into(), opacity: NormalizedF32::ONE, rule: Default::default() }
}

/// Bookmarks: depth-0 marks at the top, each deeper mark under the last shallower one.
fn outline(marks: &[Mark]) -> Outline {
    let node = |m: &Mark| {
        let dest = krilla::destination::XyzDestination::new(m.page, Point::from_xy(MARGIN_X, (m.y - 16.0).max(0.0)));
        OutlineNode::new(m.title.clone(), dest)
    };
    let mut outline = Outline::new();
    let mut i = 0;
    while i < marks.len() {
        let mut top = node(&marks[i]);
        let depth = marks[i].depth;
        i += 1;
        while i < marks.len() && marks[i].depth > depth {
            top.push_child(node(&marks[i]));
            i += 1;
        }
        outline.push_child(top);
    }
    outline
}
