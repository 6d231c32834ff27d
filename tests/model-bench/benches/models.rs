//! Generated models against hand-written serde structs of the same shape, in the same run
//! (target: within 10 %), and validation of a large valid request against its deserialization
//! (target: under 10 %). `cargo xtask bench` runs these and reads criterion's estimates.

use std::hint::black_box;

use criterion::{criterion_group, criterion_main, Criterion};
use vendor_apis::Validate;

fn energycap_group_response(c: &mut Criterion) {
    let text = model_bench::group_place_group_response(1_000);
    let generated: vendor_apis::energycap::GroupPlaceGroupResponse = serde_json::from_str(&text).unwrap();
    let hand: model_bench::GroupPlaceGroupResponse = serde_json::from_str(&text).unwrap();
    assert_eq!(serde_json::to_string(&generated).unwrap(), serde_json::to_string(&hand).unwrap());
    let mut group = c.benchmark_group("energycap_group_response");
    group.bench_function("hand_written_deserialize", |b| {
        b.iter(|| serde_json::from_str::<model_bench::GroupPlaceGroupResponse>(black_box(&text)).unwrap())
    });
    group.bench_function("generated_deserialize", |b| {
        b.iter(|| serde_json::from_str::<vendor_apis::energycap::GroupPlaceGroupResponse>(black_box(&text)).unwrap())
    });
    group.bench_function("hand_written_serialize", |b| b.iter(|| serde_json::to_string(black_box(&hand)).unwrap()));
    group.bench_function("generated_serialize", |b| b.iter(|| serde_json::to_string(black_box(&generated)).unwrap()));
    group.finish();
}

fn capillary_response(c: &mut Criterion) {
    let text = model_bench::capillary_response(200);
    let generated: vendor_apis::capillary::UserGroupResponse = serde_json::from_str(&text).unwrap();
    let hand: model_bench::UserGroupResponse = serde_json::from_str(&text).unwrap();
    assert_eq!(serde_json::to_string(&generated).unwrap(), serde_json::to_string(&hand).unwrap());
    let mut group = c.benchmark_group("capillary_response");
    group.bench_function("hand_written_deserialize", |b| {
        b.iter(|| serde_json::from_str::<model_bench::UserGroupResponse>(black_box(&text)).unwrap())
    });
    group.bench_function("generated_deserialize", |b| {
        b.iter(|| serde_json::from_str::<vendor_apis::capillary::UserGroupResponse>(black_box(&text)).unwrap())
    });
    group.bench_function("hand_written_serialize", |b| b.iter(|| serde_json::to_string(black_box(&hand)).unwrap()));
    group.bench_function("generated_serialize", |b| b.iter(|| serde_json::to_string(black_box(&generated)).unwrap()));
    group.finish();
}

fn place_group_request(c: &mut Criterion) {
    let text = model_bench::place_group_request(1_000);
    let request: vendor_apis::energycap::PlaceGroupRequest = serde_json::from_str(&text).unwrap();
    assert!(request.validate().is_ok(), "the benchmark request must be valid");
    let mut group = c.benchmark_group("place_group_request");
    group.bench_function("deserialize", |b| {
        b.iter(|| serde_json::from_str::<vendor_apis::energycap::PlaceGroupRequest>(black_box(&text)).unwrap())
    });
    group.bench_function("validate", |b| b.iter(|| black_box(&request).validate()));
    group.finish();
}

criterion_group!(benches, energycap_group_response, capillary_response, place_group_request);
criterion_main!(benches);
