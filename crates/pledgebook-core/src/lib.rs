//! The domain of pledgebook: who promised what (commitments inside an
//! initiative's framework), what was done each period (progress entries with
//! figures), measured how (indicators with baselines, targets and
//! observations), and when people met (events).
//!
//! This crate owns the rules: validation, status transitions, permissions and
//! the shape of the revision log. It performs no I/O. Storage is reached only
//! through the [`store`] traits, which the backend crates implement; the
//! functions in [`ops`] are the one path by which anything is written, so the
//! CLI, the importers, the web forms and the demo all obey the same rules.

pub mod commitment;
pub mod disaggregation;
pub mod error;
pub mod event;
pub mod formula;
pub mod framework;
pub mod id;
pub mod indicator;
pub mod initiative;
pub mod merge;
pub mod ops;
pub mod organisation;
pub mod paging;
pub mod period;
pub mod progress;
pub mod projection;
pub mod record;
pub mod restore;
pub mod revision;
pub mod status;
pub mod store;
pub mod text;
pub mod user;
pub mod validation;
pub mod wording;
pub mod workflow;

pub use commitment::{Commitment, CommitmentKind, Intake, PlanParagraph};
pub use error::Error;
pub use event::{Event, EventMode, Presenter};
pub use framework::{Framework, FrameworkNode, NodeKey, NodeLevel};
pub use id::Id;
pub use indicator::{Aggregation, Category, Dimension, Indicator, Observation, Qualifier, Share, Target};
pub use initiative::{Facet, FacetValue, Initiative, InitiativeKind, Participant, ParticipantRole, Round, WordLimits};
pub use organisation::{Membership, OrgKind, Organisation, PlatformMembership, WebLink};
pub use period::Period;
pub use progress::{DateRange, Figure, ProgressEntry, Provenance, ReviewState, Safeguarding};
pub use record::{Kind, Link, Record, Rel, Stored};
pub use revision::{Action, Revision};
pub use status::Status;
pub use text::{Lang, Localized};
pub use user::{Actor, Role, User};
pub use validation::{FieldError, Invalid};
