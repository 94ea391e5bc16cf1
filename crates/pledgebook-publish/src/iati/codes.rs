//! The IATI 2.03 codelist values the export writes. The schema checks
//! structure only, so these mappings are where the codes are decided.

use pledgebook_core::{CommitmentKind, OrgKind, Status};

/// OrganisationType: who an organisation is.
pub fn org_type(kind: OrgKind) -> &'static str {
    match kind {
        OrgKind::GovernmentBody => "10",
        OrgKind::LocalGovernment => "11",
        OrgKind::Ngo | OrgKind::Network => "22",
        OrgKind::InternationalOrganisation => "40",
        OrgKind::Business | OrgKind::BusinessAssociation => "70",
        OrgKind::Academic => "80",
        OrgKind::TradeUnion | OrgKind::Cooperative | OrgKind::Media | OrgKind::Individual => "90",
    }
}

/// ActivityStatus: an approved pledge or a measure under way is in
/// implementation; a completed one is in completion; a withdrawn or
/// rejected one is cancelled. Drafts never reach the export.
pub fn activity_status(status: Status) -> &'static str {
    match status {
        Status::Draft | Status::Submitted | Status::Returned => "1",
        Status::Approved | Status::InProgress => "2",
        Status::Completed => "3",
        Status::Rejected | Status::Withdrawn => "5",
    }
}

/// ResultType: a project's indicators count outputs (ambassadors
/// registered, participants reached); so do the figures a ministry reports.
pub fn result_type(kind: CommitmentKind) -> &'static str {
    match kind {
        CommitmentKind::Pledge | CommitmentKind::Measure | CommitmentKind::Project => "1",
    }
}

/// OrganisationRole.
pub const ROLE_ACCOUNTABLE: &str = "2";
pub const ROLE_IMPLEMENTING: &str = "4";
/// ActivityDateType.
pub const DATE_PLANNED_START: &str = "1";
pub const DATE_PLANNED_END: &str = "3";
/// DescriptionType: general.
pub const DESCRIPTION_GENERAL: &str = "1";
/// IndicatorMeasure: a count of units.
pub const MEASURE_UNIT: &str = "1";
/// SectorVocabulary: SDG target ("8.7").
pub const SECTOR_SDG_TARGET: &str = "8";
/// TagVocabulary: the reporting organisation's own.
pub const TAG_REPORTING_ORG: &str = "99";

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_public_status_maps_to_an_activity_in_implementation_or_completion() {
        for s in Status::ALL.into_iter().filter(|s| s.is_public()) {
            assert!(["2", "3"].contains(&activity_status(s)), "{s:?}");
        }
        assert_eq!(org_type(OrgKind::GovernmentBody), "10");
        assert_eq!(org_type(OrgKind::Cooperative), "90");
    }
}
