//! Text out of a PDF, with pdf-extract. Reports come as PDFs; the report
//! parser then reads the text exactly as it reads text extracted elsewhere.

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PdfError {
    #[error("the PDF cannot be read ({0}); if it opens in a viewer, save it again as PDF and retry")]
    Unreadable(String),
    #[error("the PDF has no text layer (it is probably a scan): run it through OCR first, then import the text")]
    NoText,
}

/// Whether `bytes` are a PDF file.
pub fn is_pdf(bytes: &[u8]) -> bool {
    bytes.starts_with(b"%PDF-")
}

/// The text of every page, in order.
pub fn text(bytes: &[u8]) -> Result<String, PdfError> {
    // pdf-extract panics on some malformed files; a bad upload must not take the process down.
    let extracted = std::panic::catch_unwind(|| pdf_extract::extract_text_from_mem(bytes))
        .map_err(|_| PdfError::Unreadable("the file is damaged".into()))?
        .map_err(|e| PdfError::Unreadable(e.to_string()))?;
    if extracted.trim().is_empty() {
        return Err(PdfError::NoText);
    }
    Ok(extracted)
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
}
