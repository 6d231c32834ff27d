//! This project's own code against the mock servers of `vendor-apis` (feature `mock`): every
//! EnergyCAP and Capillary operation it calls, stubbed with typed values, and what it sent read
//! back as typed requests, including requests the vendor would refuse.

use consumer::{PlaceGroups, Problem, UserGroups};
use serde_json::json;
use vendor_apis::capillary::{self, mock::MockServer as CapillaryMock};
use vendor_apis::energycap::{self, client::GetPlaceGroupV3Error, mock::MockServer as EnergycapMock};
use vendor_apis::support::ErrorBody;

fn group(id: i32, name: &str, members: i32) -> energycap::GroupPlaceGroupResponse {
    energycap::GroupPlaceGroupResponse::default()
        .with_place_group_id(id)
        .with_place_group_info(name)
        .with_member_count(members)
        .with_limit_members_by_topmost(true)
        .with_place_group_category(energycap::PlaceGroupCategoryChild::default().with_place_group_category_id(12))
}

fn auto_group(id: i32, name: &str) -> energycap::GroupPlaceGroupResponse {
    let filter = energycap::FilterResponse::new(vec!["Equals".to_owned()], "Building type", 41, 410, false, "Equals", "buildingType", true, "Office");
    group(id, name, 4).with_user_defined_auto_group(true).with_user_defined_auto_group_filters(vec![filter])
}

#[tokio::test]
async fn rename_reads_the_group_then_writes_it_back_under_the_new_name() {
    let mock = EnergycapMock::start().await;
    mock.get_place_group_v3().when(|request| request.place_group_id == 7).respond(&auto_group(7, "North")).await;
    mock.edit_place_group_v3().when(|request| request.place_group_id == 7).respond(&group(7, "North campus", 4)).await;

    let groups = PlaceGroups::new(&mock.uri(), "key-1");
    let renamed = groups.rename(7, "North campus").await.expect("rename");

    assert_eq!(renamed.place_group_info.as_deref(), Some("North campus"));
    let edits = mock.edit_place_group_v3().received().await;
    assert_eq!(edits.len(), 1);
    assert_eq!(edits[0].place_group_id, 7);
    // Category, topmost setting and filters are kept from what was read.
    let kept = vec![energycap::FilterEdit::new(410, "Equals").with_value("Office")];
    assert_eq!(edits[0].body, energycap::PlaceGroupRequest::new(true, 12, "North campus").with_automatic_group_filters(kept));
    assert!(mock.rejected().is_empty());
}

#[tokio::test]
async fn set_members_sends_a_manual_group() {
    let mock = EnergycapMock::start().await;
    mock.edit_place_group_v3().respond(&group(3, "Labs", 2)).await;

    let groups = PlaceGroups::new(&mock.uri(), "key-1");
    assert_eq!(groups.set_members(3, 12, "Labs", &[101, 102]).await, Ok(2));

    let edits = mock.received::<energycap::mock::EditPlaceGroupV3>().await;
    assert_eq!(edits[0].body.manual_group_members, Some(vec![101, 102]));
    assert_eq!(edits[0].body.automatic_group_filters, None);
}

#[tokio::test]
async fn refresh_returns_the_new_member_count() {
    let mock = EnergycapMock::start().await;
    mock.recalculate_user_place_auto_group_memebership_v3()
        .when(|request| request.place_group_id == 9)
        .expect(1)
        .respond(&group(9, "Auto", 31))
        .await;

    let groups = PlaceGroups::new(&mock.uri(), "key-1");
    assert_eq!(groups.refresh(9).await, Ok(31));
    mock.verify().await;
}

