//! The safe writer against planted symlinks, racing writers, special targets and a full disk.
#![allow(clippy::unwrap_used)]

use std::path::Path;
use std::process::Command;

use eblomlada_files::{read, write, write_folder, ReadError, WriteError, STAGING_MARK};

fn entries(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

#[cfg(unix)]
#[test]
fn a_symlink_planted_under_the_old_temporary_name_is_not_followed() {
    let dir = tempfile::tempdir().unwrap();
    let victim = dir.path().join("victim.txt");
    std::fs::write(&victim, b"precious").unwrap();
    // The names the old writer used, and a spread of guesses in the same shape.
    for pid in [std::process::id(), 1, 2, 3] {
        std::os::unix::fs::symlink(&victim, dir.path().join(format!(".out.json.{pid}.tmp"))).unwrap();
    }
    write(&dir.path().join("out.json"), b"new").unwrap();
    assert_eq!(std::fs::read(&victim).unwrap(), b"precious");
    assert_eq!(std::fs::read(dir.path().join("out.json")).unwrap(), b"new");
    // Nothing of ours is left behind: only the planted links, the victim and the output.
    assert_eq!(entries(dir.path()).len(), 6, "{:?}", entries(dir.path()));
}

#[cfg(unix)]
#[test]
fn an_existing_target_keeps_its_permission_bits_and_a_new_one_gets_the_usual_ones() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("secret.csv");
    std::fs::write(&path, b"old").unwrap();
    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o600)).unwrap();
    write(&path, b"new").unwrap();
    assert_eq!(std::fs::metadata(&path).unwrap().permissions().mode() & 0o777, 0o600);
    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o640)).unwrap();
    write(&path, b"newer").unwrap();
    assert_eq!(std::fs::metadata(&path).unwrap().permissions().mode() & 0o777, 0o640);

    let fresh = dir.path().join("fresh.csv");
    write(&fresh, b"x").unwrap();
    let plain = dir.path().join("plain.csv");
    std::fs::write(&plain, b"x").unwrap();
    assert_eq!(
        std::fs::metadata(&fresh).unwrap().permissions().mode() & 0o777,
        std::fs::metadata(&plain).unwrap().permissions().mode() & 0o777,
        "a new file gets what File::create gives (0666 less the umask), not 0600"
    );
}

#[test]
fn a_folder_as_target_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let err = write(dir.path(), b"x").unwrap_err();
    assert!(matches!(err, WriteError::IsFolder { .. }), "{err}");
    assert!(err.to_string().contains("is a folder"), "{err}");
}

#[cfg(unix)]
#[test]
fn a_fifo_is_written_to_not_replaced() {
    let dir = tempfile::tempdir().unwrap();
    let fifo = dir.path().join("pipe");
    assert!(Command::new("mkfifo").arg(&fifo).status().unwrap().success());
    let reader = {
        let fifo = fifo.clone();
        std::thread::spawn(move || std::fs::read(fifo).unwrap())
    };
    write(&fifo, b"through the pipe").unwrap();
    assert_eq!(reader.join().unwrap(), b"through the pipe");
    use std::os::unix::fs::FileTypeExt;
    assert!(std::fs::metadata(&fifo).unwrap().file_type().is_fifo());
    assert_eq!(entries(dir.path()), ["pipe"]);
}

#[cfg(unix)]
#[test]
fn a_device_node_is_written_to_not_replaced() {
    use std::os::unix::fs::FileTypeExt;
    // /dev/null itself: as root the old writer replaced it with a regular file.
    write(Path::new("/dev/null"), b"discarded").unwrap();
    assert!(std::fs::metadata("/dev/null").unwrap().file_type().is_char_device());
    // /dev/full is a device that is always full: the error is reported, not hidden.
    let err = write(Path::new("/dev/full"), b"x").unwrap_err();
    assert!(err.to_string().contains("/dev/full"), "{err}");
    assert!(std::fs::metadata("/dev/full").unwrap().file_type().is_char_device());
}

