//! Storage: the one module that knows the database (SQLite through rusqlite).
//!
//! Everything else talks to [`Store`] in the service's own terms (users, sessions, assessments,
//! answers, invitations, publications, the audit log), so another database would replace this
//! file and nothing else. Every change that the issue names (answers, comments, decisions,
//! invitations, publications) is written together with its audit entry in one transaction, so
//! the log and the state cannot drift apart; [`replay_answers`] rebuilds the answers from the
//! log alone.

use std::path::Path;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Mutex, MutexGuard};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use rusqlite::{params, Connection, OptionalExtension, TransactionBehavior};
use serde::Serialize;
use serde_json::{json, Value};

/// Errors of the storage layer.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum StoreError {
    /// The database refused or failed.
    #[error("database: {0}")]
    Db(#[from] rusqlite::Error),
    /// A write named a revision that is no longer the current one.
    #[error("stale revision: the current revision is {current_revision}")]
    Conflict {
        /// The current revision.
        current_revision: i64,
        /// The current value.
        current: Value,
    },
    /// The thing does not exist.
    #[error("{0} not found")]
    NotFound(&'static str),
    /// A unique name is taken.
    #[error("{0} already exists")]
    Exists(&'static str),
    /// The database was written by a newer version of the service.
    #[error("the database has schema version {found}; this build knows up to {known}")]
    TooNew {
        /// Version in the file.
        found: i64,
        /// Latest version this build knows.
        known: i64,
    },
}

/// Result of the storage layer.
pub type StoreResult<T> = Result<T, StoreError>;

/// The schema migrations, in order; `PRAGMA user_version` is the number applied. A migration
/// is never edited once released: a change is a new entry.
pub const MIGRATIONS: &[&str] = &[
    // 1: accounts, sessions, assessments, respondents, invitations, answers, decisions,
    //    publications, the audit log.
    r#"
    CREATE TABLE users (
        id INTEGER PRIMARY KEY,
        name TEXT NOT NULL UNIQUE,
        password_hash TEXT NOT NULL,
        admin INTEGER NOT NULL DEFAULT 0,
        created_at INTEGER NOT NULL
    );
    CREATE TABLE authorities (
        user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
        municipality TEXT NOT NULL,
        granted_by INTEGER REFERENCES users(id),
        granted_at INTEGER NOT NULL,
        PRIMARY KEY (user_id, municipality)
    );
    CREATE TABLE authority_requests (
        id INTEGER PRIMARY KEY,
        user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
        municipality TEXT NOT NULL,
        reason TEXT NOT NULL,
        status TEXT NOT NULL DEFAULT 'open',
        created_at INTEGER NOT NULL
    );
    CREATE TABLE assessments (
        id INTEGER PRIMARY KEY,
        municipality TEXT NOT NULL,
        year INTEGER NOT NULL,
        catalogue TEXT NOT NULL,
        created_by INTEGER REFERENCES users(id),
        created_at INTEGER NOT NULL
    );
    CREATE TABLE invitations (
        id INTEGER PRIMARY KEY,
        assessment_id INTEGER NOT NULL REFERENCES assessments(id) ON DELETE CASCADE,
        token_hash TEXT NOT NULL UNIQUE,
        permission TEXT NOT NULL CHECK (permission IN ('edit', 'view')),
        scope TEXT,
        label TEXT NOT NULL DEFAULT '',
        expires_at INTEGER NOT NULL,
        revoked_at INTEGER,
        created_by INTEGER REFERENCES users(id),
        created_at INTEGER NOT NULL
    );
    CREATE TABLE respondents (
        id INTEGER PRIMARY KEY,
        assessment_id INTEGER NOT NULL REFERENCES assessments(id) ON DELETE CASCADE,
        user_id INTEGER REFERENCES users(id),
        invitation_id INTEGER REFERENCES invitations(id),
        name TEXT NOT NULL,
        department TEXT NOT NULL,
        permission TEXT NOT NULL CHECK (permission IN ('edit', 'view')),
        scope TEXT,
        created_at INTEGER NOT NULL
    );
    CREATE TABLE sessions (
        token_hash TEXT PRIMARY KEY,
        user_id INTEGER REFERENCES users(id) ON DELETE CASCADE,
        respondent_id INTEGER REFERENCES respondents(id) ON DELETE CASCADE,
        csrf TEXT NOT NULL,
        created_at INTEGER NOT NULL,
        expires_at INTEGER NOT NULL,
        CHECK ((user_id IS NULL) <> (respondent_id IS NULL))
    );
    CREATE TABLE answers (
        assessment_id INTEGER NOT NULL REFERENCES assessments(id) ON DELETE CASCADE,
        respondent_id INTEGER NOT NULL REFERENCES respondents(id) ON DELETE CASCADE,
        indicator TEXT NOT NULL,
        answer TEXT,
        comment TEXT,
        revision INTEGER NOT NULL,
        updated_at INTEGER NOT NULL,
        PRIMARY KEY (assessment_id, respondent_id, indicator)
    );
    CREATE TABLE decisions (
        assessment_id INTEGER NOT NULL REFERENCES assessments(id) ON DELETE CASCADE,
        indicator TEXT NOT NULL,
        answer TEXT,
        comment TEXT,
        revision INTEGER NOT NULL,
        decided_by INTEGER REFERENCES users(id),
        updated_at INTEGER NOT NULL,
        PRIMARY KEY (assessment_id, indicator)
    );
    CREATE TABLE publications (
        id INTEGER PRIMARY KEY,
        assessment_id INTEGER REFERENCES assessments(id),
        municipality TEXT NOT NULL,
        year INTEGER NOT NULL,
        catalogue TEXT NOT NULL,
        version INTEGER NOT NULL,
        document TEXT NOT NULL,
        published_by INTEGER REFERENCES users(id),
        published_at INTEGER NOT NULL,
        withdrawn_at INTEGER,
        UNIQUE (municipality, year, catalogue, version)
    );
    CREATE TABLE audit (
        id INTEGER PRIMARY KEY,
        at INTEGER NOT NULL,
        actor TEXT NOT NULL,
        assessment_id INTEGER,
        entity TEXT NOT NULL,
        key TEXT NOT NULL,
        before TEXT,
        after TEXT
    );
    CREATE INDEX audit_by_assessment ON audit (assessment_id, id);
    "#,
    // 2: synthetic publications are marked as such, and sign-in failures are remembered so
    //    throttling survives a restart.
    r#"
    ALTER TABLE publications ADD COLUMN synthetic INTEGER NOT NULL DEFAULT 0;
    CREATE INDEX publications_latest ON publications (catalogue, municipality, year, version);
    CREATE TABLE signin_failures (
        id INTEGER PRIMARY KEY,
        account TEXT NOT NULL,
        address TEXT NOT NULL,
        at INTEGER NOT NULL
    );
    CREATE INDEX signin_failures_account ON signin_failures (account, at);
    CREATE INDEX signin_failures_address ON signin_failures (address, at);
    "#,
    // 3: the national page's cache key (the latest publication change) without a table scan.
    r#"
    CREATE INDEX audit_by_entity ON audit (entity, id);
    "#,
];

/// The schema version this build writes.
pub fn latest_version() -> i64 {
    MIGRATIONS.len() as i64
}

/// Milliseconds since the Unix epoch.
pub fn now_ms() -> i64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_millis() as i64)
        .unwrap_or(0)
}

