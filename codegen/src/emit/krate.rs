//! The files of a crate beside its modules: `Cargo.toml` (dependencies, one feature per tag),
//! `src/lib.rs` (the crate guide and the module list), `src/support.rs`, and an example program
//! per API with operations.

use std::path::PathBuf;

use proc_macro2::TokenStream;
use quote::quote;

use super::{docs, example, features, format, header, inner, module_files_gated, rust_file, support, FileKind};
use super::{ApiModule, CrateConfig, EmitError, GeneratedFile};
use crate::ident::field_name;
use crate::ir::{Api, Docs};

/// All files of a crate holding one module per API.
pub fn emit_crate(config: &CrateConfig, modules: &[ApiModule]) -> Result<Vec<GeneratedFile>, EmitError> {
    let events = modules.iter().any(|m| m.api.uses_events());
    let needs = support::Needs {
        pattern: modules.iter().any(|m| !m.api.patterns().is_empty()),
        events,
        streams: events || modules.iter().any(|m| m.api.uses_downloads()),
        multipart: modules.iter().any(|m| m.api.uses_multipart()),
    };
    let features = features::plan(modules);
    let sources: Vec<&str> = modules.iter().map(|m| m.source.as_str()).collect();
    let crate_header = header(&sources);
    let mut files = vec![GeneratedFile { path: PathBuf::from("Cargo.toml"), contents: cargo_toml(config, needs, modules, &features, &crate_header)? }];
    files.push(rust_file("src/lib.rs", &crate_header, lib_rs(config, modules, &features))?);
    files.push(GeneratedFile { path: PathBuf::from("src/support.rs"), contents: support::support_file(&crate_header, needs) });
    // The examples and the mock test are made on a thread of their own while the modules' files
    // are formatted (on one thread per core), not after them on one. Beside a small spec's files,
    // formatted on this thread, a thread costs more than it saves.
    let beside = modules.iter().any(|module| FileKind::Client.units(&module.api) > 2);
    let (module_files, programs) = std::thread::scope(|scope| {
        let make_programs = || emit_programs(config, modules, &features, &crate_header);
        let thread = || std::thread::Builder::new().stack_size(format::FORMAT_STACK).spawn_scoped(scope, make_programs).ok();
        let spawned = if beside { thread() } else { None };
        let module_files: Vec<_> = modules.iter().zip(&features.modules).map(|(module, features)| module_files_gated(module, features)).collect();
        // A thread that cannot start leaves the programs to this one; a panic goes on with its message.
        let programs = match spawned {
            Some(handle) => handle.join().unwrap_or_else(|panic| std::panic::resume_unwind(panic)),
            None => make_programs(),
        };
        (module_files, programs)
    });
    // In file order, so the first error is the same whichever thread finished first.
    for (module_files, example) in module_files.into_iter().zip(programs.examples) {
        files.extend(module_files?);
        files.extend(example.transpose()?);
    }
    files.extend(programs.mock_test.transpose()?);
    Ok(files)
}

/// A crate's programs: an example per module (`None` for one without operations), and the test
/// of every module's mock.
struct Programs {
    examples: Vec<Option<Result<GeneratedFile, EmitError>>>,
    mock_test: Option<Result<GeneratedFile, EmitError>>,
}

fn emit_programs(config: &CrateConfig, modules: &[ApiModule], features: &features::Features, crate_header: &str) -> Programs {
    let library = field_name(&config.name, "api");
    let examples = modules
        .iter()
        .map(|module| {
            let path = format!("examples/{}.rs", module.module);
            (!module.api.operations.is_empty())
                .then(|| rust_file(&path, &header(&[&module.source]), example::emit_example(&library, &module.module, &module.api)))
        })
        .collect();
    let mock_tests = modules
        .iter()
        .zip(&features.modules)
        .filter_map(|(module, features)| example::emit_mock_tests(&library, &module.module, &module.api, &features.name))
        .collect();
    let mock_test = example::mock_test_file(mock_tests).map(|test| rust_file("tests/mock.rs", crate_header, test));
    Programs { examples, mock_test }
}

fn lib_rs(config: &CrateConfig, modules: &[ApiModule], features: &features::Features) -> TokenStream {
    let description = docs::doc_attrs(&Docs { description: Some(config.description.clone()), ..Docs::default() });
    let description = inner(description);
    let guide = crate_guide(config, modules, features);
    let mods = modules.iter().map(|m| {
        let name = m.module.ident();
        let doc = format!(" {}", m.api.title);
        quote! {
            #[doc = #doc]
            #[rustfmt::skip]
            pub mod #name;
        }
    });
    quote! {
        #description
        #(#![doc = #guide])*
        #![forbid(unsafe_code)]
        #![warn(missing_docs)]
        #![cfg_attr(docsrs, feature(doc_cfg))]

        #(#mods)*

        #[rustfmt::skip]
        pub mod support;

        pub use support::{DeserializeError, Validate, ValidationErrors, Violation};
    }
}

