//! The checks a PDF passes before pdf-extract reads it. pdf-extract takes
//! much for granted (its `expect`s), and a file that breaks one of those
//! assumptions would panic inside it; such a file is damaged, and refused
//! here with what is wrong. The fuzz tests mutate real PDFs to find more.

/// What pdf-extract takes for granted and would panic on (its `expect`s):
/// every reference resolves, every page has a media box of four numbers,
/// every font's encoding is a name it knows or a dictionary. A file that
/// breaks one is damaged, and is refused before extraction.
pub(super) fn sound(doc: &pdf_extract::Document) -> Result<(), String> {
    use pdf_extract::Object;
    fn walk(doc: &pdf_extract::Document, o: &Object, depth: u32) -> Result<(), String> {
        if depth > 64 {
            return Err("objects nest too deep".into());
        }
        match o {
            Object::Reference(r) if doc.get_object(*r).is_err() => Err(format!("object {} {} is missing", r.0, r.1)),
            Object::Array(items) => items.iter().try_for_each(|i| walk(doc, i, depth + 1)),
            Object::Dictionary(d) => d.iter().try_for_each(|(_, v)| walk(doc, v, depth + 1)),
            Object::Stream(s) => s.dict.iter().try_for_each(|(_, v)| walk(doc, v, depth + 1)),
            _ => Ok(()),
        }
    }
    for o in doc.objects.values() {
        walk(doc, o, 0)?;
    }
    let deref = |o: &'_ Object| match o {
        Object::Reference(r) => doc.get_object(*r).ok().cloned(),
        o => Some(o.clone()),
    };
    for (n, id) in doc.get_pages() {
        // The media box may be inherited from the page tree.
        let mut node = doc.get_dictionary(id).map_err(|e| format!("page {n}: {e}"))?;
        let mut media_box = None;
        for _ in 0..32 {
            if let Ok(b) = node.get(b"MediaBox") {
                media_box = deref(b);
                break;
            }
            match node.get(b"Parent").ok().and_then(|p| p.as_reference().ok()).and_then(|p| doc.get_dictionary(p).ok())
            {
                Some(parent) => node = parent,
                None => break,
            }
        }
        let four_numbers = media_box.as_ref().and_then(|b| b.as_array().ok()).is_some_and(|a| {
            a.len() == 4 && a.iter().all(|x| deref(x).is_some_and(|x| x.as_float().is_ok() || x.as_i64().is_ok()))
        });
        if !four_numbers {
            return Err(format!("page {n} has no media box of four numbers"));
        }
        for (_, font) in doc.get_page_fonts(id).map_err(|e| format!("page {n}: {e}"))? {
            let known = |name: &[u8]| {
                matches!(
                    name,
                    b"StandardEncoding"
                        | b"MacRomanEncoding"
                        | b"MacExpertEncoding"
                        | b"WinAnsiEncoding"
                        | b"Identity-H"
                        | b"Identity-V"
                )
            };
            if let Ok(e) = font.get(b"Encoding") {
                match deref(e) {
                    Some(Object::Name(name)) if known(&name) => {}
                    Some(Object::Dictionary(_)) | Some(Object::Stream(_)) => {}
                    _ => return Err(format!("page {n}: a font's encoding is unknown")),
                }
            }
            let subtype = |want: &[u8]| {
                font.get(b"Subtype").ok().and_then(&deref).is_some_and(|v| v.as_name().is_ok_and(|n| n == want))
            };
            let type3 = subtype(b"Type3");
            if subtype(b"Type0") {
                // A composite font needs its descendant (a dictionary) and an encoding.
                let descendant = font
                    .get(b"DescendantFonts")
                    .ok()
                    .and_then(&deref)
                    .and_then(|d| d.as_array().ok().and_then(|a| a.first().cloned()))
                    .and_then(|first| deref(&first));
                if !matches!(descendant, Some(Object::Dictionary(_))) || font.get(b"Encoding").is_err() {
                    return Err(format!("page {n}: a composite font lacks its descendant font or its encoding"));
                }
            }
            for key in [&b"Subtype"[..], b"BaseFont"] {
                let required = key == b"Subtype" || !type3;
                match font.get(key).ok().and_then(&deref) {
                    Some(v) if v.as_name().is_ok() => {}
                    None if !required => {}
                    _ => {
                        return Err(format!(
                            "page {n}: a font's {} is missing or not a name",
                            String::from_utf8_lossy(key)
                        ));
                    }
                }
            }
        }
        content_sound(doc, id).map_err(|e| format!("page {n}: {e}"))?;
    }
    Ok(())
}

/// The page's content as pdf-extract reads it: the operands of the text,
/// position and path operators are numbers, text is shown only once a font
/// is set, and a path is continued only once started.
fn content_sound(doc: &pdf_extract::Document, page: pdf_extract::ObjectId) -> Result<(), String> {
    use pdf_extract::Object;
    let content = doc.get_and_decode_page_content(page).map_err(|e| e.to_string())?;
    let fonts = doc.get_page_fonts(page).map_err(|e| e.to_string())?;
    let (resources, _) = doc.get_page_resources(page).map_err(|e| e.to_string())?;
    let states = resources.and_then(|r| r.get(b"ExtGState").ok()).and_then(|o| match o {
        Object::Reference(id) => doc.get_dictionary(*id).ok(),
        Object::Dictionary(d) => Some(d),
        _ => None,
    });
    let number = |o: &Object| matches!(o, Object::Integer(_) | Object::Real(_));
    let mut font_set = false;
    // A path starts with m or re; l, c, v and y continue it; painting ends it.
    let mut in_path = false;
    for op in &content.operations {
        let operands = &op.operands;
        let numbers = |n: usize| operands.len() == n && operands.iter().all(number);
        let ok = match op.operator.as_str() {
            "m" => {
                in_path = true;
                numbers(2)
            }
            "re" => {
                in_path = true;
                numbers(4)
            }
            "l" => in_path && numbers(2),
            "c" => in_path && numbers(6),
            "v" | "y" => in_path && numbers(4),
            "S" | "s" | "f" | "F" | "f*" | "B" | "B*" | "b" | "b*" | "n" => {
                in_path = false;
                true
            }
            "Td" | "TD" => numbers(2),
            "Tm" | "cm" => numbers(6),
            "TL" | "Tc" | "Tw" | "Tz" | "Ts" | "w" => numbers(1),
            "Tf" => {
                font_set = true;
                operands.len() == 2
                    && matches!(&operands[0], Object::Name(name) if fonts.contains_key(name))
                    && number(&operands[1])
            }
            "gs" => matches!(operands.first(), Some(Object::Name(name)) if states.is_some_and(|s| s.has(name))),
            "Tj" | "'" => font_set && operands.len() == 1 && matches!(operands[0], Object::String(..)),
            "\"" => font_set && operands.len() == 3 && number(&operands[0]) && number(&operands[1]),
            "TJ" => {
                font_set
                    && operands.len() == 1
                    && operands[0]
                        .as_array()
                        .is_ok_and(|a| a.iter().all(|x| number(x) || matches!(x, Object::String(..))))
            }
            _ => true,
        };
        if !ok {
            return Err(format!("its content has a malformed {} operator", op.operator));
        }
    }
    Ok(())
}
