//! A commitment's lifecycle. The transitions are the rules a secretariat
//! works by; nothing may skip review or come back from a final state.

use serde::{Deserialize, Serialize};

use crate::user::Role;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, Default, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    #[default]
    Draft,
    Submitted,
    Returned,
    Approved,
    Rejected,
    InProgress,
    Completed,
    Withdrawn,
}

impl Status {
    pub const ALL: [Status; 8] = [
        Status::Draft,
        Status::Submitted,
        Status::Returned,
        Status::Approved,
        Status::Rejected,
        Status::InProgress,
        Status::Completed,
        Status::Withdrawn,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Status::Draft => "draft",
            Status::Submitted => "submitted",
            Status::Returned => "returned",
            Status::Approved => "approved",
            Status::Rejected => "rejected",
            Status::InProgress => "in_progress",
            Status::Completed => "completed",
            Status::Withdrawn => "withdrawn",
        }
    }

    /// The states reachable from this one in a single step.
    pub fn next(self) -> &'static [Status] {
        use Status::*;
        match self {
            Draft => &[Submitted, Withdrawn],
            Submitted => &[Approved, Returned, Rejected, Withdrawn],
            Returned => &[Submitted, Withdrawn],
            Approved => &[InProgress, Completed, Withdrawn],
            InProgress => &[Completed, Withdrawn],
            Rejected | Completed | Withdrawn => &[],
        }
    }

    pub fn can_become(self, to: Status) -> bool {
        self.next().contains(&to)
    }

    /// Whether the public may see a commitment in this state.
    pub fn is_public(self) -> bool {
        matches!(self, Status::Approved | Status::InProgress | Status::Completed)
    }

    /// Review decisions are the secretariat's; the rest belongs to the
    /// commitment's own organisation as well.
    pub fn needs_reviewer(to: Status) -> bool {
        matches!(to, Status::Approved | Status::Returned | Status::Rejected)
    }

    pub fn allowed_for(role: Role, to: Status) -> bool {
        !Self::needs_reviewer(to) || role.reviews()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_happy_path_is_allowed() {
        let path = [Status::Draft, Status::Submitted, Status::Approved, Status::InProgress, Status::Completed];
        for w in path.windows(2) {
            assert!(w[0].can_become(w[1]), "{:?} -> {:?}", w[0], w[1]);
        }
    }

    #[test]
    fn review_cannot_be_skipped_and_final_states_stay_final() {
        assert!(!Status::Draft.can_become(Status::Approved));
        assert!(!Status::Returned.can_become(Status::Approved));
        assert!(Status::Returned.can_become(Status::Submitted));
        for s in [Status::Completed, Status::Withdrawn, Status::Rejected] {
            assert!(Status::ALL.iter().all(|t| !s.can_become(*t)));
        }
    }

    #[test]
    fn only_reviewers_decide() {
        assert!(!Status::allowed_for(Role::Editor, Status::Approved));
        assert!(Status::allowed_for(Role::Editor, Status::Submitted));
        assert!(Status::allowed_for(Role::Secretariat, Status::Returned));
        assert!(Status::allowed_for(Role::Reviewer, Status::Rejected));
    }
}