/// A section on the bodies that are more than JSON (forms, bytes, streams), when the specs have
/// any.
fn bodies_guide(modules: &[ApiModule]) -> Vec<String> {
    let apis = || modules.iter().map(|module| &module.api);
    let mut lines = Vec::new();
    if apis().any(Api::uses_multipart) {
        lines.push("- A `multipart/form-data` body is a form struct of its client module (`…Form::new(…).with_…(…)`), files as [`support::File`].");
    }
    if apis().any(Api::uses_uploads) {
        lines.push("- A body of bytes is a [`support::Upload`]: bytes in memory, or a [`support::UploadStream`] sent as it is produced.");
    }
    if apis().any(Api::uses_downloads) {
        lines.push("- `stream()` on a call that answers with bytes hands the body over as it arrives ([`support::ByteStream`]).");
    }
    if apis().any(Api::uses_events) {
        lines.push("- Server-sent events read as [`support::Event`]s; `stream()` hands them over as they arrive ([`support::EventStream`]), resuming a broken connection with `Last-Event-ID` where the request may be repeated.");
    }
    if lines.is_empty() {
        return Vec::new();
    }
    let mut guide = vec![String::new(), "# Bodies".to_owned(), String::new()];
    guide.extend(lines.into_iter().map(str::to_owned));
    guide
}

/// The crate docs after its description, line by line: what each module is, a quick start
/// (compiled as a doctest), the feature flags.
fn crate_guide(config: &CrateConfig, modules: &[ApiModule], features: &features::Features) -> Vec<String> {
    let library = field_name(&config.name, "api");
    let mut lines = vec![String::new(), "# Modules".to_owned(), String::new()];
    for module in modules {
        lines.push(format!("- [`{}`] — {}", module.module, module.api.title));
    }
    lines.push("- [`support`] — what every module shares: validation, the HTTP runtime (`Call`, `ResponseValue`, `Error`, `Transport`).".to_owned());
    lines.extend(bodies_guide(modules));
    if let Some(code) = modules.iter().find_map(|module| example::quick_start(&library, &module.module, &module.api)) {
        lines.extend(["".to_owned(), "# Quick start".to_owned(), String::new()]);
        lines.push("```no_run".to_owned());
        lines.extend(code.lines().map(str::to_owned));
        lines.push("```".to_owned());
    }
    lines.extend(
        [
            "",
            "# Features",
            "",
            "All on by default. A project that calls a few operations can turn the defaults off and compile",
            "only those: each tag's feature compiles its operations and the types they reach. These docs,",
            "built as docs.rs builds them (`RUSTDOCFLAGS=\"--cfg docsrs\" cargo +nightly doc --all-features`),",
            "mark each item with the features it needs.",
            "",
            "- `reqwest`: `Client::new` sends over reqwest 0.13 with rustls and the platform's certificate",
            "  store (and turns `tokio` on). Without it the crate has no HTTP stack of its own: give",
            "  `Client::with_transport` any `support::Transport`, or drive the operations' sans-IO layer",
            "  (`support::build_request`, `support::parse_response`) yourself.",
            "- `tokio`: timeouts, the deadline and the waits between retries sleep on tokio's timer",
            "  (`support::Transport::sleep`); a transport on another runtime turns it off and sleeps on its own.",
            "- `mock` (off by default; for tests): each API's `mock::MockServer`, an HTTP server on a free",
            "  loopback port (wiremock) with typed stubs per operation, which refuses what the API would",
            "  refuse with the documented error response and records what it received as typed values.",
        ]
        .map(str::to_owned),
    );
    for (module, module_features) in modules.iter().zip(&features.modules) {
        lines.push(format!(
            "- `{}`: everything of [`{}`], every tag below and the types no operation uses; `{}`, which every tag turns on, compiles the types more than eight tags use.",
            module_features.name, module.module, module_features.shared
        ));
        for (feature, tag) in &module_features.tags {
            let count = module.api.operations.iter().filter(|op| match tag {
                Some(tag) => op.tags.contains(tag),
                None => op.tags.is_empty(),
            }).count();
            let what = match tag {
                Some(tag) => format!("tag `{tag}`"),
                None => "operations without a tag".to_owned(),
            };
            lines.push(format!("  - `{feature}`: {what} ({count} operation{})", if count == 1 { "" } else { "s" }));
        }
    }
    lines.into_iter().map(|line| if line.is_empty() { line } else { format!(" {line}") }).collect()
}