/// Who did something, as written in the audit log.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Actor {
    /// A signed-in account.
    User {
        /// Account id.
        id: i64,
        /// Account name.
        name: String,
    },
    /// A respondent who came through an invitation.
    Respondent {
        /// Respondent id.
        id: i64,
        /// The name they gave.
        name: String,
    },
    /// The service itself (demo data, migrations).
    System,
}

impl Actor {
    fn label(&self) -> String {
        match self {
            Actor::User { name, .. } => format!("user:{name}"),
            Actor::Respondent { id, name } => format!("respondent:{id}:{name}"),
            Actor::System => "system".to_owned(),
        }
    }

    fn user_id(&self) -> Option<i64> {
        match self {
            Actor::User { id, .. } => Some(*id),
            _ => None,
        }
    }
}

/// An account.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct User {
    /// Id.
    pub id: i64,
    /// Sign-in name.
    pub name: String,
    /// Server administrator.
    pub admin: bool,
    /// Municipality codes the account holds authority for.
    pub authorities: Vec<String>,
    #[serde(skip)]
    /// The argon2id PHC string.
    pub password_hash: String,
}

/// A session as stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Session {
    /// The account, for an account session.
    pub user_id: Option<i64>,
    /// The respondent, for an invitation session.
    pub respondent_id: Option<i64>,
    /// The CSRF token that state-changing requests echo.
    pub csrf: String,
    /// Expiry (ms).
    pub expires_at: i64,
}

/// An assessment's header.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, utoipa::ToSchema)]
pub struct AssessmentRow {
    /// Id.
    pub id: i64,
    /// Municipality code.
    pub municipality: String,
    /// Year assessed.
    pub year: i32,
    /// Catalogue key.
    pub catalogue: String,
    /// Created (ms since the epoch).
    pub created_at: i64,
}

/// A respondent.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, utoipa::ToSchema)]
pub struct Respondent {
    /// Id.
    pub id: i64,
    /// Assessment.
    pub assessment_id: i64,
    /// The account, when the respondent is an account holder.
    pub user_id: Option<i64>,
    /// The invitation they came through.
    pub invitation_id: Option<i64>,
    /// Name.
    pub name: String,
    /// Department.
    pub department: String,
    /// `edit` or `view`.
    pub permission: String,
    /// The scope (JSON, the team file's `scope`); none: the whole catalogue.
    #[schema(value_type = Option<Object>)]
    pub scope: Option<Value>,
}

/// An invitation (never the token: only its hash is stored).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, utoipa::ToSchema)]
pub struct Invitation {
    /// Id.
    pub id: i64,
    /// Assessment.
    pub assessment_id: i64,
    /// `edit` or `view`.
    pub permission: String,
    /// The scope; none: the whole catalogue.
    #[schema(value_type = Option<Object>)]
    pub scope: Option<Value>,
    /// A label for the authority's own overview.
    pub label: String,
    /// Expiry (ms).
    pub expires_at: i64,
    /// Revoked (ms), if revoked.
    pub revoked_at: Option<i64>,
}

/// One stored answer of one respondent.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, utoipa::ToSchema)]
pub struct AnswerRow {
    /// Respondent.
    pub respondent_id: i64,
    /// Indicator id.
    pub indicator: String,
    /// Answer id, or none when cleared.
    pub answer: Option<String>,
    /// Comment.
    pub comment: Option<String>,
    /// Revision (1 for the first write).
    pub revision: i64,
}

/// A decision of a disagreement.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, utoipa::ToSchema)]
pub struct DecisionRow {
    /// Indicator id.
    pub indicator: String,
    /// The decided answer (none: undecided again).
    pub answer: Option<String>,
    /// Comment.
    pub comment: Option<String>,
    /// Revision.
    pub revision: i64,
}

/// A published version.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, utoipa::ToSchema)]
pub struct Publication {
    /// Id.
    pub id: i64,
    /// Assessment it came from (none for synthetic data).
    pub assessment_id: Option<i64>,
    /// Municipality.
    pub municipality: String,
    /// Year.
    pub year: i32,
    /// Catalogue key.
    pub catalogue: String,
    /// 1, 2, … per municipality, year and catalogue.
    pub version: i64,
    /// Published (ms).
    pub published_at: i64,
    /// Withdrawn (ms).
    pub withdrawn_at: Option<i64>,
    /// Invented demo data, not a real municipality's answers.
    pub synthetic: bool,
    /// The frozen assessment file.
    #[serde(skip)]
    pub document: String,
}

