//! The `eblomlada-server` binary: serve, demo, accounts, backup and restore.

use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::Arc;
use std::time::Instant;

use clap::{Args, Parser, Subcommand};
use eblomlada_server::app::{router, AppState, Config};
use eblomlada_server::storage::{Actor, Store};
use eblomlada_server::{auth, demo};

#[derive(Parser)]
#[command(name = "eblomlada-server", version, about = "The self-hosted eBlomlådan service")]
struct Cli {
    #[command(subcommand)]
    command: Option<Command>,
    #[command(flatten)]
    serve: Serve,
}

#[derive(Args)]
struct Serve {
    /// Start with demo accounts, a demo team and a synthetic national set.
    #[arg(long)]
    demo: bool,
    /// Address to listen on (port 0: any free port).
    #[arg(long, default_value = "127.0.0.1:8080")]
    listen: SocketAddr,
    /// Folder of the database.
    #[arg(long, default_value = "eblomlada-data", global = true)]
    data: PathBuf,
    /// Password of the demo accounts (otherwise a random one is printed).
    #[arg(long)]
    demo_password: Option<String>,
    /// Mark cookies Secure (the service is reached over TLS).
    #[arg(long)]
    secure_cookies: bool,
    /// Another origin allowed to send state-changing requests (e.g. the public https URL
    /// behind a reverse proxy). Repeatable.
    #[arg(long = "allow-origin")]
    allow_origins: Vec<String>,
    /// Single sign-on: the header in which the reverse proxy names the signed-in account
    /// (e.g. X-Remote-User). Off unless given; needs --trusted-proxy.
    #[arg(long)]
    sso_header: Option<String>,
    /// A reverse proxy (address, or network as CIDR) whose headers are believed: the SSO
    /// header and X-Forwarded-For (the client's address for sign-in throttling). Repeatable;
    /// none by default, and then no such header is believed.
    #[arg(long = "trusted-proxy", value_parser = parse_proxy)]
    trusted_proxies: Vec<ipnet::IpNet>,
    /// The built bindings-wasm/pkg folder (the <eblom-flowerbox> element).
    #[arg(long)]
    pkg: Option<PathBuf>,
}

#[derive(Subcommand)]
enum Command {
    /// Account administration.
    Admin {
        #[command(subcommand)]
        command: AdminCommand,
    },
    /// Copy the live database to FILE (SQLite online backup).
    Backup {
        /// The backup file.
        #[arg(long)]
        to: PathBuf,
    },
    /// Replace the database with a backup (stop the service first).
    Restore {
        /// The backup file.
        #[arg(long)]
        from: PathBuf,
    },
}

#[derive(Subcommand)]
enum AdminCommand {
    /// Create an account; the password is read from EBLOMLADA_PASSWORD or the first line of
    /// standard input.
    CreateUser {
        /// Account name.
        name: String,
        /// Make it a server administrator.
        #[arg(long)]
        admin: bool,
        /// Grant authority for this municipality code. Repeatable.
        #[arg(long)]
        authority: Vec<String>,
    },
}

fn parse_proxy(text: &str) -> Result<ipnet::IpNet, String> {
    if let Ok(net) = text.parse::<ipnet::IpNet>() {
        return Ok(net.trunc());
    }
    text.parse::<std::net::IpAddr>()
        .map(ipnet::IpNet::from)
        .map_err(|_| format!("{text:?} is neither an IP address nor a network (CIDR, e.g. 10.0.0.0/8)"))
}

fn database(data: &Path) -> PathBuf {
    data.join("eblomlada.sqlite3")
}

fn open(data: &Path) -> Result<Store, String> {
    std::fs::create_dir_all(data).map_err(|e| format!("{}: cannot create the data folder: {e}", data.display()))?;
    let path = database(data);
    Store::open(&path).map_err(|e| format!("{}: {e}", path.display()))
}

fn default_pkg() -> Option<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../bindings-wasm/pkg");
    dir.join("element.js").is_file().then_some(dir)
}

