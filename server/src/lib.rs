//! `eblomlada-server`: the self-hosted eBlomlådan service (accounts, teams, publishing, the
//! national compilation) over the pure core crate. It holds no scoring or analysis logic: it
//! stores, authenticates, asks the [`policy`] and calls the core.
//!
//! | module | concept |
//! |---|---|
//! | [`storage`] | the database (SQLite): schema migrations, every table, the audit log, backup |
//! | [`policy`] | who may do what: role × action → allow/deny |
//! | [`auth`] | passwords (argon2id), tokens and their hashes, the session cookie |
//! | [`app`] | state, router, security headers, limits, CSRF, who is calling |
//! | [`api`] | the JSON API under `/api/v1/` and its OpenAPI document |
//! | [`teamwork`] | stored respondents and answers → the core's team model |
//! | [`problem`] | RFC 9457 problem details |
//! | [`pages`] | the embedded pages and the `<eblom-flowerbox>` package |
//! | [`demo`] | demo accounts, the demo team, the synthetic national set |

pub mod api;
pub mod app;
pub mod auth;
pub mod demo;
pub mod pages;
pub mod policy;
pub mod problem;
pub mod storage;
pub mod teamwork;