fn cargo_toml(config: &CrateConfig, needs: support::Needs, modules: &[ApiModule], features: &features::Features, header: &str) -> Result<String, EmitError> {
    let regex = needs.pattern.then(|| ("regex", toml::toml! { version = "1.11" }));
    let events = needs.events.then(|| ("sse-parse", toml::toml! { version = "0.1" }));
    // Forms: `memchr` finds a boundary no part holds; the mock reads forms with `multer`.
    let multipart = needs.multipart.then(|| {
        [
            ("memchr", toml::toml! { version = "2.7" }),
            ("multer", toml::toml! { version = "3.1"
                optional = true }),
            ("futures-util", toml::toml! { version = "0.3.31"
                default-features = false
                optional = true }),
        ]
    });
    let dependencies = [
        ("chrono", toml::toml! { version = "0.4.41"
            default-features = false
            features = ["std", "serde"] }),
        ("serde", toml::toml! { version = "1"
            features = ["derive"] }),
        ("serde_json", toml::toml! { version = "1" }),
        ("serde_path_to_error", toml::toml! { version = "0.1.17" }),
        ("http", toml::toml! { version = "1.1" }),
        // Streams (uploads, downloads, events); both already come with `http` and reqwest.
        ("bytes", toml::toml! { version = "1.5" }),
        ("futures-core", toml::toml! { version = "0.3.31" }),
        ("backon", toml::toml! { version = "1.5"
            default-features = false
            features = ["std"] }),
        ("tokio", toml::toml! { version = "1.40"
            features = ["time"]
            optional = true }),
        ("percent-encoding", toml::toml! { version = "2.3" }),
        ("form_urlencoded", toml::toml! { version = "1.2" }),
        ("base64", toml::toml! { version = "0.23" }),
        ("reqwest", toml::toml! { version = "0.13.5"
            default-features = false
            features = ["rustls"]
            optional = true }),
        ("http-body", toml::toml! { version = "1"
            optional = true }),
        ("wiremock", toml::toml! { version = "0.6.5"
            optional = true }),
    ]
    .into_iter()
    .chain(events)
    .chain(multipart.into_iter().flatten())
    .chain(regex);
    let mut manifest = toml::Table::new();
    let mut package = toml::Table::new();
    package.insert("name".into(), config.name.clone().into());
    package.insert("version".into(), "0.1.0".into());
    package.insert("edition".into(), "2021".into());
    package.insert("description".into(), config.description.clone().into());
    package.insert("publish".into(), false.into());
    // Documentation shows every item, each marked with the features it needs (`doc_cfg`).
    package.insert("metadata".into(), toml::toml! { [docs.rs] all-features = true rustdoc-args = ["--cfg", "docsrs"] }.into());
    manifest.insert("package".into(), package.into());
    let dependencies: toml::Table =
        dependencies.into_iter().map(|(name, table)| (name.to_owned(), toml::Value::Table(table))).collect();
    manifest.insert("dependencies".into(), dependencies.into());
    let mut dev_dependencies = toml::toml! { tokio = { version = "1.40", features = ["macros", "rt-multi-thread"] } };
    // The crate's own tests (`tests/mock.rs`) run against its mock: `cargo test` turns
    // the feature on through this dependency of the crate on itself.
    dev_dependencies.insert(config.name.clone(), toml::toml! { path = "." features = ["mock"] }.into());
    manifest.insert("dev-dependencies".into(), dev_dependencies.into());
    let mut feature_table = toml::Table::new();
    let mut default = vec![toml::Value::from("reqwest")];
    default.extend(features.modules.iter().map(|module| toml::Value::from(module.name.clone())));
    feature_table.insert("default".into(), default.into());
    feature_table.insert("reqwest".into(), vec![toml::Value::from("dep:reqwest"), toml::Value::from("dep:http-body"), toml::Value::from("tokio")].into());
    feature_table.insert("tokio".into(), vec![toml::Value::from("dep:tokio")].into());
    let mut mock = vec![toml::Value::from("dep:wiremock")];
    if needs.multipart {
        mock.extend([toml::Value::from("dep:multer"), toml::Value::from("dep:futures-util")]);
    }
    feature_table.insert("mock".into(), mock.into());
    for module in &features.modules {
        let tags: Vec<toml::Value> = module.tags.iter().map(|(feature, _)| toml::Value::from(feature.clone())).collect();
        feature_table.insert(module.name.clone(), tags.into());
        feature_table.insert(module.shared.clone(), toml::Value::Array(Vec::new()));
        for (feature, _) in &module.tags {
            feature_table.insert(feature.clone(), vec![toml::Value::from(module.shared.clone())].into());
        }
    }
    manifest.insert("features".into(), feature_table.into());
    // An example calls every operation of its module: it needs all of them.
    let examples: Vec<toml::Value> = modules
        .iter()
        .zip(&features.modules)
        .filter(|(module, _)| !module.api.operations.is_empty())
        .map(|(module, features)| {
            let mut example = toml::Table::new();
            example.insert("name".into(), module.module.to_string().into());
            example.insert("required-features".into(), vec![toml::Value::from(features.name.clone())].into());
            toml::Value::Table(example)
        })
        .collect();
    if !examples.is_empty() {
        manifest.insert("example".into(), examples.into());
    }
    if config.standalone {
        manifest.insert("workspace".into(), toml::Table::new().into());
    }
    let body = toml::to_string(&manifest)
        .map_err(|error| EmitError { file: "Cargo.toml".to_owned(), message: error.to_string() })?;
    Ok(format!("#{}{body}", header.trim_start_matches("//")))
}
