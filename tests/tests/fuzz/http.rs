//! The fake's HTTP layer under random requests: heads and bodies built from pieces that
//! once broke it (bad lengths, chunking, bare line feeds, deep brackets, huge headers),
//! sent whole or in slow pieces. Every request must be answered, and the fake must stay
//! up; a child process with few file descriptors checks that running out of them does
//! not spin a core.

use std::time::Duration;

use stripe_fake::FakeStripe;
use tests::fuzz::{cases, report, Rng};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

const METHODS: &[&str] = &["GET", "POST", "DELETE", "PUT", "G(T", "", "post"];
const PATHS: &[&str] = &[
    "/v1/customers",
    "/v1/customers/cus_x",
    "/v1/checkout/sessions",
    "/v1/customers?limit=3&email=a",
    "/",
    "*",
    "/%ff%00",
    "v1/customers",
];
const VERSIONS: &[&str] = &["HTTP/1.1", "HTTP/1.0", "HTTP/2", "", "HTTP/1.1 x"];
const LENGTHS: &[&str] = &["abc", "-1", "99999999999999999999", "13, 13", "0", "", "1"];
const BODIES: &[&str] = &[
    "email=a%40b.c",
    "metadata[k]=v&description=x",
    "line_items[0][price]=price_x&mode=payment",
    "expand[]=x&expand[]=y",
    "%",
    "&&==&",
];

/// A random request; one whose body is shorter than it says is answered 408 once the
/// fake's request timeout passes.
fn random_request(rng: &mut Rng, key: &str) -> Vec<u8> {
    let end = if rng.one_in(4) { "\n" } else { "\r\n" };
    let mut head = format!(
        "{} {} {}{end}",
        rng.pick(METHODS),
        rng.pick(PATHS),
        rng.pick(VERSIONS)
    );
    let mut body = random_body(rng).into_bytes();
    let mut headers = vec![format!("Authorization: Bearer {key}")];
    match rng.below(6) {
        0 => headers.push(format!("Content-Length: {}", rng.pick(LENGTHS))),
        1 => {
            headers.push("Transfer-Encoding: chunked".to_owned());
            body = chunked(rng, &body);
        }
        2 => {
            headers.push("Transfer-Encoding: chunked".to_owned());
            headers.push(format!("Content-Length: {}", body.len()));
        }
        3 => headers.push(format!("Content-Length: {}", body.len() + rng.below(3))),
        _ => headers.push(format!("Content-Length: {}", body.len())),
    }
    if rng.one_in(4) {
        headers.push("Expect: 100-continue".to_owned());
    }
    if rng.one_in(8) {
        headers.push(format!("X-Long: {}", "a".repeat(rng.below(100_000))));
    }
    if rng.one_in(8) {
        headers.push(
            rng.pick(&["no colon", ": empty name", "bad name: x", "\u{7f}: y"])
                .to_string(),
        );
    }
    for header in headers {
        head.push_str(&header);
        head.push_str(end);
    }
    head.push_str(end);
    let mut bytes = head.into_bytes();
    bytes.extend_from_slice(&body);
    bytes
}

fn random_body(rng: &mut Rng) -> String {
    match rng.below(4) {
        0 => format!("metadata{}=v", "[a]".repeat(rng.below(5_000))),
        1 => (0..rng.below(200)).map(|i| format!("k{i}=v&")).collect(),
        _ => rng.pick(BODIES).to_string(),
    }
}

/// `body` in chunks, now and then broken (a bad size, a missing line end, no last chunk).
fn chunked(rng: &mut Rng, body: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    let mut rest = body;
    while !rest.is_empty() {
        let size = (1 + rng.below(16)).min(rest.len());
        let line = match rng.below(20) {
            0 => "zz".to_owned(),
            1 => format!("{:x}", size + 1),
            _ => format!("{size:x}"),
        };
        out.extend_from_slice(line.as_bytes());
        out.extend_from_slice(b"\r\n");
        out.extend_from_slice(&rest[..size]);
        out.extend_from_slice(b"\r\n");
        rest = &rest[size..];
    }
    if !rng.one_in(10) {
        out.extend_from_slice(b"0\r\n\r\n");
    }
    out
}

