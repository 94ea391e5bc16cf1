//! A sheet export as an XLSX workbook, from the rows the CSV is made of.

use std::io::Write;

use pledgebook_core::Kind;
use pledgebook_core::store::{Filter, Reader};

use super::{Export, Format, XLSX_MAX_ROWS};
use crate::Error;
use crate::export::Entity;

/// One entity of the initiative as an XLSX workbook written to `out`, in
/// constant memory (rows go to a temporary file until the workbook is
/// zipped). A sheet holds at most [`XLSX_MAX_ROWS`] rows: a larger export
/// is refused, before any work where the count is known, and the message
/// points to the CSV, which has no limit. `max_rows` lowers the limit (the
/// web server's downloads must finish within a request's time). Answers
/// the rows written.
pub async fn xlsx(
    r: &mut dyn Reader,
    key: &str,
    entity: Entity,
    out: impl Write + Send,
    max_rows: u64,
) -> Result<u64, Error> {
    let max_rows = max_rows.min(XLSX_MAX_ROWS - 1);
    let mut export = Export::open(r, key, Format::Csv(entity)).await?;
    let too_many = || Error::TooManyRows { entity: entity.name(), limit: max_rows };
    let counted = match entity {
        Entity::Commitments => Some(Kind::Commitment),
        Entity::Reports => Some(Kind::ProgressEntry),
        Entity::Observations => None,
    };
    if let Some(kind) = counted {
        let n = r.count_matching(&Filter::of(kind).in_initiative(export.initiative().id.get()).public()).await?;
        if n as u64 > max_rows {
            return Err(too_many());
        }
    }
    let xlsx = |e: rust_xlsxwriter::XlsxError| Error::Xlsx(e.to_string());
    let mut book = rust_xlsxwriter::Workbook::new();
    let sheet = book.add_worksheet_with_constant_memory().map_err(xlsx)?;
    let mut row: u32 = 0;
    while let Some(rows) = export.next_rows(r).await? {
        for cells in rows {
            // Row 0 is the header.
            if u64::from(row) > max_rows {
                return Err(too_many());
            }
            for (col, cell) in cells.iter().enumerate() {
                // Strings throughout: a key such as "2021" must not become a
                // number, and a string cell is never a formula.
                sheet.write_string(row, col as u16, cell).map_err(xlsx)?;
            }
            row += 1;
        }
    }
    book.save_to_writer(out).map_err(xlsx)?;
    Ok(u64::from(row.saturating_sub(1)))
}
