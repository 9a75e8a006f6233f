//! Who may do what: one pure function of a role, an action and two facts.
//!
//! The role is the caller's relation to the thing acted on (an assessment, hence its
//! municipality); the HTTP layer works it out from the session and asks [`allows`]. Nothing
//! else in the service decides a permission, so the full matrix below is the whole policy,
//! tested cell by cell here and again through the HTTP API.

use serde::Serialize;

/// The caller's relation to the thing acted on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum Role {
    /// No session.
    Anonymous,
    /// A signed-in account without authority for this municipality.
    Member,
    /// An account with municipality authority ("kommunbehörighet") for this municipality.
    Authority,
    /// A respondent through an edit invitation of this assessment.
    Editor,
    /// A respondent through a view-only invitation of this assessment.
    Viewer,
    /// The server administrator.
    Admin,
}

impl Role {
    /// Every role.
    pub const ALL: [Role; 6] = [
        Role::Anonymous,
        Role::Member,
        Role::Authority,
        Role::Editor,
        Role::Viewer,
        Role::Admin,
    ];
}

/// Something a caller wants to do.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum Action {
    /// Create an assessment for the municipality.
    CreateAssessment,
    /// Read an assessment: answers, respondents, disagreements.
    ReadAssessment,
    /// Write an answer or comment (within the caller's scope).
    WriteAnswer,
    /// Invite respondents; list invitations.
    Invite,
    /// Revoke an invitation.
    Revoke,
    /// Decide a disagreement.
    Decide,
    /// Publish a version.
    Publish,
    /// Withdraw a publication.
    Withdraw,
    /// Read the audit log of an assessment.
    ReadAudit,
    /// See the national compilation and other municipalities' published results.
    ViewNational,
    /// Ask for municipality authority.
    RequestAuthority,
    /// List authority requests, grant authority, create accounts.
    Administer,
}

impl Action {
    /// Every action.
    pub const ALL: [Action; 12] = [
        Action::CreateAssessment,
        Action::ReadAssessment,
        Action::WriteAnswer,
        Action::Invite,
        Action::Revoke,
        Action::Decide,
        Action::Publish,
        Action::Withdraw,
        Action::ReadAudit,
        Action::ViewNational,
        Action::RequestAuthority,
        Action::Administer,
    ];
}

/// Facts about the request that some rules depend on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Facts {
    /// The indicator written lies within the respondent's scope.
    pub in_scope: bool,
    /// The caller's municipality has published for the catalogue version concerned
    /// ("för att kunna jämföra … måste man publicera sina resultat").
    pub published_own: bool,
}

/// Whether `role` may do `action` given `facts`.
pub fn allows(role: Role, action: Action, facts: Facts) -> bool {
    use Action::*;
    match role {
        Role::Anonymous => false,
        Role::Member => matches!(action, RequestAuthority),
        Role::Authority => match action {
            CreateAssessment | ReadAssessment | WriteAnswer | Invite | Revoke | Decide | Publish | Withdraw
            | ReadAudit | RequestAuthority => true,
            ViewNational => facts.published_own,
            Administer => false,
        },
        Role::Editor => match action {
            ReadAssessment => true,
            WriteAnswer => facts.in_scope,
            _ => false,
        },
        Role::Viewer => matches!(action, ReadAssessment),
        // The administrator runs the service and sees everything, but the answers, decisions
        // and publications are the municipality's own.
        Role::Admin => matches!(
            action,
            ReadAssessment | ReadAudit | ViewNational | Withdraw | Administer
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The specification, written out: (role, action) → allowed with (no facts, in scope,
    /// published own).
    fn expected(role: Role, action: Action) -> [bool; 3] {
        use Action::*;
        const NEVER: [bool; 3] = [false, false, false];
        const ALWAYS: [bool; 3] = [true, true, true];
        match (role, action) {
            (Role::Anonymous, _) => NEVER,
            (Role::Member, RequestAuthority) => ALWAYS,
            (Role::Member, _) => NEVER,
            (Role::Authority, ViewNational) => [false, false, true],
            (Role::Authority, Administer) => NEVER,
            (Role::Authority, _) => ALWAYS,
            (Role::Editor, ReadAssessment) => ALWAYS,
            (Role::Editor, WriteAnswer) => [false, true, false],
            (Role::Editor, _) => NEVER,
            (Role::Viewer, ReadAssessment) => ALWAYS,
            (Role::Viewer, _) => NEVER,
            (Role::Admin, ReadAssessment | ReadAudit | ViewNational | Withdraw | Administer) => ALWAYS,
            (Role::Admin, _) => NEVER,
        }
    }

    #[test]
    fn the_full_matrix() {
        let facts = [
            Facts::default(),
            Facts {
                in_scope: true,
                published_own: false,
            },
            Facts {
                in_scope: false,
                published_own: true,
            },
        ];
        let mut cells = 0;
        for role in Role::ALL {
            for action in Action::ALL {
                let want = expected(role, action);
                for (f, w) in facts.iter().zip(want) {
                    assert_eq!(allows(role, action, *f), w, "{role:?} × {action:?} with {f:?}");
                    cells += 1;
                }
            }
        }
        assert_eq!(cells, 6 * 12 * 3);
    }

    #[test]
    fn a_view_link_never_writes_and_anonymous_never_does_anything() {
        for action in Action::ALL {
            let all = Facts {
                in_scope: true,
                published_own: true,
            };
            assert!(!allows(Role::Anonymous, action, all));
            if action != Action::ReadAssessment {
                assert!(!allows(Role::Viewer, action, all));
            }
        }
    }
}
