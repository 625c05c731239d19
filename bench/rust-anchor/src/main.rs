//! Rust anchor for `npm run bench signing`: signs the same inputs as bench/signing.ts with the
//! official hyperliquid_rust_sdk's own signing path and prints rates and signatures as JSON.
//! Usage: hl-rust-anchor [duration_ms]
use std::hint::black_box;
use std::time::{Duration, Instant};

use ethers::signers::LocalWallet;
use ethers::types::{Signature, H256, U256};
use hyperliquid_rust_sdk::signature::{sign_l1_action, sign_typed_data};
use hyperliquid_rust_sdk::{Actions, UsdSend};

// Same key, nonce and actions as bench/signing.ts.
const KEY: &str = "8f1d3a6c0b5e4f2a9d7c6b5a4f3e2d1c0b9a8f7e6d5c4b3a2f1e0d9c8b7a6f5e";
const NONCE: u64 = 1_700_000_000_000;

/// The order action, built from its wire JSON: the SDK keeps `OrderRequest` in a private module,
/// and deserializing (once, outside the timed loop) needs no further visibility patch.
fn order_action(n: usize) -> Actions {
    let orders: Vec<serde_json::Value> = (0..n)
        .map(|i| {
            serde_json::json!({
                "a": i % 5,
                "b": i % 2 == 0,
                "p": "30123.5",
                "s": "0.0123",
                "r": false,
                "t": { "limit": { "tif": "Gtc" } },
                "c": format!("0x{:032x}", i),
            })
        })
        .collect();
    serde_json::from_value(
        serde_json::json!({ "type": "order", "orders": orders, "grouping": "na" }),
    )
    .expect("order action")
}

fn usd_send() -> UsdSend {
    UsdSend {
        signature_chain_id: U256::from(0x66eee_u64),
        hyperliquid_chain: "Mainnet".to_string(),
        destination: "0x5e9ee1089755c3435139848e47e6635505d5a13a".to_string(),
        amount: "12.5".to_string(),
        time: NONCE,
    }
}

fn sign_l1(wallet: &LocalWallet, action: &Actions) -> Signature {
    let connection_id = action.hash(NONCE, None).expect("msgpack hash");
    sign_l1_action(wallet, connection_id, true).expect("sign")
}

/// CPU time of this process (user + system), in microseconds: steadier than wall time when
/// other processes share the cores.
fn cpu_us() -> f64 {
    let mut ts = libc::timespec {
        tv_sec: 0,
        tv_nsec: 0,
    };
    // SAFETY: clock_gettime writes one timespec into the pointer it is given.
    unsafe { libc::clock_gettime(libc::CLOCK_PROCESS_CPUTIME_ID, &mut ts) };
    ts.tv_sec as f64 * 1e6 + ts.tv_nsec as f64 / 1e3
}

struct Measured {
    ops_per_sec: f64,
    cpu_us_per_op: f64,
    last: Signature,
}

/// Warm up, then run for `duration`: ops/s, CPU µs per op and the last signature.
fn measure(duration: Duration, mut op: impl FnMut() -> Signature) -> Measured {
    let warm_until = Instant::now() + Duration::from_millis(200);
    while Instant::now() < warm_until {
        black_box(op());
    }
    let cpu0 = cpu_us();
    let start = Instant::now();
    let mut count: u64 = 1;
    let mut last = black_box(op());
    while start.elapsed() < duration {
        last = black_box(op());
        count += 1;
    }
    let elapsed = start.elapsed().as_secs_f64();
    Measured {
        ops_per_sec: count as f64 / elapsed,
        cpu_us_per_op: (cpu_us() - cpu0) / count as f64,
        last,
    }
}

fn row(name: &str, m: &Measured) -> String {
    format!(
        r#"{{"name":"{name}","opsPerSec":{:.1},"cpuUsPerOp":{:.2},"r":"{:#x}","s":"{:#x}","v":{}}}"#,
        m.ops_per_sec, m.cpu_us_per_op, m.last.r, m.last.s, m.last.v
    )
}

fn main() {
    let duration_ms: u64 = std::env::args()
        .nth(1)
        .map(|a| a.parse().expect("duration_ms must be an integer"))
        .unwrap_or(1500);
    let duration = Duration::from_millis(duration_ms);
    let wallet: LocalWallet = KEY.parse().expect("private key");

    let order1 = order_action(1);
    let order10 = order_action(10);
    let usd = usd_send();
    let digest = H256::from([0x42u8; 32]);

    let rows = [
        row("l1Order1", &measure(duration, || sign_l1(&wallet, &order1))),
        row(
            "l1Order10",
            &measure(duration, || sign_l1(&wallet, &order10)),
        ),
        row(
            "usdSend",
            &measure(duration, || sign_typed_data(&usd, &wallet).expect("sign")),
        ),
        // The SDK's curve (k256, pure Rust) alone on a fixed 32-byte digest.
        row(
            "k256SignDigest",
            &measure(duration, || wallet.sign_hash(digest).expect("sign")),
        ),
    ];
    println!(r#"{{"rows":[{}]}}"#, rows.join(","));
}