/// Sends `request`, whole or in pieces, and says whether any answer came back.
async fn exchange(stripe: &FakeStripe, request: &[u8], rng: &mut Rng) -> Result<(), String> {
    let address = stripe.url().trim_start_matches("http://");
    let mut stream = TcpStream::connect(address)
        .await
        .map_err(|e| e.to_string())?;
    if request.len() < 4096 && rng.one_in(5) {
        for piece in request.chunks(1 + rng.below(64)) {
            if stream.write_all(piece).await.is_err() {
                break;
            }
            tokio::time::sleep(Duration::from_millis(1)).await;
        }
    } else {
        let _ = stream.write_all(request).await;
    }
    let mut answer = Vec::new();
    let mut chunk = [0u8; 4096];
    let read = async {
        while !answer.windows(4).any(|w| w == b"\r\n\r\n") {
            match stream.read(&mut chunk).await {
                Ok(n) if n > 0 => answer.extend_from_slice(&chunk[..n]),
                _ => break,
            }
        }
    };
    let _ = tokio::time::timeout(Duration::from_secs(5), read).await;
    let status = String::from_utf8_lossy(&answer)
        .split(' ')
        .nth(1)
        .and_then(|s| s.parse::<u16>().ok());
    match status {
        Some(status) if status >= 500 => Err(format!("a {status}")),
        Some(_) => Ok(()),
        None => Err("no answer".to_owned()),
    }
}

#[tokio::test]
async fn random_requests_are_all_answered_and_never_take_the_fake_down() {
    let stripe = FakeStripe::builder()
        .request_timeout(Duration::from_millis(100))
        .start()
        .await;
    let mut rng = Rng::new(6);
    let n = cases(300);
    let mut findings = Vec::new();
    for case in 0..n {
        let request = random_request(&mut rng, stripe.secret_key());
        if let Err(why) = exchange(&stripe, &request, &mut rng).await {
            let shown: String = String::from_utf8_lossy(&request)
                .chars()
                .take(300)
                .collect();
            findings.push(format!("case {case}: {why} for {shown:?}"));
        }
        if case % 50 == 49 && stripe.client().list_customers().await.is_err() {
            findings.push(format!("the fake stopped answering after case {case}"));
            break;
        }
    }
    report("fake HTTP on random requests", n, &findings);
}

/// In a child process limited to 64 file descriptors: connections until none are left,
/// then the fake must wait rather than spin, and serve again once some close.
#[test]
fn running_out_of_descriptors_neither_spins_nor_stops_the_fake() {
    if std::env::var_os("FAKE_FEW_DESCRIPTORS").is_some() {
        return few_descriptors();
    }
    let exe = std::env::current_exe().unwrap();
    let output = std::process::Command::new("prlimit")
        .args(["--nofile=64:64", "--"])
        .arg(exe)
        .args([
            "--exact",
            "http::running_out_of_descriptors_neither_spins_nor_stops_the_fake",
            "--nocapture",
        ])
        .env("FAKE_FEW_DESCRIPTORS", "1")
        .output()
        .expect("prlimit runs the test binary");
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(output.status.success(), "{stderr}");
    assert!(
        stderr.contains("descriptors: exhausted"),
        "the child ran: {stderr}"
    );
}

fn few_descriptors() {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .unwrap();
    runtime.block_on(async {
        let stripe = FakeStripe::start().await;
        let client = stripe.client();
        client.list_customers().await.expect("served before");
        let address = stripe.url().trim_start_matches("http://").to_owned();
        let mut stat = std::fs::File::open("/proc/self/stat").unwrap();
        let mut held = Vec::new();
        while let Ok(stream) = TcpStream::connect(&address).await {
            held.push(stream);
            if held.len() > 1000 {
                panic!("the descriptor limit did not apply");
            }
        }
        let before = cpu_time(&mut stat);
        tokio::time::sleep(Duration::from_secs(1)).await;
        let spent = cpu_time(&mut stat) - before;
        eprintln!(
            "descriptors: exhausted after {} connections, {spent:?} of CPU in 1 s",
            held.len()
        );
        assert!(
            spent < Duration::from_millis(400),
            "the accept loop spins: {spent:?}"
        );
        held.truncate(held.len() / 2);
        tokio::time::sleep(Duration::from_millis(1200)).await;
        client.list_customers().await.expect("served again");
    });
}

/// This process's user and system time, from `/proc/self/stat` (opened before the
/// descriptors run out).
fn cpu_time(stat: &mut std::fs::File) -> Duration {
    use std::io::{Read, Seek};
    let mut text = String::new();
    stat.rewind().unwrap();
    stat.read_to_string(&mut text).unwrap();
    let fields: Vec<&str> = text
        .rsplit_once(')')
        .unwrap()
        .1
        .split_whitespace()
        .collect();
    let ticks: u64 = fields[11].parse::<u64>().unwrap() + fields[12].parse::<u64>().unwrap();
    Duration::from_millis(ticks * 10)
}
