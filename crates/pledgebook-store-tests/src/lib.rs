//! The behaviour every store backend must show, written once and run against
//! each: `suite!(fixture)` expands to one `#[tokio::test]` per story below,
//! where `fixture().await` returns a [`Fixture`] with an empty store.
//!
//! Stories go through `pledgebook_core::ops`, as the application does, so
//! they prove the whole write path (rules, links, revision log) per backend.

mod accounts;
mod imports;
pub mod plan_data;
pub mod plans;
mod queries;
mod stories;
mod workflow;

use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;

use pledgebook_core::store::Store;

pub use accounts::*;
pub use imports::*;
pub use queries::*;
pub use stories::*;
pub use workflow::*;

/// An empty store for one story, and how to clean up after it.
#[allow(missing_debug_implementations)]
pub struct Fixture {
    pub store: Arc<dyn Store>,
    pub cleanup: Option<Pin<Box<dyn Future<Output = ()> + Send>>>,
}

impl Fixture {
    pub fn new(store: Arc<dyn Store>) -> Self {
        Fixture { store, cleanup: None }
    }

    pub async fn finish(self) {
        self.store.close().await;
        if let Some(c) = self.cleanup {
            c.await;
        }
    }
}

/// Expands to the whole suite for a backend.
#[macro_export]
macro_rules! suite {
    ($fixture:path) => {
        $crate::suite!(@tests $fixture;
            create_and_read_back, duplicate_keys_are_refused, updates_are_versioned_and_restorable,
            a_restore_keeps_the_decisions, merging_organisations_moves_every_link,
            links_answer_reverse_questions, missing_references_are_refused_and_nothing_is_written,
            a_dropped_transaction_writes_nothing, saving_the_same_value_twice_changes_nothing,
            transitions_follow_the_lifecycle_and_are_logged, editors_change_only_their_own_records,
            sessions_expire_and_can_be_ended, credentials_and_api_tokens,
            password_links_work_once_and_tokens_are_revoked, the_change_log_orders_every_write,
            japanese_text_round_trips, concurrent_writers_all_land, list_pages_through_records,
            importing_a_report_twice_changes_nothing, a_corrected_report_updates_in_place, a_failed_import_writes_nothing,
            a_bad_row_in_the_middle_of_a_sheet_changes_nothing, skip_invalid_writes_the_valid_rows_only,
            the_public_may_submit_but_not_decide, status_changes_only_through_transitions,
            decisions_notify_editors_and_followers, children_stay_private_until_cleared, approved_figures_feed_their_indicator, a_closed_round_locks_its_entries,
            lists_filter_by_status_facets_links_and_kind, facet_counts_are_of_the_filtered_list,
            a_withdrawn_commitment_takes_its_reports_off_the_public_lists, keyset_pages_stay_stable_while_others_insert,
            get_many_reads_only_the_ids_asked_for, coverage_counts_who_has_reported);
    };
    (@tests $fixture:path; $($story:ident),* $(,)?) => {
        $(
            #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
            async fn $story() {
                let fixture = $fixture().await;
                $crate::$story(fixture.store.clone()).await;
                fixture.finish().await;
            }
        )*
    };
}