#[test]
fn threads_writing_one_path_each_leave_a_whole_file() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("shared.json");
    let documents: Vec<Vec<u8>> = (0..8u8)
        .map(|i| {
            format!(
                "{{\"writer\": {i}, \"pad\": \"{}\"}}\n",
                "x".repeat(20_000 + usize::from(i))
            )
            .into_bytes()
        })
        .collect();
    std::thread::scope(|s| {
        for doc in &documents {
            let path = &path;
            s.spawn(move || {
                for _ in 0..30 {
                    write(path, doc).unwrap();
                }
            });
        }
        s.spawn(|| {
            for _ in 0..200 {
                if let Ok(bytes) = std::fs::read(&path) {
                    assert!(
                        documents.contains(&bytes),
                        "a reader saw a torn file of {} bytes",
                        bytes.len()
                    );
                }
            }
        });
    });
    assert!(documents.contains(&std::fs::read(&path).unwrap()));
    assert_eq!(entries(dir.path()), ["shared.json"], "no temporary file is left");
}

#[test]
fn reading_stops_at_the_limit() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("big");
    std::fs::write(&path, vec![b'a'; 1000]).unwrap();
    assert_eq!(read(&path, 1000).unwrap().len(), 1000);
    let err = read(&path, 999).unwrap_err();
    assert!(matches!(err, ReadError::TooLarge { limit: 999, .. }), "{err}");
    assert!(err.to_string().contains("999 bytes"), "{err}");
    // A stream that never ends is cut off after limit + 1 bytes, not read into memory.
    #[cfg(unix)]
    {
        let err = read(Path::new("/dev/zero"), 1 << 20).unwrap_err();
        assert!(err.to_string().contains("1 MiB"), "{err}");
    }
}

fn files(n: usize, size: usize) -> Vec<(String, Vec<u8>)> {
    (0..n).map(|i| (format!("{i:04}.json"), vec![b'x'; size])).collect()
}

#[test]
fn a_folder_is_written_whole_into_a_missing_an_empty_or_a_full_folder() {
    let root = tempfile::tempdir().unwrap();
    let missing = root.path().join("new/out");
    write_folder(&missing, &files(3, 10)).unwrap();
    assert_eq!(entries(&missing), ["0000.json", "0001.json", "0002.json"]);

    let empty = root.path().join("empty");
    std::fs::create_dir(&empty).unwrap();
    write_folder(&empty, &files(2, 10)).unwrap();
    assert_eq!(entries(&empty), ["0000.json", "0001.json"]);

    let full = root.path().join("full");
    std::fs::create_dir(&full).unwrap();
    std::fs::write(full.join("keep.txt"), b"mine").unwrap();
    write_folder(&full, &files(2, 10)).unwrap();
    assert_eq!(entries(&full), ["0000.json", "0001.json", "keep.txt"]);
    assert!(
        !entries(root.path()).iter().any(|n| n.contains(STAGING_MARK)),
        "{:?}",
        entries(root.path())
    );
}

#[test]
fn a_bad_name_writes_nothing() {
    let root = tempfile::tempdir().unwrap();
    let out = root.path().join("out");
    let mut set = files(3, 10);
    set.push(("../escape.json".to_owned(), b"x".to_vec()));
    assert!(write_folder(&out, &set).is_err());
    assert_eq!(entries(root.path()), Vec::<String>::new());
}

/// A real full disk: a 256 KiB tmpfs (needs root; elsewhere the test says so and passes).
#[cfg(target_os = "linux")]
#[test]
fn a_full_disk_leaves_none_of_the_new_set_and_the_old_file_intact() {
    let root = tempfile::tempdir().unwrap();
    let mount = root.path().join("small");
    std::fs::create_dir(&mount).unwrap();
    let mounted = Command::new("mount")
        .args(["-t", "tmpfs", "-o", "size=256k", "tmpfs"])
        .arg(&mount)
        .stderr(std::process::Stdio::null())
        .status()
        .is_ok_and(|s| s.success());
    if !mounted {
        eprintln!("skipped: cannot mount a small tmpfs here (not root)");
        return;
    }
    let outcome = std::panic::catch_unwind(|| {
        let out = mount.join("out");
        // 40 files of 16 KiB do not fit into 256 KiB.
        let err = write_folder(&out, &files(40, 16 * 1024)).unwrap_err();
        assert!(err.to_string().contains("cannot write"), "{err}");
        assert_eq!(
            entries(&mount),
            Vec::<String>::new(),
            "neither output nor staging is left"
        );

        let single = mount.join("single.json");
        write(&single, b"old").unwrap();
        assert!(write(&single, &vec![b'y'; 512 * 1024]).is_err());
        assert_eq!(std::fs::read(&single).unwrap(), b"old");
        assert_eq!(entries(&mount), ["single.json"]);
    });
    let _ = Command::new("umount").arg(&mount).status();
    if let Err(panic) = outcome {
        std::panic::resume_unwind(panic);
    }
}
