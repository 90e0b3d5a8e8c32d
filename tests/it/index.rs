//! The package index: `doctor` shows the one in effect (never its credentials) and whether it
//! answers; installs go to the index the user configured for pip.

use crate::common::{Sandbox, stdout_of};
use std::io::{BufRead, BufReader, Write};
use std::net::TcpListener;
use std::sync::{Arc, Mutex};

/// A tiny index on a loopback port: `/simple/pip/` answers 200, anything else 404. Returns
/// its address and the request lines it has seen.
fn index_server() -> (String, Arc<Mutex<Vec<String>>>) {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let addr = listener.local_addr().unwrap().to_string();
    let seen = Arc::new(Mutex::new(Vec::new()));
    let log = seen.clone();
    std::thread::spawn(move || {
        for stream in listener.incoming() {
            let Ok(mut stream) = stream else { continue };
            let mut reader = BufReader::new(stream.try_clone().unwrap());
            let mut request = String::new();
            if reader.read_line(&mut request).is_err() {
                continue;
            }
            // The rest of the head.
            let mut line = String::new();
            while reader.read_line(&mut line).is_ok_and(|n| n > 2) {
                line.clear();
            }
            let found = request.contains(" /simple/pip/ ");
            log.lock().unwrap().push(request.trim().to_string());
            let (status, body) = if found {
                ("200 OK", "<html><body>pip</body></html>")
            } else {
                ("404 Not Found", "")
            };
            let _ = write!(
                stream,
                "HTTP/1.1 {status}\r\nContent-Type: text/html\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
                body.len()
            );
        }
    });
    (addr, seen)
}

fn doctor_index(s: &Sandbox, env: &[(&str, &str)]) -> serde_json::Value {
    let mut cmd = s.pystart(&["doctor", "--json"]);
    cmd.env("NO_PROXY", "127.0.0.1,localhost")
        .env("no_proxy", "127.0.0.1,localhost")
        .env_remove("PIP_INDEX_URL")
        .env_remove("UV_DEFAULT_INDEX")
        .env_remove("UV_INDEX_URL")
        .env_remove("PIP_CONFIG_FILE");
    for (k, v) in env {
        cmd.env(k, v);
    }
    let out = cmd.output().unwrap();
    let report: serde_json::Value = serde_json::from_str(&stdout_of(&out)).expect("JSON");
    report["checks"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["name"] == "index")
        .expect("an index check")
        .clone()
}

#[test]
fn doctor_shows_the_index_in_effect_without_credentials_and_whether_it_answers() {
    let s = Sandbox::new();
    let (addr, seen) = index_server();
    let url = format!("http://ada:s3cret@{addr}/simple");
    // uv, when installed, takes pip's index: the same URL either way.
    let check = doctor_index(&s, &[("PIP_INDEX_URL", &url)]);
    let detail = check["detail"].as_str().unwrap();
    assert_eq!(check["status"], "ok", "{check}");
    assert!(
        detail.starts_with(&format!(
            "http://***@{addr}/simple (PIP_INDEX_URL, used by "
        )),
        "{detail}"
    );
    assert!(detail.contains(": answers in "), "{detail}");
    assert!(!check.to_string().contains("s3cret"), "{check}");
    assert!(
        seen.lock()
            .unwrap()
            .iter()
            .any(|r| r.starts_with("GET /simple/pip/ ")),
        "{seen:?}"
    );

    // From pip's configuration file, and an index that is not there.
    let closed = {
        let l = TcpListener::bind("127.0.0.1:0").unwrap();
        l.local_addr().unwrap().to_string()
    };
    let conf = s.join("pip.conf");
    std::fs::write(
        &conf,
        format!("[global]\nindex-url = http://{closed}/simple/\n"),
    )
    .unwrap();
    let check = doctor_index(
        &s,
        &[
            ("PIP_CONFIG_FILE", conf.to_str().unwrap()),
            ("UV_NO_CONFIG", "1"),
        ],
    );
    let detail = check["detail"].as_str().unwrap();
    assert_eq!(check["status"], "warn", "{check}");
    assert!(
        detail.starts_with(&format!(
            "http://{closed}/simple/ ({}, used by ",
            conf.display()
        )),
        "{detail}"
    );
    assert!(detail.contains(": no answer"), "{detail}");
    assert!(
        check["fix"].as_str().unwrap().contains("PIP_INDEX_URL"),
        "{check}"
    );
}

#[test]
fn setup_installs_from_the_index_the_user_set_for_pip() {
    let s = Sandbox::new();
    let t = crate::common::fixture_template(s.path());
    let out = s
        .pystart(&[
            "new",
            "--template",
            t.to_str().unwrap(),
            "proj",
            "--yes",
            "--no-git",
            "--set",
            "project_name=proj",
        ])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", crate::common::stderr_of(&out));
    let (addr, seen) = index_server();
    let out = s
        .pystart(&["setup", "proj"])
        .env("PIP_INDEX_URL", format!("http://{addr}/simple/"))
        .env("PIP_TRUSTED_HOST", "127.0.0.1")
        .env("NO_PROXY", "127.0.0.1,localhost")
        .env("no_proxy", "127.0.0.1,localhost")
        .env_remove("PIP_FIND_LINKS")
        .env_remove("UV_DEFAULT_INDEX")
        .env_remove("UV_INDEX_URL")
        .env_remove("UV_FIND_LINKS")
        .env("UV_NO_CONFIG", "1")
        .env("PIP_RETRIES", "0")
        .timeout(std::time::Duration::from_secs(300))
        .output()
        .unwrap();
    // The fake index has no packages: the install fails, after asking it for a package (uv asks
    // for the dependencies first, pip for the build backend).
    assert_eq!(
        out.status.code(),
        Some(1),
        "{}",
        crate::common::stderr_of(&out)
    );
    let seen = seen.lock().unwrap();
    assert!(
        seen.iter().any(|r| r.starts_with("GET /simple/")),
        "{seen:?}"
    );
}
