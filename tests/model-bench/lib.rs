//! What the model benchmarks compare against: hand-written serde structs of the same shape as the
//! generated models (same fields, renames, `Option`s and skips; plain `String` where the generated
//! code has its own types, which is what a hand-written client would write), and realistic
//! payloads built deterministically.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use serde_json::{json, Value};

/// EnergyCAP's `GroupPlaceGroupResponse`, by hand.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct GroupPlaceGroupResponse {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub auto_group: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub last_updated: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub limit_members_by_topmost: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub member_count: Option<i32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub member_count_with_topmost: Option<i32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub place_group_category: Option<PlaceGroupCategoryChild>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub place_group_code: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub place_group_id: Option<i32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub place_group_info: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub user_defined_auto_group: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub user_defined_auto_group_filters: Option<Vec<FilterResponse>>,
}

#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct PlaceGroupCategoryChild {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub place_group_category_code: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub place_group_category_id: Option<i32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub place_group_category_info: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct FilterResponse {
    pub available_operator: Vec<String>,
    pub caption: String,
    pub data_field_id: i32,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub data_type: Option<DataTypeResponse>,
    pub field_id: i32,
    pub hidden: bool,
    pub operator: String,
    pub query_parameter_name: String,
    pub recommended: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub required: Option<bool>,
    pub value: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct DataTypeResponse {
    pub data_type_code: String,
    pub data_type_id: i32,
    pub data_type_info: String,
}

/// Capillary's `UserGroupResponse`, by hand.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct UserGroupResponse {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub id: Option<i32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub external_id: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub group_name: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub max_group_size: Option<i32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub extended_fields: Option<BTreeMap<String, Value>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub entity_type: Option<Value>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub promised_points_schedule_list: Option<Vec<BTreeMap<String, Value>>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub trigger_based_points_list: Option<Vec<BTreeMap<String, Value>>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub warnings: Option<Vec<ApiMessage>>,
}

#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct ApiMessage {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub code: Option<i32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub message: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub status: Option<bool>,
}

/// A `GroupPlaceGroupResponse` with `filters` user-defined auto-group filters.
pub fn group_place_group_response(filters: usize) -> String {
    let filters: Vec<Value> = (0..filters)
        .map(|i| {
            json!({
                "availableOperator": ["equals", "not equals", "contains", "one of"],
                "caption": format!("Place field {i}"),
                "dataFieldId": 1000 + i,
                "dataType": {"dataTypeCode": "string", "dataTypeId": 3, "dataTypeInfo": "Text value"},
                "fieldId": i,
                "hidden": i % 7 == 0,
                "operator": "equals",
                "queryParameterName": format!("placeField{i}"),
                "recommended": i % 3 == 0,
                "required": i % 2 == 0,
                "value": format!("value {i}"),
            })
        })
        .collect();
    json!({
        "autoGroup": false,
        "lastUpdated": "2026-03-30",
        "limitMembersByTopmost": true,
        "memberCount": 1250,
        "memberCountWithTopmost": 1200,
        "placeGroupCategory": {"placeGroupCategoryCode": "REGION", "placeGroupCategoryId": 4, "placeGroupCategoryInfo": "Regions"},
        "placeGroupCode": "NE-OFFICES",
        "placeGroupId": 42,
        "placeGroupInfo": "North-east offices",
        "userDefinedAutoGroup": true,
        "userDefinedAutoGroupFilters": filters,
    })
    .to_string()
}

/// A Capillary user-group response with `entries` scheduled and trigger-based point records.
pub fn capillary_response(entries: usize) -> String {
    let points = |kind: &str| -> Vec<Value> {
        (0..entries)
            .map(|i| json!({"points": 10 * i, "programId": 973, "kind": kind, "expiresOn": "2026-12-31", "awarded": i % 2 == 0}))
            .collect()
    };
    json!({
        "id": 3962909,
        "externalId": "grp-3962909",
        "groupName": "Family of four",
        "maxGroupSize": 4,
        "extendedFields": {"city": "Bengaluru", "age": 25, "tier": "gold"},
        "entityType": "USERGROUP2",
        "promisedPointsScheduleList": points("promised"),
        "triggerBasedPointsList": points("trigger"),
        "warnings": [{"code": 91016, "message": "Group size near its maximum", "status": false}],
    })
    .to_string()
}

/// A valid `PlaceGroupRequest` with `filters` automatic group filters.
pub fn place_group_request(filters: usize) -> String {
    let filters: Vec<Value> =
        (0..filters).map(|i| json!({"fieldId": i, "operator": "equals", "value": format!("value {i}")})).collect();
    json!({
        "automaticGroupFilters": filters,
        "limitMembersByTopmost": true,
        "manualGroupMembers": null,
        "placeGroupCategoryId": 4,
        "placeGroupInfo": "North-east offices, every building with a meter",
    })
    .to_string()
}
