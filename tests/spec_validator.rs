//! Both vendor specs pass an independent validator: the PyPI package `openapi-spec-validator`,
//! installed by `cargo xtask test` (pinned in tools/requirements.txt).

use std::path::PathBuf;
use std::process::Command;

fn validator() -> PathBuf {
    if let Some(path) = std::env::var_os("OPENAPI_SPEC_VALIDATOR") {
        return PathBuf::from(path);
    }
    tests::root().join("target/tools/venv/bin/openapi-spec-validator")
}

fn validate(spec: &str) {
    let validator = validator();
    assert!(
        validator.exists(),
        "{} is missing: run the tests with `cargo xtask test`, which installs it",
        validator.display()
    );
    let spec = tests::root().join("spec").join(spec);
    let output = Command::new(&validator).arg(&spec).output().expect("run openapi-spec-validator");
    assert!(
        output.status.success(),
        "{} fails validation:\n{}{}",
        spec.display(),
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
}

#[test]
fn energycap_spec_is_valid() {
    validate("energycap.yaml");
}

#[test]
fn capillary_spec_is_valid() {
    validate("capillary.yaml");
}

/// The validator must be able to fail: a spec with a dangling `$ref` is refused.
#[test]
fn validator_rejects_a_broken_spec() {
    let dir = std::env::temp_dir().join(format!("spec-validator-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let broken = dir.join("broken.yaml");
    std::fs::write(
        &broken,
        "openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths:\n  /a:\n    get:\n      responses:\n        '200':\n          description: ok\n          content:\n            application/json:\n              schema: {$ref: '#/components/schemas/Missing'}\n",
    )
    .unwrap();
    let status = Command::new(validator()).arg(&broken).output().expect("run openapi-spec-validator").status;
    std::fs::remove_dir_all(&dir).unwrap();
    assert!(!status.success(), "the validator accepted a dangling $ref");
}