/// One audit entry.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, utoipa::ToSchema)]
pub struct AuditEntry {
    /// Sequence number.
    pub id: i64,
    /// When (ms).
    pub at: i64,
    /// Who.
    pub actor: String,
    /// Assessment concerned.
    pub assessment_id: Option<i64>,
    /// `answer`, `decision`, `invitation`, `publication`, `assessment`, `authority`, `user`.
    pub entity: String,
    /// Which one (JSON).
    #[schema(value_type = Object)]
    pub key: Value,
    /// Before.
    #[schema(value_type = Option<Object>)]
    pub before: Option<Value>,
    /// After.
    #[schema(value_type = Option<Object>)]
    pub after: Option<Value>,
}

/// An answer write.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AnswerWrite {
    /// Answer id, none to clear.
    pub answer: Option<String>,
    /// Comment.
    pub comment: Option<String>,
    /// The revision the write was based on (0: the answer did not exist).
    pub based_on: i64,
}

/// The database.
pub struct Store {
    conn: Mutex<Connection>,
    /// Bumped by every change that can alter who an existing session is (sign-out, a revoked
    /// invitation, granted authority, a restore), so a cache of sessions knows when to forget.
    identity_generation: AtomicU64,
}

fn configure(conn: &Connection) -> StoreResult<()> {
    conn.busy_timeout(Duration::from_secs(5))?;
    // Every query the service makes is prepared once and kept (there are about 40).
    conn.set_prepared_statement_cache_capacity(64);
    conn.pragma_update(None, "journal_mode", "WAL")?;
    // WAL + NORMAL survives a process crash (kill -9) without losing committed transactions;
    // only a power cut can lose the last ones. FULL is the setting for machines without a UPS.
    conn.pragma_update(None, "synchronous", "NORMAL")?;
    conn.pragma_update(None, "foreign_keys", "ON")?;
    Ok(())
}

/// Applies migrations up to `target` (tests use an earlier target to build old databases).
pub fn migrate(conn: &mut Connection, target: i64) -> StoreResult<()> {
    let current: i64 = conn.pragma_query_value(None, "user_version", |r| r.get(0))?;
    if current > latest_version() {
        return Err(StoreError::TooNew {
            found: current,
            known: latest_version(),
        });
    }
    for version in current..target.min(latest_version()) {
        let tx = conn.transaction_with_behavior(TransactionBehavior::Exclusive)?;
        tx.execute_batch(MIGRATIONS[version as usize])?;
        tx.pragma_update(None, "user_version", version + 1)?;
        tx.commit()?;
    }
    Ok(())
}

fn opt_json(text: Option<String>) -> Option<Value> {
    text.and_then(|t| serde_json::from_str(&t).ok())
}

fn audit(
    tx: &Connection,
    actor: &Actor,
    assessment: Option<i64>,
    entity: &str,
    key: Value,
    before: Option<Value>,
    after: Option<Value>,
) -> StoreResult<()> {
    tx.execute(
        "INSERT INTO audit (at, actor, assessment_id, entity, key, before, after) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
        params![
            now_ms(),
            actor.label(),
            assessment,
            entity,
            key.to_string(),
            before.map(|v| v.to_string()),
            after.map(|v| v.to_string())
        ],
    )?;
    Ok(())
}

/// A stored answer or decision: (answer, comment, revision).
type Stored = (Option<String>, Option<String>, i64);

/// The revision a write based on `based_on` gets, or the conflict with the current value when
/// it was based on another one.
fn next_revision(current: Option<&Stored>, based_on: i64) -> StoreResult<i64> {
    let current_revision = current.map_or(0, |c| c.2);
    if current_revision != based_on {
        let current = match current {
            Some((a, c, rev)) => answer_value(a, c, *rev),
            None => answer_value(&None, &None, 0),
        };
        return Err(StoreError::Conflict {
            current_revision,
            current,
        });
    }
    Ok(current_revision + 1)
}

/// The audit entry of an answer or decision write: before → after.
#[allow(clippy::too_many_arguments)]
fn audit_write(
    tx: &Connection,
    actor: &Actor,
    assessment: i64,
    entity: &str,
    key: Value,
    before: Option<Stored>,
    write: &AnswerWrite,
    revision: i64,
) -> StoreResult<()> {
    audit(
        tx,
        actor,
        Some(assessment),
        entity,
        key,
        before.map(|(a, c, r)| answer_value(&a, &c, r)),
        Some(answer_value(&write.answer, &write.comment, revision)),
    )
}

fn answer_value(answer: &Option<String>, comment: &Option<String>, revision: i64) -> Value {
    json!({"answer": answer, "comment": comment, "revision": revision})
}

impl Store {
    /// Opens (creating if needed) the database file and brings its schema up to date.
    pub fn open(path: &Path) -> StoreResult<Store> {
        Store::open_at(path, latest_version())
    }

    /// Opens the file and migrates it to `version` only (tests of migrations).
    pub fn open_at(path: &Path, version: i64) -> StoreResult<Store> {
        let mut conn = Connection::open(path)?;
        configure(&conn)?;
        migrate(&mut conn, version)?;
        Ok(Store {
            conn: Mutex::new(conn),
            identity_generation: AtomicU64::new(0),
        })
    }

    fn conn(&self) -> MutexGuard<'_, Connection> {
        // A panic while holding the lock cannot leave a half-written transaction behind
        // (rusqlite rolls back on drop), so a poisoned lock is safe to take over.
        self.conn.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// Changes whenever an existing session may have changed or ended (see
    /// [`Store::identity_generation`]'s writers: sign-out, revocation, grants, restore).
    pub fn identity_generation(&self) -> u64 {
        self.identity_generation.load(Ordering::Acquire)
    }

    fn identities_changed(&self) {
        self.identity_generation.fetch_add(1, Ordering::AcqRel);
    }

