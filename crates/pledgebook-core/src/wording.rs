//! The words of the notifications the workflow writes, in English and
//! Japanese: each recipient reads them in their own language (an account's
//! chosen one, or the language a pledge was submitted in).

use crate::status::Status;
use crate::text::Lang;

/// A status as a notification names it.
pub fn status_name(status: Status, lang: Lang) -> &'static str {
    match (lang, status) {
        (Lang::En, s) => match s {
            Status::Draft => "a draft",
            Status::Submitted => "submitted",
            Status::Returned => "returned for changes",
            Status::Approved => "approved",
            Status::Rejected => "rejected",
            Status::InProgress => "in progress",
            Status::Completed => "completed",
            Status::Withdrawn => "withdrawn",
        },
        (Lang::Ja, s) => match s {
            Status::Draft => "下書き",
            Status::Submitted => "審査待ち",
            Status::Returned => "差し戻し",
            Status::Approved => "承認済み",
            Status::Rejected => "不承認",
            Status::InProgress => "実施中",
            Status::Completed => "完了",
            Status::Withdrawn => "取り下げ",
        },
    }
}

/// A commitment's new status: (subject, body).
pub fn commitment_decided(lang: Lang, title: &str, to: Status, from: Status, note: Option<&str>) -> (String, String) {
    let (now, was) = (status_name(to, lang), status_name(from, lang));
    match lang {
        Lang::En => {
            let mut body = format!("\"{title}\" is now {now} (it was {was}).");
            if let Some(n) = note {
                body.push_str(&format!("\n\nThe secretariat wrote:\n{n}"));
            }
            (format!("[pledgebook] {title}: {now}"), body)
        }
        Lang::Ja => {
            let mut body = format!("「{title}」は「{now}」になりました（以前は「{was}」）。");
            if let Some(n) = note {
                body.push_str(&format!("\n\n事務局からのコメント:\n{n}"));
            }
            (format!("[pledgebook] {title}: {now}"), body)
        }
    }
}

/// The line that ends a message to a pledge's submitter: its tracking link.
pub fn tracking_line(lang: Lang, url: &str) -> String {
    match lang {
        Lang::En => format!("\n\nFollow your pledge, and change it when it is returned to you:\n{url}\n"),
        Lang::Ja => format!("\n\n誓約の状況の確認と（差し戻された場合の）修正はこちらから:\n{url}\n"),
    }
}

/// A progress report approved or returned: (subject, body).
pub fn report_decided(lang: Lang, title: &str, period: &str, approved: bool, note: Option<&str>) -> (String, String) {
    let note = note.map(|n| format!("\n\n{n}")).unwrap_or_default();
    match (lang, approved) {
        (Lang::En, true) => (
            format!("[pledgebook] Your {period} report on \"{title}\" is published"),
            "The secretariat approved your report; it is now on the public site.".to_owned(),
        ),
        (Lang::En, false) => (
            format!("[pledgebook] Your {period} report on \"{title}\" was returned"),
            format!("The secretariat returned your report.{note}"),
        ),
        (Lang::Ja, true) => (
            format!("[pledgebook] 「{title}」の{period}の報告が公開されました"),
            "事務局が報告を承認し、公開サイトに掲載されました。".to_owned(),
        ),
        (Lang::Ja, false) => (
            format!("[pledgebook] 「{title}」の{period}の報告が差し戻されました"),
            format!("事務局が報告を差し戻しました。{note}"),
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_status_has_a_name_in_both_languages() {
        for s in Status::ALL {
            assert!(status_name(s, Lang::En).is_ascii());
            assert!(!status_name(s, Lang::Ja).is_ascii());
        }
        let (subject, body) =
            commitment_decided(Lang::Ja, "教員研修", Status::Returned, Status::Submitted, Some("数字を"));
        assert!(subject.contains("差し戻し") && body.contains("数字を"));
    }
}