#[tokio::test]
async fn a_key_the_vendor_would_refuse_never_reaches_a_stub() {
    let mock = EnergycapMock::start().await;
    mock.get_place_group_v3().expect(0).respond(&group(7, "North", 4)).await;

    let groups = PlaceGroups::new(&mock.uri(), "");
    assert_eq!(groups.rename(7, "North campus").await, Err(Problem::Unauthorized));

    let rejected = mock.rejected();
    assert_eq!(rejected.len(), 1);
    assert_eq!(rejected[0].operation_id, "GetPlaceGroupV3");
    assert_eq!(rejected[0].status, 401);
    assert!(rejected[0].rejection.message.contains("eci-apikey"), "{:?}", rejected[0]);
}

#[tokio::test]
async fn a_documented_error_reaches_the_caller() {
    let mock = EnergycapMock::start().await;
    let expired = GetPlaceGroupV3Error::Unauthorized(ErrorBody::new(json!({ "message": "key expired" })));
    mock.get_place_group_v3().fail(&expired).await;

    let groups = PlaceGroups::new(&mock.uri(), "key-1");
    assert_eq!(groups.rename(7, "North campus").await, Err(Problem::Unauthorized));
    assert!(mock.rejected().is_empty());
}

#[tokio::test]
async fn a_group_without_what_an_edit_needs_is_reported_incomplete() {
    let mock = EnergycapMock::start().await;
    mock.get_place_group_v3().when(|request| request.place_group_id == 7).respond(&energycap::GroupPlaceGroupResponse::default().with_place_group_id(7)).await;
    mock.get_place_group_v3().when(|request| request.place_group_id == 8).respond(&group(8, "Manual", 2)).await;

    let groups = PlaceGroups::new(&mock.uri(), "key-1");
    assert_eq!(groups.rename(7, "North campus").await, Err(Problem::Incomplete("placeGroupCategory.placeGroupCategoryId")));
    assert_eq!(groups.rename(8, "South campus").await, Err(Problem::Incomplete("userDefinedAutoGroupFilters")));
    assert!(mock.edit_place_group_v3().received().await.is_empty());
}

fn user_group(id: i32, name: &str) -> capillary::UserGroupResponse {
    let warning = capillary::ApiMessage::default().with_code(91016).with_message("Extended field gender is incorrect");
    capillary::UserGroupResponse::default()
        .with_id(id)
        .with_group_name(name)
        .with_warnings(vec![capillary::MessageItem::ApiMessage(warning)])
}

#[tokio::test]
async fn update_reports_capillary_warnings() {
    let mock = CapillaryMock::start().await;
    mock.update_user_group().respond(&user_group(3962909, "uatUserGroup10Transactions")).await;

    let groups = UserGroups::new(&mock.uri(), "till", "secret", true);
    let warnings = groups.update(3962909, "uatUserGroup10Transactions", 2).await.expect("update");

    assert_eq!(warnings, ["Extended field gender is incorrect"]);
    let updates = mock.update_user_group().received().await;
    assert_eq!(updates[0].body, capillary::UserGroupUpdateRequest::new(3962909, "uatUserGroup10Transactions").with_max_group_size(2));
}

#[tokio::test]
async fn a_name_capillary_would_refuse_is_refused_by_the_mock_too() {
    let mock = CapillaryMock::start().await;
    mock.update_user_group().expect(0).respond(&user_group(1, "x")).await;

    // This job leaves the checks to Capillary; the mock makes them as Capillary would.
    let groups = UserGroups::new(&mock.uri(), "till", "secret", false);
    let too_long = "g".repeat(51);
    let refused = groups.update(1, &too_long, 2).await;

    assert!(matches!(refused, Err(Problem::Refused { status: 400, .. })), "{refused:?}");
    let rejected = mock.rejected();
    assert_eq!(rejected.len(), 1);
    assert!(rejected[0].rejection.message.contains("groupName"), "{:?}", rejected[0]);
    // The same request checked locally never leaves the process.
    let checked = UserGroups::new(&mock.uri(), "till", "secret", true);
    assert!(matches!(checked.update(1, &too_long, 2).await, Err(Problem::Invalid(_))));
    assert_eq!(mock.rejected().len(), 1);
}