    /// Every row of a query, mapped (the statement is prepared once per connection).
    fn all<T, P: rusqlite::Params>(
        &self,
        sql: &str,
        params: P,
        row: impl FnMut(&rusqlite::Row<'_>) -> rusqlite::Result<T>,
    ) -> StoreResult<Vec<T>> {
        let conn = self.conn();
        let mut stmt = conn.prepare_cached(sql)?;
        let rows = stmt.query_map(params, row)?.collect::<Result<Vec<_>, _>>()?;
        Ok(rows)
    }

    /// The schema version of the file.
    pub fn schema_version(&self) -> StoreResult<i64> {
        Ok(self.conn().pragma_query_value(None, "user_version", |r| r.get(0))?)
    }

    /// `PRAGMA integrity_check`: `ok` when the file is sound.
    pub fn integrity_check(&self) -> StoreResult<String> {
        Ok(self.conn().query_row("PRAGMA integrity_check", [], |r| r.get(0))?)
    }

    /// Copies the live database to `to` with SQLite's online backup (readers and writers go on).
    pub fn backup(&self, to: &Path) -> StoreResult<()> {
        let conn = self.conn();
        let mut dest = Connection::open(to)?;
        let backup = rusqlite::backup::Backup::new(&conn, &mut dest)?;
        backup.run_to_completion(256, Duration::from_millis(0), None)?;
        Ok(())
    }

    /// Replaces the database's contents with the backup file `from` (the service must not be
    /// running on it).
    pub fn restore(&self, from: &Path) -> StoreResult<()> {
        let mut conn = self.conn();
        let src = Connection::open(from)?;
        {
            let backup = rusqlite::backup::Backup::new(&src, &mut conn)?;
            backup.run_to_completion(256, Duration::from_millis(0), None)?;
        }
        migrate(&mut conn, latest_version())?;
        drop(conn);
        self.identities_changed();
        Ok(())
    }

    // ---- accounts -------------------------------------------------------------------------

    /// Creates an account.
    pub fn create_user(&self, actor: &Actor, name: &str, password_hash: &str, admin: bool) -> StoreResult<i64> {
        let mut conn = self.conn();
        let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
        let taken: bool = tx.query_row("SELECT EXISTS(SELECT 1 FROM users WHERE name = ?1)", [name], |r| {
            r.get(0)
        })?;
        if taken {
            return Err(StoreError::Exists("account"));
        }
        tx.execute(
            "INSERT INTO users (name, password_hash, admin, created_at) VALUES (?1, ?2, ?3, ?4)",
            params![name, password_hash, admin, now_ms()],
        )?;
        let id = tx.last_insert_rowid();
        audit(
            &tx,
            actor,
            None,
            "user",
            json!({"user": name}),
            None,
            Some(json!({"admin": admin})),
        )?;
        tx.commit()?;
        Ok(id)
    }

    /// Sets an account's password hash.
    pub fn set_password(&self, name: &str, password_hash: &str) -> StoreResult<()> {
        let n = self.conn().execute(
            "UPDATE users SET password_hash = ?2 WHERE name = ?1",
            params![name, password_hash],
        )?;
        if n == 0 {
            return Err(StoreError::NotFound("account"));
        }
        self.identities_changed();
        Ok(())
    }

    fn user_where(conn: &Connection, clause: &str, arg: &dyn rusqlite::ToSql) -> StoreResult<Option<User>> {
        let sql = format!("SELECT id, name, admin, password_hash FROM users WHERE {clause}");
        let user = conn
            .query_row(&sql, [arg], |r| {
                Ok(User {
                    id: r.get(0)?,
                    name: r.get(1)?,
                    admin: r.get(2)?,
                    password_hash: r.get(3)?,
                    authorities: Vec::new(),
                })
            })
            .optional()?;
        let Some(mut user) = user else { return Ok(None) };
        let mut stmt =
            conn.prepare_cached("SELECT municipality FROM authorities WHERE user_id = ?1 ORDER BY municipality")?;
        user.authorities = stmt
            .query_map([user.id], |r| r.get(0))?
            .collect::<Result<Vec<String>, _>>()?;
        Ok(Some(user))
    }

    /// The account by name.
    pub fn user_by_name(&self, name: &str) -> StoreResult<Option<User>> {
        Store::user_where(&self.conn(), "name = ?1", &name)
    }

    /// The account by id.
    pub fn user_by_id(&self, id: i64) -> StoreResult<Option<User>> {
        Store::user_where(&self.conn(), "id = ?1", &id)
    }

    /// Grants municipality authority (idempotent) and closes open requests for it.
    pub fn grant_authority(&self, actor: &Actor, user: &str, municipality: &str) -> StoreResult<()> {
        let mut conn = self.conn();
        let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
        let id: i64 = tx
            .query_row("SELECT id FROM users WHERE name = ?1", [user], |r| r.get(0))
            .optional()?
            .ok_or(StoreError::NotFound("account"))?;
        tx.execute(
            "INSERT OR IGNORE INTO authorities (user_id, municipality, granted_by, granted_at) VALUES (?1, ?2, ?3, ?4)",
            params![id, municipality, actor.user_id(), now_ms()],
        )?;
        tx.execute(
            "UPDATE authority_requests SET status = 'granted' WHERE user_id = ?1 AND municipality = ?2 AND status = 'open'",
            params![id, municipality],
        )?;
        audit(
            &tx,
            actor,
            None,
            "authority",
            json!({"user": user, "municipality": municipality}),
            None,
            Some(json!({"granted": true})),
        )?;
        tx.commit()?;
        drop(conn);
        self.identities_changed();
        Ok(())
    }

    /// Files a request for municipality authority.
    pub fn request_authority(&self, actor: &Actor, user_id: i64, municipality: &str, reason: &str) -> StoreResult<i64> {
        let mut conn = self.conn();
        let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
        tx.execute(
            "INSERT INTO authority_requests (user_id, municipality, reason, created_at) VALUES (?1, ?2, ?3, ?4)",
            params![user_id, municipality, reason, now_ms()],
        )?;
        let id = tx.last_insert_rowid();
        audit(
            &tx,
            actor,
            None,
            "authority_request",
            json!({"request": id}),
            None,
            Some(json!({"municipality": municipality, "reason": reason})),
        )?;
        tx.commit()?;
        Ok(id)
    }

    /// Open authority requests: (id, user name, municipality, reason).
    pub fn open_requests(&self) -> StoreResult<Vec<(i64, String, String, String)>> {
        self.all(
            "SELECT r.id, u.name, r.municipality, r.reason FROM authority_requests r JOIN users u ON u.id = r.user_id WHERE r.status = 'open' ORDER BY r.id",
            [],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)),
        )
    }

    // ---- sign-in throttling ----------------------------------------------------------------

    /// Records a failed sign-in.
    pub fn record_failure(&self, account: &str, address: &str) -> StoreResult<()> {
        let conn = self.conn();
        conn.execute(
            "INSERT INTO signin_failures (account, address, at) VALUES (?1, ?2, ?3)",
            params![account, address, now_ms()],
        )?;
        // Failures older than a day count for nothing; dropping them keeps a guessing attack
        // from growing the table without bound.
        conn.execute("DELETE FROM signin_failures WHERE at < ?1", [now_ms() - 86_400_000])?;
        Ok(())
    }

    /// Failures since `since` (ms) for the account and for the address.
    pub fn failures_since(&self, account: &str, address: &str, since: i64) -> StoreResult<(i64, i64)> {
        let conn = self.conn();
        let by_account = conn.query_row(
            "SELECT count(*) FROM signin_failures WHERE account = ?1 AND at >= ?2",
            params![account, since],
            |r| r.get(0),
        )?;
        let by_address = conn.query_row(
            "SELECT count(*) FROM signin_failures WHERE address = ?1 AND at >= ?2",
            params![address, since],
            |r| r.get(0),
        )?;
        Ok((by_account, by_address))
    }

    // ---- sessions --------------------------------------------------------------------------

    /// Stores a session under the hash of its token.
    pub fn create_session(&self, token_hash: &str, session: &Session) -> StoreResult<()> {
        let conn = self.conn();
        conn.execute(
            "INSERT INTO sessions (token_hash, user_id, respondent_id, csrf, created_at, expires_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
            params![token_hash, session.user_id, session.respondent_id, session.csrf, now_ms(), session.expires_at],
        )?;
        // Expired sessions are swept as new ones come in, so the table stays small.
        conn.execute("DELETE FROM sessions WHERE expires_at < ?1", [now_ms()])?;
        Ok(())
    }

    /// A live session by token hash.
    pub fn session(&self, token_hash: &str) -> StoreResult<Option<Session>> {
        let conn = self.conn();
        let mut stmt = conn.prepare_cached(
            "SELECT user_id, respondent_id, csrf, expires_at FROM sessions WHERE token_hash = ?1 AND expires_at > ?2",
        )?;
        Ok(stmt
            .query_row(params![token_hash, now_ms()], |r| {
                Ok(Session {
                    user_id: r.get(0)?,
                    respondent_id: r.get(1)?,
                    csrf: r.get(2)?,
                    expires_at: r.get(3)?,
                })
            })
            .optional()?)
    }

    /// Ends a session.
    pub fn delete_session(&self, token_hash: &str) -> StoreResult<()> {
        self.conn()
            .execute("DELETE FROM sessions WHERE token_hash = ?1", [token_hash])?;
        self.identities_changed();
        Ok(())
    }

    // ---- assessments -----------------------------------------------------------------------

    /// Creates an assessment and the creating account's own respondent entry.
    pub fn create_assessment(
        &self,
        actor: &Actor,
        municipality: &str,
        year: i32,
        catalogue: &str,
    ) -> StoreResult<(AssessmentRow, i64)> {
        let mut conn = self.conn();
        let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
        let at = now_ms();
        tx.execute(
            "INSERT INTO assessments (municipality, year, catalogue, created_by, created_at) VALUES (?1, ?2, ?3, ?4, ?5)",
            params![municipality, year, catalogue, actor.user_id(), at],
        )?;
        let id = tx.last_insert_rowid();
        let name = match actor {
            Actor::User { name, .. } | Actor::Respondent { name, .. } => name.clone(),
            Actor::System => "system".to_owned(),
        };
        tx.execute(
            "INSERT INTO respondents (assessment_id, user_id, name, department, permission, created_at) VALUES (?1, ?2, ?3, '', 'edit', ?4)",
            params![id, actor.user_id(), name, at],
        )?;
        let respondent = tx.last_insert_rowid();
        audit(
            &tx,
            actor,
            Some(id),
            "assessment",
            json!({"assessment": id}),
            None,
            Some(json!({"municipality": municipality, "year": year, "catalogue": catalogue})),
        )?;
        tx.commit()?;
        Ok((
            AssessmentRow {
                id,
                municipality: municipality.to_owned(),
                year,
                catalogue: catalogue.to_owned(),
                created_at: at,
            },
            respondent,
        ))
    }

    /// One assessment.
    pub fn assessment(&self, id: i64) -> StoreResult<AssessmentRow> {
        self.conn()
            .prepare_cached("SELECT id, municipality, year, catalogue, created_at FROM assessments WHERE id = ?1")?
            .query_row([id], |r| {
                Ok(AssessmentRow {
                    id: r.get(0)?,
                    municipality: r.get(1)?,
                    year: r.get(2)?,
                    catalogue: r.get(3)?,
                    created_at: r.get(4)?,
                })
            })
            .optional()?
            .ok_or(StoreError::NotFound("assessment"))
    }

    /// Assessments of these municipalities (all when `None`).
    pub fn assessments(&self, municipalities: Option<&[String]>) -> StoreResult<Vec<AssessmentRow>> {
        let conn = self.conn();
        let mut stmt =
            conn.prepare("SELECT id, municipality, year, catalogue, created_at FROM assessments ORDER BY id")?;
        let rows = stmt
            .query_map([], |r| {
                Ok(AssessmentRow {
                    id: r.get(0)?,
                    municipality: r.get(1)?,
                    year: r.get(2)?,
                    catalogue: r.get(3)?,
                    created_at: r.get(4)?,
                })
            })?
            .collect::<Result<Vec<_>, _>>()?;
        Ok(rows
            .into_iter()
            .filter(|a| municipalities.is_none_or(|m| m.contains(&a.municipality)))
            .collect())
    }

    // ---- respondents and invitations ---------------------------------------------------------

    fn respondent_from(r: &rusqlite::Row<'_>) -> rusqlite::Result<Respondent> {
        Ok(Respondent {
            id: r.get(0)?,
            assessment_id: r.get(1)?,
            user_id: r.get(2)?,
            invitation_id: r.get(3)?,
            name: r.get(4)?,
            department: r.get(5)?,
            permission: r.get(6)?,
            scope: opt_json(r.get(7)?),
        })
    }

    /// One respondent.
    pub fn respondent(&self, id: i64) -> StoreResult<Respondent> {
        self.conn()
            .prepare_cached("SELECT id, assessment_id, user_id, invitation_id, name, department, permission, scope FROM respondents WHERE id = ?1")?
            .query_row([id], Store::respondent_from)
            .optional()?
            .ok_or(StoreError::NotFound("respondent"))
    }

    /// The account's own respondent entry in an assessment, created on first use.
    pub fn user_respondent(&self, assessment: i64, user_id: i64, name: &str) -> StoreResult<i64> {
        let conn = self.conn();
        let found: Option<i64> = conn
            .prepare_cached("SELECT id FROM respondents WHERE assessment_id = ?1 AND user_id = ?2")?
            .query_row(params![assessment, user_id], |r| r.get(0))
            .optional()?;
        if let Some(id) = found {
            return Ok(id);
        }
        conn.execute(
            "INSERT INTO respondents (assessment_id, user_id, name, department, permission, created_at) VALUES (?1, ?2, ?3, '', 'edit', ?4)",
            params![assessment, user_id, name, now_ms()],
        )?;
        Ok(conn.last_insert_rowid())
    }

    /// The respondents of an assessment.
    pub fn respondents(&self, assessment: i64) -> StoreResult<Vec<Respondent>> {
        self.all(
            "SELECT id, assessment_id, user_id, invitation_id, name, department, permission, scope FROM respondents WHERE assessment_id = ?1 ORDER BY id",
            [assessment],
            Store::respondent_from,
        )
    }

    /// Creates an invitation stored under the hash of its token.
    #[allow(clippy::too_many_arguments)]
    pub fn create_invitation(
        &self,
        actor: &Actor,
        assessment: i64,
        token_hash: &str,
        permission: &str,
        scope: Option<&Value>,
        label: &str,
        expires_at: i64,
    ) -> StoreResult<Invitation> {
        let mut conn = self.conn();
        let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
        tx.execute(
            "INSERT INTO invitations (assessment_id, token_hash, permission, scope, label, expires_at, created_by, created_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
            params![assessment, token_hash, permission, scope.map(Value::to_string), label, expires_at, actor.user_id(), now_ms()],
        )?;
        let inv = Invitation {
            id: tx.last_insert_rowid(),
            assessment_id: assessment,
            permission: permission.to_owned(),
            scope: scope.cloned(),
            label: label.to_owned(),
            expires_at,
            revoked_at: None,
        };
        audit(
            &tx,
            actor,
            Some(assessment),
            "invitation",
            json!({"invitation": inv.id}),
            None,
            Some(json!({"permission": permission, "scope": scope, "label": label, "expires_at": expires_at})),
        )?;
        tx.commit()?;
        Ok(inv)
    }

    fn invitation_from(r: &rusqlite::Row<'_>) -> rusqlite::Result<Invitation> {
        Ok(Invitation {
            id: r.get(0)?,
            assessment_id: r.get(1)?,
            permission: r.get(2)?,
            scope: opt_json(r.get(3)?),
            label: r.get(4)?,
            expires_at: r.get(5)?,
            revoked_at: r.get(6)?,
        })
    }

    /// The invitation with this token hash, whatever its state.
    pub fn invitation_by_hash(&self, token_hash: &str) -> StoreResult<Option<Invitation>> {
        Ok(self
            .conn()
            .prepare_cached("SELECT id, assessment_id, permission, scope, label, expires_at, revoked_at FROM invitations WHERE token_hash = ?1")?
            .query_row([token_hash], Store::invitation_from)
            .optional()?)
    }

    /// The invitations of an assessment.
    pub fn invitations(&self, assessment: i64) -> StoreResult<Vec<Invitation>> {
        self.all(
            "SELECT id, assessment_id, permission, scope, label, expires_at, revoked_at FROM invitations WHERE assessment_id = ?1 ORDER BY id",
            [assessment],
            Store::invitation_from,
        )
    }

    /// Revokes an invitation and ends the sessions of the respondents who came through it.
    pub fn revoke_invitation(&self, actor: &Actor, assessment: i64, id: i64) -> StoreResult<()> {
        let mut conn = self.conn();
        let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
        let revoked: Option<Option<i64>> = tx
            .query_row(
                "SELECT revoked_at FROM invitations WHERE id = ?1 AND assessment_id = ?2",
                params![id, assessment],
                |r| r.get(0),
            )
            .optional()?;
        let Some(before) = revoked else {
            return Err(StoreError::NotFound("invitation"));
        };
        let at = now_ms();
        tx.execute("UPDATE invitations SET revoked_at = ?2 WHERE id = ?1", params![id, at])?;
        tx.execute(
            "DELETE FROM sessions WHERE respondent_id IN (SELECT id FROM respondents WHERE invitation_id = ?1)",
            [id],
        )?;
        audit(
            &tx,
            actor,
            Some(assessment),
            "invitation",
            json!({"invitation": id}),
            Some(json!({"revoked_at": before})),
            Some(json!({"revoked_at": at})),
        )?;
        tx.commit()?;
        drop(conn);
        self.identities_changed();
        Ok(())
    }

    /// Turns a live invitation into a respondent (name and department as given).
    pub fn accept_invitation(&self, invitation: &Invitation, name: &str, department: &str) -> StoreResult<Respondent> {
        let mut conn = self.conn();
        let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
        tx.execute(
            "INSERT INTO respondents (assessment_id, invitation_id, name, department, permission, scope, created_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
            params![
                invitation.assessment_id,
                invitation.id,
                name,
                department,
                invitation.permission,
                invitation.scope.as_ref().map(Value::to_string),
                now_ms()
            ],
        )?;
        let id = tx.last_insert_rowid();
        let actor = Actor::Respondent {
            id,
            name: name.to_owned(),
        };
        audit(
            &tx,
            &actor,
            Some(invitation.assessment_id),
            "respondent",
            json!({"respondent": id}),
            None,
            Some(json!({"name": name, "department": department, "invitation": invitation.id})),
        )?;
        tx.commit()?;
        Ok(Respondent {
            id,
            assessment_id: invitation.assessment_id,
            user_id: None,
            invitation_id: Some(invitation.id),
            name: name.to_owned(),
            department: department.to_owned(),
            permission: invitation.permission.clone(),
            scope: invitation.scope.clone(),
        })
    }

    // ---- answers and decisions ---------------------------------------------------------------

    /// Writes one respondent's answer if `based_on` is the current revision; appends the change
    /// to the audit log in the same transaction. Returns the new revision.
    pub fn put_answer(
        &self,
        actor: &Actor,
        assessment: i64,
        respondent: i64,
        indicator: &str,
        write: &AnswerWrite,
    ) -> StoreResult<i64> {
        let mut conn = self.conn();
        let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
        let current: Option<Stored> = tx
            .prepare_cached(
                "SELECT answer, comment, revision FROM answers WHERE assessment_id = ?1 AND respondent_id = ?2 AND indicator = ?3",
            )?
            .query_row(params![assessment, respondent, indicator], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
            .optional()?;
        let revision = next_revision(current.as_ref(), write.based_on)?;
        tx.prepare_cached(
            "INSERT INTO answers (assessment_id, respondent_id, indicator, answer, comment, revision, updated_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)
             ON CONFLICT (assessment_id, respondent_id, indicator) DO UPDATE SET answer = excluded.answer, comment = excluded.comment, revision = excluded.revision, updated_at = excluded.updated_at",
        )?
        .execute(params![assessment, respondent, indicator, write.answer, write.comment, revision, now_ms()])?;
        let key = json!({"respondent": respondent, "indicator": indicator});
        audit_write(&tx, actor, assessment, "answer", key, current, write, revision)?;
        tx.commit()?;
        Ok(revision)
    }

    /// Every stored answer of an assessment.
    pub fn answers(&self, assessment: i64) -> StoreResult<Vec<AnswerRow>> {
        self.all(
            "SELECT respondent_id, indicator, answer, comment, revision FROM answers WHERE assessment_id = ?1 ORDER BY respondent_id, indicator",
            [assessment],
            |r| {
                Ok(AnswerRow {
                    respondent_id: r.get(0)?,
                    indicator: r.get(1)?,
                    answer: r.get(2)?,
                    comment: r.get(3)?,
                    revision: r.get(4)?,
                })
            },
        )
    }

    /// Writes the authority's decision of one indicator (If-Match as for answers).
    pub fn put_decision(
        &self,
        actor: &Actor,
        assessment: i64,
        indicator: &str,
        write: &AnswerWrite,
    ) -> StoreResult<i64> {
        let mut conn = self.conn();
        let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
        let current: Option<Stored> = tx
            .query_row(
                "SELECT answer, comment, revision FROM decisions WHERE assessment_id = ?1 AND indicator = ?2",
                params![assessment, indicator],
                |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
            )
            .optional()?;
        let revision = next_revision(current.as_ref(), write.based_on)?;
        tx.execute(
            "INSERT INTO decisions (assessment_id, indicator, answer, comment, revision, decided_by, updated_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)
             ON CONFLICT (assessment_id, indicator) DO UPDATE SET answer = excluded.answer, comment = excluded.comment, revision = excluded.revision, decided_by = excluded.decided_by, updated_at = excluded.updated_at",
            params![assessment, indicator, write.answer, write.comment, revision, actor.user_id(), now_ms()],
        )?;
        let key = json!({"indicator": indicator});
        audit_write(&tx, actor, assessment, "decision", key, current, write, revision)?;
        tx.commit()?;
        Ok(revision)
    }

    /// The decisions of an assessment.
    pub fn decisions(&self, assessment: i64) -> StoreResult<Vec<DecisionRow>> {
        self.all(
            "SELECT indicator, answer, comment, revision FROM decisions WHERE assessment_id = ?1 ORDER BY indicator",
            [assessment],
            |r| {
                Ok(DecisionRow {
                    indicator: r.get(0)?,
                    answer: r.get(1)?,
                    comment: r.get(2)?,
                    revision: r.get(3)?,
                })
            },
        )
    }

    // ---- publications ------------------------------------------------------------------------

    /// Freezes a new published version of an assessment (synthetic: invented demo data).
    #[allow(clippy::too_many_arguments)]
    pub fn publish(
        &self,
        actor: &Actor,
        assessment: Option<i64>,
        municipality: &str,
        year: i32,
        catalogue: &str,
        document: &str,
        synthetic: bool,
    ) -> StoreResult<Publication> {
        let mut conn = self.conn();
        let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
        let version: i64 = tx.query_row(
            "SELECT coalesce(max(version), 0) + 1 FROM publications WHERE municipality = ?1 AND year = ?2 AND catalogue = ?3",
            params![municipality, year, catalogue],
            |r| r.get(0),
        )?;
        let at = now_ms();
        tx.execute(
            "INSERT INTO publications (assessment_id, municipality, year, catalogue, version, document, published_by, published_at, synthetic) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
            params![assessment, municipality, year, catalogue, version, document, actor.user_id(), at, synthetic],
        )?;
        let id = tx.last_insert_rowid();
        audit(
            &tx,
            actor,
            assessment,
            "publication",
            json!({"publication": id}),
            None,
            Some(
                json!({"municipality": municipality, "year": year, "catalogue": catalogue, "version": version, "synthetic": synthetic}),
            ),
        )?;
        tx.commit()?;
        Ok(Publication {
            id,
            assessment_id: assessment,
            municipality: municipality.to_owned(),
            year,
            catalogue: catalogue.to_owned(),
            version,
            published_at: at,
            withdrawn_at: None,
            synthetic,
            document: document.to_owned(),
        })
    }

    /// Withdraws a publication (kept, marked withdrawn).
    pub fn withdraw(&self, actor: &Actor, publication: i64) -> StoreResult<()> {
        let mut conn = self.conn();
        let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
        let found: Option<(Option<i64>, Option<i64>)> = tx
            .query_row(
                "SELECT assessment_id, withdrawn_at FROM publications WHERE id = ?1",
                [publication],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .optional()?;
        let Some((assessment, before)) = found else {
            return Err(StoreError::NotFound("publication"));
        };
        let at = now_ms();
        tx.execute(
            "UPDATE publications SET withdrawn_at = ?2 WHERE id = ?1",
            params![publication, at],
        )?;
        audit(
            &tx,
            actor,
            assessment,
            "publication",
            json!({"publication": publication}),
            Some(json!({"withdrawn_at": before})),
            Some(json!({"withdrawn_at": at})),
        )?;
        tx.commit()?;
        Ok(())
    }

    fn publication_from(r: &rusqlite::Row<'_>) -> rusqlite::Result<Publication> {
        Ok(Publication {
            id: r.get(0)?,
            assessment_id: r.get(1)?,
            municipality: r.get(2)?,
            year: r.get(3)?,
            catalogue: r.get(4)?,
            version: r.get(5)?,
            published_at: r.get(6)?,
            withdrawn_at: r.get(7)?,
            synthetic: r.get(8)?,
            document: r.get(9)?,
        })
    }

    /// One publication.
    pub fn publication(&self, id: i64) -> StoreResult<Publication> {
        self.conn()
            .query_row(
                "SELECT id, assessment_id, municipality, year, catalogue, version, published_at, withdrawn_at, synthetic, document FROM publications WHERE id = ?1",
                [id],
                Store::publication_from,
            )
            .optional()?
            .ok_or(StoreError::NotFound("publication"))
    }

    /// Every publication of one assessment, oldest first.
    pub fn publications_of(&self, assessment: i64) -> StoreResult<Vec<Publication>> {
        self.all(
            "SELECT id, assessment_id, municipality, year, catalogue, version, published_at, withdrawn_at, synthetic, document FROM publications WHERE assessment_id = ?1 ORDER BY id",
            [assessment],
            Store::publication_from,
        )
    }

    /// The latest version, not withdrawn, of each municipality and year of one catalogue.
    pub fn latest_publications(&self, catalogue: &str) -> StoreResult<Vec<Publication>> {
        self.latest(catalogue, "document")
    }

    /// As [`Store::latest_publications`], without the documents (`document` is empty): what the
    /// national page needs to see whether anything changed, the documents it has read before
    /// being kept parsed in memory.
    pub fn latest_publication_heads(&self, catalogue: &str) -> StoreResult<Vec<Publication>> {
        self.latest(catalogue, "''")
    }

    fn latest(&self, catalogue: &str, document: &str) -> StoreResult<Vec<Publication>> {
        self.all(
            &format!(
            "SELECT id, assessment_id, municipality, year, catalogue, version, published_at, withdrawn_at, synthetic, {document}
             FROM publications p WHERE catalogue = ?1 AND withdrawn_at IS NULL AND version = (
                SELECT max(version) FROM publications q WHERE q.catalogue = p.catalogue AND q.municipality = p.municipality
                AND q.year = p.year AND q.withdrawn_at IS NULL)
             ORDER BY municipality, year"
        ),
            [catalogue],
            Store::publication_from,
        )
    }

    /// Whether the municipality has a live (not withdrawn) publication of this catalogue.
    pub fn has_published(&self, municipality: &str, catalogue: &str) -> StoreResult<bool> {
        Ok(self.conn().query_row(
            "SELECT EXISTS(SELECT 1 FROM publications WHERE municipality = ?1 AND catalogue = ?2 AND withdrawn_at IS NULL)",
            params![municipality, catalogue],
            |r| r.get(0),
        )?)
    }

    /// A counter that changes whenever a publication is added or withdrawn (cache key).
    pub fn publication_stamp(&self) -> StoreResult<i64> {
        Ok(self.conn().query_row(
            "SELECT coalesce(max(id), 0) FROM audit WHERE entity = 'publication'",
            [],
            |r| r.get(0),
        )?)
    }

    // ---- audit -----------------------------------------------------------------------------

    /// The audit log of an assessment (all entries when `None`), oldest first, after `after`.
    pub fn audit_log(&self, assessment: Option<i64>, after: i64) -> StoreResult<Vec<AuditEntry>> {
        self.all(
            "SELECT id, at, actor, assessment_id, entity, key, before, after FROM audit
             WHERE (?1 IS NULL OR assessment_id = ?1) AND id > ?2 ORDER BY id",
            params![assessment, after],
            |r| {
                Ok(AuditEntry {
                    id: r.get(0)?,
                    at: r.get(1)?,
                    actor: r.get(2)?,
                    assessment_id: r.get(3)?,
                    entity: r.get(4)?,
                    key: opt_json(r.get(5)?).unwrap_or(Value::Null),
                    before: opt_json(r.get(6)?),
                    after: opt_json(r.get(7)?),
                })
            },
        )
    }

    /// The latest audit sequence number of an assessment (what a poller compares).
    pub fn audit_head(&self, assessment: i64) -> StoreResult<i64> {
        Ok(self.conn().query_row(
            "SELECT coalesce(max(id), 0) FROM audit WHERE assessment_id = ?1",
            [assessment],
            |r| r.get(0),
        )?)
    }
}

/// Rebuilds the answers of an assessment from its audit log alone.
pub fn replay_answers(log: &[AuditEntry]) -> Vec<AnswerRow> {
    let mut state: std::collections::BTreeMap<(i64, String), AnswerRow> = Default::default();
    for entry in log.iter().filter(|e| e.entity == "answer") {
        let (Some(respondent), Some(indicator)) = (entry.key["respondent"].as_i64(), entry.key["indicator"].as_str())
        else {
            continue;
        };
        let Some(after) = &entry.after else { continue };
        state.insert(
            (respondent, indicator.to_owned()),
            AnswerRow {
                respondent_id: respondent,
                indicator: indicator.to_owned(),
                answer: after["answer"].as_str().map(str::to_owned),
                comment: after["comment"].as_str().map(str::to_owned),
                revision: after["revision"].as_i64().unwrap_or(0),
            },
        );
    }
    state.into_values().collect()
}
