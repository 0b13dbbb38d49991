//! A KB mounted from a Kubernetes ConfigMap: the kubelet writes the files
//! into a hidden timestamped directory, points the `..data` link at it and
//! links each file through `..data`; an update writes a new directory and
//! renames a new link over `..data`. `--watch` must load that layout and
//! reload on the swap.

mod common;

use std::path::Path;
use std::time::{Duration, Instant};

use common::TestServer;
use serde_json::Value;

const FILES: [&str; 2] = ["kb.yaml", "decision.yaml"];

fn fixture(name: &str) -> String {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../check/tests/fixtures/clean");
    std::fs::read_to_string(dir.join(name)).unwrap()
}

/// Writes a new version of the files and swaps `..data` to it, as the kubelet does.
fn kubelet_write(mount: &Path, version: &str, generation: u32) {
    let dir = mount.join(format!("..2026_11_30_09_00_0{generation}.000000000"));
    std::fs::create_dir(&dir).unwrap();
    for name in FILES {
        let text = fixture(name).replace("version: \"1\"", &format!("version: \"{version}\""));
        std::fs::write(dir.join(name), text).unwrap();
    }
    let tmp = mount.join("..data_tmp");
    std::os::unix::fs::symlink(dir.file_name().unwrap(), &tmp).unwrap();
    std::fs::rename(&tmp, mount.join("..data")).unwrap();
    for name in FILES {
        let link = mount.join(name);
        if std::fs::symlink_metadata(&link).is_err() {
            std::os::unix::fs::symlink(Path::new("..data").join(name), &link).unwrap();
        }
    }
}

async fn version(server: &TestServer) -> String {
    let ready: Value = server.get("/readyz").await.json().await.unwrap();
    ready["kb"]["version"].as_str().unwrap().to_owned()
}

#[tokio::test]
async fn a_configmap_mount_loads_and_reloads_when_the_kubelet_swaps_it() {
    let mount = tempfile::tempdir().unwrap();
    kubelet_write(mount.path(), "1", 1);
    let server = TestServer::kb_dir(mount.path().to_path_buf(), true).await;
    assert_eq!(
        version(&server).await,
        "1",
        "the files behind the links load once, not twice"
    );

    tokio::time::sleep(Duration::from_millis(200)).await;
    kubelet_write(mount.path(), "2", 2);
    let started = Instant::now();
    while version(&server).await != "2" {
        assert!(
            started.elapsed() < Duration::from_secs(20),
            "the swap of ..data was not reloaded"
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}
