//! Photos on progress reports: private until a reviewer confirms consent,
//! and checked by content and size on the way in.

mod support;

use pledgebook_core::{ProgressEntry, Status, ops};
use reqwest::StatusCode;

use support::{App, Who};

/// The smallest PNG: one transparent pixel.
const PNG: &[u8] = &[
    0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0x00, 0x00, 0x00, 0x0D, 0x49, 0x48, 0x44, 0x52, 0x00, 0x00, 0x00,
    0x01, 0x00, 0x00, 0x00, 0x01, 0x08, 0x06, 0x00, 0x00, 0x00, 0x1F, 0x15, 0xC4, 0x89, 0x00, 0x00, 0x00, 0x0D, 0x49,
    0x44, 0x41, 0x54, 0x78, 0x9C, 0x63, 0x00, 0x01, 0x00, 0x00, 0x05, 0x00, 0x01, 0x0D, 0x0A, 0x2D, 0xB4, 0x00, 0x00,
    0x00, 0x00, 0x49, 0x45, 0x4E, 0x44, 0xAE, 0x42, 0x60, 0x82,
];

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn photos_stay_private_until_a_reviewer_confirms_consent() {
    let app = App::start().await;
    let id = app.pledge(Status::Approved).await;
    let sent = app
        .post_multipart(
            Who::OwnEditor,
            &format!("/report/{id}/entries"),
            &[("period", "2026"), ("narrative", "Our study day.")],
            &[("day.png", PNG.to_vec())],
        )
        .await;
    assert_eq!(sent, StatusCode::SEE_OTHER);
    let (entry, photo) = {
        let mut r = app.store.read().await.unwrap();
        let e = ops::query::<ProgressEntry>(
            &mut *r,
            &pledgebook_core::store::Filter::of(pledgebook_core::Kind::ProgressEntry).under(id.get()),
            pledgebook_core::store::Keyset::first(100),
        )
        .await
        .unwrap()
        .pop()
        .unwrap();
        assert!(e.safeguarding.involves_children, "a photo is treated as showing children");
        let a = r.attachments(e.id.get()).await.unwrap();
        assert_eq!((a.len(), a[0].content_type.as_str()), (1, "image/png"));
        (e.id, a[0].id)
    };
    let anonymous = reqwest::Client::new();
    let url = format!("{}/attachments/{photo}", app.base);
    assert_eq!(anonymous.get(&url).send().await.unwrap().status(), StatusCode::NOT_FOUND);
    let (reviewer, _) = app.client(Who::Reviewer).await;
    assert_eq!(reviewer.get(&url).send().await.unwrap().status(), StatusCode::OK, "the reviewer sees it to judge it");
    // Approving without confirming consent is refused; with it, the photo goes public.
    assert_eq!(
        app.post(Who::Reviewer, &format!("/review/entries/{entry}"), &[("decision", "approve")]).await,
        StatusCode::UNPROCESSABLE_ENTITY
    );
    assert_eq!(
        app.post(Who::Reviewer, &format!("/review/entries/{entry}"), &[("decision", "approve"), ("consent", "1")])
            .await,
        StatusCode::SEE_OTHER
    );
    let res = anonymous.get(&url).send().await.unwrap();
    assert_eq!(res.status(), StatusCode::OK);
    assert_eq!(res.headers()["content-type"], "image/png");
    assert_eq!(res.bytes().await.unwrap().as_ref(), PNG);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_refused_report_keeps_its_photos_for_the_next_try() {
    let app = App::start().await;
    let id = app.pledge(Status::Approved).await;
    let path = format!("/report/{id}/entries");
    // No period: refused, and the photo is kept on the form.
    let (status, page) = app
        .send_multipart(Who::OwnEditor, &path, &[("narrative", "Our study day.")], &[("day.png", PNG.to_vec())])
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    let at = page.find(r#"name="held" value=""#).expect("the photo is listed as kept");
    let token = &page[at + r#"name="held" value=""#.len()..][..64];
    assert!(page.contains("day.png"), "by its name");
    // Another account cannot take it by its token.
    let (status, _) = app
        .send_multipart(Who::Secretariat, &path, &[("period", "2026"), ("narrative", "Ours."), ("held", token)], &[])
        .await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    // The next try sends only the token; the report is saved with the photo.
    let (status, _) = app
        .send_multipart(
            Who::OwnEditor,
            &path,
            &[("period", "2026"), ("narrative", "Our study day."), ("held", token)],
            &[],
        )
        .await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    // Used once: the same token brings nothing a second time.
    let (status, _) = app
        .send_multipart(Who::OwnEditor, &path, &[("period", "2026"), ("narrative", "Ours."), ("held", token)], &[])
        .await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    let mut r = app.store.read().await.unwrap();
    let entries = ops::query::<ProgressEntry>(
        &mut *r,
        &pledgebook_core::store::Filter::of(pledgebook_core::Kind::ProgressEntry).under(id.get()),
        pledgebook_core::store::Keyset::first(100),
    )
    .await
    .unwrap();
    let mut photos = Vec::new();
    for e in &entries {
        photos.push((e.narrative.en.clone(), r.attachments(e.id.get()).await.unwrap().len()));
    }
    photos.sort();
    assert_eq!(
        photos,
        [(Some("Our study day.".to_owned()), 1), (Some("Ours.".to_owned()), 0), (Some("Ours.".to_owned()), 0)],
        "only the sender's report has it, once"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn uploads_are_checked_by_content_and_size() {
    let app = App::start().await;
    let id = app.pledge(Status::Approved).await;
    let path = format!("/report/{id}/entries");
    let fields = [("period", "2026"), ("narrative", "Text.")];
    let not_an_image =
        app.post_multipart(Who::OwnEditor, &path, &fields, &[("evil.png", b"<svg onload=alert(1)>".to_vec())]).await;
    assert_eq!(not_an_image, StatusCode::UNPROCESSABLE_ENTITY);
    let mut big = PNG.to_vec();
    big.resize(6 * 1024 * 1024, 0);
    assert_eq!(
        app.post_multipart(Who::OwnEditor, &path, &fields, &[("big.png", big)]).await,
        StatusCode::UNPROCESSABLE_ENTITY
    );
    let mut huge = PNG.to_vec();
    huge.resize(30 * 1024 * 1024, 0);
    let (client, csrf) = app.client(Who::OwnEditor).await;
    let form = reqwest::multipart::Form::new()
        .text("csrf", csrf)
        .part("photo", reqwest::multipart::Part::bytes(huge).file_name("huge.png"));
    // The server stops reading past its limit: a 413, or the connection closed mid-upload.
    match client.post(format!("{}{path}", app.base)).multipart(form).send().await {
        Ok(res) => assert_eq!(res.status(), StatusCode::PAYLOAD_TOO_LARGE),
        Err(e) => assert!(e.is_request(), "{e}"),
    }
    let mut r = app.store.read().await.unwrap();
    assert!(
        ops::query::<ProgressEntry>(
            &mut *r,
            &pledgebook_core::store::Filter::of(pledgebook_core::Kind::ProgressEntry).under(id.get()),
            pledgebook_core::store::Keyset::first(100)
        )
        .await
        .unwrap()
        .is_empty(),
        "nothing was written"
    );
}