async fn serve(args: Serve) -> Result<(), String> {
    let started = Instant::now();
    let store = open(&args.data)?;
    let mut password_note = None;
    let mut links = Vec::new();
    if args.demo {
        let password = args
            .demo_password
            .clone()
            .unwrap_or_else(|| auth::token()[..16].to_owned());
        let info = demo::prepare(&store, &password).map_err(|e| format!("demo data: {e}"))?;
        links = info.links;
        password_note = Some(password);
    }
    let sso_header = match &args.sso_header {
        Some(name) => {
            if args.trusted_proxies.is_empty() {
                return Err("--sso-header needs --trusted-proxy (the reverse proxy's address)".into());
            }
            Some(axum::http::HeaderName::try_from(name.as_str()).map_err(|e| format!("--sso-header {name:?}: {e}"))?)
        }
        None => None,
    };
    let config = Config {
        sso_header,
        trusted_proxies: args.trusted_proxies,
        secure_cookies: args.secure_cookies,
        allowed_origins: args.allow_origins,
        pkg_dir: args.pkg.or_else(default_pkg),
        ..Config::default()
    };
    let pkg_note = config.pkg_dir.clone();
    let state = Arc::new(AppState::new(store, config));
    // The national page's compilations are built in the background now rather than on its
    // first request (a catalogue without publications simply has none).
    for catalogue in eblomlada::Catalogue::builtin_keys() {
        eblomlada_server::api::warm_national(&state, catalogue.to_owned());
    }
    let listener = tokio::net::TcpListener::bind(args.listen)
        .await
        .map_err(|e| format!("cannot listen on {}: {e}", args.listen))?;
    let addr = listener.local_addr().map_err(|e| e.to_string())?;
    println!(
        "eBlomlådan listening on http://{addr} (started in {} ms)",
        started.elapsed().as_millis()
    );
    if let Some(password) = password_note {
        println!("demo sign-ins (password {password}): admin (administrator), kumla (authority for 1881 Kumla), orebro (authority for 1880 Örebro)");
        println!("the national figures include synthetic (invented) assessments of the other 288 municipalities");
        for (label, link) in links {
            println!("demo invitation ({label}): http://{addr}{link}");
        }
    }
    match pkg_note {
        Some(dir) => println!("<eblom-flowerbox> from {}", dir.display()),
        None => {
            println!("no bindings-wasm/pkg found (run bindings-wasm/build.sh or pass --pkg): pages use plain forms")
        }
    }
    let app = router(state).into_make_service_with_connect_info::<SocketAddr>();
    axum::serve(listener, app)
        .with_graceful_shutdown(async {
            let _ = tokio::signal::ctrl_c().await;
        })
        .await
        .map_err(|e| e.to_string())
}

fn read_password() -> Result<String, String> {
    if let Ok(p) = std::env::var("EBLOMLADA_PASSWORD") {
        return Ok(p);
    }
    let mut line = String::new();
    std::io::stdin().read_line(&mut line).map_err(|e| e.to_string())?;
    Ok(line.trim_end_matches(['\r', '\n']).to_owned())
}

fn run(cli: Cli) -> Result<(), String> {
    match cli.command {
        None => {
            tracing_subscriber::fmt()
                .with_env_filter(
                    tracing_subscriber::EnvFilter::try_from_default_env()
                        .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("info")),
                )
                .with_writer(std::io::stderr)
                .init();
            let runtime = tokio::runtime::Runtime::new().map_err(|e| e.to_string())?;
            runtime.block_on(serve(cli.serve))
        }
        Some(Command::Admin {
            command: AdminCommand::CreateUser { name, admin, authority },
        }) => {
            let store = open(&cli.serve.data)?;
            let password = read_password()?;
            if password.chars().count() < 10 {
                return Err("the password must have at least 10 characters".into());
            }
            if let Some(code) = authority
                .iter()
                .find(|c| !eblomlada::analysis::municipalities::is_known(c))
            {
                return Err(format!("{code:?} is not one of Sweden's 290 municipality codes"));
            }
            let hash = auth::hash_password(&password).map_err(|e| e.to_string())?;
            store
                .create_user(&Actor::System, &name, &hash, admin)
                .map_err(|e| e.to_string())?;
            for code in authority {
                store
                    .grant_authority(&Actor::System, &name, &code)
                    .map_err(|e| e.to_string())?;
            }
            println!("created {name}");
            Ok(())
        }
        Some(Command::Backup { to }) => {
            if to.exists() {
                return Err(format!("{}: exists already; choose a new file", to.display()));
            }
            let store = open(&cli.serve.data)?;
            store.backup(&to).map_err(|e| format!("{}: {e}", to.display()))?;
            println!("backed up to {}", to.display());
            Ok(())
        }
        Some(Command::Restore { from }) => {
            if !from.is_file() {
                return Err(format!("{}: no such backup file", from.display()));
            }
            let check = Store::open(&from).map_err(|e| format!("{}: {e}", from.display()))?;
            let status = check
                .integrity_check()
                .map_err(|e| format!("{}: {e}", from.display()))?;
            if status != "ok" {
                return Err(format!("{}: integrity check failed: {status}", from.display()));
            }
            drop(check);
            let store = open(&cli.serve.data)?;
            store.restore(&from).map_err(|e| format!("{}: {e}", from.display()))?;
            println!("restored from {}", from.display());
            Ok(())
        }
    }
}

fn main() -> ExitCode {
    match run(Cli::parse()) {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("eblomlada-server: {message}");
            ExitCode::FAILURE
        }
    }
}
