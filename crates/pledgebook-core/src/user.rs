//! People who sign in, what their role lets them do, and the actor recorded
//! in the revision log for every change.

use serde::{Deserialize, Serialize};

use crate::id::Id;
use crate::organisation::Organisation;
use crate::record::{Kind, Link, Record, Rel};
use crate::validation::Invalid;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    Admin,
    Secretariat,
    /// Edits the records of one organisation.
    Editor,
    Reviewer,
    /// Someone without an account using the public pledge form. Never a
    /// user's role: it exists only for the duration of a request.
    Public,
}

impl Role {
    /// The roles an account can have.
    pub const ALL: [Role; 4] = [Role::Admin, Role::Secretariat, Role::Editor, Role::Reviewer];

    pub fn as_str(self) -> &'static str {
        match self {
            Role::Admin => "admin",
            Role::Secretariat => "secretariat",
            Role::Editor => "editor",
            Role::Reviewer => "reviewer",
            Role::Public => "public",
        }
    }

    pub fn parse(s: &str) -> Option<Role> {
        Role::ALL.into_iter().find(|r| r.as_str() == s)
    }

    /// May approve, return and reject.
    pub fn reviews(self) -> bool {
        matches!(self, Role::Admin | Role::Secretariat | Role::Reviewer)
    }

    /// May edit any organisation's records, not only its own.
    pub fn edits_everything(self) -> bool {
        matches!(self, Role::Admin | Role::Secretariat)
    }
}

/// An account. The password hash is not part of the record: it lives apart,
/// so the revision log, exports and the API never carry it.
/// The shortest password accepted, in characters, wherever one is set.
pub const MIN_PASSWORD_CHARS: usize = 10;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct User {
    /// Lower-case e-mail address; also the key.
    pub email: String,
    pub name: String,
    pub role: Role,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub organisation: Option<Id<Organisation>>,
    #[serde(default)]
    pub disabled: bool,
    /// The language the person reads their e-mails in, as chosen when they
    /// were invited; English when none was.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub lang: Option<crate::Lang>,
}

impl User {
    pub fn new(email: &str, name: &str, role: Role) -> Self {
        User {
            email: email.trim().to_lowercase(),
            name: name.trim().to_owned(),
            role,
            organisation: None,
            disabled: false,
            lang: None,
        }
    }
}

impl Record for User {
    const KIND: Kind = Kind::User;

    fn keep_decisions_of(&mut self, current: &Self) {
        self.role = current.role;
        self.disabled = current.disabled;
    }

    fn replace_organisation(&mut self, from: Id<Organisation>, to: Id<Organisation>) {
        crate::organisation::replace_option(&mut self.organisation, from, to);
    }

    fn key(&self) -> &str {
        &self.email
    }

    fn links(&self) -> Vec<Link> {
        self.organisation.iter().map(|o| Link::to(Rel::Employer, *o)).collect()
    }

    fn validate(&self, _: Option<&crate::Initiative>) -> Result<(), Invalid> {
        let mut inv = Invalid::new();
        let at = self.email.find('@');
        if !matches!(at, Some(i) if i > 0 && i + 1 < self.email.len()) || self.email.contains(char::is_whitespace) {
            inv.push("email", "email", format!("{:?} is not an e-mail address", self.email));
        }
        if self.email != self.email.to_lowercase() {
            inv.push("email", "email-case", "e-mail addresses are stored in lower case");
        }
        inv.require("name", &self.name);
        if self.role == Role::Public {
            inv.push("role", "role", "public is not a role an account can have");
        }
        if self.role == Role::Editor && self.organisation.is_none() {
            inv.push("organisation", "required", "an editor edits for an organisation: name it");
        }
        inv.into_result()
    }
}

/// Who is making a change: a signed-in user, or the system itself (the CLI,
/// an import, the demo), named so the revision log says which.
#[derive(Debug, Clone, PartialEq)]
pub struct Actor {
    pub user: Option<Id<User>>,
    pub label: String,
    pub role: Role,
    pub organisation: Option<Id<Organisation>>,
}

impl Actor {
    /// A command run by whoever has the data directory or database URL.
    pub fn system(label: &str) -> Self {
        Actor { user: None, label: label.to_owned(), role: Role::Admin, organisation: None }
    }

    /// A visitor submitting through the public form; `organisation` is set
    /// once the visitor has proved (with the pledge's tracking link) which
    /// organisation's pledge they are editing.
    pub fn public(label: &str, organisation: Option<Id<Organisation>>) -> Self {
        Actor { user: None, label: format!("public: {label}"), role: Role::Public, organisation }
    }

    pub fn user(id: Id<User>, user: &User) -> Self {
        Actor { user: Some(id), label: user.email.clone(), role: user.role, organisation: user.organisation }
    }

    /// Whether this actor may change a record that belongs to `owners`.
    pub fn may_edit_for(&self, owners: &[Id<Organisation>]) -> bool {
        self.role.edits_everything() || self.organisation.is_some_and(|o| owners.contains(&o))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn editors_need_an_organisation_and_a_real_address() {
        let u = User::new("someone", "A", Role::Editor);
        let err = u.validate(None).unwrap_err();
        assert!(err.has("email"));
        assert!(err.has("organisation"));
        let ok = User { organisation: Some(Id::new(1)), ..User::new("Ed@Example.org", "Ed", Role::Editor) };
        assert_eq!(ok.email, "ed@example.org");
        ok.validate(None).unwrap();
    }

    #[test]
    fn editors_edit_only_their_own_organisation() {
        let ed =
            Actor { user: Some(Id::new(9)), label: "ed".into(), role: Role::Editor, organisation: Some(Id::new(3)) };
        assert!(ed.may_edit_for(&[Id::new(3), Id::new(4)]));
        assert!(!ed.may_edit_for(&[Id::new(4)]));
        assert!(Actor::system("demo").may_edit_for(&[]));
    }
}
